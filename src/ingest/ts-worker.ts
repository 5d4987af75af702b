import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running one of Seen's TypeScript modules. Seen runs its
 * TypeScript through tsx, and workers do not inherit its loader, so the
 * worker registers tsx before loading the module. Throws if the worker
 * cannot be created; callers fall back to their own thread.
 */
export function startTsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  // The ESM entry of tsx's API: require.resolve would give its CommonJS
  // one, whose register() fails inside a worker (and the work then silently
  // fell back to the main thread).
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options);
}
