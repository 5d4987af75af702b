// The second core of `npm run bench -- linkage --scale N`: trains the model
// on a sample while the main thread prepares and blocks, then prepares the
// whole population itself and scores the candidate chunks it is sent. The
// identity functions are pure, so a worker holding the same records gives
// the same weights as the main thread.

import { parentPort, workerData } from 'node:worker_threads';
import { compile, prepare, sampleRecords, scorePairs, trainModel, type CompiledModel, type LinkRecord, type LinkageConfig, type PreparedSet } from '../src/identity/index.ts';

const { records, config, trainingSample } = workerData as { records: LinkRecord[]; config: LinkageConfig; trainingSample: number };
const port = parentPort;
if (port === null) throw new Error('linkage-worker runs as a worker thread');

const t0 = performance.now();
const sample = sampleRecords(records, trainingSample, 1);
const params = trainModel(sample, { comparisons: config.comparisons, linkType: config.linkType ?? 'dedupe', seed: 1, ...config.training });
port.postMessage({ type: 'params', params, ms: performance.now() - t0 });

const t1 = performance.now();
const set: PreparedSet = prepare(records);
let model: CompiledModel | null = null;
port.postMessage({ type: 'prepared', ms: performance.now() - t1 });

port.on('message', (m: { type: 'score'; id: number; left: Uint32Array; right: Uint32Array; params?: unknown } | { type: 'model'; params: Parameters<typeof compile>[0] }) => {
  if (m.type === 'model') {
    model = compile(m.params);
    return;
  }
  if (model === null) throw new Error('score before model');
  const weights = scorePairs(set, model, m.left, m.right);
  port.postMessage({ type: 'scored', id: m.id, weights }, [weights.buffer as ArrayBuffer]);
});
