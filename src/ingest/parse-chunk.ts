import { createHash } from 'node:crypto';
import { canonicalJson, isValidUpn, normaliseNhsNumber, parseLine, type RecordKey, type RecordProblem } from '../sef/index.ts';
import { copyField } from './copy-text.ts';
import { deriveRows, type DerivedRows } from './derive.ts';
import type { SourceLine } from './lines.ts';
import { sanitiseText } from './text.ts';

// A bad line is kept up to this size; beyond it only its start is kept (with
// its full length), so that a flood of huge broken lines cannot fill the disk.
export const MAX_STORED_RAW = 256 * 1024;

/** A record that passed validation, ready to store. */
export interface GoodLine {
  key: RecordKey;
  hash: string;
  /** The record as canonical JSON: what is hashed and what is stored. */
  body: string;
  line: number;
  recordedAt: string | null;
  /** Identifiers usable for linking: only those whose check digit holds. */
  nhs: string | null;
  upn: string | null;
  warnings: RecordProblem[];
  /** The record's COPY row between its id and its import id (source … recorded_at, version 1), written here off the main thread. */
  recordTail: string;
  /** The rows of the normalised tables this record brings. */
  derived: DerivedRows;
}

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

/** Parses, validates, normalises and hashes lines: the CPU-heavy half of an import. */
export function parseChunk(lines: SourceLine[]): ParsedLine[] {
  const out: ParsedLine[] = [];
  for (const source of lines) {
    if (source.text === null) {
      out.push({ ok: false, ...badLine(source.line, source.excerpt ?? '', source.bytes, null, [{ path: '', message: source.problem ?? 'line cannot be read' }]) });
      continue;
    }
    const parsed = parseLine(source.text);
    if (parsed === null) continue;
    if (!parsed.ok) {
      out.push({ ok: false, ...badLine(source.line, source.text, source.bytes, parsed.key, parsed.problems) });
      continue;
    }
    const r = parsed.record as { nhsNumber?: string; upn?: string; recordedAt?: string };
    const body = canonicalJson(parsed.record);
    const key = parsed.key;
    const hash = createHash('sha256').update(body).digest('hex');
    const recordedAt = r.recordedAt ?? null;
    const nhs = key.type === 'person' && r.nhsNumber ? normaliseNhsNumber(r.nhsNumber) : null;
    const upn = key.type === 'person' && r.upn && isValidUpn(r.upn) ? r.upn.toUpperCase() : null;
    out.push({
      ok: true,
      key,
      hash,
      body,
      line: source.line,
      recordedAt,
      nhs,
      upn,
      warnings: parsed.warnings,
      recordTail: `\t${copyField(key.source)}\t${key.type}\t${copyField(key.id)}\t1\t${hash}\t${copyField(body)}\t${copyField(recordedAt)}`,
      derived: deriveRows(parsed.record, nhs, upn),
    });
  }
  return out;
}

export function badLine(line: number, raw: string, rawBytes: number, key: RecordKey | null, problems: { path: string; message: string }[]): BadLine {
  const kept = raw.length > MAX_STORED_RAW ? raw.slice(0, MAX_STORED_RAW) : raw;
  return {
    line,
    raw: sanitiseText(kept),
    rawBytes,
    lineHash: createHash('sha256').update(raw).digest('hex'),
    key: key ? { type: key.type, source: sanitiseText(key.source).slice(0, 200), id: sanitiseText(key.id).slice(0, 200) } : null,
    problems: problems.slice(0, 10).map((p) => ({ path: sanitiseText(p.path).slice(0, 500), message: sanitiseText(p.message).slice(0, 2000) })),
  };
}
