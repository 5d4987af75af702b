import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SourceLine } from './lines.ts';
import { parseChunk, type ParsedLine } from './parse-chunk.ts';

export interface ChunkParser {
  parse(lines: SourceLine[]): Promise<ParsedLine[]>;
  close(): Promise<void>;
}

/** Parses in this thread: for small imports, where starting a worker costs more than it saves. */
export const inlineParser: ChunkParser = {
  parse: async (lines) => parseChunk(lines),
  close: async () => {},
};

/**
 * A parser on a worker thread. Seen runs its TypeScript through tsx, so the
 * worker registers tsx before loading the parser. If a worker cannot start,
 * parsing falls back to this thread: slower, never wrong.
 */
export function workerParser(): ChunkParser {
  let worker: Worker;
  try {
    const require = createRequire(import.meta.url);
    const tsx = pathToFileURL(require.resolve('tsx/esm/api')).href;
    const entry = new URL('./parse-worker.ts', import.meta.url).href;
    const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)});`;
    worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
  } catch {
    return inlineParser;
  }
  worker.unref();
  let next = 0;
  let broken = false;
  const pending = new Map<number, { resolve: (p: ParsedLine[]) => void; lines: SourceLine[] }>();
  const fallBack = () => {
    broken = true;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve(parseChunk(p.lines));
    }
  };
  worker.on('message', (m: { id: number; parsed?: ParsedLine[]; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    p.resolve(m.parsed ?? parseChunk(p.lines));
  });
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    parse(lines) {
      if (broken) return Promise.resolve(parseChunk(lines));
      return new Promise((resolve) => {
        const id = next++;
        pending.set(id, { resolve, lines });
        worker.postMessage({ id, lines });
      });
    },
    async close() {
      broken = true;
      await worker.terminate();
    },
  };
}
