import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockingRecall, candidatePairs, type BlockingRule } from './blocking.ts';
import { cappedOnlyForMissingBirthDate, chooseThresholds, evidenceTier, hardConflict, PLAIN_POLICY, reviewCap } from './cluster.ts';
import { COMPARISONS } from './comparisons.ts';
import { truePairsFromLabels, pairMetrics } from './evaluate.ts';
import { compile, defaultParameters, emM, explainIndices, probability, scoreIndices, scorePairs, trainModel, type ModelParameters } from './model.ts';
import { prepare } from './prepare.ts';
import type { LinkRecord } from './record.ts';
import { person, population, type PersonSpec } from './testkit.ts';

const RULES: BlockingRule[] = [
  { name: 'nhs', parts: ['nhs'] },
  { name: 'dob', parts: ['dob'] },
  { name: 'names', parts: ['givenPhonetic', 'familyPhonetic'] },
  { name: 'postcode', parts: ['postcode'] },
];
const TRAINING = {
  comparisons: ['given', 'family', 'dob', 'sex', 'nhs', 'postcode', 'address'],
  deterministicRules: [{ name: 'nhs', parts: ['nhs'] }, { name: 'names+dob', parts: ['given', 'family', 'dob'] }] as BlockingRule[],
  trainingRules: [{ name: 'dob', parts: ['dob'] }, { name: 'names', parts: ['given', 'family'] }, { name: 'postcode', parts: ['postcode'] }] as BlockingRule[],
  seed: 7,
  uSampleSize: 50_000,
};

describe('training', () => {
  const { records, labels } = population(600, 11);
  const params = trainModel(records, TRAINING);

  it('is deterministic: same data and seed, same parameters', () => {
    expect(JSON.stringify(trainModel(records, TRAINING))).toBe(JSON.stringify(params));
  });

  it('produces plain, versioned JSON that scores the same after a round trip', () => {
    const copy = JSON.parse(JSON.stringify(params)) as ModelParameters;
    expect(copy.kind).toBe('seen-fellegi-sunter');
    expect(copy.version).toBe(1);
    const set = prepare(records);
    const a = compile(params);
    const b = compile(copy);
    for (let k = 0; k < 50; k++) expect(scoreIndices(set, b, k, k + 1)).toBe(scoreIndices(set, a, k, k + 1));
  });

  it('learns sensible parameters without labels and does not collapse', () => {
    const given = params.comparisons.find((c) => c.name === 'given')!;
    expect(given.levels[0]!.m).toBeGreaterThan(0.6); // most true pairs agree exactly
    expect(given.levels[0]!.u).toBeLessThan(0.1);
    expect(params.lambda).toBeGreaterThan(0);
    expect(params.lambda).toBeLessThan(0.01);
    expect(params.training?.emRuns.map((r) => r.leftOut)).toEqual([['dob'], ['given', 'family'], ['postcode']]);

    const cands = candidatePairs(records, RULES);
    const truth = truePairsFromLabels(labels);
    expect(blockingRecall(cands, records.length, truth).recall).toBeGreaterThan(0.97);
    const set = prepare(records);
    const w = scorePairs(set, compile(params), cands.left, cands.right);
    const th = chooseThresholds(w);
    const m = pairMetrics(cands.left, cands.right, (k) => probability(w[k]!) >= th.accept, records.length, truth);
    expect(m.precision).toBeGreaterThan(0.98);
    expect(m.recall).toBeGreaterThan(0.85);
  });
});

describe('EM', () => {
  it('recovers m from pattern counts of a known mixture with u fixed', () => {
    // One comparison with two levels: matches agree 90% of the time, non-matches 10%.
    const u = [[0.1, 0.9], [0.2, 0.8]];
    const truthM = [[0.9, 0.1], [0.8, 0.2]];
    const patterns: Int8Array[] = [];
    const counts: number[] = [];
    const lambda = 0.3;
    for (const a of [0, 1])
      for (const b of [0, 1]) {
        patterns.push(Int8Array.from([a, b]));
        counts.push(10000 * (lambda * truthM[0]![a]! * truthM[1]![b]! + (1 - lambda) * u[0]![a]! * u[1]![b]!));
      }
    const res = emM(patterns, counts, u, [[0.6, 0.4], [0.6, 0.4]], [true, true], { maxIterations: 2000, priorStrength: 0 });
    expect(res.lambda).toBeCloseTo(lambda, 2);
    expect(res.m[0]![0]).toBeCloseTo(0.9, 2);
    expect(res.m[1]![0]).toBeCloseTo(0.8, 2);
  });
});

describe('scoring properties', () => {
  const name = (xs: string[]) => fc.option(fc.constantFrom(...xs), { nil: null });
  const spec: fc.Arbitrary<PersonSpec> = fc.record({
    given: name(['ann', 'anne', 'bill', 'william', 'sarah', 'sara', 'khan', 'leah']),
    middle: name(['grace', 'ann']),
    family: name(['khan', 'smith', 'smith-jones', 'jones', 'sarah', 'smyth']),
    birthDate: fc.option(fc.constantFrom('2015-03-04', '2015-04-03', '2015-03-05', '2015', '2015-03', '2016-01-01', '1980-07-07'), { nil: null }),
    sex: fc.constantFrom('female', 'male', 'unknown'),
    nhsNumber: fc.option(fc.constantFrom('9434765919', '4010232137', '9434765918'), { nil: null }),
    line1: fc.constantFrom('12 Acre Road', '12 Acre Raod', '14 Mill Lane'),
    postcode: fc.constantFrom('SW18 2AB', 'SW18 2XY', 'M1 1AA'),
    phones: fc.array(fc.constantFrom('07700 900123', '01632 900123'), { maxLength: 2 }),
    aliases: fc.array(fc.record({ given: name(['ash', 'ann']), family: name(['okafor', 'khan']) }), { maxLength: 1 }),
  });
  const models = [compile(defaultParameters()), compile(trainModel(population(200, 3).records, TRAINING))];

  it('is symmetric and deterministic for every model and pair', () => {
    fc.assert(
      fc.property(spec, spec, (x, y) => {
        const a = person(x);
        const b = person(y);
        const set = prepare([a, b]);
        for (const model of models) {
          const ab = scoreIndices(set, model, 0, 1);
          expect(scoreIndices(set, model, 1, 0)).toBe(ab);
          expect(scoreIndices(prepare([a, b]), model, 0, 1)).toBe(ab); // fresh caches, same answer
          expect(scoreIndices(prepare([b, a]), model, 0, 1)).toBe(ab);
          expect(Number.isFinite(ab)).toBe(true);
          const e = explainIndices(set, model, 0, 1);
          expect(e.totalWeight).toBeCloseTo(ab, 9);
        }
        for (const c of COMPARISONS) expect(c.compare(set, 0, 1)).toBe(c.compare(set, 1, 0));
      }),
      { numRuns: 300 },
    );
  });
  it('decides conflicts, caps and evidence the same way round either way', () => {
    // The clustering guards must not depend on which record came first.
    const policies = [{}, { minorsBornAfter: '2008-11-01' }, PLAIN_POLICY];
    const withIds = fc.record({
      base: spec,
      upn: fc.option(fc.constantFrom('A887200726327', 'B887200726327'), { nil: null }),
      otherId: fc.option(fc.constantFrom('1234567', '1234576', '7654321'), { nil: null }),
      emails: fc.array(fc.constantFrom('a.b@x.org', 'a.b@y.org', 'c@x.org'), { maxLength: 2 }),
      town: fc.option(fc.constantFrom('Wandlebury', 'Wandlebery', 'Croxden'), { nil: null }),
      source: fc.constantFrom('gp', 'police'),
    });
    const make = (x: { base: PersonSpec; upn: string | null; otherId: string | null; emails: string[]; town: string | null; source: string }, id: string): LinkRecord => {
      const r = person({ ...x.base, emails: x.emails, addresses: [{ line1: x.base.line1 ?? null, postcode: x.base.postcode ?? null, town: x.town }] });
      return { ...r, key: { source: x.source, id }, upn: x.upn, otherId: x.otherId };
    };
    fc.assert(
      fc.property(withIds, withIds, (x, y) => {
        const set = prepare([make(x, '1'), make(y, '2')]);
        for (const policy of policies) {
          expect(hardConflict(set, 1, 0, policy)).toBe(hardConflict(set, 0, 1, policy));
          expect(reviewCap(set, 1, 0, policy)).toBe(reviewCap(set, 0, 1, policy));
          expect(cappedOnlyForMissingBirthDate(set, 1, 0, policy)).toBe(cappedOnlyForMissingBirthDate(set, 0, 1, policy));
        }
        expect(evidenceTier(set, 1, 0)).toBe(evidenceTier(set, 0, 1));
        for (const model of models) expect(scoreIndices(set, model, 1, 0)).toBe(scoreIndices(set, model, 0, 1));
        for (const c of COMPARISONS) expect(c.compare(set, 0, 1)).toBe(c.compare(set, 1, 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sampleRecords', () => {
  it('takes exactly n, deterministically, in order', async () => {
    const { sampleRecords } = await import('./model.ts');
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const s = sampleRecords(xs, 100, 5);
    expect(s).toHaveLength(100);
    expect(s).toEqual(sampleRecords(xs, 100, 5));
    expect(s).toEqual([...s].sort((a, b) => a - b));
    expect(sampleRecords(xs, 2000)).toEqual(xs);
  });
});
