import { parentPort } from 'node:worker_threads';
import type { SourceLine } from './lines.ts';
import { parseChunk } from './parse-chunk.ts';

// Parses chunks of lines off the main thread, which meanwhile reads the file
// and talks to the database (with PGlite, the database itself runs there).
parentPort?.on('message', (message: { id: number; lines: SourceLine[] }) => {
  try {
    parentPort!.postMessage({ id: message.id, parsed: parseChunk(message.lines) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
