import { describe, expect, it } from 'vitest';
import { clusterMetrics, truePairsFromLabels } from './evaluate.ts';
import { candidatePairs } from './blocking.ts';
import { chooseThresholds, cluster } from './cluster.ts';
import { compile, defaultParameters, log2Odds, probability, scoreIndices, scorePairs } from './model.ts';
import { assignRecord, linkAll, peopleOf, personIdsByRecord, SEF_CONFIG } from './pipeline.ts';
import { prepare, termFrequencies, type TermFrequencies } from './prepare.ts';
import { person, population } from './testkit.ts';

describe('linkAll', () => {
  it('trains, blocks, scores and clusters a population without labels', () => {
    const { records, labels } = population(500, 5);
    const run = linkAll(records, SEF_CONFIG, { seed: 3 });
    const m = clusterMetrics(run.result.clusters, records.length, truePairsFromLabels(labels));
    expect(m.precision).toBeGreaterThan(0.99);
    expect(m.recall).toBeGreaterThan(0.8);
    expect(run.thresholds.accept).toBeGreaterThanOrEqual(0.99);
    // The same input gives the same people.
    const again = linkAll(records, SEF_CONFIG, { seed: 3 });
    expect(peopleOf(records, again.result.clusters)).toEqual(peopleOf(records, run.result.clusters));
    // Each record's person, as a rebuild stores it, is the person peopleOf names.
    const byRecord = personIdsByRecord(records, run.result.clusters);
    for (const p of peopleOf(records, run.result.clusters)) for (const k of p.records) expect(byRecord[records.findIndex((r) => r.key === k)]).toBe(p.id);
  });
  it('keeps reviewer decisions across a rebuild', () => {
    const { records } = population(120, 9);
    const first = linkAll(records, SEF_CONFIG);
    const together = first.result.clusters.find((c) => c.length >= 2)!;
    const [i, j] = together as [number, number];
    const rebuilt = linkAll(records, SEF_CONFIG, { params: first.params, decisions: [{ a: records[i]!.key, b: records[j]!.key, decision: 'non-match' }] });
    expect(rebuilt.result.clusterOf[i]).not.toBe(rebuilt.result.clusterOf[j]);
  });
  it('keeps only the scored pairs that can matter, and links as if it had kept them all', () => {
    const { records } = population(800, 11);
    const run = linkAll(records, SEF_CONFIG, { seed: 2, chunkSize: 700 });
    // Every candidate pair scored and held, as linking did before.
    const cands = candidatePairs(records, SEF_CONFIG.blocking);
    const weights = scorePairs(run.set, run.model, cands.left, cands.right);
    const all = chooseThresholds(weights);
    const everything = cluster(run.set, { left: cands.left, right: cands.right, weights }, { thresholds: all, policy: {}, score: (i, j) => scoreIndices(run.set, run.model, i, j) });
    expect(run.kept.scored).toBe(cands.left.length);
    expect(run.kept.left.length).toBeLessThan(cands.left.length);
    expect(run.kept.mass).toBeCloseTo(weights.reduce((s, w) => s + probability(w), 0), 6);
    expect({ ...run.thresholds, estimatedRecall: 0 }).toEqual({ ...all, estimatedRecall: 0 });
    expect(run.thresholds.estimatedRecall).toBeCloseTo(all.estimatedRecall, 9);
    expect(run.result.clusters).toEqual(everything.clusters);
    expect(run.result.review).toEqual(everything.review);
    expect(run.result.vetoed).toEqual(everything.vetoed);
    // A review threshold given by the caller below the usual floor keeps the pairs it needs too.
    const review = probability(Math.max(...weights.filter((w) => probability(w) < 0.5)));
    const low = linkAll(records, SEF_CONFIG, { params: run.params, thresholds: { accept: 0.9, review } });
    const lowAll = cluster(run.set, { left: cands.left, right: cands.right, weights }, { thresholds: { accept: 0.9, review }, policy: {}, score: (i, j) => scoreIndices(run.set, run.model, i, j) });
    expect(low.result.review).toEqual(lowAll.review);
    expect(low.kept.left.length).toBeGreaterThan(run.kept.left.length);
  });
  it('keeps a pair whose weight rounds to just under the floor but whose probability reaches minAccept', () => {
    // A prior chosen so that the pair's weight is a few ulps below log2Odds(0.99) while probability(weight) is 0.99.
    let lambda = 0.99;
    for (let k = 1; k < 200; k++) {
      lambda = 0.99 - k * 2 ** -53;
      if (log2Odds(lambda) < log2Odds(0.99) && probability(log2Odds(lambda)) >= 0.99) break;
    }
    expect(probability(log2Odds(lambda))).toBeGreaterThanOrEqual(0.99);
    const params = { ...defaultParameters(['sex']), lambda };
    params.comparisons[0]!.levels = params.comparisons[0]!.levels.map((l) => ({ ...l, m: 0.5, u: 0.5 }));
    const twins = [person({ given: 'ann', family: 'lee', sex: 'female', birthDate: '2001-02-03' }), person({ given: 'ann', family: 'lee', sex: 'female', birthDate: '2001-02-03' })];
    const run = linkAll(twins, { ...SEF_CONFIG, comparisons: ['sex'], thresholds: { minAccept: 0.99, reviewFloor: 0.995 } }, { params });
    expect(run.kept.left.length).toBe(1);
    expect(run.thresholds.accept).toBe(1);
  });
  it('lists people with stable ids for seen people --json', () => {
    const a = { ...person({ given: 'a' }), key: { source: 'police', id: '2' } };
    const b = { ...person({ given: 'a' }), key: { source: 'csc', id: '9' } };
    expect(peopleOf([a, b], [[0, 1]])).toEqual([{ id: 'person:csc:9', records: [{ source: 'csc', id: '9' }, { source: 'police', id: '2' }] }]);
  });
});

describe('prepare', () => {
  it('counts term frequencies as it goes exactly as termFrequencies does', () => {
    const { records } = population(400, 9);
    const counted = prepare(records);
    const given = prepare(records, termFrequencies(records));
    expect(counted.columns.tfGiven).toEqual(given.columns.tfGiven);
    expect(counted.columns.tfFamily).toEqual(given.columns.tfFamily);
    expect(counted.columns.tfPostcodes).toEqual(given.columns.tfPostcodes);
    // Not all zero: a frequency that was never counted would pass the comparison above only if both were broken.
    expect(Math.min(...counted.columns.tfFamily.filter((f) => f > 0))).toBeGreaterThan(0);
    expect(counted.columns.tfPostcodes.some((f) => f > 0)).toBe(true);
    expect(new Set(counted.columns.tfGiven).size).toBeGreaterThan(10);
  });
});

describe('assignRecord (incremental)', () => {
  const RARE: TermFrequencies = { given: new Map(), family: new Map(), postcode: new Map() };
  const model = compile(defaultParameters());
  const HOME = { line1: '12 Acre Road', postcode: 'SW18 2AB' };
  const thresholds = { accept: 0.99, review: 0.5 };
  const leah1 = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
  const leah2 = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', nhsNumber: '9434765919' });
  const sarah = person({ given: 'Sarah', family: 'Khan', birthDate: '1985-02-10', sex: 'female', ...HOME });
  const people = [
    { id: 'P-leah', members: [0, 1] },
    { id: 'P-sarah', members: [2] },
  ];
  const assign = (incoming: ReturnType<typeof person>, decisions = [] as Parameters<typeof assignRecord>[4]['decisions']) =>
    assignRecord(prepare([leah1, leah2, sarah, incoming], RARE), model, 3, people, { thresholds, decisions });

  it('joins the person a new record of them belongs to', () => {
    const a = assign(person({ given: 'Leah', family: 'Khan', birthDate: '2015-04-03', sex: 'female', postcode: 'SW18 2AB' }));
    expect(a).toMatchObject({ action: 'join', person: 'P-leah' });
    expect(a.verdicts.find((v) => v.person === 'P-sarah')?.outcome).toBe('veto');
  });
  it('starts a new person for a twin, with a review verdict, and vetoes a different NHS number', () => {
    const twin = assign(person({ given: 'Mia', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME }));
    expect(twin.action).toBe('new');
    expect(twin.verdicts[0]).toMatchObject({ person: 'P-leah', outcome: 'review', reason: 'given names clearly different' });
    const other = assign(person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', nhsNumber: '4010232137', ...HOME }));
    expect(other.action).toBe('new');
    expect(other.verdicts[0]).toMatchObject({ person: 'P-leah', outcome: 'veto', reason: 'two different valid NHS numbers' });
  });
  it("sends a twin's record to review when it links strongly to a record of her sister's from before either was named", () => {
    const ava = person({ given: 'Ava', family: 'Powell', birthDate: '2020-06-02', sex: 'female', nhsNumber: '4365110551', ...HOME });
    const unnamed = person({ family: 'Powell', birthDate: '2020-06-02', sex: 'female', nhsNumber: '4365110551', ...HOME });
    const emma = person({ given: 'Emma', family: 'Powell', birthDate: '2020-06-02', sex: 'female', ...HOME });
    const policy = { minorsBornAfter: '2008-11-01' };
    const a = assignRecord(prepare([ava, unnamed, emma], RARE), model, 2, [{ id: 'P-ava', members: [0, 1] }], { thresholds, policy });
    expect(a.action).toBe('new');
    expect(a.verdicts[0]).toMatchObject({ person: 'P-ava', outcome: 'review' });
  });
  it('sends a record that two people accept equally to review', () => {
    const twinA = person({ given: 'Gabriela', family: 'Martinez', birthDate: '2022-06-27', sex: 'female', nhsNumber: '9434765919', ...HOME });
    const twinB = person({ given: 'Gabriela', family: 'Martinez', birthDate: '2022-06-27', sex: 'female', nhsNumber: '4010232137', ...HOME });
    const nursery = person({ given: 'Gabriela', family: 'Martinez', birthDate: '2022-06-27', sex: 'female', ...HOME });
    const a = assignRecord(prepare([twinA, twinB, nursery], RARE), model, 2, [{ id: 'A', members: [0] }, { id: 'B', members: [1] }], { thresholds });
    expect(a.action).toBe('new');
    expect(a.verdicts.map((v) => [v.person, v.outcome, v.reason])).toEqual([
      ['A', 'review', 'links as strongly to two people'],
      ['B', 'review', 'links as strongly to two people'],
    ]);
  });
  it('does not give an undated record to a father when it links as well to his namesake son', () => {
    // A nursery's "John Morris" with no date of birth, at the family's home:
    // the son's own dated records are held back (a child could be involved),
    // and that must not leave the father as the only candidate.
    const policy = { minorsBornAfter: '2008-11-01' };
    const father = { ...person({ given: 'John', middle: 'Jason', family: 'Morris', birthDate: '1996-06-24', sex: 'male', nhsNumber: '9434765919', ...HOME }), key: { source: 'gp', id: 'G1' } };
    const son = { ...person({ given: 'John', family: 'Morris', birthDate: '2022-03-01', sex: 'male', nhsNumber: '4010232137', ...HOME }), key: { source: 'gp', id: 'G2' } };
    const nursery = { ...person({ given: 'John', family: 'Morris', sex: 'male', ...HOME }), key: { source: 'nursery', id: 'N1' } };
    const set = prepare([father, son, nursery], RARE);
    const a = assignRecord(set, model, 2, [{ id: 'father', members: [0] }, { id: 'son', members: [1] }], { thresholds, policy });
    expect(a.action).toBe('new');
    expect(a.verdicts.find((v) => v.person === 'father')).toMatchObject({ outcome: 'review', reason: 'links as strongly to two people' });
    // Without the son, the father is accepted on name and address (adults link on the model).
    const alone = assignRecord(set, model, 2, [{ id: 'father', members: [0] }], { thresholds, policy });
    expect(alone).toMatchObject({ action: 'join', person: 'father' });
  });
  it('obeys reviewer decisions first', () => {
    const incoming = person({ given: 'Leah', family: 'Khan', birthDate: '2015-03-04', sex: 'female', ...HOME });
    expect(assign(incoming, [{ a: incoming.key, b: leah1.key, decision: 'non-match' }]).action).toBe('new');
    const odd = person({ given: 'L', family: 'K', birthDate: '2001-01-01' });
    expect(assign(odd, [{ a: sarah.key, b: odd.key, decision: 'match' }])).toMatchObject({ action: 'join', person: 'P-sarah' });
  });
});
