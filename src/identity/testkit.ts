// Helpers shared by the identity tests: SEF-shaped people with sensible
// defaults, so each test states only what it is about.

import { mulberry32 } from './prng.ts';
import { fromSefPerson, type LinkRecord, type SefPersonLike } from './record.ts';

let next = 0;

export interface PersonSpec extends Partial<Omit<SefPersonLike, 'name'>> {
  given?: string | null;
  middle?: string | null;
  family?: string | null;
  line1?: string;
  postcode?: string;
}

export function person(spec: PersonSpec): LinkRecord {
  const { given, middle, family, line1, postcode, ...rest } = spec;
  const addresses = rest.addresses ?? (line1 !== undefined || postcode !== undefined ? [{ line1: line1 ?? null, postcode: postcode ?? null }] : []);
  return fromSefPerson({ source: 'test', id: `P${next++}`, ...rest, name: { given: given ?? null, middle: middle ?? null, family: family ?? null }, addresses });
}

const GIVEN = ['oliver', 'george', 'harry', 'jack', 'william', 'amelia', 'olivia', 'isla', 'ava', 'emily', 'sophia', 'grace', 'mia', 'leah', 'zara', 'aisha', 'mohammed', 'noah', 'leo', 'arthur', 'margaret', 'elizabeth', 'robert', 'sarah', 'karen', 'thomas', 'james', 'charlotte', 'lily', 'freya'];
const FAMILY = ['smith', 'jones', 'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'patel', 'khan', 'adeyemi', 'okafor', 'nowak', 'osei', 'murphy', 'kelly', 'evans', 'walker', 'wright', 'thompson', 'hughes', 'edwards', 'green', 'hall', 'wood', 'harris', 'lewis', 'martin', 'jackson', 'clarke'];
const NICK: Record<string, string> = { william: 'bill', margaret: 'peggy', elizabeth: 'liz', robert: 'bob', karen: 'kaz', thomas: 'tom', james: 'jim' };

function nhs(rnd: () => number): string {
  for (;;) {
    const d = Array.from({ length: 9 }, () => Math.floor(rnd() * 10));
    const sum = d.reduce((s, x, i) => s + x * (10 - i), 0);
    const c = (11 - (sum % 11)) % 11;
    if (c !== 10) return `${d.join('')}${c}`;
  }
}

/** A seeded population: each person recorded 1–3 times by agencies with typical errors. */
export function population(people: number, seed: number): { records: LinkRecord[]; labels: string[] } {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const records: LinkRecord[] = [];
  const labels: string[] = [];
  for (let p = 0; p < people; p++) {
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const y = 1950 + Math.floor(rnd() * 70);
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    const dob = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const sex = rnd() < 0.5 ? 'female' : 'male';
    const pc = `SW${1 + Math.floor(rnd() * 20)} ${1 + Math.floor(rnd() * 9)}${pick(['AB', 'XY', 'QT', 'LN'])}`;
    const line1 = `${1 + Math.floor(rnd() * 200)} ${pick(['Acre', 'Station', 'Church', 'Mill', 'Park'])} ${pick(['Road', 'Street', 'Lane'])}`;
    const number = rnd() < 0.6 ? nhs(rnd) : null;
    const copies = 1 + Math.floor(rnd() * 3);
    for (let c = 0; c < copies; c++) {
      let g = given;
      const r = rnd();
      if (r < 0.08) g = g.slice(0, -1);
      else if (r < 0.13 && NICK[g]) g = NICK[g] as string;
      let b = dob;
      const q = rnd();
      if (q < 0.04 && d <= 12) b = `${y}-${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}`;
      else if (q < 0.08) b = String(y);
      const spec: PersonSpec = { given: g, family: rnd() < 0.05 ? `${family}e` : family, birthDate: b, sex: rnd() < 0.1 ? 'unknown' : sex };
      if (rnd() < 0.8) Object.assign(spec, { line1, postcode: pc });
      if (number !== null && rnd() < 0.7) spec.nhsNumber = number;
      records.push(person(spec));
      labels.push(String(p));
    }
  }
  return { records, labels };
}

