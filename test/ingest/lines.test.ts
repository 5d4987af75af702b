import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { MAX_LINE_BYTES, readLines, type SourceLine } from '../../src/ingest/lines.ts';
import { mulberry32 } from '../support/synthetic-sef.ts';

async function read(pieces: Buffer[]): Promise<SourceLine[]> {
  const out: SourceLine[] = [];
  for await (const run of readLines(Readable.from(pieces))) out.push(...run);
  return out;
}

/** What the lines of a whole file are, read the plain way. */
function expected(file: Buffer): { line: number; text: string | null; bytes: number }[] {
  const out: { line: number; text: string | null; bytes: number }[] = [];
  let start = 0;
  for (let n = 1; start < file.length; n++) {
    let end = file.indexOf(0x0a, start);
    const next = end === -1 ? file.length : end + 1;
    if (end === -1) end = file.length;
    const body = file.subarray(start, end > start && file[end - 1] === 0x0d ? end - 1 : end);
    out.push({ line: n, text: isUtf8(body) ? body.toString('utf8') : null, bytes: end - start });
    start = next;
  }
  return out;
}

// Lines cross the pieces a stream delivers at any byte, even inside a
// character; a piece is checked as UTF-8 in one go, so a bad byte or a
// character cut at a piece's edge must not spoil the lines around it.
it('splits lines the same whatever pieces the bytes arrive in', async () => {
  const rnd = mulberry32(11);
  const words = ['{"a":1}', 'Zoë', 'Łódź', '😀', '', 'plain', '\r', 'x'.repeat(300)];
  for (let round = 0; round < 60; round++) {
    const lines: Buffer[] = [];
    for (let i = 0; i < 1 + Math.floor(rnd() * 40); i++) {
      let line = Buffer.from(Array.from({ length: Math.floor(rnd() * 5) }, () => words[Math.floor(rnd() * words.length)]).join(' '));
      if (rnd() < 0.1) line = Buffer.concat([line, Buffer.from([0xc3])]); // a character cut short: not UTF-8
      if (rnd() < 0.2) line = Buffer.concat([line, Buffer.from('\r')]);
      lines.push(line);
    }
    const file = Buffer.concat(lines.flatMap((l, i) => (i < lines.length - 1 || rnd() < 0.5 ? [l, Buffer.from('\n')] : [l])));
    const pieces: Buffer[] = [];
    for (let at = 0; at < file.length; ) {
      const size = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 8 : 200));
      pieces.push(file.subarray(at, at + size));
      at += size;
    }
    const got = (await read(pieces)).map(({ line, text, bytes }) => ({ line, text, bytes }));
    expect(got).toEqual(expected(file));
    expect(await read([file])).toEqual(await read(pieces));
  }
});

it('reports a line over the limit with its length and first bytes, and reads on after it', async () => {
  const long = Buffer.alloc(MAX_LINE_BYTES + 10, 'a');
  for (const pieces of [[Buffer.concat([Buffer.from('first\n'), long, Buffer.from('\nlast\n')])], [Buffer.from('first\n'), long.subarray(0, 5), long.subarray(5), Buffer.from('\nlast')]]) {
    const got = await read(pieces);
    expect(got.map((l) => l.text)).toEqual(['first', null, 'last']);
    expect(got[1]!.problem).toMatch(/over the limit/);
    expect(got[1]!.bytes).toBe(MAX_LINE_BYTES + 10);
    expect(got[1]!.excerpt).toHaveLength(64 * 1024);
  }
});

it('reads gzip input by its magic bytes', async () => {
  const got = await read([gzipSync('one\r\ntwo\n')]);
  expect(got.map((l) => [l.line, l.text])).toEqual([
    [1, 'one'],
    [2, 'two'],
  ]);
});
