// Comparisons: for each field, an ordered list of levels; the first level
// that holds wins, and -1 (the null level) means a value is missing on
// either side, which adds no evidence. Every comparison is symmetric.

import type { Lists, PreparedSet } from './prepare.ts';
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
  /** The level for records i and j of the set. */
  compare(set: PreparedSet, i: number, j: number): number;
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

/** Whether record i's list and record j's hold a value in common. */
export function listsShare(l: Lists, i: number, j: number): boolean {
  const v = l.values;
  const bFrom = l.start[j] as number;
  const bTo = l.start[j + 1] as number;
  for (let x = l.start[i] as number, xTo = l.start[i + 1] as number; x < xTo; x++) {
    const value = v[x] as number;
    for (let y = bFrom; y < bTo; y++) if (v[y] === value) return true;
  }
  return false;
}

/** Whether record i's list holds the value. */
export function listHas(l: Lists, i: number, value: number): boolean {
  for (let x = l.start[i] as number, to = l.start[i + 1] as number; x < to; x++) if (l.values[x] === value) return true;
  return false;
}

function listEmpty(l: Lists, i: number): boolean {
  return l.start[i] === l.start[i + 1];
}

/** Whether either record's name (name id a of i, b of j) is among the other's other names, or their other names meet. */
function knownAs(others: Lists, i: number, j: number, a: number, b: number): boolean {
  return listHas(others, j, a) || listHas(others, i, b) || listsShare(others, i, j);
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
function swapped(set: PreparedSet, i: number, j: number): boolean {
  const { given, family } = set.columns;
  const ag = given[i] as number;
  const af = family[i] as number;
  const bg = given[j] as number;
  const bf = family[j] as number;
  if (ag < 0 || af < 0 || bg < 0 || bf < 0) return false;
  return (ag === bf || set.nameSim.jw(ag, bf) >= JW_LOW) && (af === bg || set.nameSim.jw(af, bg) >= JW_LOW);
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
  compare(set, i, j) {
    const c = set.columns;
    const a = c.given[i] as number;
    const b = c.given[j] as number;
    if (a < 0 || b < 0) return -1;
    if (a === b) return 0;
    if (swapped(set, i, j)) return 1;
    const jw = set.nameSim.jw(a, b);
    if (jw >= JW_HIGH) return 2;
    if (nicknames(set, a, b)) return 3;
    if (knownAs(c.otherGiven, i, j, a, b)) return 4;
    if (jw >= JW_LOW) return 5;
    if (phoneticEqual(set, a, b)) return 6;
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
  compare(set, i, j) {
    const c = set.columns;
    const a = c.family[i] as number;
    const b = c.family[j] as number;
    if (a < 0 || b < 0) return -1;
    if (a === b) return 0;
    if (swapped(set, i, j)) return 1;
    const jw = set.nameSim.jw(a, b);
    if (jw >= JW_HIGH) return 2;
    if (knownAs(c.otherFamily, i, j, a, b)) return 3;
    if (jw >= JW_LOW) return 4;
    if (phoneticEqual(set, a, b)) return 5;
    return 6;
  },
};

export const middleName: Comparison = {
  name: 'middle',
  levels: [{ label: 'exact' }, { label: 'same initial or Jaro-Winkler ≥ 0.88' }, { label: 'different' }],
  compare(set, i, j) {
    const a = set.columns.middle[i] as number;
    const b = set.columns.middle[j] as number;
    if (a < 0 || b < 0) return -1;
    if (a === b) return 0;
    const x = set.names.value(a);
    const y = set.names.value(b);
    // An initial recorded against a full name ("M" and "Megan") agrees as far as it goes.
    if (((x.length === 1 || y.length === 1) && x.charCodeAt(0) === y.charCodeAt(0)) || set.nameSim.jw(a, b) >= JW_LOW) return 1;
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

const PLACES = [10_000_000, 1_000_000, 100_000, 10_000, 1000, 100, 10, 1];

/** Digit k (0 first) of a date written YYYYMMDD: birth years are four digits (record.ts reads 1850 to 2150). */
export function dateDigit(yyyymmdd: number, k: number): number {
  return Math.floor(yyyymmdd / (PLACES[k] as number)) % 10;
}

/** The digits of a date written YYYYMMDD from digit k (0 first) on, as a number (0 past the last). */
export function dateDigitsFrom(yyyymmdd: number, k: number): number {
  return k >= 8 ? 0 : yyyymmdd % (10 * (PLACES[k] as number));
}

/** Two YYYYMMDD dates one substitution or one adjacent transposition apart. */
function oneTypo(x: number, y: number): boolean {
  let diff = -1;
  let n = 0;
  for (let i = 0; i < 8; i++) {
    if (dateDigit(x, i) !== dateDigit(y, i)) {
      if (n === 0) diff = i;
      n++;
      if (n > 2) return false;
    }
  }
  if (n === 1) return true;
  return n === 2 && dateDigit(x, diff) === dateDigit(y, diff + 1) && dateDigit(x, diff + 1) === dateDigit(y, diff);
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
  compare(set, i, j) {
    const c = set.columns;
    const ay = c.year[i] as number;
    const by = c.year[j] as number;
    if (ay < 0 || by < 0) return -1;
    const am = c.month[i] as number;
    const bm = c.month[j] as number;
    const ad = c.dob8[i] as number;
    const bd = c.dob8[j] as number;
    if (ad >= 0 && bd >= 0) {
      if (ad === bd) return 0;
      if (ay === by && am === c.day[j] && c.day[i] === bm) return 1;
      if (oneTypo(ad, bd)) return 2;
      return Math.abs(dayNumber(ay, am, c.day[i] as number) - dayNumber(by, bm, c.day[j] as number)) <= 366 ? 4 : 5;
    }
    // At least one side is partial: compare at the precision both have.
    if (ay === by && (am < 0 || bm < 0 || am === bm)) return 3;
    if (am > 0 && bm > 0) return Math.abs(dayNumber(ay, am, 15) - dayNumber(by, bm, 15)) <= 366 ? 4 : 5;
    return Math.abs(ay - by) <= 1 ? 4 : 5;
  },
};

export const sex: Comparison = {
  name: 'sex',
  levels: [{ label: 'same' }, { label: 'different' }],
  compare(set, i, j) {
    const a = set.columns.sex[i] as number;
    const b = set.columns.sex[j] as number;
    if (a === 0 || b === 0) return -1;
    return a === b ? 0 : 1;
  },
};

/** A checked identifier: its comparison is named after its column. */
function identifier(name: 'nhs' | 'upn', what: string): Comparison {
  return {
    name,
    levels: [{ label: `same ${what}` }, { label: `different valid ${what}s` }],
    compare(set, i, j) {
      const x = set.columns[name][i] as number;
      const y = set.columns[name][j] as number;
      if (x < 0 || y < 0) return -1;
      return x === y ? 0 : 1;
    },
  };
}

export const nhsNumber = identifier('nhs', 'NHS number');
export const upn = identifier('upn', 'UPN');

export const otherId: Comparison = {
  name: 'otherId',
  levels: [{ label: 'same' }, { label: 'one character wrong or two swapped' }, { label: 'different' }],
  compare(set, i, j) {
    const a = set.columns.otherId[i] as number;
    const b = set.columns.otherId[j] as number;
    if (a < 0 || b < 0) return -1;
    if (a === b) return 0;
    return withinOneEdit(set.codes.value(a), set.codes.value(b)) ? 1 : 2;
  },
};

/** The best (lowest) level over all pairs of values of records i and j, -1 when either has none. */
function best(l: Lists, set: PreparedSet, i: number, j: number, level: (x: number, y: number, set: PreparedSet) => number): number {
  const xFrom = l.start[i] as number;
  const xTo = l.start[i + 1] as number;
  const yFrom = l.start[j] as number;
  const yTo = l.start[j + 1] as number;
  if (xFrom === xTo || yFrom === yTo) return -1;
  let bestLevel = Infinity;
  for (let x = xFrom; x < xTo; x++)
    for (let y = yFrom; y < yTo; y++) {
      const v = level(l.values[x] as number, l.values[y] as number, set);
      if (v < bestLevel) {
        bestLevel = v;
        if (v === 0) return 0;
      }
    }
  return bestLevel;
}

export const postcode: Comparison = {
  name: 'postcode',
  levels: [{ label: 'same unit (full postcode)', tf: 'postcode', tfWeight: 1 }, { label: 'same sector' }, { label: 'same district' }, { label: 'different' }],
  compare(set, i, j) {
    const c = set.columns;
    if (listEmpty(c.postcodes, i) || listEmpty(c.postcodes, j)) return -1;
    if (listsShare(c.postcodes, i, j)) return 0;
    if (listsShare(c.sectors, i, j)) return 1;
    if (listsShare(c.districts, i, j)) return 2;
    return 3;
  },
};

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
  compare(set, i, j) {
    return best(set.columns.lines, set, i, j, lineLevel);
  },
};

function lineLevel(x: number, y: number, set: PreparedSet): number {
  if (x === y) return 0;
  const s = lineSimilarity(set, x, y);
  return s >= 0.75 ? 1 : s >= 0.5 ? 2 : 3;
}

function townLevel(x: number, y: number, set: PreparedSet): number {
  return x === y ? 0 : set.nameSim.jw(x, y) >= JW_LOW ? 1 : 2;
}

/** The same number, or the same last six digits (an area code written differently). */
function phoneLevel(xId: number, yId: number, set: PreparedSet): number {
  if (xId === yId) return 0;
  const x = set.codes.value(xId);
  const y = set.codes.value(yId);
  if (x.length < 6 || y.length < 6) return 2;
  for (let k = 1; k <= 6; k++) if (x.charCodeAt(x.length - k) !== y.charCodeAt(y.length - k)) return 2;
  return 1;
}

function emailLevel(xId: number, yId: number, set: PreparedSet): number {
  if (xId === yId) return 0;
  const x = set.codes.value(xId);
  const y = set.codes.value(yId);
  const ux = x.slice(0, x.indexOf('@'));
  const uy = y.slice(0, y.indexOf('@'));
  return ux === uy || withinOneEdit(x, y) ? 1 : 2;
}

export const town: Comparison = {
  name: 'town',
  levels: [{ label: 'same' }, { label: `Jaro-Winkler ≥ ${JW_LOW}` }, { label: 'different' }],
  compare(set, i, j) {
    return best(set.columns.towns, set, i, j, townLevel);
  },
};

export const phone: Comparison = {
  name: 'phone',
  levels: [{ label: 'same number' }, { label: 'last six digits agree' }, { label: 'different' }],
  compare(set, i, j) {
    return best(set.columns.phones, set, i, j, phoneLevel);
  },
};

export const email: Comparison = {
  name: 'email',
  levels: [{ label: 'same address' }, { label: 'same user name or one typo' }, { label: 'different' }],
  compare(set, i, j) {
    return best(set.columns.emails, set, i, j, emailLevel);
  },
};

/** Every comparison Seen knows, in display order. A model uses a subset by name. */
export const COMPARISONS: readonly Comparison[] = [givenName, middleName, familyName, birthDate, sex, nhsNumber, upn, otherId, postcode, addressLine, town, phone, email];

export function comparisonByName(name: string): Comparison {
  const c = COMPARISONS.find((x) => x.name === name);
  if (!c) throw new Error(`unknown comparison "${name}"`);
  return c;
}
