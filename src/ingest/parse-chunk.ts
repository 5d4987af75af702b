import { hash as digest } from 'node:crypto';
import { canonicalJson, isValidUpn, normaliseNhsNumber, parseLine, type RecordKey, type RecordProblem, type RecordType } from '../sef/index.ts';
import { CopyBuffer, copyField, unescapeCopyField } from './copy-text.ts';
import { deriveRows, type SourceRow } from './derive.ts';
import type { SourceLine } from './lines.ts';
import { sanitiseText } from './text.ts';

// A bad line is kept up to this size; beyond it only its start is kept (with
// its full length), so that a flood of huge broken lines cannot fill the disk.
export const MAX_STORED_RAW = 256 * 1024;

/** A record that passed validation, ready to store. */
export interface GoodLine {
  key: RecordKey;
  /** sha256 of the record as canonical JSON (what is stored). */
  hash: string;
  line: number;
  /**
   * The record's COPY row between its id and its version: source, type, id,
   * hash, canonical JSON body, recorded_at (RECORD_TAIL_COLUMNS), as UTF-8
   * (a view into its chunk's bytes).
   */
  tail: Buffer;
  /** Rows of the normalised tables (see DerivedRows in derive.ts). */
  own: string;
  linked: string;
  localTime: boolean;
  source: SourceRow | null;
  warnings: RecordProblem[];
}

export const RECORD_TAIL_COLUMNS = ['source', 'type', 'local_id', 'hash', 'body', 'recorded_at'] as const;

/** A line that did not pass, kept for the quarantine. */
export interface BadLine {
  line: number;
  raw: string;
  rawBytes: number;
  lineHash: string;
  key: RecordKey | null;
  problems: { path: string; message: string }[];
}

export type ParsedLine = ({ ok: true } & GoodLine) | ({ ok: false } & BadLine);

/**
 * A parsed chunk as it crosses from the parse worker: good records column
 * by column, so that passing it between threads copies a few strings per
 * record rather than a tree of small objects (which cost more to copy than
 * to parse).
 */
export interface ParsedChunk {
  type: RecordType[];
  source: string[];
  id: string[];
  hash: string[];
  line: number[];
  /**
   * The good records' tails (see GoodLine), UTF-8, one after another: the
   * bulk of a chunk crosses as bytes, which the writer copies into its COPY
   * data as they are, instead of as a string per record to allocate,
   * re-encode and collect on the writing thread.
   */
  tails: Buffer;
  /** Where each record's tail ends in tails (it starts where the one before ends). */
  tailEnds: number[];
  own: string[];
  linked: string[];
  localTime: boolean[];
  /** Only the records that have any, by index. */
  warnings: [number, RecordProblem[]][];
  sources: [number, SourceRow][];
  /** Lines that did not pass, each after the good records before it. */
  bad: [number, BadLine][];
}

/** Parses, validates, normalises and hashes lines, and derives their rows: the CPU-heavy half of an import. */
export function parseChunk(lines: SourceLine[]): ParsedChunk {
  const out: ParsedChunk = { type: [], source: [], id: [], hash: [], line: [], tails: Buffer.alloc(0), tailEnds: [], own: [], linked: [], localTime: [], warnings: [], sources: [], bad: [] };
  const tails = new CopyBuffer(Math.max(64 * 1024, lines.length * 512));
  for (const source of lines) {
    if (source.text === null) {
      out.bad.push([out.line.length, badLine(source.line, source.excerpt ?? '', source.bytes, null, [{ path: '', message: source.problem ?? 'line cannot be read' }])]);
      continue;
    }
    const parsed = parseLine(source.text);
    if (parsed === null) continue;
    if (!parsed.ok) {
      out.bad.push([out.line.length, badLine(source.line, source.text, source.bytes, parsed.key, parsed.problems)]);
      continue;
    }
    const r = parsed.record as { nhsNumber?: string; upn?: string; recordedAt?: string };
    const body = canonicalJson(parsed.record);
    const key = parsed.key;
    const hash = digest('sha256', body, 'hex');
    const nhs = key.type === 'person' && r.nhsNumber ? normaliseNhsNumber(r.nhsNumber) : null;
    const upn = key.type === 'person' && r.upn && isValidUpn(r.upn) ? r.upn.toUpperCase() : null;
    const derived = deriveRows(parsed.record, nhs, upn);
    const at = out.line.length;
    out.type.push(key.type);
    out.source.push(key.source);
    out.id.push(key.id);
    out.hash.push(hash);
    out.line.push(source.line);
    tails.add(`\t${copyField(key.source)}\t${key.type}\t${copyField(key.id)}\t${hash}\t`).add(copyField(body)).add(`\t${copyField(r.recordedAt)}`);
    out.tailEnds.push(tails.length);
    out.own.push(derived.own);
    out.linked.push(derived.linked);
    out.localTime.push(derived.localTime);
    if (parsed.warnings.length > 0) out.warnings.push([at, parsed.warnings]);
    if (derived.source) out.sources.push([at, derived.source]);
  }
  // A copy of just the bytes written (the builder's buffer is larger).
  out.tails = Buffer.from(tails.bytes());
  return out;
}

const NO_WARNINGS: RecordProblem[] = [];

/** The chunk's lines in file order. */
export function* chunkLines(chunk: ParsedChunk): Generator<ParsedLine> {
  let bad = 0;
  let warning = 0;
  let source = 0;
  const n = chunk.line.length;
  for (let i = 0; i <= n; i++) {
    while (bad < chunk.bad.length && chunk.bad[bad]![0] === i) yield { ok: false, ...chunk.bad[bad++]![1] };
    if (i === n) break;
    const type = chunk.type[i]!;
    const warnings = warning < chunk.warnings.length && chunk.warnings[warning]![0] === i ? chunk.warnings[warning++]![1] : NO_WARNINGS;
    const sourceRow = source < chunk.sources.length && chunk.sources[source]![0] === i ? chunk.sources[source++]![1] : null;
    yield {
      ok: true,
      key: { type, source: chunk.source[i]!, id: chunk.id[i]! },
      hash: chunk.hash[i]!,
      line: chunk.line[i]!,
      tail: chunk.tails.subarray(i === 0 ? 0 : chunk.tailEnds[i - 1]!, chunk.tailEnds[i]!),
      own: chunk.own[i]!,
      linked: chunk.linked[i]!,
      localTime: chunk.localTime[i]!,
      source: sourceRow,
      warnings,
    };
  }
}

/** The canonical JSON body of a good line (to quarantine a record the database refused). */
export function bodyOf(g: GoodLine): string {
  return unescapeCopyField(g.tail.toString('utf8').split('\t')[5] ?? '');
}

export function badLine(line: number, raw: string, rawBytes: number, key: RecordKey | null, problems: { path: string; message: string }[]): BadLine {
  const kept = raw.length > MAX_STORED_RAW ? raw.slice(0, MAX_STORED_RAW) : raw;
  return {
    line,
    raw: sanitiseText(kept),
    rawBytes,
    lineHash: digest('sha256', raw, 'hex'),
    key: key ? { type: key.type, source: sanitiseText(key.source).slice(0, 200), id: sanitiseText(key.id).slice(0, 200) } : null,
    problems: problems.slice(0, 10).map((p) => ({ path: sanitiseText(p.path).slice(0, 500), message: sanitiseText(p.message).slice(0, 2000) })),
  };
}
