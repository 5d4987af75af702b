// After the schema accepts a record: the normalisation the importer relies on
// (null means absent, names/addresses/phones trimmed, UK postcodes and valid
// identifiers in standard form, refuges sealed, `data` always present) and
// warnings that do not stop the import (unknown fields, failing NHS numbers
// and UPNs, roles no rule reads).
//
// It mutates the objects zod just built (never the caller's value: loose
// content shared with the input is not touched).

import { isValidUpn, normaliseNhsNumber, normalisePostcode } from './identifiers.ts';
import { dataFieldsOf } from './kinds.ts';
import { problem, type RecordProblem } from './problems.ts';
import {
  addressSchema,
  eventEnvelopeSchema,
  nameSchema,
  personRecordSchema,
  relationshipRecordSchema,
  sourceRecordSchema,
  subjectSchema,
  type SefRecord,
} from './records.ts';
import { closest, editDistance, quote } from './text.ts';
import { isEventKind, KNOWN_ROLES } from './vocab.ts';

type Obj = Record<string, unknown>;

const keySet = (shape: object): ReadonlySet<string> => new Set(Object.keys(shape));
const KNOWN = {
  source: keySet(sourceRecordSchema.shape),
  person: keySet(personRecordSchema.shape),
  relationship: keySet(relationshipRecordSchema.shape),
  event: keySet(eventEnvelopeSchema.shape),
  name: keySet(nameSchema.shape),
  address: keySet(addressSchema.shape),
  subject: keySet(subjectSchema.shape),
};
const NONE: ReadonlySet<string> = new Set();
const NAME_TRIM: ReadonlySet<string> = new Set(['given', 'middle', 'family']);
const ADDRESS_TRIM: ReadonlySet<string> = new Set(['line1', 'line2', 'line3', 'town', 'county', 'postcode']);
const SOURCE_TRIM: ReadonlySet<string> = new Set(['name', 'localAuthority']);
const ROLE_TRIM: ReadonlySet<string> = new Set(['role']);
const KNOWN_ROLE_SET: ReadonlySet<string> = new Set(KNOWN_ROLES);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Drop null/undefined fields; trim the listed ones, dropping them when blank. */
function clean(o: unknown, trim: ReadonlySet<string> = NONE): void {
  if (!isObj(o)) return;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === null || v === undefined) delete o[k];
    else if (typeof v === 'string' && trim.has(k)) {
      const t = v.trim();
      if (t === '') delete o[k];
      else o[k] = t;
    }
  }
}

function cleanAddress(a: unknown): void {
  clean(a, ADDRESS_TRIM);
  if (isObj(a) && typeof a.postcode === 'string') a.postcode = normalisePostcode(a.postcode);
}

function unknownKeys(raw: unknown, known: ReadonlySet<string>, path: PropertyKey[], out: RecordProblem[]): void {
  if (!isObj(raw)) return;
  for (const k of Object.keys(raw)) {
    if (known.has(k) || raw[k] == null) continue; // null is absent, and removed
    const guess = closest(k, [...known]);
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    out.push(problem([...path, k], `is not a SEF v1 field; it is kept but nothing uses it${hint}`));
  }
}

function eachItem(raw: unknown, fn: (item: unknown, i: number) => void): void {
  if (!Array.isArray(raw)) return;
  for (let i = 0; i < raw.length; i++) fn(raw[i], i);
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
    eachItem(raw.aliases, (a, i) => unknownKeys(a, KNOWN.name, ['aliases', i], out));
    eachItem(raw.addresses, (a, i) => unknownKeys(a, KNOWN.address, ['addresses', i], out));
  } else if (type === 'event') {
    eachItem(raw.subjects, (s, i) => unknownKeys(s, KNOWN.subject, ['subjects', i], out));
    unknownKeys(raw.address, KNOWN.address, ['address'], out);
    const kind = raw.kind;
    if (typeof kind === 'string' && isEventKind(kind)) dataTypos(raw.data, dataFieldsOf(kind), out);
  }
}

/** A refuge's address must never leak: it is sealed whatever the exporter said. */
function sealRefuge(a: Obj, path: PropertyKey[], reason: string, out: RecordProblem[]): void {
  if (a.sealed === true) return;
  a.sealed = true;
  out.push(problem([...path, 'sealed'], `was not true for ${reason}; the address is treated as sealed`));
}

/**
 * Finish a record the schema accepted (`parsed` is zod's fresh output):
 * returns the normalised record and its warnings. `raw` is the value as
 * received, for unknown-field warnings.
 */
export function finishRecord(parsed: unknown, raw: Obj): { record: SefRecord; warnings: RecordProblem[] } {
  const r = parsed as Obj;
  const warnings: RecordProblem[] = [];
  clean(r);
  const type = r.type as SefRecord['type'];
  unknownKeyWarnings(raw, type, warnings);

  if (type === 'source') clean(r, SOURCE_TRIM);

  if (type === 'person') {
    clean(r.name, NAME_TRIM);
    eachItem(r.aliases, (a) => clean(a, NAME_TRIM));
    eachItem(r.addresses, cleanAddress);
    if (Array.isArray(r.phones)) r.phones = (r.phones as string[]).map((p) => p.trim()).filter((p) => p !== '');

    if (typeof r.nhsNumber === 'string') {
      const n = normaliseNhsNumber(r.nhsNumber);
      if (n !== null) r.nhsNumber = n;
      else
        warnings.push(
          problem('nhsNumber', `${quote(r.nhsNumber)} is not a valid NHS number (10 digits ending in a modulus 11 check digit); it is kept but not used for linking`),
        );
    }
    if (typeof r.upn === 'string') {
      if (isValidUpn(r.upn)) r.upn = r.upn.replace(/\s/g, '').toUpperCase();
      else
        warnings.push(
          problem('upn', `${quote(r.upn)} is not a valid unique pupil number (13 characters with a DfE check letter first); it is kept but not used for linking`),
        );
    }
    eachItem(r.addresses, (a, i) => {
      if (isObj(a) && a.kind === 'refuge') sealRefuge(a, ['addresses', i], 'a refuge', warnings);
    });
    if (r.unborn === true && r.birthDate !== undefined)
      warnings.push(problem('birthDate', 'is given for an unborn child ("unborn": true); check which is right'));
    if (r.unborn !== true && r.expectedDate !== undefined)
      warnings.push(problem('expectedDate', 'is only used for an unborn child ("unborn": true); it is kept'));
  }

  if (type === 'event') {
    const kind = r.kind as string;
    if (isEventKind(kind)) clean(r.data);
    else if (r.data === undefined) r.data = {};
    eachItem(r.subjects, (s, i) => {
      clean(s, ROLE_TRIM);
      const role = isObj(s) ? s.role : undefined;
      if (typeof role === 'string' && !KNOWN_ROLE_SET.has(role)) {
        const guess = closest(role, KNOWN_ROLES);
        const hint = guess ? ` (did you mean "${guess}"?)` : '';
        warnings.push(problem(['subjects', i, 'role'], `${quote(role)} is not a role the built-in rules read${hint}`));
      }
    });
    if (isObj(r.address)) {
      cleanAddress(r.address);
      const data = r.data as Obj;
      if (r.address.kind === 'refuge') sealRefuge(r.address, ['address'], 'a refuge', warnings);
      else if (kind === 'move' && data.kind === 'refuge') sealRefuge(r.address, ['address'], 'a move to a refuge', warnings);
    }
  }

  return { record: r as SefRecord, warnings };
}
