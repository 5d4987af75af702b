// Records prepared for fast comparison, one typed array per field: names
// interned to integer ids in one dictionary (so "given on one side equals
// family on the other" is an integer test and Jaro-Winkler results can be
// cached by id pair), identifiers, postcodes, phones and emails interned in
// another, phonetic keys and nickname groups computed once per distinct
// name, dates split into parts. Columns rather than an object per record:
// at a million records the objects were most of linking's heap and every
// collection traced them, and columns can be shared with a worker thread
// (see `shareable`, `fromShared`) instead of copied and prepared again.

import { nicknameGroups } from './nicknames.ts';
import { postcodeParts, type LinkRecord } from './record.ts';
import { jaroWinkler, phoneticKey } from './strings.ts';

/** A list per record: record i's values are values[start[i] .. start[i + 1]). */
export interface Lists {
  start: Uint32Array;
  values: Int32Array;
}

/** The prepared fields, column by column (index = the record's index in the set). */
export interface PreparedColumns {
  /** Name ids (in `names`), -1 when missing. */
  given: Int32Array;
  middle: Int32Array;
  family: Int32Array;
  /** Other names the person is known by: alias givens and middle name. */
  otherGiven: Lists;
  /** Alias and former family names, and the parts of a multi-part family name. */
  otherFamily: Lists;
  /** -1 when unknown. */
  year: Int16Array;
  month: Int8Array;
  day: Int8Array;
  /** YYYYMMDD when the date is complete, else -1. */
  dob8: Int32Array;
  /** 0 unknown, 1 female, 2 male. */
  sex: Uint8Array;
  /** 1 when known to be a child's record: flagged by the caller (a school, a nursery), or it carries a UPN. */
  child: Uint8Array;
  /** Code ids (in `codes`), -1 when missing. */
  nhs: Int32Array;
  upn: Int32Array;
  otherId: Int32Array;
  /** Postcode units, sectors and districts: ids in `codes`. */
  postcodes: Lists;
  sectors: Lists;
  districts: Lists;
  /** Term frequency of each postcode, beside `postcodes.values`. */
  tfPostcodes: Float64Array;
  /** Address-line ids in `lines`. */
  lines: Lists;
  /** Town ids in `names`. */
  towns: Lists;
  /** Ids in `codes`. */
  phones: Lists;
  emails: Lists;
  /** Term frequencies of the given and family name (0 when unknown). */
  tfGiven: Float64Array;
  tfFamily: Float64Array;
}

/** Relative frequencies (0..1) of values in the population being linked. */
export interface TermFrequencies {
  given: Map<string, number>;
  family: Map<string, number>;
  postcode: Map<string, number>;
}

export class Interner {
  // Built on first use: a worker's copy (made from the values) only reads them.
  private ids: Map<string, number> | null = null;
  constructor(readonly values: string[] = []) {}
  id(s: string | null): number {
    if (s === null) return -1;
    if (this.ids === null) {
      const ids = new Map<string, number>();
      for (let k = 0; k < this.values.length; k++) ids.set(this.values[k] as string, k);
      this.ids = ids;
    }
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
  value(i: number): string {
    return this.values[i] ?? '';
  }
  /** Frees the lookup from value to id (a Map of every distinct value: millions of identifiers at scale) until `id` is next called. */
  release(): void {
    this.ids = null;
  }
}

const CACHE_LIMIT = 2_000_000;

/**
 * Numbers memoised by a pair of small non-negative ints, in typed arrays.
 * A Map keyed by one number made of the pair held each key beyond 2^31 and
 * each value as a heap object: at 2,000,000 entries 123 MB that every
 * collection traces, against 84 MB of plain arrays here, and a lookup took
 * 245 ns against 151 (tmp measurement). Open addressing, linear probing, at
 * most half full; it grows by doubling and is emptied at `limit` entries.
 */
export class PairMemo {
  private los = new Int32Array(0);
  private his = new Int32Array(0);
  private values = new Float64Array(0);
  private mask = -1;
  size = 0;

  constructor(readonly limit: number) {
    this.reset(1024);
  }

  private reset(slots: number): void {
    this.los = new Int32Array(slots).fill(-1);
    this.his = new Int32Array(slots);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
    this.size = 0;
  }

  private slot(lo: number, hi: number): number {
    let i = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & this.mask;
    while (this.los[i] !== -1 && (this.los[i] !== lo || this.his[i] !== hi)) i = (i + 1) & this.mask;
    return i;
  }

  /** The value for the pair, or undefined. */
  get(lo: number, hi: number): number | undefined {
    const i = this.slot(lo, hi);
    return this.los[i] === -1 ? undefined : this.values[i];
  }

  set(lo: number, hi: number, value: number): void {
    if (this.size >= this.limit) this.reset(this.los.length);
    else if ((this.size + 1) * 2 > this.los.length) this.grow();
    const i = this.slot(lo, hi);
    if (this.los[i] === -1) this.size++;
    this.los[i] = lo;
    this.his[i] = hi;
    this.values[i] = value;
  }

  private grow(): void {
    const { los, his, values } = this;
    this.reset(los.length * 2);
    for (let i = 0; i < los.length; i++) {
      const lo = los[i] as number;
      if (lo === -1) continue;
      const j = this.slot(lo, his[i] as number);
      this.los[j] = lo;
      this.his[j] = his[i] as number;
      this.values[j] = values[i] as number;
      this.size++;
    }
  }
}

/**
 * Jaro-Winkler by id pair. Most pairs the scorer meets are strangers, so an
 * upper bound from letter counts (matches ≤ Σ min(count) per letter) rejects
 * them without running the algorithm; only the rest are computed and
 * memoised, since the same name pairs recur across a population.
 * `jw` is exact when the result is ≥ `floor`; below it, it may return any
 * value below `floor` (callers only compare with thresholds ≥ floor).
 */
export class SimilarityCache {
  private readonly cache = new PairMemo(CACHE_LIMIT);
  private hist = new Uint8Array(0);
  private lens = new Int32Array(0);
  private built = 0;
  constructor(
    private readonly dict: Interner,
    readonly floor = 0.88,
  ) {}
  private ensure(id: number): void {
    if (id < this.built) return;
    const n = this.dict.values.length;
    if (n * 27 > this.hist.length) {
      const h = new Uint8Array(Math.max(n, 1024) * 2 * 27);
      h.set(this.hist);
      this.hist = h;
      const l = new Int32Array(Math.max(n, 1024) * 2);
      l.set(this.lens);
      this.lens = l;
    }
    for (let i = this.built; i < n; i++) {
      const s = this.dict.value(i);
      this.lens[i] = s.length;
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k) - 97;
        const slot = i * 27 + (c >= 0 && c < 26 ? c : 26);
        if ((this.hist[slot] as number) < 255) this.hist[slot]! += 1;
      }
    }
    this.built = n;
  }
  jw(a: number, b: number): number {
    if (a === b) return 1;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    this.ensure(hi);
    const la = this.lens[lo] as number;
    const lb = this.lens[hi] as number;
    if (la === 0 || lb === 0) return 0;
    // Length alone bounds Jaro: (1 + short/long + 1) / 3.
    const ratio = la < lb ? la / lb : lb / la;
    const lenMax = (2 + ratio) / 3;
    if (lenMax + 0.4 * (1 - lenMax) < this.floor) return lenMax;
    if (this.dict.value(lo).charCodeAt(0) !== this.dict.value(hi).charCodeAt(0) && lenMax < this.floor) return lenMax; // no prefix boost possible
    let m = 0;
    const h = this.hist;
    const oa = lo * 27;
    const ob = hi * 27;
    for (let k = 0; k < 27; k++) {
      const x = h[oa + k] as number;
      const y = h[ob + k] as number;
      m += x < y ? x : y;
    }
    const jaroMax = m === 0 ? 0 : (m / la + m / lb + 1) / 3;
    if (jaroMax + 0.4 * (1 - jaroMax) < this.floor) return jaroMax; // below floor whatever the prefix
    let v = this.cache.get(lo, hi);
    if (v === undefined) {
      v = jaroWinkler(this.dict.value(lo), this.dict.value(hi));
      this.cache.set(lo, hi, v);
    }
    return v;
  }
}

export interface PreparedSet {
  /** How many records. */
  size: number;
  columns: PreparedColumns;
  /** The records as given. Empty in a set rebuilt from shared columns on a worker (`fromShared`), which only scores. */
  source: LinkRecord[];
  names: Interner;
  lines: Interner;
  /** Identifiers, postcodes (units, sectors, districts), phones and emails. */
  codes: Interner;
  /** Per name id: phonetic key id (in `phonetics`), -1 for none. */
  phonetic: number[];
  phonetics: Interner;
  nick: Array<readonly number[]>;
  /** Per address-line id: its token ids (in `tokens`). */
  lineTokens: number[][];
  tokens: Interner;
  /** Per token id: its first letter's code when it may match fuzzily (alphabetic, ≥ 4 letters), else -1. */
  tokenFuzzyClass: Int32Array;
  nameSim: SimilarityCache;
  tokenSim: SimilarityCache;
}

function tally(values: Iterable<string | null>): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    if (v === null) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    total++;
  }
  for (const [k, c] of counts) counts.set(k, c / Math.max(1, total));
  return counts;
}

/** Term frequencies of given names, family names and postcodes among the records (one count per record). */
export function termFrequencies(records: readonly LinkRecord[]): TermFrequencies {
  return {
    given: tally(records.map((r) => r.given)),
    family: tally(records.map((r) => r.family)),
    postcode: tally(records.flatMap((r) => [...new Set(r.addresses.map((a) => a.postcode))])),
  };
}

/**
 * A list column built record by record into typed arrays. Plain arrays
 * grown by push to millions of entries took 5.8 s of a 2.35-million-record
 * prepare (CPU profile), most of it copying as they grew.
 */
class ListBuilder {
  private readonly starts: Uint32Array;
  private values = new Int32Array(1024);
  private used = 0;
  private records = 0;
  constructor(n: number) {
    this.starts = new Uint32Array(n + 1);
  }
  /** Appends record's list (its values distinct, in first-seen order). */
  push(xs: readonly number[]): void {
    if (this.used + xs.length > this.values.length) {
      const grown = new Int32Array(Math.max(this.values.length * 2, this.used + xs.length));
      grown.set(this.values);
      this.values = grown;
    }
    for (let k = 0; k < xs.length; k++) this.values[this.used++] = xs[k] as number;
    this.starts[++this.records] = this.used;
  }
  build(): Lists {
    return { start: this.starts.slice(0, this.records + 1), values: this.values.slice(0, this.used) };
  }
}

/** Counts of ids, for term frequencies computed while preparing. */
class IdCounts {
  private counts = new Uint32Array(1024);
  total = 0;
  add(id: number): void {
    if (id < 0) return;
    if (id >= this.counts.length) {
      const grown = new Uint32Array(Math.max(this.counts.length * 2, id + 1));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[id]! += 1;
    this.total++;
  }
  /** As `tally`: the id's share of all counted. */
  share(id: number): number {
    return id < 0 ? 0 : (this.counts[id] ?? 0) / Math.max(1, this.total);
  }
}

export function prepare(records: readonly LinkRecord[], tf?: TermFrequencies): PreparedSet {
  const n = records.length;
  const names = new Interner();
  const lines = new Interner();
  const codes = new Interner();
  const phonetics = new Interner();
  const tokens = new Interner();
  const phonetic: number[] = [];
  const nick: Array<readonly number[]> = [];
  const lineTokens: number[][] = [];
  const pushNew = (xs: number[], x: number): void => {
    if (!xs.includes(x)) xs.push(x);
  };
  const name = (s: string | null): number => {
    const id = names.id(s);
    if (id >= 0 && id === phonetic.length) {
      // Ids are dense and new ones come in order: compute once, append.
      const k = phoneticKey(s ?? '');
      phonetic.push(k === '' ? -1 : phonetics.id(k));
      nick.push(nicknameGroups(s ?? ''));
    }
    return id;
  };
  const line = (s: string | null): number => {
    const id = lines.id(s);
    if (id >= 0 && id === lineTokens.length) {
      const ids: number[] = [];
      for (const t of (s ?? '').split(' ')) if (t !== '') pushNew(ids, tokens.id(t));
      lineTokens.push(ids);
    }
    return id;
  };
  // Without given frequencies, they are counted by id as records are
  // prepared (termFrequencies' figures, without a Map of strings per field).
  const counted = tf === undefined ? { given: new IdCounts(), family: new IdCounts(), postcode: new IdCounts() } : null;
  const pcParts = new Map<number, { sector: number; district: number }>();
  const columns = {
    given: new Int32Array(n),
    middle: new Int32Array(n),
    family: new Int32Array(n),
    year: new Int16Array(n),
    month: new Int8Array(n),
    day: new Int8Array(n),
    dob8: new Int32Array(n),
    sex: new Uint8Array(n),
    child: new Uint8Array(n),
    nhs: new Int32Array(n),
    upn: new Int32Array(n),
    otherId: new Int32Array(n),
    tfGiven: new Float64Array(n),
    tfFamily: new Float64Array(n),
  };
  const lists = {
    otherGiven: new ListBuilder(n),
    otherFamily: new ListBuilder(n),
    postcodes: new ListBuilder(n),
    sectors: new ListBuilder(n),
    districts: new ListBuilder(n),
    lines: new ListBuilder(n),
    towns: new ListBuilder(n),
    phones: new ListBuilder(n),
    emails: new ListBuilder(n),
  };
  const tfPostcodes: number[] = [];
  // Scratch lists, emptied per record: this runs a million times for a large partnership.
  const otherGiven: number[] = [];
  const otherFamily: number[] = [];
  const postcodes: number[] = [];
  const sectors: number[] = [];
  const districts: number[] = [];
  const lineIds: number[] = [];
  const towns: number[] = [];
  const phones: number[] = [];
  const emails: number[] = [];
  for (let index = 0; index < n; index++) {
    const r = records[index] as LinkRecord;
    otherGiven.length = otherFamily.length = postcodes.length = sectors.length = districts.length = lineIds.length = towns.length = phones.length = emails.length = 0;
    const given = name(r.given);
    const family = name(r.family);
    if (r.middle !== null) for (const part of r.middle.split(' ')) pushNew(otherGiven, name(part));
    for (const a of r.aliases) {
      if (a.given !== null) pushNew(otherGiven, name(a.given));
      if (a.family !== null) {
        pushNew(otherFamily, name(a.family));
        if (a.family.includes(' ')) for (const part of a.family.split(' ')) pushNew(otherFamily, name(part));
      }
    }
    if (r.family !== null && r.family.includes(' ')) for (const part of r.family.split(' ')) if (part.length > 1) pushNew(otherFamily, name(part));
    const gi = otherGiven.indexOf(given);
    if (gi >= 0) otherGiven.splice(gi, 1);
    const fi = otherFamily.indexOf(family);
    if (fi >= 0) otherFamily.splice(fi, 1);
    for (const a of r.addresses) {
      const pc = a.postcode;
      const id = codes.id(pc);
      if (pc !== null && !postcodes.includes(id)) {
        postcodes.push(id);
        if (counted !== null) counted.postcode.add(id);
        else tfPostcodes.push(tf?.postcode.get(pc) ?? 0);
        let parts = pcParts.get(id);
        if (parts === undefined) {
          const p = postcodeParts(pc);
          parts = { sector: codes.id(p.sector), district: codes.id(p.district) };
          pcParts.set(id, parts);
        }
        pushNew(sectors, parts.sector);
        pushNew(districts, parts.district);
      }
      if (a.line !== null) pushNew(lineIds, line(a.line));
      if (a.town !== null) pushNew(towns, name(a.town));
    }
    // Distinct already (record.ts), kept in their order.
    for (const p of r.phones) phones.push(codes.id(p));
    for (const e of r.emails) emails.push(codes.id(e));
    const bd = r.birthDate;
    columns.given[index] = given;
    columns.middle[index] = name(r.middle);
    columns.family[index] = family;
    columns.year[index] = bd?.year ?? -1;
    columns.month[index] = bd?.month ?? -1;
    columns.day[index] = bd?.day ?? -1;
    columns.dob8[index] = bd && bd.month !== null && bd.day !== null ? bd.year * 10_000 + bd.month * 100 + bd.day : -1;
    columns.sex[index] = r.sex === 'female' ? 1 : r.sex === 'male' ? 2 : 0;
    columns.child[index] = r.isChild === true || r.upn !== null ? 1 : 0;
    columns.nhs[index] = codes.id(r.nhsNumber);
    columns.upn[index] = codes.id(r.upn);
    columns.otherId[index] = codes.id(r.otherId);
    if (counted !== null) {
      counted.given.add(given);
      counted.family.add(family);
    } else {
      columns.tfGiven[index] = r.given === null ? 0 : (tf?.given.get(r.given) ?? 0);
      columns.tfFamily[index] = r.family === null ? 0 : (tf?.family.get(r.family) ?? 0);
    }
    lists.otherGiven.push(otherGiven);
    lists.otherFamily.push(otherFamily);
    lists.postcodes.push(postcodes);
    lists.sectors.push(sectors);
    lists.districts.push(districts);
    lists.lines.push(lineIds);
    lists.towns.push(towns);
    lists.phones.push(phones);
    lists.emails.push(emails);
  }
  // Comparisons read values by id; nothing looks an id up again (the lookups rebuild if anything does).
  for (const it of [names, lines, codes, phonetics, tokens]) it.release();
  const postcodeLists = lists.postcodes.build();
  if (counted !== null) {
    for (let i = 0; i < n; i++) {
      columns.tfGiven[i] = counted.given.share(columns.given[i] as number);
      columns.tfFamily[i] = counted.family.share(columns.family[i] as number);
    }
    for (const id of postcodeLists.values) tfPostcodes.push(counted.postcode.share(id));
  }
  return assemble(
    {
      ...columns,
      otherGiven: lists.otherGiven.build(),
      otherFamily: lists.otherFamily.build(),
      postcodes: postcodeLists,
      sectors: lists.sectors.build(),
      districts: lists.districts.build(),
      tfPostcodes: Float64Array.from(tfPostcodes),
      lines: lists.lines.build(),
      towns: lists.towns.build(),
      phones: lists.phones.build(),
      emails: lists.emails.build(),
    },
    [...records],
    { names, lines, codes, phonetics, tokens },
    { phonetic, nick, lineTokens },
  );
}

/** What a set holds besides its columns: small next to them (one entry per distinct value), copied to a worker. */
export interface Dictionaries {
  names: string[];
  lines: string[];
  codes: string[];
  phonetics: string[];
  tokens: string[];
  phonetic: number[];
  nick: Array<readonly number[]>;
  lineTokens: number[][];
}

type Interners = Pick<PreparedSet, 'names' | 'lines' | 'codes' | 'phonetics' | 'tokens'>;

function assemble(columns: PreparedColumns, source: LinkRecord[], interners: Interners, d: Pick<Dictionaries, 'phonetic' | 'nick' | 'lineTokens'>): PreparedSet {
  return {
    size: columns.given.length,
    columns,
    source,
    ...interners,
    phonetic: d.phonetic,
    nick: d.nick,
    lineTokens: d.lineTokens,
    tokenFuzzyClass: Int32Array.from(interners.tokens.values, (t) => (/^[a-z]{4,}$/.test(t) ? t.charCodeAt(0) : -1)),
    nameSim: new SimilarityCache(interners.names),
    tokenSim: new SimilarityCache(interners.tokens, 0.9),
  };
}

/** A prepared set as a worker thread receives it: the columns in shared memory (not copied), the dictionaries copied. */
export interface SharedPreparedSet {
  columns: PreparedColumns;
  dictionaries: Dictionaries;
}

type Column = Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | Float64Array;

function toShared<T extends Column>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const shared = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  shared.set(a as never);
  return shared;
}

/**
 * The set's columns moved into shared memory (once; the set then uses the
 * shared copies) and its dictionaries, for `fromShared` on a worker.
 */
export function shareable(set: PreparedSet): SharedPreparedSet {
  const c = set.columns;
  const list = (l: Lists): Lists => ({ start: toShared(l.start), values: toShared(l.values) });
  const shared: PreparedColumns = {
    given: toShared(c.given),
    middle: toShared(c.middle),
    family: toShared(c.family),
    otherGiven: list(c.otherGiven),
    otherFamily: list(c.otherFamily),
    year: toShared(c.year),
    month: toShared(c.month),
    day: toShared(c.day),
    dob8: toShared(c.dob8),
    sex: toShared(c.sex),
    child: toShared(c.child),
    nhs: toShared(c.nhs),
    upn: toShared(c.upn),
    otherId: toShared(c.otherId),
    postcodes: list(c.postcodes),
    sectors: list(c.sectors),
    districts: list(c.districts),
    tfPostcodes: toShared(c.tfPostcodes),
    lines: list(c.lines),
    towns: list(c.towns),
    phones: list(c.phones),
    emails: list(c.emails),
    tfGiven: toShared(c.tfGiven),
    tfFamily: toShared(c.tfFamily),
  };
  set.columns = shared;
  return {
    columns: shared,
    dictionaries: {
      names: set.names.values,
      lines: set.lines.values,
      codes: set.codes.values,
      phonetics: set.phonetics.values,
      tokens: set.tokens.values,
      phonetic: set.phonetic,
      nick: set.nick,
      lineTokens: set.lineTokens,
    },
  };
}

/** A set for scoring on a worker thread: the same weights as the set it came from, without its source records. */
export function fromShared(shared: SharedPreparedSet): PreparedSet {
  const d = shared.dictionaries;
  const interners = { names: new Interner(d.names), lines: new Interner(d.lines), codes: new Interner(d.codes), phonetics: new Interner(d.phonetics), tokens: new Interner(d.tokens) };
  return assemble(shared.columns, [], interners, d);
}
