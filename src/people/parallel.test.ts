import { describe, expect, it } from 'vitest';
import { linkAll, SEF_CONFIG } from '../identity/index.ts';
import { population } from '../identity/testkit.ts';
import { linkInParallel } from './parallel.ts';

describe('linkInParallel', () => {
  it('links on two threads exactly as linkAll does on one', async () => {
    const { records } = population(1500, 21);
    // Small chunks, so that the worker and this thread each score many.
    const one = linkAll(records, SEF_CONFIG, { seed: 4, chunkSize: 300 });
    const stages: string[] = [];
    const two = await linkInParallel(records, SEF_CONFIG, { seed: 4, chunkSize: 300, stage: (s) => stages.push(s) });
    expect(two.parallel.trainedOnWorker).toBe(true);
    expect(two.parallel.blockedOnWorker).toBe(true);
    expect(two.parallel.pairs).toBe(one.kept.scored);
    expect(stages).toEqual(['prepare', 'block and score', 'thresholds and clustering']);
    expect(two.params).toEqual(one.params);
    expect(two.thresholds).toEqual(one.thresholds);
    expect(two.kept).toEqual(one.kept);
    expect(two.result.clusters).toEqual(one.result.clusters);
    expect(two.result.review).toEqual(one.result.review);
  });
  it('scores with a model it is given, and trains nothing', async () => {
    const { records } = population(300, 8);
    const one = linkAll(records, SEF_CONFIG, { seed: 4 });
    const two = await linkInParallel(records, SEF_CONFIG, { params: one.params, chunkSize: 100 });
    expect(two.parallel.trainedOnWorker).toBe(false);
    expect(two.parallel.blockedOnWorker).toBe(true);
    expect(two.parallel.pairs).toBe(one.kept.scored);
    expect(two.result.clusters).toEqual(one.result.clusters);
  });
  it('scores the chunks itself when the worker fails, with the same result', async () => {
    const { records } = population(600, 5);
    const one = linkAll(records, SEF_CONFIG, { seed: 4, chunkSize: 200 });
    const dies = await linkInParallel(records, SEF_CONFIG, { seed: 4, chunkSize: 200, workerEntry: new URL('../../test/support/failing-linking-worker.ts', import.meta.url) });
    expect(dies.parallel.trainedOnWorker).toBe(true);
    expect(dies.parallel.pairsOnWorker).toBe(0);
    expect(dies.parallel.blockedOnWorker).toBe(false);
    expect(dies.kept).toEqual(one.kept);
    expect(dies.result.clusters).toEqual(one.result.clusters);
    // Small chunks, so that the worker dies with most of them still to make.
    const fine = linkAll(records, SEF_CONFIG, { seed: 4, chunkSize: 50 });
    expect(fine.kept.scored).toBeGreaterThan(4 * 50 * 2);
    const midway = await linkInParallel(records, SEF_CONFIG, { seed: 4, chunkSize: 50, workerEntry: new URL('../../test/support/dying-linking-worker.ts', import.meta.url) });
    // At most four chunks came from it (messages posted as a thread exits may be lost).
    expect(midway.parallel.pairsOnWorker).toBeLessThanOrEqual(4 * 50);
    expect(midway.parallel.blockedOnWorker).toBe(false);
    expect(midway.parallel.pairs).toBe(fine.kept.scored);
    expect(midway.kept).toEqual(fine.kept);
    expect(midway.result.clusters).toEqual(one.result.clusters);
    const missing = await linkInParallel(records, SEF_CONFIG, { seed: 4, chunkSize: 200, workerEntry: new URL('./no-such-worker.ts', import.meta.url) });
    expect(missing.parallel.trainedOnWorker).toBe(false);
    expect(missing.params).toEqual(one.params);
    expect(missing.result.clusters).toEqual(one.result.clusters);
  });
});
