import { expect, it } from 'vitest';
import { inlineParser, workerParser } from '../../src/ingest/parser.ts';
import { syntheticSef } from '../support/synthetic-sef.ts';

// The worker once failed to start (tsx's CommonJS entry) and every import
// silently parsed on the main thread: this checks it really runs, and that
// it gives what the main thread gives.
it('parses on a worker thread, exactly as on the main thread', async () => {
  const lines = [...syntheticSef({ people: 50, events: 200, seed: 3 }), '{"type":"person"', ''].map((text, i) => ({ line: i + 1, text, bytes: Buffer.byteLength(text) }));
  const parser = workerParser();
  try {
    // Until the worker has started, chunks are parsed on this thread.
    const early = await parser.parse(lines);
    expect(await parser.started?.()).toBe(true);
    const parsed = await parser.parse(lines);
    expect(parser.workerChunks?.()).toBe(1);
    expect(early).toEqual(parsed);
    expect(parsed).toEqual(await inlineParser.parse(lines));
    expect(parsed.line).toHaveLength(254);
    expect(parsed.bad).toHaveLength(1);
  } finally {
    await parser.close();
  }
});
