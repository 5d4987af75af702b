// Records prepared for fast comparison: names interned to integer ids in one
// dictionary (so "given on one side equals family on the other" is an integer
// test and Jaro-Winkler results can be cached by id pair), phonetic keys and
// nickname groups computed once per distinct name, dates split into parts.
// A PreparedSet is plain data (arrays, numbers, strings) apart from its
// caches, so it can be rebuilt inside a worker from the same LinkRecords.

import { nicknameGroups } from './nicknames.ts';
import { postcodeParts, tight, type LinkRecord } from './record.ts';
import { jaroWinkler, phoneticKey } from './strings.ts';

export interface PreparedRecord {
  index: number;
  given: number;
  middle: number;
  family: number;
  /** Other names the person is known by: alias givens and middle name. */
  otherGiven: number[];
  /** Alias and former family names, and the parts of a multi-part family name. */
  otherFamily: number[];
  /** year, month, day; -1 when unknown. */
  year: number;
  month: number;
  day: number;
  /** YYYYMMDD when the date is complete, else ''. */
  dob8: string;
  /** 0 unknown, 1 female, 2 male. */
  sex: number;
  /** Known to be a child's record: flagged by the caller (a school, a nursery), or it carries a UPN. */
  child: boolean;
  nhs: string | null;
  upn: string | null;
  otherId: string | null;
  postcodes: string[];
  sectors: string[];
  districts: string[];
  /** Address-line ids in the address dictionary. */
  lines: number[];
  towns: number[];
  phones: string[];
  emails: string[];
  /** Term frequencies of the given name, family name and each postcode (0 when unknown). */
  tfGiven: number;
  tfFamily: number;
  tfPostcodes: number[];
}

/** Relative frequencies (0..1) of values in the population being linked. */
export interface TermFrequencies {
  given: Map<string, number>;
  family: Map<string, number>;
  postcode: Map<string, number>;
}

export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string | null): number {
    if (s === null) return -1;
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
  records: PreparedRecord[];
  source: LinkRecord[];
  names: Interner;
  lines: Interner;
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
  tf: TermFrequencies;
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

export function prepare(records: readonly LinkRecord[], tf?: TermFrequencies): PreparedSet {
  const names = new Interner();
  const lines = new Interner();
  const phonetics = new Interner();
  const tokens = new Interner();
  const phonetic: number[] = [];
  const nick: Array<readonly number[]> = [];
  const lineTokens: number[][] = [];
  const pushNew = <T>(xs: T[], x: T): void => {
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
      for (const t of (s ?? '').split(' ')) if (t !== '' ) pushNew(ids, tokens.id(t));
      lineTokens.push(ids);
    }
    return id;
  };
  const freq = tf ?? termFrequencies(records);
  const pcParts = new Map<string, { sector: string; district: string }>();
  // Plain loops and small arrays rather than Sets and spreads: this runs
  // once per record, a million times for a large partnership.
  const out: PreparedRecord[] = new Array<PreparedRecord>(records.length);
  for (let index = 0; index < records.length; index++) {
    const r = records[index] as LinkRecord;
    const given = name(r.given);
    const family = name(r.family);
    const otherGiven: number[] = [];
    const otherFamily: number[] = [];
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
    const postcodes: string[] = [];
    const sectors: string[] = [];
    const districts: string[] = [];
    const lineIds: number[] = [];
    const towns: number[] = [];
    const tfPostcodes: number[] = [];
    for (const a of r.addresses) {
      const pc = a.postcode;
      if (pc !== null && !postcodes.includes(pc)) {
        postcodes.push(pc);
        tfPostcodes.push(freq.postcode.get(pc) ?? 0);
        let parts = pcParts.get(pc);
        if (parts === undefined) {
          parts = postcodeParts(pc);
          pcParts.set(pc, parts);
        }
        pushNew(sectors, parts.sector);
        pushNew(districts, parts.district);
      }
      if (a.line !== null) pushNew(lineIds, line(a.line));
      if (a.town !== null) pushNew(towns, name(a.town));
    }
    const bd = r.birthDate;
    // Most lists are empty (no alias, no phone): one shared empty array
    // instead of millions saves about a tenth of the memory at scale.
    out[index] = {
      index,
      given,
      middle: name(r.middle),
      family,
      otherGiven: tight(otherGiven),
      otherFamily: tight(otherFamily),
      year: bd?.year ?? -1,
      month: bd?.month ?? -1,
      day: bd?.day ?? -1,
      dob8: bd && bd.month !== null && bd.day !== null ? `${bd.year}${bd.month < 10 ? '0' : ''}${bd.month}${bd.day < 10 ? '0' : ''}${bd.day}` : '',
      sex: r.sex === 'female' ? 1 : r.sex === 'male' ? 2 : 0,
      child: r.isChild === true || r.upn !== null,
      nhs: r.nhsNumber,
      upn: r.upn,
      otherId: r.otherId,
      postcodes: tight(postcodes),
      sectors: tight(sectors),
      districts: tight(districts),
      lines: tight(lineIds),
      towns: tight(towns),
      phones: r.phones,
      emails: r.emails,
      tfGiven: r.given === null ? 0 : (freq.given.get(r.given) ?? 0),
      tfFamily: r.family === null ? 0 : (freq.family.get(r.family) ?? 0),
      tfPostcodes: tight(tfPostcodes),
    };
  }
  return {
    records: out,
    source: [...records],
    names,
    lines,
    phonetic,
    phonetics,
    nick,
    lineTokens,
    tokens,
    tokenFuzzyClass: Int32Array.from(tokens.values, (t) => (/^[a-z]{4,}$/.test(t) ? t.charCodeAt(0) : -1)),
    nameSim: new SimilarityCache(names),
    tokenSim: new SimilarityCache(tokens, 0.9),
    tf: freq,
  };
}
