import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ingest/ts-worker.ts';
import { trainLinkage, type LinkageConfig, type LinkRecord, type ModelParameters } from '../identity/index.ts';

export interface Trained {
  params: ModelParameters;
  /** False when the worker could not start or failed, and this thread trained instead. */
  onWorker: boolean;
}

export interface Training {
  /** The parameters, from the worker or, if it failed, from this thread. Rejects only if training itself fails. */
  trained: Promise<Trained>;
  /** Stops the worker (the rebuild failed before it needed the model); the promise is then not waited for. */
  cancel(): void;
}

/**
 * Trains the linkage model on a worker thread, so that a rebuild uses both
 * cores: training takes the same time whatever the store's size (a sample
 * of records, a million random pairs to estimate u), 8.3 of the 13.9 s of
 * linking 10,000 children and about a tenth at 100,000. The worker gets its
 * own copy of the records it trains on (a sample of at most 200,000). If
 * the worker cannot start or fails, the model is trained on this thread
 * instead: slower, never different.
 */
export function trainOnWorker(records: readonly LinkRecord[], config: LinkageConfig, seed = 1): Training {
  const inline = (): Trained => ({ params: trainLinkage(records, config, seed), onWorker: false });
  // Only what training reads: a policy or threshold option need not cross.
  const sent: LinkageConfig = { comparisons: config.comparisons, blocking: config.blocking, training: config.training, ...(config.linkType ? { linkType: config.linkType } : {}) };
  let worker: Worker;
  try {
    worker = startTsWorker(new URL('./training-worker.ts', import.meta.url), { workerData: { records, config: sent, seed } });
  } catch {
    // Deferred, so that the caller prepares and blocks first either way.
    return { trained: Promise.resolve().then(inline), cancel: () => {} };
  }
  let settled = false;
  const trained = new Promise<Trained>((resolve, reject) => {
    const settle = (outcome: () => Trained): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      // Training here after the worker failed may fail the same way: that
      // rejects the rebuild, and is never thrown out of an event listener.
      try {
        resolve(outcome());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    worker.on('message', (m: { params?: ModelParameters; error?: string }) => settle(() => (m.params === undefined ? inline() : { params: m.params, onWorker: true })));
    worker.on('error', () => settle(inline));
    worker.on('exit', () => settle(inline));
  });
  return {
    trained,
    cancel() {
      if (settled) return;
      settled = true;
      void worker.terminate();
    },
  };
}
