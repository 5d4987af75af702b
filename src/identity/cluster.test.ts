import { describe, expect, it } from 'vitest';
import { blockingKeys, blockingRecall, candidateChunks, candidatePairs, ruleKeys, type BlockingRule } from './blocking.ts';
import { chooseThresholds, cluster, givenNamesApart, strongestFirst, hardConflict, PLAIN_POLICY, reviewCap, sameSourceGap, type ReviewDecision } from './cluster.ts';
import { clusterMetrics, reachableRecall, truePairsFromLabels } from './evaluate.ts';
import { log2Odds } from './model.ts';
import { prepare } from './prepare.ts';
import type { LinkRecord } from './record.ts';
import { person, population } from './testkit.ts';

/** Cluster with hand-set weights: `w` maps "i-j" to a weight; unlisted pairs score -20. */
function run(records: LinkRecord[], w: Record<string, number>, decisions: ReviewDecision[] = [], accept = 0.99) {
  const left: number[] = [];
  const right: number[] = [];
  const weights: number[] = [];
  for (const [k, v] of Object.entries(w)) {
    const [i, j] = k.split('-').map(Number) as [number, number];
    left.push(i);
    right.push(j);
    weights.push(v);
  }
  const score = (i: number, j: number) => w[`${Math.min(i, j)}-${Math.max(i, j)}`] ?? -20;
  return cluster(prepare(records), { left: Uint32Array.from(left), right: Uint32Array.from(right), weights: Float64Array.from(weights) }, { thresholds: { accept, review: 0.5 }, decisions, score });
}

const anon = () => person({ given: 'alex', family: 'doe', birthDate: '2015-03-04' });

describe('clustering', () => {
  it('never chains two people with different NHS numbers through a third record', () => {
    const a = person({ given: 'alex', family: 'doe', birthDate: '2015-03-04', nhsNumber: '9434765919' });
    const b = person({ given: 'alex', family: 'doe', birthDate: '2015-03-04' });
    const c = person({ given: 'alex', family: 'doe', birthDate: '2015-03-04', nhsNumber: '4010232137' });
    const res = run([a, b, c], { '0-1': 30, '1-2': 25, '0-2': 20 });
    // b is as good a match for a as for c, who cannot be one person: a person decides.
    expect(res.clusters).toEqual([[0], [1], [2]]);
    expect(res.review.map((r) => [r.i, r.j, r.reason])).toEqual([
      [0, 1, 'links as strongly to two people who can never be one'],
      [1, 2, 'links as strongly to two people who can never be one'],
    ]);
    expect(res.vetoed.map((r) => [r.i, r.j])).toEqual([[0, 2]]);
    // Without the ambiguity rule, strongest first: b joins a, and c stays apart.
    const greedy = cluster(prepare([a, b, c]), { left: Uint32Array.from([0, 1, 0]), right: Uint32Array.from([1, 2, 2]), weights: Float64Array.from([30, 25, 20]) }, { thresholds: { accept: 0.99, review: 0.5 }, policy: { reviewAmbiguous: false }, score: () => -20 });
    expect(greedy.clusters).toEqual([[0, 1], [2]]);
    expect(greedy.review.map((r) => [r.i, r.j, r.reason])).toEqual([[1, 2, 'two different valid NHS numbers']]);
  });

  it('never chains two full different dates of birth; tolerates a typo', () => {
    const a = person({ given: 'alex', family: 'doe', birthDate: '2015-03-04', phones: ['07700 900123'] });
    // No date of birth, from another agency, but the same phone: corroborated.
    const b = { ...person({ given: 'alex', family: 'doe', phones: ['07700 900123'] }), key: { source: 'police', id: 'N1' } };
    const c = person({ given: 'alex', family: 'doe', birthDate: '2013-07-01', phones: ['07700 900123'] });
    const d = person({ given: 'alex', family: 'doe', birthDate: '2015-04-03' }); // transposed: same person
    const res = run([a, b, c, d], { '0-1': 30, '1-2': 25, '0-3': 22 });
    expect(res.clusters).toEqual([[0, 3], [1], [2]]); // b is ambiguous between a and c
    const set = prepare([a, c, d]);
    expect(hardConflict(set, 0, 1)).toBe('two different full dates of birth');
    expect(hardConflict(set, 0, 2)).toBeNull();
    expect(hardConflict(set, 0, 1, { birthDate: 'off' })).toBeNull();
  });

  it('never chains twins of different given names through their record from before either was named', () => {
    // Seen at 250,000 demo children: the midwifery record (no given name yet)
    // shares Ava's NHS number and links to Emma's police record too.
    const ava = person({ given: 'ava', family: 'powell', birthDate: '2020-06-02', sex: 'female', nhsNumber: '4365110551', postcode: 'WB9 5BN' });
    const unnamed = person({ family: 'powell', birthDate: '2020-06-02', sex: 'female', nhsNumber: '4365110551', postcode: 'WB9 5BN' });
    const emma = person({ given: 'emma', family: 'powell', birthDate: '2020-06-02', sex: 'female', postcode: 'WB9 5BN' });
    const policy = { minorsBornAfter: '2008-11-01' };
    const twins = cluster(prepare([ava, unnamed, emma]), { left: Uint32Array.from([1, 0]), right: Uint32Array.from([2, 1]), weights: Float64Array.from([30.6, 23.3]) }, { thresholds: { accept: 0.99, review: 0.5 }, policy, score: () => 23.3 });
    expect(twins.clusters.some((c) => c.includes(0) && c.includes(2))).toBe(false);
    expect(twins.review.map((r) => r.reason)).toContain("two of its records, one maybe a child's, have clearly different given names");
    expect(givenNamesApart(prepare([ava, emma]), 0, 1, policy)).not.toBeNull();
    // Adults go by other first names more often: two records of grown-ups still chain.
    const grown = [ava, unnamed, emma].map((r) => ({ ...r, birthDate: { year: 1980, month: 6, day: 2 } }));
    const adults = cluster(prepare(grown), { left: Uint32Array.from([1, 0]), right: Uint32Array.from([2, 1]), weights: Float64Array.from([30.6, 23.3]) }, { thresholds: { accept: 0.99, review: 0.5 }, policy, score: () => 23.3 });
    expect(adults.clusters).toEqual([[0, 1, 2]]);
  });

  it('refuses a link that is weak relative to the cluster', () => {
    // 0-1 strong; 2 links strongly to 1 but is a stranger to 0.
    const res = run([anon(), anon(), anon()], { '0-1': 30, '1-2': 12, '0-2': -15 });
    expect(res.clusters).toEqual([[0, 1], [2]]);
    expect(res.refused).toBe(1);
    expect(res.review[0]?.reason).toBe('weak relative to the rest of the cluster');
  });

  it('obeys reviewer decisions and never undoes them', () => {
    const recs = [anon(), anon(), anon()];
    const k = (i: number) => recs[i]!.key;
    const decisions: ReviewDecision[] = [
      { a: k(0), b: k(1), decision: 'non-match', by: 'sw-1' },
      { a: k(1), b: k(2), decision: 'match', by: 'sw-1' },
      { a: { source: 'gone', id: 'x' }, b: k(0), decision: 'match' },
    ];
    const res = run(recs, { '0-1': 40, '0-2': 3, '1-2': -30 }, decisions);
    expect(res.clusters).toEqual([[0], [1, 2]]); // 0-1 barred despite the score; 1-2 joined despite it
    expect(res.unknownDecisions).toBe(1);
    expect(res.review).toEqual([]); // the decided pair is not queued again
    // A re-run with the same decisions gives the same answer.
    expect(run(recs, { '0-1': 40, '0-2': 3, '1-2': -30 }, decisions).clusters).toEqual(res.clusters);
  });

  it('a reviewer match overrides a hard conflict and says so', () => {
    const a = person({ given: 'alex', family: 'doe', birthDate: '2015-03-04' });
    const b = person({ given: 'alex', family: 'doe', birthDate: '1999-01-01' });
    const res = run([a, b], { '0-1': 10 }, [{ a: a.key, b: b.key, decision: 'match' }]);
    expect(res.clusters).toEqual([[0, 1]]);
    expect(res.overriddenConflicts).toEqual([{ i: 0, j: 1, conflict: 'two different full dates of birth' }]);
  });

  it('puts the review band and vetoed accepts in the queue, not in clusters', () => {
    const res = run([anon(), anon(), person({ given: 'sam', family: 'doe' })], { '0-1': 2, '0-2': 30 });
    expect(res.clusters).toEqual([[0], [1], [2]]);
    expect(res.review.map((r) => r.reason)).toEqual(['given names clearly different', 'in the review band']);
  });
});

describe('review caps for namesakes', () => {
  const dad = { ...person({ given: 'george', family: 'quinn', birthDate: '1988-11-29', sex: 'male' }), key: { source: 'police', id: 'N1' } };
  const gp = { ...person({ given: 'george', family: 'quinn', birthDate: '1988-11-29', sex: 'male' }), key: { source: 'gp', id: 'G1' } };
  const son = { ...person({ given: 'george', family: 'quinn', sex: 'male' }), key: { source: 'police', id: 'N2' } };
  it('sends a link on name and address alone to review', () => {
    const res = run([gp, son], { '0-1': 30 });
    expect(res.clusters).toEqual([[0], [1]]);
    expect(res.review[0]?.reason).toMatch(/^name and address only/);
  });
  it('with an age cut-off, lets adults link on name and address', () => {
    const set = prepare([gp, son]);
    expect(reviewCap(set, 0, 1, { minorsBornAfter: '2008-11-01' })).toBeNull();
    const child = prepare([person({ given: 'george', family: 'quinn', birthDate: '2015-01-01' }), son]);
    expect(reviewCap(child, 0, 1, { minorsBornAfter: '2008-11-01' })).toMatch(/^name and address only/);
  });
  it('keeps an undated namesake away from the father when it links as well to the son', () => {
    const policy = { minorsBornAfter: '2008-11-01' };
    const home = { line1: '163 Rose Avenue', postcode: 'WB2 2HJ' };
    const father = { ...person({ given: 'john', family: 'morris', birthDate: '1996-06-24', sex: 'male', nhsNumber: '9434765919', ...home }), key: { source: 'gp', id: 'G1' } };
    const son = { ...person({ given: 'john', family: 'morris', birthDate: '2022-03-01', sex: 'male', nhsNumber: '4010232137', ...home }), key: { source: 'gp', id: 'G2' } };
    const nursery = { ...person({ given: 'john', family: 'morris', sex: 'male', ...home }), key: { source: 'nursery', id: 'N1' } };
    const scored = { left: Uint32Array.from([0, 1]), right: Uint32Array.from([2, 2]), weights: Float64Array.from([25, 25]) };
    const res = cluster(prepare([father, son, nursery]), scored, { thresholds: { accept: 0.99, review: 0.5 }, policy, score: () => 25 });
    expect(res.clusters).toEqual([[0], [1], [2]]);
    expect(res.review.find((r) => r.i === 0 && r.j === 2)?.reason).toBe('links as strongly to two people who can never be one');
    // A shared NHS number says who the record is: the held-back namesake no longer competes.
    const gp = { ...person({ given: 'john', family: 'morris', sex: 'male', nhsNumber: '9434765919', ...home }), key: { source: 'hv', id: 'H1' } };
    const withId = cluster(prepare([father, son, gp]), scored, { thresholds: { accept: 0.99, review: 0.5 }, policy, score: () => 25 });
    expect(withId.clusters).toEqual([[0, 2], [1]]);
    // Nor when it scores clearly lower than the link accepted (only the son's name agrees, at another address).
    const weak = { ...scored, weights: Float64Array.from([25, 8]) };
    expect(cluster(prepare([father, son, nursery]), weak, { thresholds: { accept: 0.99, review: 0.5 }, policy, score: () => 25 }).clusters).toEqual([[0, 2], [1]]);
  });
  it('will not join a record to a person its own agency holds with a date of birth', () => {
    const res = cluster(prepare([gp, dad, son]), { left: Uint32Array.from([0, 0, 1]), right: Uint32Array.from([1, 2, 2]), weights: Float64Array.from([40, 30, 30]) }, { thresholds: { accept: 0.99, review: 0.5 }, policy: { minorsBornAfter: '2008-11-01' }, score: () => 30 });
    expect(res.clusters).toEqual([[0, 1], [2]]);
    expect(res.review.map((r) => r.reason)).toContain('the same agency holds two records of this name, one without a date of birth');
    expect(sameSourceGap(prepare([dad, son]), 0, 1)).not.toBeNull();
  });
  it('treats a DOB-less record with a UPN as a child, even beside an adult namesake', () => {
    const father = person({ given: 'christopher', family: 'wright', birthDate: '1984-01-14', sex: 'male' });
    const pupil = person({ given: 'christopher', family: 'wright', sex: 'male', upn: (() => {
      const body = '887200726327';
      const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i + 2);
      return `${letters[sum % 23]}${body}`;
    })() });
    expect(pupil.upn).not.toBeNull();
    const policy = { minorsBornAfter: '2008-11-01' };
    expect(reviewCap(prepare([father, pupil]), 0, 1, policy)).toMatch(/^name and address only/);
    const flagged = { ...person({ given: 'christopher', family: 'wright', sex: 'male' }), isChild: true };
    expect(reviewCap(prepare([father, flagged]), 0, 1, policy)).toMatch(/^name and address only/);
  });
  it('does not take a shared middle name or phone as proof that an undated record is not the namesake parent', () => {
    const policy = { minorsBornAfter: '2008-11-01' };
    const home = { line1: '74 Beech Crescent', postcode: 'WB4 9SB', phones: ['07700 900123'] };
    const daughter = person({ given: 'nia', middle: 'layla', family: 'brown', birthDate: '2009-06-28', sex: 'female', ...home });
    const mother = person({ given: 'nia', middle: 'layla', family: 'brown', sex: 'female', ...home }); // a school's parent contact
    expect(reviewCap(prepare([daughter, mother]), 0, 1, policy)).toMatch(/^name and address only/);
    // An email address is the person's own.
    const withEmail = [person({ given: 'nia', family: 'brown', birthDate: '2009-06-28', emails: ['nia.b@x.org'], ...home }), person({ given: 'nia', family: 'brown', emails: ['nia.b@x.org'], ...home })];
    expect(reviewCap(prepare(withEmail), 0, 1, policy)).toBeNull();
  });
  it('keeps a father with only a month and year of birth apart from his namesake son', () => {
    const home = { line1: '51 Kings Court', postcode: 'WB5 3AS' };
    const father = person({ given: 'john', family: 'jones', birthDate: '1983-12', sex: 'male', ...home });
    const son = person({ given: 'john', family: 'jones', birthDate: '2020-05-28', sex: 'male', ...home });
    expect(hardConflict(prepare([father, son]), 0, 1)).toBe('years of birth too far apart');
    expect(hardConflict(prepare([father, son]), 0, 1, PLAIN_POLICY)).toBeNull();
    // A year apart, or one digit wrong, may be a mistake: the model weighs it.
    expect(hardConflict(prepare([person({ given: 'a', birthDate: '2015' }), person({ given: 'a', birthDate: '2016-01-02' })]), 0, 1)).toBeNull();
    expect(hardConflict(prepare([person({ given: 'a', birthDate: '1983' }), person({ given: 'a', birthDate: '1993-01-02' })]), 0, 1)).toBeNull();
  });
  it('sends a DOB-less link across different family names to review', () => {
    const a = person({ given: 'shahid', family: 'ahmed', birthDate: '1983-06-24', phones: ['07700 900297'] });
    const b = person({ given: 'shahid', family: 'uddin', phones: ['07700 900297'] });
    expect(reviewCap(prepare([a, b]), 0, 1, { minorsBornAfter: '2008-11-01' })).toBe('no date of birth or identifier, and different family names');
  });
  it('sends clearly different middle names to review', () => {
    const a = person({ given: 'chloe', middle: 'linda', family: 'clark', birthDate: '2012-03-29' });
    const b = person({ given: 'chloe', middle: 'phoebe', family: 'clark', birthDate: '2012-03-29' });
    expect(reviewCap(prepare([a, b]), 0, 1)).toBe('middle names clearly different');
    expect(reviewCap(prepare([a, b]), 0, 1, PLAIN_POLICY)).toBeNull();
  });
});

describe('thresholds without labels', () => {
  it('accepts at the floor when the model is confident, and rises when it is not', () => {
    const confident = [40, 35, 30, 25, -20, -30];
    expect(chooseThresholds(confident).accept).toBe(0.99);
    const doubtful = [...Array<number>(100).fill(log2Odds(0.995)), 40];
    const t = chooseThresholds(doubtful);
    expect(t.accept).toBeGreaterThan(0.995);
    expect(t.review).toBe(0.5);
    expect(t.estimatedPrecision).toBeGreaterThanOrEqual(0.999);
  });
});

describe('blocking', () => {
  const recs = [
    person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', postcode: 'SW18 2AB' }),
    person({ given: 'Khan', family: 'Leah', birthDate: '2015-03-04' }),
    person({ given: 'Lea', family: 'Khan', birthDate: '2015-04-03', postcode: 'SW18 2AB' }),
    person({ given: 'Mia', family: 'Jones', birthDate: '1980-01-01' }),
  ];
  const rules: BlockingRule[] = [
    { name: 'dob', parts: ['dob'] },
    { name: 'initials+year', parts: ['nameInitials', 'birthYear'] },
    { name: 'pc', parts: ['postcode', 'familyInitial'] },
  ];
  it('makes each candidate pair once from a union of rules', () => {
    const c = candidatePairs(recs, rules);
    const pairs = Array.from(c.left, (l, k) => `${l}-${c.right[k]}`);
    expect(pairs.sort()).toEqual(['0-1', '0-2', '1-2']);
    expect(c.byRule.map((r) => r.newPairs)).toEqual([1, 2, 0]);
    expect(blockingRecall(c, recs.length, truePairsFromLabels(['a', 'a', 'a', 'b'])).recall).toBe(1);
    expect(blockingRecall(c, recs.length, [[0, 3]]).missedExamples).toEqual([[0, 3]]);
  });
  it('links across sources only in link-only mode, and skips giant blocks', () => {
    const a = [person({ given: 'x', birthDate: '2000-01-01' }), person({ given: 'y', birthDate: '2000-01-01' })];
    const b = { ...a[0]!, key: { source: 'other', id: '1' } };
    const c = candidatePairs([...a, b], [{ name: 'dob', parts: ['dob'] }], { linkType: 'link-only' });
    expect(c.left.length).toBe(2);
    const big = candidatePairs([...a, b], [{ name: 'dob', parts: ['dob'] }], { maxBlockSize: 2 });
    expect(big.left.length).toBe(0);
    expect(big.byRule[0]?.skippedBlocks).toBe(1);
    // A rule's own cap overrides the run's.
    const own = candidatePairs([...a, b], [{ name: 'dob', parts: ['dob'], maxBlockSize: 2 }]);
    expect(own.left.length).toBe(0);
    expect(candidatePairs([...a, b], [{ name: 'dob', parts: ['dob'], maxBlockSize: 3 }], { maxBlockSize: 2 }).left.length).toBe(3);
  });
  it('streams the same pairs in chunks, once each, even when records share several keys', () => {
    const two = [{ postcode: 'SW18 2AB' }, { postcode: 'M1 1AA' }];
    const many = [
      person({ given: 'a', family: 'x', birthDate: '2015-03-04', addresses: two }),
      person({ given: 'a', family: 'x', birthDate: '2015-03-04', addresses: two }),
      person({ given: 'b', family: 'x', birthDate: '2015-03-04', addresses: [{ postcode: 'M1 1AA' }] }),
      person({ given: 'a', family: 'y', addresses: two, aliases: [{ family: 'x' }] }),
    ];
    const r: BlockingRule[] = [{ name: 'pc', parts: ['postcode'] }, { name: 'dob', parts: ['dob'] }, { name: 'fam', parts: ['family'] }];
    const all = candidatePairs(many, r);
    const seen = Array.from(all.left, (l, k) => `${l}-${all.right[k]}`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(['0-1', '0-2', '0-3', '1-2', '1-3', '2-3']);
    const chunks = [...candidateChunks(many, r, { chunkSize: 2 })];
    expect(chunks.map((c) => c.left.length)).toEqual([2, 2, 2]);
    expect(chunks.flatMap((c) => Array.from(c.left, (l, k) => `${l}-${c.right[k]}`)).sort()).toEqual(seen);
  });
  it('makes exactly the pairs that share a key under some rule, once each, whatever the population', () => {
    const { records } = population(300, 7);
    const rules: BlockingRule[] = [
      { name: 'dob + family initial', parts: ['dob', 'familyInitial'] },
      { name: 'postcode + initials', parts: ['postcode', 'nameInitials'] },
      { name: 'family', parts: ['family'], maxBlockSize: 12 },
    ];
    const expected = new Set<string>();
    for (const rule of rules) {
      const members = new Map<string, number[]>();
      records.forEach((r, i) => new Set(ruleKeys(r, rule)).forEach((k) => members.set(k, [...(members.get(k) ?? []), i])));
      for (const m of members.values()) if (m.length <= (rule.maxBlockSize ?? 2000)) for (let x = 0; x < m.length; x++) for (let y = x + 1; y < m.length; y++) expected.add(`${m[x]}-${m[y]}`);
    }
    const c = candidatePairs(records, rules);
    const got = Array.from(c.left, (l, k) => `${l}-${c.right[k]}`);
    expect(c.left.every((l, k) => l < (c.right[k] as number))).toBe(true);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(expected);
    expect(c.byRule[2]!.skippedBlocks).toBeGreaterThan(0);
  });
  it('makes pairs block by block, each block in the order of its first record, its members in record order', () => {
    // One key per record: the order is the old Map's insertion order, which clustering's tie-breaks follow.
    const recs = ['c', 'a', 'c', 'b', 'a', 'c', 'b'].map((f) => person({ given: 'x', family: f }));
    const c = candidatePairs(recs, [{ name: 'fam', parts: ['family'] }]);
    expect(Array.from(c.left, (l, k) => `${l}-${c.right[k]}`)).toEqual(['0-2', '0-5', '2-5', '1-4', '3-6']);
  });
  it('splits a block by sex without losing a record whose sex is not recorded', () => {
    const f = person({ given: 'ann', family: 'lee', birthDate: '2015-03-04', sex: 'female' });
    const m = person({ given: 'al', family: 'lowe', birthDate: '2016-03-04', sex: 'male' });
    const unknown = person({ given: 'ali', family: 'lane', birthDate: '2014-03-04' });
    const c = candidatePairs([f, m, unknown], [{ name: 'ib', parts: ['nameInitials', 'birthMonthDay', 'sexOrEither'] }]);
    expect(Array.from(c.left, (l, k) => `${l}-${c.right[k]}`).sort()).toEqual(['0-2', '1-2']);
  });
  it('gives the store the keys to index, with aliases and every address', () => {
    const r = person({ given: 'Aisha', family: 'Adeyemi', aliases: [{ family: 'Okafor' }], birthDate: '1997-03-14', addresses: [{ postcode: 'SW18 2AB' }, { postcode: 'M1 1AA' }] });
    expect(ruleKeys(r, { name: 'pc', parts: ['postcode', 'familyInitial'] }).sort()).toEqual(['pc|M1 1AA|a', 'pc|M1 1AA|o', 'pc|SW18 2AB|a', 'pc|SW18 2AB|o']);
    expect(blockingKeys(r, [{ name: 'nhs', parts: ['nhs'] }, { name: 'dob', parts: ['dob'] }])).toEqual(['dob|1997-3-14']);
  });
});

describe('clustering order', () => {
  it('puts pairs strongest first, equal weights by record indices, as a comparator sort does', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(rand() * 3000);
      // Few distinct weights, so that many pairs tie; some below the floor; infinities too.
      const levels = [-Infinity, -3, -1, 0, 0.5, 2, 7.25, 12, 30, Infinity];
      const scored = { left: new Uint32Array(n), right: new Uint32Array(n), weights: new Float64Array(n) };
      for (let k = 0; k < n; k++) {
        scored.left[k] = Math.floor(rand() * 50);
        scored.right[k] = 50 + Math.floor(rand() * 50);
        scored.weights[k] = rand() < 0.5 ? (levels[Math.floor(rand() * levels.length)] as number) : rand() * 40 - 10;
      }
      const floor = 0;
      const expected = [...scored.weights.keys()].filter((k) => (scored.weights[k] as number) >= floor);
      expected.sort((x, y) => (scored.weights[y] as number) - (scored.weights[x] as number) || (scored.left[x] as number) - (scored.left[y] as number) || (scored.right[x] as number) - (scored.right[y] as number) || x - y);
      const got = [...strongestFirst(scored, floor, expected.length)];
      // A pair listed twice (same indices, same weight) may come in either order; compare what each place holds.
      expect(got.map((k) => [scored.weights[k], scored.left[k], scored.right[k]])).toEqual(expected.map((k) => [scored.weights[k], scored.left[k], scored.right[k]]));
      expect(new Set(got).size).toBe(expected.length);
    }
  });
});

describe('evaluation', () => {
  it('counts pairs implied by clusters', () => {
    const m = clusterMetrics([[0, 1, 2], [3]], 4, [[0, 1], [0, 2], [1, 2], [2, 3]]);
    expect(m).toMatchObject({ predictedPairs: 3, truePositives: 3, precision: 1, recall: 0.75 });
  });
  it('counts true pairs reachable through a chain of candidate pairs within the person', () => {
    // Person a: records 0, 1, 2 chained 0–1–2 (3 true pairs, all reachable);
    // person b: records 3, 4 compared only with a record of a (not reachable).
    const labels = ['a', 'a', 'a', 'b', 'b'];
    expect(reachableRecall([0, 1, 2], [1, 2, 3], labels)).toBe(3 / 4);
    expect(reachableRecall([0, 1, 3], [1, 2, 4], labels)).toBe(1);
  });
});
