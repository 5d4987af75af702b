import type { Worker } from 'node:worker_threads';
import type { SourceLine } from './lines.ts';
import { parseChunk, type ParsedChunk } from './parse-chunk.ts';
import { startTsWorker } from './ts-worker.ts';

export interface ChunkParser {
  parse(lines: SourceLine[]): Promise<ParsedChunk>;
  close(): Promise<void>;
  /** How many chunks a worker thread parsed (a fallback to this thread is silent otherwise). */
  readonly workerChunks?: () => number;
  /** Settles once a worker thread has started (true) or cannot (false). */
  readonly started?: () => Promise<boolean>;
}

/** Parses in this thread: for small imports, where starting a worker costs more than it saves. */
export const inlineParser: ChunkParser = {
  parse: async (lines) => parseChunk(lines),
  close: async () => {},
};

// A chunk's records, their zod copies and their strings all die young, but
// with the default young generation (about 48 MB) scavenges come every few
// hundred records and copy the chunk being built each time: GC was a third
// of the worker's time. 192 MB halved its CPU per record (measured: 31–37
// → 18–19 µs, both threads); 384 gained nothing more. A fixed bound, whatever
// the file's size.
const YOUNG_GENERATION_MB = 192;

/**
 * A parser on a worker thread. If a worker cannot start, parsing falls back
 * to this thread: slower, never wrong.
 */
export function workerParser(): ChunkParser {
  let worker: Worker;
  try {
    worker = startTsWorker(new URL('./parse-worker.ts', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  } catch {
    return inlineParser;
  }
  worker.unref();
  let next = 0;
  let broken = false;
  let ready = false;
  let fromWorker = 0;
  let settleStart: (ok: boolean) => void = () => {};
  const starting = new Promise<boolean>((resolve) => (settleStart = resolve));
  const pending = new Map<number, { resolve: (p: ParsedChunk) => void; lines: SourceLine[] }>();
  const fallBack = () => {
    broken = true;
    settleStart(false);
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve(parseChunk(p.lines));
    }
  };
  worker.on('message', (m: { ready?: true; id: number; parsed?: ParsedChunk; error?: string }) => {
    if (m.ready) {
      ready = true;
      settleStart(true);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.parsed) {
      fromWorker += 1;
      // A Buffer crosses threads as a plain Uint8Array: the same bytes, seen as a Buffer again.
      const t = m.parsed.tails as Uint8Array;
      m.parsed.tails = Buffer.from(t.buffer, t.byteOffset, t.byteLength);
    }
    p.resolve(m.parsed ?? parseChunk(p.lines));
  });
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    parse(lines) {
      // While the worker starts, this thread parses: the first chunks are
      // not kept waiting for it, and it boots on the other core meanwhile.
      if (broken || !ready) return Promise.resolve(parseChunk(lines));
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
    workerChunks: () => fromWorker,
    started: () => starting,
  };
}
