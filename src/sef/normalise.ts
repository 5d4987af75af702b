// After the schema accepts a record: warnings that do not stop the import
// (unknown fields, failing identifiers, unknown roles) and the last
// normalisation steps (identifier forms, sealing refuges, no undefined keys).

import { isValidUpn, normaliseNhsNumber } from './identifiers.ts';
import { eventDataSchemas } from './kinds.ts';
import { problem, type RecordProblem } from './problems.ts';
import {
  addressSchema,
  eventEnvelopeSchema,
  nameSchema,
  personRecordSchema,
  relationshipRecordSchema,
  sourceRecordSchema,
  subjectSchema,
  type SefAddress,
  type SefRecord,
} from './records.ts';
import { closest, editDistance, quote } from './text.ts';
import { isEventKind, KNOWN_ROLES } from './vocab.ts';

type Obj = Record<string, unknown>;

const keysOf = (shape: object): readonly string[] => Object.keys(shape);
const KNOWN = {
  source: keysOf(sourceRecordSchema.shape),
  person: keysOf(personRecordSchema.shape),
  relationship: keysOf(relationshipRecordSchema.shape),
  event: keysOf(eventEnvelopeSchema.shape),
  name: keysOf(nameSchema.shape),
  address: keysOf(addressSchema.shape),
  subject: keysOf(subjectSchema.shape),
};

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(raw: unknown, known: readonly string[], path: PropertyKey[], out: RecordProblem[]): void {
  if (!isObj(raw)) return;
  for (const k of Object.keys(raw)) {
    if (known.includes(k) || raw[k] === undefined) continue;
    const guess = closest(k, known);
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    out.push(problem([...path, k], `is not a SEF v1 field; it is kept but nothing uses it${hint}`));
  }
}

function eachObj(raw: unknown, fn: (item: unknown, i: number) => void): void {
  if (Array.isArray(raw)) raw.forEach(fn);
}

// Unknown keys in `data` are part of the contract (local additions), so only
// near-misses of a known field are worth a warning.
function dataTypos(raw: unknown, known: readonly string[], out: RecordProblem[]): void {
  if (!isObj(raw)) return;
  for (const k of Object.keys(raw)) {
    if (known.includes(k)) continue;
    const guess = known.find((c) => editDistance(k.toLowerCase(), c.toLowerCase(), 2) <= 2);
    if (guess) out.push(problem(['data', k], `is not a field of this kind; it is kept but no rule reads it (did you mean "${guess}"?)`));
  }
}

function unknownKeyWarnings(raw: Obj, type: SefRecord['type'], out: RecordProblem[]): void {
  unknownKeys(raw, KNOWN[type], [], out);
  if (type === 'person') {
    unknownKeys(raw.name, KNOWN.name, ['name'], out);
    eachObj(raw.aliases, (a, i) => unknownKeys(a, KNOWN.name, ['aliases', i], out));
    eachObj(raw.addresses, (a, i) => unknownKeys(a, KNOWN.address, ['addresses', i], out));
  }
  if (type === 'event') {
    eachObj(raw.subjects, (s, i) => unknownKeys(s, KNOWN.subject, ['subjects', i], out));
    unknownKeys(raw.address, KNOWN.address, ['address'], out);
    const kind = raw.kind;
    if (typeof kind === 'string' && isEventKind(kind)) dataTypos(raw.data, Object.keys(eventDataSchemas[kind].shape), out);
  }
}

/** A refuge's address must never leak: it is sealed whatever the exporter said. */
function sealRefuge(a: SefAddress, path: PropertyKey[], reason: string, out: RecordProblem[]): void {
  if (a.sealed === true) return;
  a.sealed = true;
  out.push(problem([...path, 'sealed'], `was not true for ${reason}; the address is treated as sealed`));
}

/** Copy without undefined-valued keys, so absent and undefined hash and store the same. */
function dropUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : dropUndefined(x)));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x !== undefined) out[k] = dropUndefined(x);
  }
  return out;
}

/**
 * Finish a record the schema accepted: returns the normalised record and its
 * warnings. `raw` is the value as received (for unknown-key warnings).
 */
export function finishRecord(parsed: SefRecord, raw: Obj): { record: SefRecord; warnings: RecordProblem[] } {
  const warnings: RecordProblem[] = [];
  unknownKeyWarnings(raw, parsed.type, warnings);

  if (parsed.type === 'person') {
    const p = parsed;
    if (p.nhsNumber !== undefined) {
      const n = normaliseNhsNumber(p.nhsNumber);
      if (n !== null) p.nhsNumber = n;
      else
        warnings.push(
          problem('nhsNumber', `${quote(p.nhsNumber)} is not a valid NHS number (10 digits ending in a modulus 11 check digit); it is kept but not used for linking`),
        );
    }
    if (p.upn !== undefined) {
      if (isValidUpn(p.upn)) p.upn = p.upn.replace(/\s/g, '').toUpperCase();
      else
        warnings.push(
          problem('upn', `${quote(p.upn)} is not a valid unique pupil number (13 characters with a DfE check letter first); it is kept but not used for linking`),
        );
    }
    p.addresses?.forEach((a, i) => {
      if (a.kind === 'refuge') sealRefuge(a, ['addresses', i], 'a refuge', warnings);
    });
    if (p.unborn === true && p.birthDate !== undefined)
      warnings.push(problem('birthDate', 'is given for an unborn child ("unborn": true); check which is right'));
    if (p.unborn !== true && p.expectedDate !== undefined)
      warnings.push(problem('expectedDate', 'is only used for an unborn child ("unborn": true); it is kept'));
  }

  if (parsed.type === 'event') {
    const e = parsed;
    e.subjects.forEach((s, i) => {
      if (s.role !== undefined && !(KNOWN_ROLES as readonly string[]).includes(s.role)) {
        const guess = closest(s.role, KNOWN_ROLES);
        const hint = guess ? ` (did you mean "${guess}"?)` : '';
        warnings.push(problem(['subjects', i, 'role'], `${quote(s.role)} is not a role the built-in rules read${hint}`));
      }
    });
    if (e.address) {
      if (e.address.kind === 'refuge') sealRefuge(e.address, ['address'], 'a refuge', warnings);
      else if (e.kind === 'move' && e.data.kind === 'refuge') sealRefuge(e.address, ['address'], 'a move to a refuge', warnings);
    }
  }

  return { record: dropUndefined(parsed) as SefRecord, warnings };
}
