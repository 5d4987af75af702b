import { parentPort } from 'node:worker_threads';
import type { SourceLine } from './lines.ts';
import { parseChunk } from './parse-chunk.ts';

// Parses chunks of lines off the main thread, which meanwhile reads the file
// and talks to the database (with PGlite, the database itself runs there).
// Until it says it is ready, the importer parses on its own thread: starting
// a worker (loading the schemas through tsx) takes about half a second.
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (message: { id: number; lines: SourceLine[] }) => {
  try {
    parentPort!.postMessage({ id: message.id, parsed: parseChunk(message.lines) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
