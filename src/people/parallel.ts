import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ingest/ts-worker.ts';
import {
  candidateChunks,
  compile,
  indexRule,
  sourceCodes,
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
  type PreparedSet,
  type RuleStats,
} from '../identity/index.ts';
import type { FromWorker, ToWorker } from './linking-worker.ts';

export interface ParallelReport {
  /** Whether the worker thread trained the model (false when it was given, or the worker failed). */
  trainedOnWorker: boolean;
  /** Whether the worker thread made every candidate pair (false when it failed: this thread made them). */
  blockedOnWorker: boolean;
  /** Candidate pairs the worker thread scored, of `pairs`. */
  pairsOnWorker: number;
  pairs: number;
  /** Pairs each blocking rule added. */
  byRule: RuleStats[];
}

export interface ParallelOptions extends LinkAllOptions {
  /** Called as each stage ends, with its name (a benchmark's timings). */
  stage?: (name: string) => void;
  /** The worker's module (tests give ones that fail). */
  workerEntry?: URL;
}

/**
 * identity's linkAll on two threads, with the same result. A worker trains
 * the model on a sample while this thread prepares every record. The
 * prepared columns then move to shared memory; this thread builds each
 * blocking rule's key index (which needs the records) and hands it over,
 * and the worker makes the candidate pairs from it and scores them, giving
 * chunks back to this thread to score whenever it has none in hand. If the
 * worker cannot start or fails, this thread does what is left: slower,
 * never different.
 */
export async function linkInParallel(records: readonly LinkRecord[], config: LinkageConfig = SEF_CONFIG, opts: ParallelOptions = {}): Promise<LinkAllResult & { parallel: ParallelReport }> {
  const seed = opts.seed ?? 1;
  const stage = opts.stage ?? (() => {});
  const sample = opts.params === undefined ? trainingRecords(records, config, seed) : null;
  const chunkSize = opts.chunkSize ?? SCORE_CHUNK;
  const linkType = config.linkType ?? 'dedupe';
  // Kept pairs in chunk order, whoever scored them: the same pairs and sums as linkAll.
  const parts: KeptPairs[] = [];
  let model: CompiledModel | null = null;
  let floor = 0;
  let pairsOnWorker = 0;
  const helper = startHelper(opts.workerEntry ?? new URL('./linking-worker.ts', import.meta.url), sample, config, seed, {
    help(at, left, right) {
      // Only sent after the model and the set, so both are here.
      parts[at] = scoreAndKeep(set, model as CompiledModel, left, right, floor);
    },
    kept(at, kept) {
      parts[at] = kept;
      pairsOnWorker += kept.scored;
    },
  });
  let set: PreparedSet;
  try {
    set = prepare(records, opts.tf);
    stage('prepare');
    floor = keepFloor(config, opts.thresholds);
    let trainedOnWorker = false;
    const params: ModelParameters =
      opts.params ??
      (await helper.params.then((p) => {
        trainedOnWorker = p !== null;
        return p ?? trainLinkage(sample ?? records, config, seed);
      }));
    model = compile(params);
    const sources = sourceCodes(records, linkType);
    // Into shared memory only for a worker that can still use it.
    helper.send({ type: 'set', shared: shareable(set), params, floor, chunkSize, linkType, sources });
    for (const rule of config.blocking) {
      if (!helper.usable()) break;
      const index = indexRule(records, rule);
      helper.send({ type: 'rule', rule: { name: rule.name, ...(rule.maxBlockSize !== undefined ? { maxBlockSize: rule.maxBlockSize } : {}) }, index }, [index.first.buffer, index.several.buffer, index.moreStart.buffer, index.moreKeys.buffer] as ArrayBuffer[]);
      // Lets the worker's messages in between rules: chunks to score here.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    helper.send({ type: 'rules done' });
    let done = await helper.done;
    const blockedOnWorker = done !== null;
    if (done === null) {
      // No worker, or it failed: every chunk it had not finished is made and scored here.
      const byRule: RuleStats[] = [];
      let at = 0;
      for (const { left, right } of candidateChunks(records, config.blocking, { linkType, chunkSize, stats: byRule })) {
        if (parts[at] === undefined) parts[at] = scoreAndKeep(set, model, left, right, floor);
        at++;
      }
      done = { chunks: at, byRule };
    }
    parts.length = done.chunks;
    const pairs = done.byRule.reduce((sum, r) => sum + r.newPairs, 0);
    stage('block and score');
    helper.stop();
    const run = finishLinkage(set, joinKept(parts), params, config, opts);
    stage('thresholds and clustering');
    return { ...run, parallel: { trainedOnWorker, blockedOnWorker, pairsOnWorker, pairs, byRule: done.byRule } };
  } finally {
    helper.stop();
  }
}

interface Helper {
  /** The worker's model, or null when it was not asked to train or failed. */
  params: Promise<ModelParameters | null>;
  /** The worker's count of chunks and rules' figures once it has made every pair, or null if it failed (or never started). */
  done: Promise<{ chunks: number; byRule: RuleStats[] } | null>;
  usable(): boolean;
  send(message: ToWorker, transfer?: ArrayBuffer[]): void;
  stop(): void;
}

function startHelper(
  entry: URL,
  sample: readonly LinkRecord[] | null,
  config: LinkageConfig,
  seed: number,
  on: { help(at: number, left: Uint32Array, right: Uint32Array): void; kept(at: number, kept: KeptPairs): void },
): Helper {
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
  let settleDone: (d: { chunks: number; byRule: RuleStats[] } | null) => void = () => {};
  const done = new Promise<{ chunks: number; byRule: RuleStats[] } | null>((resolve) => {
    settleDone = resolve;
  });
  if (worker === null || sample === null) settleParams(null);
  if (worker === null) settleDone(null);
  const fail = (): void => {
    if (failed) return;
    failed = true;
    settleParams(null);
    settleDone(null);
    void worker?.terminate();
  };
  worker?.on('message', (m: FromWorker) => {
    if (failed || stopped) return;
    if (m.type === 'params') settleParams(m.params);
    else if (m.type === 'help') {
      on.help(m.at, m.left, m.right);
      worker?.postMessage({ type: 'helped' } satisfies ToWorker);
    } else if (m.type === 'kept') on.kept(m.at, m.kept);
    else if (m.type === 'done') settleDone({ chunks: m.chunks, byRule: m.byRule });
    else fail();
  });
  worker?.on('error', fail);
  worker?.on('exit', () => {
    if (!stopped) fail();
  });
  return {
    params,
    done,
    usable: () => !failed && !stopped,
    send(message, transfer = []) {
      if (!failed && !stopped) worker?.postMessage(message, transfer);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      settleParams(null);
      settleDone(null);
      void worker?.terminate();
    },
  };
}
