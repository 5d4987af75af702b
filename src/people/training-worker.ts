import { parentPort, workerData } from 'node:worker_threads';
import { trainLinkage, type LinkageConfig, type LinkRecord } from '../identity/index.ts';

// Trains the linkage model on its own core while the rebuild prepares and
// blocks every record on the main thread: identity's functions are pure, so
// the parameters are the ones the main thread would have computed.
const { records, config, seed } = workerData as { records: LinkRecord[]; config: LinkageConfig; seed: number };
try {
  parentPort?.postMessage({ params: trainLinkage(records, config, seed) });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
