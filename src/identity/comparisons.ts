// Comparisons: for each field, an ordered list of levels; the first level
// that holds wins, and -1 (the null level) means a value is missing on
// either side, which adds no evidence. Every comparison is symmetric.

import type { PreparedRecord, PreparedSet } from './prepare.ts';
import { withinOneEdit } from './strings.ts';

export type TfField = 'given' | 'family' | 'postcode';

export interface LevelDef {
  label: string;
  /** Term-frequency adjustment on this level, weighted by `tfWeight` (1 on exact levels). */
  tf?: TfField;
  tfWeight?: number;
}

export interface Comparison {
  name: string;
  /** Levels from strongest to the final "else" level. */
  levels: readonly LevelDef[];
  compare(a: PreparedRecord, b: PreparedRecord, set: PreparedSet): number;
}

export const JW_HIGH = 0.92;
export const JW_LOW = 0.88;

// Indexed loops, not for-of, and no closures made per call, here and below:
// training compares a million random pairs, and the iterators and closures
// were a third of what it allocated.
function shares(xs: readonly number[], ys: readonly number[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x >= 0 && ys.includes(x)) return true;
  }
  return false;
}

function nicknames(set: PreparedSet, a: number, b: number): boolean {
  const ga = set.nick[a];
  const gb = set.nick[b];
  if (!ga || !gb || ga.length === 0 || gb.length === 0) return false;
  return shares(ga, gb);
}

function phoneticEqual(set: PreparedSet, a: number, b: number): boolean {
  const pa = set.phonetic[a] ?? -1;
  return pa >= 0 && pa === (set.phonetic[b] ?? -1);
}

/** Given and family names entered the wrong way round, allowing a typo in each (both crossed pairs must agree). */
function swapped(a: PreparedRecord, b: PreparedRecord, set: PreparedSet): boolean {
  if (a.given < 0 || a.family < 0 || b.given < 0 || b.family < 0) return false;
  return (a.given === b.family || set.nameSim.jw(a.given, b.family) >= JW_LOW) && (a.family === b.given || set.nameSim.jw(a.family, b.given) >= JW_LOW);
}

export const givenName: Comparison = {
  name: 'given',
  levels: [
    { label: 'exact', tf: 'given', tfWeight: 1 },
    { label: `given and family swapped (JW ≥ ${JW_LOW} each)` },
    { label: `Jaro-Winkler ≥ ${JW_HIGH}` },
    { label: 'nickname or diminutive' },
    { label: 'matches a middle name or alias' },
    { label: `Jaro-Winkler ≥ ${JW_LOW}` },
    { label: 'same phonetic key' },
    { label: 'different' },
  ],
  compare(a, b, set) {
    if (a.given < 0 || b.given < 0) return -1;
    if (a.given === b.given) return 0;
    if (swapped(a, b, set)) return 1;
    const jw = set.nameSim.jw(a.given, b.given);
    if (jw >= JW_HIGH) return 2;
    if (nicknames(set, a.given, b.given)) return 3;
    if (b.otherGiven.includes(a.given) || a.otherGiven.includes(b.given) || shares(a.otherGiven, b.otherGiven)) return 4;
    if (jw >= JW_LOW) return 5;
    if (phoneticEqual(set, a.given, b.given)) return 6;
    return 7;
  },
};

export const familyName: Comparison = {
  name: 'family',
  levels: [
    { label: 'exact', tf: 'family', tfWeight: 1 },
    { label: `given and family swapped (JW ≥ ${JW_LOW} each)` },
    { label: `Jaro-Winkler ≥ ${JW_HIGH}` },
    { label: 'matches part of a double-barrelled name, an alias or a former name' },
    { label: `Jaro-Winkler ≥ ${JW_LOW}` },
    { label: 'same phonetic key' },
    { label: 'different' },
  ],
  compare(a, b, set) {
    if (a.family < 0 || b.family < 0) return -1;
    if (a.family === b.family) return 0;
    if (swapped(a, b, set)) return 1;
    const jw = set.nameSim.jw(a.family, b.family);
    if (jw >= JW_HIGH) return 2;
    if (b.otherFamily.includes(a.family) || a.otherFamily.includes(b.family) || shares(a.otherFamily, b.otherFamily)) return 3;
    if (jw >= JW_LOW) return 4;
    if (phoneticEqual(set, a.family, b.family)) return 5;
    return 6;
  },
};

export const middleName: Comparison = {
  name: 'middle',
  levels: [{ label: 'exact' }, { label: 'same initial or Jaro-Winkler ≥ 0.88' }, { label: 'different' }],
  compare(a, b, set) {
    if (a.middle < 0 || b.middle < 0) return -1;
    if (a.middle === b.middle) return 0;
    const x = set.names.value(a.middle);
    const y = set.names.value(b.middle);
    // An initial recorded against a full name ("M" and "Megan") agrees as far as it goes.
    if (((x.length === 1 || y.length === 1) && x.charCodeAt(0) === y.charCodeAt(0)) || set.nameSim.jw(a.middle, b.middle) >= JW_LOW) return 1;
    return 2;
  },
};

/** Days since an epoch, for "within a year"; month-precision dates use the 15th. */
function dayNumber(y: number, m: number, d: number): number {
  // Days from civil (proleptic Gregorian), without allocating a Date.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
}

/** Two YYYYMMDD strings one substitution or one adjacent transposition apart. */
function oneTypo(x: string, y: string): boolean {
  let diff = -1;
  let n = 0;
  for (let i = 0; i < 8; i++) {
    if (x.charCodeAt(i) !== y.charCodeAt(i)) {
      if (n === 0) diff = i;
      n++;
      if (n > 2) return false;
    }
  }
  if (n === 1) return true;
  return n === 2 && x.charCodeAt(diff) === y.charCodeAt(diff + 1) && x.charCodeAt(diff + 1) === y.charCodeAt(diff);
}

export const birthDate: Comparison = {
  name: 'dob',
  levels: [
    { label: 'exact' },
    { label: 'day and month transposed' },
    { label: 'one digit wrong or two adjacent digits swapped' },
    { label: 'agree as far as both are known (partial date)' },
    { label: 'within a year' },
    { label: 'different' },
  ],
  compare(a, b) {
    if (a.year < 0 || b.year < 0) return -1;
    if (a.dob8 !== '' && b.dob8 !== '') {
      if (a.dob8 === b.dob8) return 0;
      if (a.year === b.year && a.month === b.day && a.day === b.month) return 1;
      if (oneTypo(a.dob8, b.dob8)) return 2;
      return Math.abs(dayNumber(a.year, a.month, a.day) - dayNumber(b.year, b.month, b.day)) <= 366 ? 4 : 5;
    }
    // At least one side is partial: compare at the precision both have.
    if (a.year === b.year && (a.month < 0 || b.month < 0 || a.month === b.month)) return 3;
    if (a.month > 0 && b.month > 0) return Math.abs(dayNumber(a.year, a.month, 15) - dayNumber(b.year, b.month, 15)) <= 366 ? 4 : 5;
    return Math.abs(a.year - b.year) <= 1 ? 4 : 5;
  },
};

export const sex: Comparison = {
  name: 'sex',
  levels: [{ label: 'same' }, { label: 'different' }],
  compare(a, b) {
    if (a.sex === 0 || b.sex === 0) return -1;
    return a.sex === b.sex ? 0 : 1;
  },
};

function identifier(name: string, pick: (r: PreparedRecord) => string | null, what: string): Comparison {
  return {
    name,
    levels: [{ label: `same ${what}` }, { label: `different valid ${what}s` }],
    compare(a, b) {
      const x = pick(a);
      const y = pick(b);
      if (x === null || y === null) return -1;
      return x === y ? 0 : 1;
    },
  };
}

export const nhsNumber = identifier('nhs', (r) => r.nhs, 'NHS number');
export const upn = identifier('upn', (r) => r.upn, 'UPN');

export const otherId: Comparison = {
  name: 'otherId',
  levels: [{ label: 'same' }, { label: 'one character wrong or two swapped' }, { label: 'different' }],
  compare(a, b) {
    if (a.otherId === null || b.otherId === null) return -1;
    if (a.otherId === b.otherId) return 0;
    return withinOneEdit(a.otherId, b.otherId) ? 1 : 2;
  },
};

/** The best (lowest) level over all pairs of values, -1 when either side has none. */
function best<T, C>(xs: readonly T[], ys: readonly T[], level: (x: T, y: T, context: C) => number, context: C): number {
  if (xs.length === 0 || ys.length === 0) return -1;
  let bestLevel = Infinity;
  for (let i = 0; i < xs.length; i++)
    for (let j = 0; j < ys.length; j++) {
      const l = level(xs[i] as T, ys[j] as T, context);
      if (l < bestLevel) {
        bestLevel = l;
        if (l === 0) return 0;
      }
    }
  return bestLevel;
}

export const postcode: Comparison = {
  name: 'postcode',
  levels: [{ label: 'same unit (full postcode)', tf: 'postcode', tfWeight: 1 }, { label: 'same sector' }, { label: 'same district' }, { label: 'different' }],
  compare(a, b) {
    if (a.postcodes.length === 0 || b.postcodes.length === 0) return -1;
    if (shares2(a.postcodes, b.postcodes)) return 0;
    if (shares2(a.sectors, b.sectors)) return 1;
    if (shares2(a.districts, b.districts)) return 2;
    return 3;
  },
};

function shares2(xs: readonly string[], ys: readonly string[]): boolean {
  for (let i = 0; i < xs.length; i++) if (ys.includes(xs[i] as string)) return true;
  return false;
}

/**
 * Share of tokens of each line with an equal or near-equal (JW ≥ 0.9) token
 * in the other, averaged over both sides so that it is symmetric.
 */
// Scratch marks for lineSimilarity (no allocation per call).
let marksB = new Uint8Array(64);

/**
 * Share of tokens of each line with an equal token, or a near-equal one
 * (same first letter, both alphabetic and at least 4 letters, JW ≥ 0.9), in
 * the other line, averaged over both sides so that it is symmetric. House
 * numbers must agree exactly: 12 and 13 are different houses.
 */
export function lineSimilarity(set: PreparedSet, la: number, lb: number): number {
  if (la === lb) return 1;
  const ta = set.lineTokens[la] ?? [];
  const tb = set.lineTokens[lb] ?? [];
  const na = ta.length;
  const nb = tb.length;
  if (na === 0 || nb === 0) return 0;
  if (nb > marksB.length) marksB = new Uint8Array(nb * 2);
  marksB.fill(0, 0, nb);
  const fz = set.tokenFuzzyClass;
  let hitsA = 0;
  for (let x = 0; x < na; x++) {
    const tx = ta[x] as number;
    const cx = fz[tx] as number;
    let hit = false;
    for (let y = 0; y < nb; y++) {
      const ty = tb[y] as number;
      if (tx === ty || (cx >= 0 && cx === fz[ty] && set.tokenSim.jw(tx, ty) >= 0.9)) {
        hit = true;
        marksB[y] = 1;
      }
    }
    if (hit) hitsA++;
  }
  let hitsB = 0;
  for (let y = 0; y < nb; y++) hitsB += marksB[y] as number;
  return (hitsA + hitsB) / (na + nb);
}

export const addressLine: Comparison = {
  name: 'address',
  levels: [{ label: 'same first line' }, { label: 'most words agree (≥ 0.75)' }, { label: 'half the words agree' }, { label: 'different' }],
  compare(a, b, set) {
    const xs = a.lines;
    const ys = b.lines;
    if (xs.length === 0 || ys.length === 0) return -1;
    let bestLevel = 3;
    for (let i = 0; i < xs.length; i++)
      for (let j = 0; j < ys.length; j++) {
        const x = xs[i] as number;
        const y = ys[j] as number;
        if (x === y) return 0;
        const s = lineSimilarity(set, x, y);
        const l = s >= 0.75 ? 1 : s >= 0.5 ? 2 : 3;
        if (l < bestLevel) bestLevel = l;
      }
    return bestLevel;
  },
};

function townLevel(x: number, y: number, set: PreparedSet): number {
  return x === y ? 0 : set.nameSim.jw(x, y) >= JW_LOW ? 1 : 2;
}

/** The same number, or the same last six digits (an area code written differently). */
function phoneLevel(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length < 6 || y.length < 6) return 2;
  for (let k = 1; k <= 6; k++) if (x.charCodeAt(x.length - k) !== y.charCodeAt(y.length - k)) return 2;
  return 1;
}

function emailLevel(x: string, y: string): number {
  if (x === y) return 0;
  const ux = x.slice(0, x.indexOf('@'));
  const uy = y.slice(0, y.indexOf('@'));
  return ux === uy || withinOneEdit(x, y) ? 1 : 2;
}

export const town: Comparison = {
  name: 'town',
  levels: [{ label: 'same' }, { label: `Jaro-Winkler ≥ ${JW_LOW}` }, { label: 'different' }],
  compare(a, b, set) {
    return best(a.towns, b.towns, townLevel, set);
  },
};

export const phone: Comparison = {
  name: 'phone',
  levels: [{ label: 'same number' }, { label: 'last six digits agree' }, { label: 'different' }],
  compare(a, b) {
    return best(a.phones, b.phones, phoneLevel, null);
  },
};

export const email: Comparison = {
  name: 'email',
  levels: [{ label: 'same address' }, { label: 'same user name or one typo' }, { label: 'different' }],
  compare(a, b) {
    return best(a.emails, b.emails, emailLevel, null);
  },
};

/** Every comparison Seen knows, in display order. A model uses a subset by name. */
export const COMPARISONS: readonly Comparison[] = [givenName, middleName, familyName, birthDate, sex, nhsNumber, upn, otherId, postcode, addressLine, town, phone, email];

export function comparisonByName(name: string): Comparison {
  const c = COMPARISONS.find((x) => x.name === name);
  if (!c) throw new Error(`unknown comparison "${name}"`);
  return c;
}
