import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ingest/ts-worker.ts';
import {
  candidateChunks,
  compile,
  finishLinkage,
  joinKept,
  keepFloor,
  prepare,
  scoreAndKeep,
  shareable,
  trainingRecords,
  trainLinkage,
  SCORE_CHUNK,
  SEF_CONFIG,
  type KeptPairs,
  type LinkAllOptions,
  type LinkAllResult,
  type LinkageConfig,
  type LinkRecord,
  type CompiledModel,
  type ModelParameters,
  type RuleStats,
} from '../identity/index.ts';
import type { ToWorker } from './linking-worker.ts';

/**
 * Chunks the worker may hold at once. This thread cannot hand it more while
 * it builds a blocking rule's index (about two seconds per rule at 2.35
 * million records), so the worker needs that much work in hand or it
 * idles; with two it sat idle for a third of the scoring (CPU profile at
 * 250,000 children). Each chunk is 2 MB of pairs.
 */
const AHEAD = 8;

export interface ParallelReport {
  /** Whether the worker thread trained the model (false when it was given, or the worker failed). */
  trainedOnWorker: boolean;
  /** Candidate pairs the worker thread scored, of `pairs`. */
  pairsOnWorker: number;
  pairs: number;
  /** Pairs each blocking rule added. */
  byRule: RuleStats[];
}

export interface ParallelOptions extends LinkAllOptions {
  /** Called as each stage ends, with its name (a benchmark's timings). */
  stage?: (name: string) => void;
  /** The worker's module (tests give one that fails). */
  workerEntry?: URL;
}

/**
 * identity's linkAll on two threads, with the same result. A worker trains
 * the model on a sample while this thread prepares every record; the
 * prepared columns then move to shared memory, and the worker scores
 * chunks of candidate pairs while this thread blocks and scores the chunks
 * the worker has no room for. If the worker cannot start or fails, this
 * thread does its share: slower, never different.
 */
export async function linkInParallel(records: readonly LinkRecord[], config: LinkageConfig = SEF_CONFIG, opts: ParallelOptions = {}): Promise<LinkAllResult & { parallel: ParallelReport }> {
  const seed = opts.seed ?? 1;
  const stage = opts.stage ?? (() => {});
  const sample = opts.params === undefined ? trainingRecords(records, config, seed) : null;
  const helper = startHelper(opts.workerEntry ?? new URL('./linking-worker.ts', import.meta.url), sample, config, seed);
  try {
    const set = prepare(records, opts.tf);
    stage('prepare');
    const floor = keepFloor(config, opts.thresholds);
    // The model, once the worker has trained it (or this thread, if it failed).
    // Blocking needs none, so chunks wait in a queue until it comes: with a
    // large store training ends before preparing does and none wait.
    let trainedOnWorker = false;
    const scoring: { params: ModelParameters | null; model: CompiledModel | null } = { params: null, model: null };
    const trained =
      opts.params !== undefined
        ? Promise.resolve(opts.params)
        : helper.params.then((p) => {
            trainedOnWorker = p !== null;
            return p ?? trainLinkage(sample ?? records, config, seed);
          });
    const modelReady = trained.then((params) => {
      scoring.params = params;
      scoring.model = compile(params);
      // Into shared memory only for a worker that can still use it.
      if (helper.usable()) helper.send({ type: 'set', shared: shareable(set), params });
    });
    // Awaited after blocking; a failure to train meanwhile must not count as unhandled.
    modelReady.catch(() => {});

    // Kept pairs in chunk order, whoever scored them: the same pairs and sums as linkAll.
    const parts: KeptPairs[] = [];
    const waiting: Promise<void>[] = [];
    const queued: Array<{ at: number; left: Uint32Array; right: Uint32Array }> = [];
    let pairs = 0;
    let pairsOnWorker = 0;
    const score = (at: number, left: Uint32Array, right: Uint32Array, model: CompiledModel): void => {
      if (helper.usable() && helper.outstanding() < AHEAD) {
        waiting.push(
          helper.score(at, left, right, floor).then((kept) => {
            if (kept === null) parts[at] = scoreAndKeep(set, model, left, right, floor);
            else {
              parts[at] = kept;
              pairsOnWorker += kept.scored;
            }
          }),
        );
      } else parts[at] = scoreAndKeep(set, model, left, right, floor);
    };
    // Queued chunks go to the worker while it has room, and at most one is
    // scored here at a time, so that blocking and the worker's next turn
    // come round again: a queue built while training ran is shared too.
    const drain = (model: CompiledModel): void => {
      while (queued.length > 0) {
        const here = !(helper.usable() && helper.outstanding() < AHEAD);
        const q = queued.shift() as (typeof queued)[number];
        score(q.at, q.left, q.right, model);
        if (here) break;
      }
    };
    const byRule: RuleStats[] = [];
    let chunk = 0;
    for (const { left, right } of candidateChunks(records, config.blocking, { linkType: config.linkType ?? 'dedupe', chunkSize: opts.chunkSize ?? SCORE_CHUNK, stats: byRule })) {
      pairs += left.length;
      queued.push({ at: chunk++, left, right });
      if (scoring.model !== null) drain(scoring.model);
      // Lets the worker's messages in between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await modelReady;
    const { params, model } = scoring;
    if (params === null || model === null) throw new Error('linking: no model after training');
    while (queued.length > 0) {
      drain(model);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(waiting);
    stage('block and score');
    helper.stop();
    const run = finishLinkage(set, joinKept(parts), params, config, opts);
    stage('thresholds and clustering');
    return { ...run, parallel: { trainedOnWorker, pairsOnWorker, pairs, byRule } };
  } finally {
    helper.stop();
  }
}

interface Helper {
  /** The worker's model, or null when it was not asked to train or failed. */
  params: Promise<ModelParameters | null>;
  usable(): boolean;
  outstanding(): number;
  send(message: ToWorker): void;
  /** The chunk's kept pairs, or null if the worker failed (the caller scores it then). */
  score(id: number, left: Uint32Array, right: Uint32Array, floor: number): Promise<KeptPairs | null>;
  stop(): void;
}

function startHelper(entry: URL, sample: readonly LinkRecord[] | null, config: LinkageConfig, seed: number): Helper {
  // Only what training reads: a policy or threshold option need not cross.
  const sent: LinkageConfig = { comparisons: config.comparisons, blocking: config.blocking, training: config.training, ...(config.linkType ? { linkType: config.linkType } : {}) };
  let worker: Worker | null = null;
  try {
    worker = startTsWorker(entry, { workerData: { records: sample, config: sent, seed } });
  } catch {
    worker = null;
  }
  let failed = worker === null;
  let stopped = false;
  let settleParams: (p: ModelParameters | null) => void = () => {};
  const params = new Promise<ModelParameters | null>((resolve) => {
    settleParams = resolve;
  });
  if (worker === null || sample === null) settleParams(null);
  const pending = new Map<number, (kept: KeptPairs | null) => void>();
  // Chunks still out are scored by the caller; the worker is let go.
  const abandon = (): void => {
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
    void worker?.terminate();
  };
  const fail = (): void => {
    failed = true;
    settleParams(null);
    abandon();
  };
  worker?.on('message', (m: { type: 'params'; params: ModelParameters } | { type: 'kept'; id: number; kept: KeptPairs } | { type: 'error'; error: string }) => {
    if (m.type === 'params') settleParams(m.params);
    else if (m.type === 'kept') {
      pending.get(m.id)?.(m.kept);
      pending.delete(m.id);
    } else fail();
  });
  worker?.on('error', fail);
  worker?.on('exit', () => {
    if (!stopped) fail();
  });
  return {
    params,
    usable: () => !failed && !stopped,
    outstanding: () => pending.size,
    send(message) {
      if (!failed && !stopped) worker?.postMessage(message);
    },
    score(id, left, right, floor) {
      if (failed || stopped || worker === null) return Promise.resolve(null);
      const w = worker;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        // Copied, not transferred: if the worker fails, this thread scores the chunk.
        w.postMessage({ type: 'score', id, left, right, floor } satisfies ToWorker);
      });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      abandon();
    },
  };
}
