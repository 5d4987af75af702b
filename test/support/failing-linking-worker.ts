import { parentPort, workerData } from 'node:worker_threads';
import { trainLinkage, type LinkageConfig, type LinkRecord } from '../../src/identity/index.ts';

// A linking worker that trains, then dies on the first blocking rule it is
// sent: linkInParallel must make and score every chunk itself.
const data = workerData as { records: LinkRecord[] | null; config: LinkageConfig; seed: number };
if (data.records !== null) parentPort?.postMessage({ type: 'params', params: trainLinkage(data.records, data.config, data.seed) });
parentPort?.on('message', (m: { type: string }) => {
  if (m.type === 'rule') process.exit(3);
});
