import { parentPort, workerData } from 'node:worker_threads';
import { compile, fromShared, scoreAndKeep, trainLinkage, type CompiledModel, type LinkageConfig, type LinkRecord, type ModelParameters, type PreparedSet, type SharedPreparedSet } from '../identity/index.ts';

// The second thread of a large rebuild (parallel.ts): trains the model on a
// sample while the main thread prepares the records, then scores the
// candidate chunks it is sent against the main thread's prepared columns,
// shared rather than copied. Identity's functions are pure: the weights are
// the ones the main thread would have computed.
export type ToWorker = { type: 'set'; shared: SharedPreparedSet; params: ModelParameters } | { type: 'score'; id: number; left: Uint32Array; right: Uint32Array; floor: number };

const data = workerData as { records: LinkRecord[] | null; config: LinkageConfig; seed: number };
const port = parentPort;
if (port === null) throw new Error('linking-worker runs as a worker thread');

// No records when the caller has the model already.
if (data.records !== null)
  try {
    const params = trainLinkage(data.records, data.config, data.seed);
    data.records = null; // the sample is not needed to score
    port.postMessage({ type: 'params', params });
  } catch (error) {
    port.postMessage({ type: 'error', error: error instanceof Error ? error.message : String(error) });
  }

let set: PreparedSet | null = null;
let model: CompiledModel | null = null;
port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'set') {
      set = fromShared(m.shared);
      model = compile(m.params);
      return;
    }
    if (set === null || model === null) throw new Error('pairs to score before the prepared records');
    const kept = scoreAndKeep(set, model, m.left, m.right, m.floor);
    port.postMessage({ type: 'kept', id: m.id, kept }, [kept.left.buffer, kept.right.buffer, kept.weights.buffer] as ArrayBuffer[]);
  } catch (error) {
    port.postMessage({ type: 'error', error: error instanceof Error ? error.message : String(error) });
  }
});
