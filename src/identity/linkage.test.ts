// The hard cases of issue 5, end to end through scoring and clustering with
// the default (untrained) parameters.

import { describe, expect, it } from 'vitest';
import { cluster, type ConflictPolicy, type ReviewDecision } from './cluster.ts';
import { compile, defaultParameters, explainIndices, explainPair, probability, scoreIndices } from './model.ts';
import { prepare, type TermFrequencies } from './prepare.ts';
import type { LinkRecord } from './record.ts';
import { person } from './testkit.ts';

// No population frequencies: every name counts as rare, the setting in
// which keeping relatives apart is hardest.
const RARE: TermFrequencies = { given: new Map(), family: new Map(), postcode: new Map() };
const model = compile(defaultParameters());
const HOME = { line1: '12 Acre Road', postcode: 'SW18 2AB' };

function link(records: LinkRecord[], opts: { policy?: ConflictPolicy; decisions?: ReviewDecision[] } = {}) {
  const set = prepare(records, RARE);
  const left: number[] = [];
  const right: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < records.length; i++)
    for (let j = i + 1; j < records.length; j++) {
      left.push(i);
      right.push(j);
      weights.push(scoreIndices(set, model, i, j));
    }
  const res = cluster(
    set,
    { left: Uint32Array.from(left), right: Uint32Array.from(right), weights: Float64Array.from(weights) },
    { thresholds: { accept: 0.99, review: 0.5 }, score: (i, j) => scoreIndices(set, model, i, j), ...opts },
  );
  const ids = (i: number) => records[i]!.key.id;
  const together = (a: LinkRecord, b: LinkRecord) => res.clusterOf[records.indexOf(a)] === res.clusterOf[records.indexOf(b)];
  const p = (a: LinkRecord, b: LinkRecord) => probability(scoreIndices(set, model, records.indexOf(a), records.indexOf(b)));
  return { res, together, p, ids, set };
}

describe('the same person recorded differently is linked', () => {
  it('nickname', () => {
    const a = person({ given: 'William', family: 'Osei', birthDate: '1979-11-02', sex: 'male', ...HOME });
    const b = person({ given: 'Bill', family: 'Osei', birthDate: '1979-11-02', sex: 'male', postcode: 'SW18 2AB' });
    expect(link([a, b]).together(a, b)).toBe(true);
  });
  it('given and family names swapped', () => {
    const a = person({ given: 'Mikhayla', family: 'Hannagan', birthDate: '1990-05-01', sex: 'female', ...HOME });
    const b = person({ given: 'Hannagan', family: 'Mikhayla', birthDate: '1990-05-01', sex: 'female', ...HOME });
    expect(link([a, b]).together(a, b)).toBe(true);
  });
  it('day and month of birth transposed', () => {
    const a = person({ given: 'Sarah', family: 'Khan', birthDate: '1985-02-10', sex: 'female', ...HOME });
    const b = person({ given: 'Sarah', family: 'Khan', birthDate: '1985-10-02', sex: 'female', ...HOME });
    const r = link([a, b]);
    expect(r.together(a, b)).toBe(true);
    expect(explainIndices(r.set, model, 0, 1).comparisons.find((c) => c.comparison === 'dob')?.label).toBe('day and month transposed');
  });
  it('hyphenated surname against one of its parts, at another address', () => {
    const a = person({ given: 'Aisha', family: 'Adeyemi-Okafor', birthDate: '1997-03-14', sex: 'female', nhsNumber: '9434765919' });
    const b = person({ given: 'Aisha', family: 'Okafor', birthDate: '1997-03-14', sex: 'female', nhsNumber: '943 476 5919', postcode: 'M1 1AA' });
    expect(link([a, b]).together(a, b)).toBe(true);
  });
  it('a former surname held as an alias', () => {
    const a = person({ given: 'Aisha', family: 'Adeyemi', aliases: [{ given: 'Aisha', family: 'Okafor' }], birthDate: '1997-03-14', sex: 'female' });
    const b = person({ given: 'Aisha', family: 'Okafor', birthDate: '1997-03-14', sex: 'female', ...HOME });
    expect(link([a, b]).together(a, b)).toBe(true);
  });
});

describe('relatives are never merged', () => {
  it('twins: same surname, date of birth, sex and address, different given names', () => {
    const a = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
    const b = person({ given: 'Mia', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
    const r = link([a, b]);
    // The model alone finds them alike (independence cannot see twins) ...
    expect(r.p(a, b)).toBeGreaterThan(0.99);
    // ... the given-name veto keeps them apart and asks a person.
    expect(r.together(a, b)).toBe(false);
    expect(r.res.review.map((x) => x.reason)).toEqual(['given names clearly different']);
  });
  it('twins with NHS numbers are a hard conflict, not even queued', () => {
    const a = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', nhsNumber: '9434765919', ...HOME });
    const b = person({ given: 'Mia', family: 'Khan', birthDate: '2015-03-04', sex: 'female', nhsNumber: '4010232137', ...HOME });
    const r = link([a, b]);
    expect(r.together(a, b)).toBe(false);
    expect(r.res.review).toEqual([]);
    expect(r.res.vetoed.map((v) => v.reason)).toEqual(['two different valid NHS numbers']);
  });
  it("junior sharing his father's whole name and address, different date of birth", () => {
    const father = person({ given: 'John', middle: 'Paul', family: 'Smith', birthDate: '1970-01-01', sex: 'male', phones: ['07700 900123'], ...HOME });
    const junior = person({ given: 'John', middle: 'Paul', family: 'Smith', birthDate: '1995-07-07', sex: 'male', phones: ['07700 900123'], ...HOME });
    const r = link([father, junior]);
    expect(r.together(father, junior)).toBe(false);
    expect(r.res.vetoed.map((v) => v.reason)).toEqual(['two different full dates of birth']);
  });
  it('mother and daughter: same surname and address', () => {
    const mother = person({ given: 'Sarah', family: 'Khan', birthDate: '1985-02-10', sex: 'female', ...HOME });
    const daughter = person({ given: 'Leah', family: 'Khan', birthDate: '2012-06-01', sex: 'female', ...HOME });
    const r = link([mother, daughter]);
    expect(r.together(mother, daughter)).toBe(false);
    expect(r.res.review).toEqual([]);
  });
  it('sisters a year apart', () => {
    const a = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
    const b = person({ given: 'Zara', family: 'Khan', birthDate: '2016-02-20', sex: 'female', ...HOME });
    expect(link([a, b]).together(a, b)).toBe(false);
  });
  it('a household: each person found once, relatives apart, through weak chains', () => {
    const sarah1 = person({ given: 'Sarah', family: 'Khan', birthDate: '1985-02-10', sex: 'female', nhsNumber: '9434765919', ...HOME });
    const sarah2 = person({ given: 'Sara', family: 'Khan', birthDate: '1985-02-10', sex: 'female', postcode: 'SW18 2AB' });
    const sarah3 = person({ given: 'Sarah', family: 'Khan', birthDate: '1985', sex: 'female', ...HOME }); // year only: could be mother
    const leah1 = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
    const leah2 = person({ given: 'Leah', family: 'Khan', birthDate: '2015-04-03', sex: 'female', postcode: 'SW18 2AB' });
    const mia = person({ given: 'Mia', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
    const r = link([sarah1, sarah2, sarah3, leah1, leah2, mia]);
    expect(r.together(sarah1, sarah2)).toBe(true);
    expect(r.together(leah1, leah2)).toBe(true);
    for (const s of [sarah1, sarah2, sarah3]) for (const c of [leah1, leah2, mia]) expect(r.together(s, c)).toBe(false);
    expect(r.together(leah1, mia)).toBe(false);
    expect(r.together(leah2, mia)).toBe(false);
  });
});

describe('explain', () => {
  it('shows every comparison with level, m, u and weight, summing to the total', () => {
    const a = person({ given: 'Bill', family: 'Osei', birthDate: '1979-11-02', sex: 'male', ...HOME });
    const b = person({ given: 'William', family: 'Osei', birthDate: '1979-11-02', ...HOME });
    const e = explainPair(defaultParameters(), a, b, RARE);
    expect(e.comparisons.map((c) => c.comparison)).toEqual(['given', 'middle', 'family', 'dob', 'sex', 'nhs', 'upn', 'otherId', 'postcode', 'address', 'town', 'phone', 'email']);
    const given = e.comparisons[0]!;
    expect(given).toMatchObject({ level: 3, label: 'nickname or diminutive', m: 0.04, u: 0.001 });
    expect(given.weight).toBeCloseTo(Math.log2(0.04 / 0.001), 10);
    expect(e.comparisons.find((c) => c.comparison === 'sex')).toMatchObject({ level: -1, weight: 0, m: null });
    const family = e.comparisons.find((c) => c.comparison === 'family')!;
    expect(family.tfAdjustment).toBeCloseTo(Math.log2(0.005) - Math.log2(0.0002), 10);
    const sum = e.priorWeight + e.comparisons.reduce((s, c) => s + c.weight + c.tfAdjustment, 0);
    expect(e.totalWeight).toBeCloseTo(sum, 10);
    expect(e.probability).toBeCloseTo(probability(sum), 12);
  });
  it('gives a common surname less weight than a rare one', () => {
    const tf: TermFrequencies = { given: new Map(), family: new Map([['smith', 0.012], ['adeyemi', 0.00003]]), postcode: new Map() };
    const w = (family: string) => explainPair(defaultParameters(), person({ family }), person({ family }), tf).comparisons.find((c) => c.comparison === 'family')!;
    expect(w('smith').weight + w('smith').tfAdjustment).toBeLessThan(w('adeyemi').weight + w('adeyemi').tfAdjustment);
    expect(w('smith').tfAdjustment).toBeLessThan(0);
  });
});
