// Reading one SEF line or value into a normalised record, or into problems
// for the quarantine. Never throws: partner files are untrusted input.

import type { z } from 'zod';
import { guardValue } from './guard.ts';
import { LIMITS } from './limits.ts';
import { finishRecord } from './normalise.ts';
import { capProblems, humanMessage, issuesToProblems, problem, type RecordProblem } from './problems.ts';
import {
  eventEnvelopeSchema,
  eventSchemas,
  extensionEventSchema,
  personRecordSchema,
  relationshipRecordSchema,
  sourceRecordSchema,
  type SefRecord,
} from './records.ts';
import { SOURCE_NAME_RE } from './fields.ts';
import { closest, count, describeValue, lineControlProblem, plural, quote } from './text.ts';
import { EVENT_KINDS, isEventKind, isExtensionKind, RECORD_TYPES, type RecordType } from './vocab.ts';

/** A record's identity: `(source, type, id)`. For a source record, source is its id. */
export interface RecordKey {
  type: RecordType;
  source: string;
  id: string;
}

export type ParseResult =
  | { ok: true; record: SefRecord; key: RecordKey; warnings: RecordProblem[] }
  | { ok: false; problems: RecordProblem[]; key: RecordKey | null };

const PARSE_OPTIONS = { reportInput: true, error: humanMessage } as const;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function goodId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= LIMITS.id && v.isWellFormed() && lineControlProblem(v) === null;
}

function goodSource(v: unknown): v is string {
  return typeof v === 'string' && v.length <= LIMITS.id && SOURCE_NAME_RE.test(v);
}

/** The key when type, source and id are readable, even if the rest of the record is broken. */
export function readKey(v: unknown): RecordKey | null {
  if (!isObj(v)) return null;
  const { type, source, id } = v;
  if (typeof type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(type)) return null;
  if (type === 'source') return goodSource(id) ? { type, source: id, id } : null;
  if (!goodSource(source) || !goodId(id)) return null;
  return { type: type as RecordType, source, id };
}

function fail(problems: RecordProblem[], key: RecordKey | null): ParseResult {
  return { ok: false, problems: capProblems(problems), key };
}

const KIND_LIST = EVENT_KINDS.join(', ');

function schemaFor(v: Record<string, unknown>): z.ZodType | RecordProblem {
  const type = v.type;
  switch (type) {
    case 'source':
      return sourceRecordSchema;
    case 'person':
      return personRecordSchema;
    case 'relationship':
      return relationshipRecordSchema;
    case 'event': {
      const kind = v.kind;
      if (typeof kind === 'string' && isEventKind(kind)) return eventSchemas[kind];
      if (typeof kind === 'string' && isExtensionKind(kind)) return extensionEventSchema;
      if (kind === undefined) return problem('kind', 'is required');
      if (typeof kind !== 'string') return problem('kind', `must be text, got ${describeValue(kind)}`);
      const guess = closest(kind, EVENT_KINDS);
      const hint = guess ? ` (did you mean "${guess}"?)` : '';
      return problem(
        'kind',
        `${quote(kind)} is not a SEF v1 event kind${hint}. The kinds are: ${KIND_LIST}. A local kind must start with "x-"`,
      );
    }
    default: {
      if (type === undefined) return problem('type', `is required (one of ${RECORD_TYPES.join(', ')})`);
      const guess = typeof type === 'string' ? closest(type, RECORD_TYPES) : null;
      const hint = guess ? ` (did you mean "${guess}"?)` : '';
      return problem('type', `must be one of ${RECORD_TYPES.join(', ')}; got ${describeValue(type)}${hint}`);
    }
  }
}

function parseChecked(input: unknown, fromJson: boolean): ParseResult {
  if (!isObj(input)) return fail([problem('', `must be a JSON object ({…}), got ${describeValue(input)}`)], null);
  let value = input;
  const hazards = guardValue(value, fromJson);
  if (hazards.length > 0) return fail(hazards, readKey(value));

  // "data": null means no data, like any optional field; read it as absent
  // so that the kind's own required fields are still checked (against {}).
  if (value.type === 'event' && value.data === null) value = { ...value, data: undefined };

  const schema = schemaFor(value);
  if (!('safeParse' in schema)) {
    // Unknown kind: still report the envelope's own problems in the same pass.
    const extra =
      value.type === 'event' ? (eventEnvelopeSchema.safeParse(value, PARSE_OPTIONS).error?.issues ?? []) : [];
    return fail([schema, ...issuesToProblems(extra.filter((i) => i.path[0] !== 'kind'))], readKey(value));
  }
  // Fast path without options (zod's compiled parser); only a failing record
  // is parsed again with inputs reported, for plain-English messages.
  const r = schema.safeParse(value);
  if (!r.success) {
    const again = schema.safeParse(value, PARSE_OPTIONS);
    return fail(issuesToProblems(again.error?.issues ?? r.error.issues), readKey(value));
  }

  const { record, warnings } = finishRecord(r.data, value);
  const key: RecordKey =
    record.type === 'source'
      ? { type: 'source', source: record.id, id: record.id }
      : { type: record.type, source: record.source, id: record.id };
  return { ok: true, record, key, warnings: capProblems(warnings) };
}

/** Validate and normalise one SEF value. Never throws. */
export function parseRecord(value: unknown): ParseResult {
  return parseGuarded(value, false);
}

function parseGuarded(value: unknown, fromJson: boolean): ParseResult {
  try {
    return parseChecked(value, fromJson);
  } catch (e) {
    // A hostile value handed in by code (a throwing getter, a proxy) or a stack
    // overflow: still a problem for the quarantine, never a crash.
    let key: RecordKey | null = null;
    try {
      key = readKey(value);
    } catch {
      key = null;
    }
    const why = e instanceof RangeError ? 'is too deeply nested or too large to check' : 'could not be read';
    return fail([problem('', why)], key);
  }
}

/** Plain-English reason for a JSON.parse failure. */
function jsonProblem(line: string, e: unknown): RecordProblem {
  const msg = e instanceof Error ? e.message : String(e);
  const prefix = 'line is not valid JSON: ';
  if (/Unexpected end of JSON input|Unterminated string/i.test(msg))
    return { path: '', message: `${prefix}unexpected end (truncated?)` };
  const pos = /position (\d+)/.exec(msg);
  const at = pos ? Number(pos[1]) : null;
  if (at !== null && at >= line.trimEnd().length) return { path: '', message: `${prefix}unexpected end (truncated?)` };
  if (/Bad control character/i.test(msg))
    return {
      path: '',
      message: `${prefix}a raw control character (tab, line break…) inside a string${at !== null ? ` at column ${count(at + 1)}` : ''}; it must be escaped`,
    };
  if (/Bad escaped character|Bad Unicode escape/i.test(msg))
    return { path: '', message: `${prefix}a bad escape sequence (\\…) in a string${at !== null ? ` at column ${count(at + 1)}` : ''}` };
  if (at !== null) {
    const ch = line[at];
    const what = ch === undefined || /\s/.test(ch) ? 'space' : `character ${JSON.stringify(ch)}`;
    return { path: '', message: `${prefix}unexpected ${what} at column ${count(at + 1)}` };
  }
  const token = /Unexpected token '?(.)'?/.exec(msg);
  if (token) return { path: '', message: `${prefix}unexpected character ${JSON.stringify(token[1])}` };
  return { path: '', message: `${prefix}${msg.slice(0, 200)}` };
}

/**
 * Read the top-level string members of a line that is not valid JSON (for
 * example a truncated one), so its quarantine entry still has a key. Only
 * top-level members count; nested objects are skipped.
 */
function salvageKey(line: string): RecordKey | null {
  const s = line.length > 100_000 ? line.slice(0, 100_000) : line;
  let i = s.indexOf('{');
  if (i < 0) return null;
  i++;
  const found: Record<string, string> = {};
  let depth = 1;
  let expectKey = true;
  let lastKey: string | null = null;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) break;
      let str: string;
      try {
        str = JSON.parse(s.slice(i, j + 1)) as string;
      } catch {
        return null;
      }
      if (depth === 1) {
        if (expectKey) lastKey = str;
        // the last occurrence wins, as in JSON.parse
        else if (lastKey === 'type' || lastKey === 'source' || lastKey === 'id') found[lastKey] = str;
      }
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ':' && depth === 1) expectKey = false;
    else if (c === ',' && depth === 1) {
      expectKey = true;
      lastKey = null;
    }
    if (depth === 0) break;
    i++;
  }
  return readKey(found);
}

/**
 * Parse one line of a SEF file. Returns null for blank lines and `//`
 * comments. Never throws.
 */
export function parseLine(line: string): ParseResult | null {
  try {
    if (typeof line !== 'string') return fail([{ path: '', message: `line must be text, got ${describeValue(line)}` }], null);
    const body = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    const start = body.trimStart();
    if (start === '' || start.startsWith('//')) return null;
    if (body.length > LIMITS.line)
      return fail(
        [{ path: '', message: `line is ${plural(body.length, 'character')} long; the limit is ${count(LIMITS.line)}` }],
        salvageKey(body),
      );
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      return fail([jsonProblem(body, e)], salvageKey(body));
    }
    if (!isObj(value)) return fail([{ path: '', message: `line must be a JSON object ({…}), got ${describeValue(value)}` }], null);
    return parseGuarded(value, true);
  } catch {
    return fail([{ path: '', message: 'line could not be read' }], null);
  }
}
