// The plain record that linkage works on, and the normalisers that build it
// from an SEF person and from the public benchmark files. Everything here is
// cleaned once, so comparisons never re-normalise.

import { isValidUpn, normaliseNhsNumber } from '../sef/identifiers.ts';
import { normaliseName, normaliseText } from './strings.ts';

export interface RecordKey {
  source: string;
  id: string;
}

export type Sex = 'female' | 'male';

/** A birth date known to a precision; month and day are null when not known. */
export interface BirthDate {
  year: number;
  month: number | null;
  day: number | null;
}

export interface LinkName {
  given: string | null;
  family: string | null;
}

export interface LinkAddress {
  /** Normalised first line(s): "12 acre road flat 3". */
  line: string | null;
  /** Normalised town or suburb. */
  town: string | null;
  /** UK postcodes in the canonical "SW18 2AB" form; anything else upper case without spaces. */
  postcode: string | null;
}

export interface LinkRecord {
  key: RecordKey;
  /** Normalised (lower case, no accents, hyphens as spaces). */
  given: string | null;
  middle: string | null;
  family: string | null;
  /** Aliases and former names (a maiden name is a former family name). */
  aliases: LinkName[];
  birthDate: BirthDate | null;
  sex: Sex | null;
  /** Only numbers that pass the modulus 11 check; others are never used to link. */
  nhsNumber: string | null;
  /** Only UPNs that pass the DfE check letter. */
  upn: string | null;
  /**
   * An identifier without a check digit (FEBRL's soc_sec_id, a shared
   * client number): strong evidence, but typos are possible, so a
   * difference is not a hard conflict.
   */
  otherId: string | null;
  addresses: LinkAddress[];
  /** Digits only, UK numbers with the leading 0 (447700… → 07700…). */
  phones: string[];
  emails: string[];
  isChild?: boolean;
  /**
   * The records, of the same source, of the children this record is a
   * parent of (from the source's relationship records: "to is the mother of
   * from"). Not compared: clustering reads them as corroboration (see
   * `sharedChild` in cluster.ts).
   */
  parentOf?: ParentLink[];
}

/** A parental role as a source records it. 'parent' is a mother or father the source does not say which. */
export type ParentRole = 'mother' | 'father' | 'parent';

export interface ParentLink {
  role: ParentRole;
  /** The child's record (same source). */
  child: RecordKey;
}

/**
 * The SEF relationship kinds that are parental roles for linkage. Only roles
 * a child has one of each of: a step-parent or carer can change and there
 * may be several, so two "carers of" one child may be two people.
 */
export const PARENT_ROLES: readonly ParentRole[] = ['mother', 'father', 'parent'];

/** The parental role of an SEF relationship kind, or null (see PARENT_ROLES). */
export function parentRole(kind: string): ParentRole | null {
  return (PARENT_ROLES as readonly string[]).includes(kind) ? (kind as ParentRole) : null;
}

// ---------------------------------------------------------------- identifiers
// The check-digit rules are SEF's (src/sef/identifiers.ts); postcodes are
// normalised here differently on purpose: non-UK codes (FEBRL's) are
// compacted so that they compare, where SEF keeps them as written.

/** The ten digits of a valid NHS number, else null (placeholders of one repeated digit are invalid). */
export function validNhsNumber(raw: string | null | undefined): string | null {
  return typeof raw === 'string' ? normaliseNhsNumber(raw) : null;
}

/** A valid DfE unique pupil number (check letter, then 12 characters) in upper case, else null. */
export function validUpn(raw: string | null | undefined): string | null {
  return typeof raw === 'string' && isValidUpn(raw) ? raw.replace(/\s/g, '').toUpperCase() : null;
}

/** UK postcodes canonicalised ("sw182ab" → "SW18 2AB"); anything else upper case without spaces. */
export function normalisePostcode(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const t = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (t === '') return null;
  const m = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/.exec(t);
  return m ? `${m[1]} ${m[2]}` : t;
}

/** Unit, sector and district of a postcode; non-UK codes (FEBRL's 4 digits) use prefixes instead. */
export function postcodeParts(pc: string): { unit: string; sector: string; district: string } {
  const sp = pc.indexOf(' ');
  if (sp > 0) {
    const outward = pc.slice(0, sp);
    return { unit: pc, sector: `${outward} ${pc.charAt(sp + 1)}`, district: outward };
  }
  return { unit: pc, sector: pc.slice(0, Math.max(1, pc.length - 1)), district: pc.slice(0, Math.max(1, pc.length - 2)) };
}

export function normalisePhone(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let d = raw.replace(/\D/g, '');
  if (d.startsWith('44') && d.length === 12) d = `0${d.slice(2)}`;
  return d.length >= 6 ? d : null;
}

// ---------------------------------------------------------------- dates

function plausible(y: number, m: number | null, d: number | null): BirthDate | null {
  if (!(y >= 1850 && y <= 2150)) return null;
  if (m === null || m < 1 || m > 12) return { year: y, month: null, day: null };
  if (d === null || d < 1 || d > 31) return { year: y, month: m, day: null };
  return { year: y, month: m, day: d };
}

/**
 * `YYYY-MM-DD`, `YYYY-MM`, `YYYY` (SEF) or `YYYYMMDD` (FEBRL). A corrupted
 * month or day lowers the precision rather than discarding the year: the
 * year still helps.
 */
export function parseBirthDate(raw: string | null | undefined): BirthDate | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (m) return plausible(Number(m[1]), m[2] === undefined ? null : Number(m[2]), m[3] === undefined ? null : Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return plausible(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

export function formatBirthDate(d: BirthDate): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  if (d.month === null) return String(d.year);
  if (d.day === null) return `${d.year}-${p(d.month)}`;
  return `${d.year}-${p(d.month)}-${p(d.day)}`;
}

// ---------------------------------------------------------------- SEF

/** The parts of an SEF person record that linkage reads (a structural subset, so the zod type fits it). */
export interface SefPersonLike {
  source: string;
  id: string;
  name?: { given?: string | null; middle?: string | null; family?: string | null } | null;
  aliases?: ReadonlyArray<{ given?: string | null; middle?: string | null; family?: string | null }> | null;
  birthDate?: string | null;
  sex?: string | null;
  nhsNumber?: string | null;
  upn?: string | null;
  addresses?: ReadonlyArray<{ line1?: string | null; line2?: string | null; line3?: string | null; town?: string | null; postcode?: string | null }> | null;
  phones?: ReadonlyArray<string> | null;
  emails?: ReadonlyArray<string> | null;
  isChild?: boolean;
}

function placeholderToNull(n: string | null): string | null {
  return isPlaceholderName(n) ? null : n;
}

function sexOf(raw: string | null | undefined): Sex | null {
  const s = normaliseText(raw);
  if (s === 'female' || s === 'f') return 'female';
  if (s === 'male' || s === 'm') return 'male';
  return null;
}

/** Address first lines lose punctuation and keep their words in order. */
function addressLine(...parts: Array<string | null | undefined>): string | null {
  const t = normaliseText(parts.filter((p) => p !== null && p !== undefined).join(' ')).replace(/'/g, '').trim();
  return t === '' ? null : t;
}

function uniq<T>(xs: T[]): T[] {
  return xs.length < 2 ? tight(xs) : tight([...new Set(xs)]);
}

// Frozen: a caller pushing into it would otherwise change every record.
const EMPTY = Object.freeze([]) as unknown as never[];

/**
 * A list as a record keeps it: one shared empty array, or a copy of exactly
 * its length. An array grown by push reserves room for 17 values (186 bytes
 * holding one, against 58 for the copy); a prepared record holds six such
 * lists, so at 2.35 million records the spare room alone was about 1.8 GB.
 */
export function tight<T>(xs: T[]): T[] {
  return xs.length === 0 ? (EMPTY as T[]) : xs.slice();
}

/**
 * Given names that are placeholders, not names: an unborn or newborn child
 * is "Baby Walker" until named, and linking on "Baby" would join siblings.
 */
const PLACEHOLDER_GIVEN = new Set(['baby', 'unborn', 'infant', 'newborn', 'child', 'boy', 'girl', 'twin', 'twin 1', 'twin 2', 'twin one', 'twin two', 'unknown', 'not known', 'nk', 'na', 'n a', 'none', 'x', 'xx', 'test']);

export function isPlaceholderName(name: string | null): boolean {
  return name !== null && PLACEHOLDER_GIVEN.has(name);
}

/**
 * One copy of each repeated value across many records: a whole store's
 * records repeat the same sources, names, towns, postcodes and household
 * addresses thousands of times, each a string of its own unless shared.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  get<T extends string | null>(s: T): T {
    if (s === null) return s;
    const held = this.strings.get(s);
    if (held !== undefined) return held as T;
    this.strings.set(s, s);
    return s;
  }
}

const NO_POOL = { get: <T extends string | null>(s: T): T => s };

export function fromSefPerson(p: SefPersonLike, pool: Pick<StringPool, 'get'> = NO_POOL): LinkRecord {
  const aliases: LinkName[] = [];
  for (const a of p.aliases ?? []) {
    const given = pool.get(normaliseName(a.given));
    const family = pool.get(normaliseName(a.family));
    if (given !== null || family !== null) aliases.push({ given, family });
  }
  const addresses: LinkAddress[] = [];
  for (const a of p.addresses ?? []) {
    const addr = { line: pool.get(addressLine(a.line1, a.line2, a.line3)), town: pool.get(normaliseName(a.town)), postcode: pool.get(normalisePostcode(a.postcode)) };
    if (addr.line !== null || addr.postcode !== null || addr.town !== null) addresses.push(addr);
  }
  const rec: LinkRecord = {
    key: { source: pool.get(p.source), id: p.id },
    given: pool.get(placeholderToNull(normaliseName(p.name?.given))),
    middle: pool.get(placeholderToNull(normaliseName(p.name?.middle))),
    family: pool.get(normaliseName(p.name?.family)),
    aliases: tight(aliases),
    birthDate: parseBirthDate(p.birthDate),
    sex: sexOf(p.sex),
    nhsNumber: validNhsNumber(p.nhsNumber),
    upn: validUpn(p.upn),
    otherId: null,
    addresses: tight(addresses),
    phones: uniq((p.phones ?? []).map(normalisePhone).filter((x): x is string => x !== null)),
    emails: uniq((p.emails ?? []).map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@'))),
  };
  if (p.isChild !== undefined) rec.isChild = p.isChild;
  return rec;
}

// ---------------------------------------------------------------- FEBRL

/**
 * A FEBRL row (columns rec_id, given_name, surname, street_number,
 * address_1, address_2, suburb, postcode, state, date_of_birth,
 * soc_sec_id), values already trimmed of FEBRL's leading spaces.
 */
export function fromFebrlRow(row: Record<string, string | undefined>, source: string): LinkRecord {
  const v = (k: string): string | null => {
    const x = row[k]?.trim();
    return x === undefined || x === '' ? null : x;
  };
  const ssn = v('soc_sec_id')?.replace(/\D/g, '') ?? '';
  const line = addressLine(v('street_number'), v('address_1'), v('address_2'));
  const addr: LinkAddress = { line, town: normaliseName(v('suburb')), postcode: normalisePostcode(v('postcode')) };
  return {
    key: { source, id: v('rec_id') ?? '' },
    given: normaliseName(v('given_name')),
    middle: null,
    family: normaliseName(v('surname')),
    aliases: [],
    birthDate: parseBirthDate(v('date_of_birth')),
    sex: null,
    nhsNumber: null,
    upn: null,
    otherId: ssn === '' ? null : ssn,
    addresses: addr.line === null && addr.town === null && addr.postcode === null ? [] : [addr],
    phones: [],
    emails: [],
  };
}

/** An SEF relationship as linkage reads it: "`to` is the `kind` of `from`", both person ids of `source`. */
export interface RelationshipLike {
  source: string;
  from: string;
  to: string;
  kind: string;
}

/**
 * Sets each record's `parentOf` from its source's relationships (parental
 * kinds only; others, and those naming records not given, are ignored).
 * Records keep their order; a record with no child gets no field.
 */
export function attachParentLinks(records: readonly LinkRecord[], relationships: Iterable<RelationshipLike>): void {
  const byKey = new Map(records.map((r) => [keyString(r.key), r]));
  for (const rel of relationships) {
    const role = parentRole(rel.kind);
    if (role === null || rel.from === rel.to) continue;
    const parent = byKey.get(keyString({ source: rel.source, id: rel.to }));
    if (parent === undefined) continue;
    const child = { source: rel.source, id: rel.from };
    const links = (parent.parentOf ??= []);
    if (!links.some((l) => l.role === role && l.child.id === child.id)) links.push({ role, child });
  }
}

export function keyString(k: RecordKey): string {
  return `${k.source}:${k.id}`;
}
