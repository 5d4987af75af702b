import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** One line of an import file, numbered from 1. */
export interface SourceLine {
  line: number;
  /** The decoded line, or null when it cannot be decoded (see problem). */
  text: string | null;
  bytes: number;
  /** Why the line cannot be read at all (too long, not UTF-8). */
  problem?: string;
  /** The first bytes of an unreadable line, kept for the quarantine. */
  excerpt?: string;
}

export const MAX_LINE_BYTES = 8 * 1024 * 1024;
const EXCERPT_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines without ever holding more than one line
 * (capped at MAX_LINE_BYTES) in memory, so that one broken gigabyte "line"
 * cannot exhaust memory. gzip input is recognised by its magic bytes, not
 * by the file name, so an upload works whatever it is called.
 *
 * Lines come in runs, those completed by each piece of input (about a
 * megabyte from a file): a step of an async generator per line cost more
 * than decoding the line.
 */
export async function* readLines(input: Readable, onBytes?: (bytes: number) => void): AsyncGenerator<SourceLine[]> {
  const stream = await maybeGunzip(input, onBytes);
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  let lineNo = 0;

  const finish = (): SourceLine => {
    lineNo += 1;
    const buffer = parts.length === 1 ? parts[0]! : Buffer.concat(parts, Math.min(length, MAX_LINE_BYTES));
    const bytes = length;
    parts = [];
    length = 0;
    if (overflow) {
      overflow = false;
      return {
        line: lineNo,
        text: null,
        bytes,
        problem: `line is ${bytes.toLocaleString('en-GB')} bytes long, over the limit of ${MAX_LINE_BYTES.toLocaleString('en-GB')} bytes`,
        excerpt: buffer.subarray(0, EXCERPT_BYTES).toString('utf8'),
      };
    }
    return decoded(buffer, 0, buffer.length, bytes);
  };

  // A line's text without its CR; `checked` when the bytes are known to be UTF-8 already.
  const decoded = (buffer: Buffer, start: number, end: number, bytes: number, checked = false): SourceLine => {
    const stop = end > start && buffer[end - 1] === 0x0d ? end - 1 : end;
    if (checked) return { line: lineNo, text: buffer.toString('utf8', start, stop), bytes };
    const body = buffer.subarray(start, stop);
    if (!isUtf8(body)) {
      return { line: lineNo, text: null, bytes, problem: 'line is not valid UTF-8 text', excerpt: body.subarray(0, EXCERPT_BYTES).toString('latin1') };
    }
    return { line: lineNo, text: buffer.toString('utf8', start, stop), bytes };
  };

  const append = (chunk: Buffer) => {
    if (overflow) {
      length += chunk.length;
      return;
    }
    if (length + chunk.length > MAX_LINE_BYTES) {
      overflow = true;
      parts.push(chunk.subarray(0, Math.max(0, EXCERPT_BYTES - length)));
      length += chunk.length;
      return;
    }
    parts.push(chunk);
    length += chunk.length;
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const run: SourceLine[] = [];
    let start = 0;
    let nl = chunk.indexOf(0x0a);
    // The line this piece completes, begun in an earlier piece.
    if (nl !== -1 && length > 0) {
      append(chunk.subarray(0, nl));
      run.push(finish());
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    // Whole lines inside this piece: checked as UTF-8 all at once, and
    // decoded straight from the piece (one by one only if that check fails).
    const last = chunk.lastIndexOf(0x0a);
    const clean = nl !== -1 && isUtf8(chunk.subarray(start, last));
    while (nl !== -1) {
      if (nl - start > MAX_LINE_BYTES) {
        append(chunk.subarray(start, nl));
        run.push(finish());
      } else {
        lineNo += 1;
        run.push(decoded(chunk, start, nl, nl - start, clean));
      }
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) append(chunk.subarray(start));
    if (run.length > 0) yield run;
  }
  if (length > 0 || parts.length > 0) yield [finish()];
}

async function maybeGunzip(input: Readable, onBytes?: (bytes: number) => void): Promise<AsyncIterable<Buffer>> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return (async function* () {})();
  const head = first.value as Buffer;

  async function* raw(): AsyncGenerator<Buffer> {
    onBytes?.(head.length);
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      onBytes?.((next.value as Buffer).length);
      yield next.value as Buffer;
    }
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    const source = raw();
    (async () => {
      try {
        for await (const chunk of source) {
          if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        }
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    return gunzip;
  }
  return raw();
}
