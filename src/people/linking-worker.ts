import { parentPort, workerData } from 'node:worker_threads';
import {
  compile,
  fromShared,
  PairChunker,
  scoreAndKeep,
  trainLinkage,
  type BlockingRule,
  type CompiledModel,
  type KeptPairs,
  type LinkageConfig,
  type LinkRecord,
  type LinkType,
  type ModelParameters,
  type PreparedSet,
  type RuleKeyIndex,
  type RuleStats,
  type SharedPreparedSet,
} from '../identity/index.ts';

// The second thread of a large rebuild (parallel.ts). It trains the model
// on a sample while the main thread prepares the records. Then, from the
// blocking rules' key indexes the main thread builds one by one, it makes
// the candidate pairs (in the same chunks as identity's candidateChunks)
// and scores them against the main thread's prepared columns, shared
// rather than copied, handing a chunk back for the main thread to score
// whenever that thread has none in hand. Identity's functions are pure: the
// weights are the ones the main thread would have computed.
export type ToWorker =
  | { type: 'set'; shared: SharedPreparedSet; params: ModelParameters; floor: number; chunkSize: number; linkType: LinkType; sources: Int32Array | null }
  | { type: 'rule'; rule: Pick<BlockingRule, 'name' | 'maxBlockSize'>; index: RuleKeyIndex }
  | { type: 'rules done' }
  | { type: 'helped' };

export type FromWorker =
  | { type: 'params'; params: ModelParameters }
  /** Chunk `at`, for the main thread to score. */
  | { type: 'help'; at: number; left: Uint32Array; right: Uint32Array }
  /** Chunk `at`, scored here. */
  | { type: 'kept'; at: number; kept: KeptPairs }
  | { type: 'done'; chunks: number; byRule: RuleStats[] }
  | { type: 'error'; error: string };

/** Chunks handed to the main thread and not yet scored there: one in hand and one waiting keeps it busy without starving this thread. */
const HELP = 2;

const data = workerData as { records: LinkRecord[] | null; config: LinkageConfig; seed: number };
const port = parentPort;
if (port === null) throw new Error('linking-worker runs as a worker thread');
const send = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const fail = (error: unknown): void => send({ type: 'error', error: error instanceof Error ? error.message : String(error) });

// No records when the caller has the model already.
if (data.records !== null)
  try {
    const params = trainLinkage(data.records, data.config, data.seed);
    data.records = null; // the sample is not needed to score
    send({ type: 'params', params });
  } catch (error) {
    fail(error);
  }

let scoring: { set: PreparedSet; model: CompiledModel; floor: number; chunker: PairChunker } | null = null;
const rules: Array<Extract<ToWorker, { type: 'rule' }>> = [];
let rulesDone = false;
let helping = 0;
let working = false;
let at = 0;
let wake: (() => void) | null = null;
const nudge = (): void => {
  const w = wake;
  wake = null;
  w?.();
};

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'set') {
      const set = fromShared(m.shared);
      scoring = { set, model: compile(m.params), floor: m.floor, chunker: new PairChunker(set.size, { chunkSize: m.chunkSize, linkType: m.linkType, sources: m.sources }) };
    } else if (m.type === 'rule') rules.push(m);
    else if (m.type === 'rules done') rulesDone = true;
    else helping--;
    if (!working && scoring !== null) {
      working = true;
      work(scoring).catch(fail);
    }
    nudge();
  } catch (error) {
    fail(error);
  }
});

// Until the rules are done: each rule's pairs, chunk by chunk, scored here
// or handed over, with a turn of the event loop between chunks so that
// the main thread's messages come in.
async function work(s: NonNullable<typeof scoring>): Promise<void> {
  const handle = async (chunk: { left: Uint32Array; right: Uint32Array }): Promise<void> => {
    if (helping < HELP) {
      helping++;
      send({ type: 'help', at: at++, left: chunk.left, right: chunk.right }, [chunk.left.buffer, chunk.right.buffer] as ArrayBuffer[]);
    } else {
      const kept = scoreAndKeep(s.set, s.model, chunk.left, chunk.right, s.floor);
      send({ type: 'kept', at: at++, kept }, [kept.left.buffer, kept.right.buffer, kept.weights.buffer] as ArrayBuffer[]);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for (;;) {
    const next = rules.shift();
    if (next !== undefined) {
      for (const chunk of s.chunker.rule(next.rule, next.index)) await handle(chunk);
      continue;
    }
    if (rulesDone) break;
    await new Promise<void>((resolve) => (wake = resolve));
  }
  for (const chunk of s.chunker.finish()) await handle(chunk);
  send({ type: 'done', chunks: at, byRule: s.chunker.stats });
}
