import { parentPort } from 'node:worker_threads';

// Seen's linking worker, dying once it has made four chunks (scored here
// or handed back): linkInParallel must keep what it was sent and make and
// score the rest.
const port = parentPort;
if (port === null) throw new Error('a worker thread');
const post = port.postMessage.bind(port);
let chunks = 0;
port.postMessage = (message: { type: string }, transfer?: readonly ArrayBuffer[]): void => {
  post(message, transfer as ArrayBuffer[]);
  if ((message.type === 'kept' || message.type === 'help') && ++chunks === 4) process.exit(3);
};
await import('../../src/people/linking-worker.ts');
