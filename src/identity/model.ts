// The Fellegi–Sunter model: parameters as plain, versioned JSON; a compiled
// form for fast scoring; training by the recipe in identity-notes (u from a
// random sample of pairs then fixed, the prior from deterministic rules, m
// by EM on agreement-pattern counts per training rule with that rule's own
// comparisons left out, averaged); and `explain`.

import { candidatePairs, eligible, ruleComparisons, type BlockingRule, type LinkType } from './blocking.ts';
import { comparisonByName, type Comparison, type TfField } from './comparisons.ts';
import { prepare, type PreparedRecord, type PreparedSet, type TermFrequencies } from './prepare.ts';
import { mulberry32 } from './prng.ts';
import type { LinkRecord } from './record.ts';

export const MODEL_VERSION = 1;

export interface LevelParams {
  label: string;
  m: number;
  u: number;
  tf?: TfField;
  tfWeight?: number;
}

export interface ComparisonParams {
  name: string;
  levels: LevelParams[];
}

/** Everything needed to score, as JSON: save it, version it, show it. */
export interface ModelParameters {
  kind: 'seen-fellegi-sunter';
  version: typeof MODEL_VERSION;
  /** Prior probability that two records (of an eligible pair) are the same person. */
  lambda: number;
  /** Floor on term frequencies so a unique value cannot give unbounded weight. */
  tfMinimum: number;
  comparisons: ComparisonParams[];
  /** How the parameters were obtained, for the audit trail. */
  training: TrainingSummary | null;
}

export interface TrainingSummary {
  seed: number;
  uSampledPairs: number;
  deterministicRules: BlockingRule[];
  deterministicPairs: number;
  assumedRecall: number;
  emRuns: Array<{ rule: string; pairs: number; patterns: number; iterations: number; lambda: number; leftOut: string[] }>;
}

// ------------------------------------------------------------------ defaults

/**
 * Hand-set starting values for the SEF domain: the starting point of EM and
 * a usable model before there is data to train on. u values are typical of
 * an English population; m values of agency records of the same person.
 */
const DEFAULT_LEVELS: Record<string, Array<[number, number]>> = {
  // [m, u] per level, in the comparison's level order.
  given: [[0.82, 0.01], [0.005, 0.0001], [0.06, 0.004], [0.04, 0.001], [0.02, 0.0005], [0.01, 0.004], [0.01, 0.008], [0.025, 0.9725]],
  family: [[0.85, 0.005], [0.005, 0.0001], [0.05, 0.003], [0.04, 0.0005], [0.01, 0.004], [0.01, 0.008], [0.035, 0.9794]],
  dob: [[0.9, 0.00004], [0.01, 0.00003], [0.04, 0.0006], [0.02, 0.005], [0.01, 0.012], [0.02, 0.98233]],
  sex: [[0.99, 0.5], [0.01, 0.5]],
  // Two valid, different numbers for one person are rare (a temporary number, a mix-up).
  nhs: [[0.9998, 0.0000005], [0.0002, 0.9999995]],
  upn: [[0.999, 0.0000005], [0.001, 0.9999995]],
  otherId: [[0.9, 0.000001], [0.05, 0.00001], [0.05, 0.999989]],
  postcode: [[0.7, 0.0005], [0.1, 0.005], [0.05, 0.02], [0.15, 0.9745]],
  address: [[0.6, 0.0005], [0.1, 0.001], [0.05, 0.005], [0.25, 0.9935]],
  town: [[0.8, 0.01], [0.05, 0.01], [0.15, 0.98]],
  phone: [[0.7, 0.00001], [0.05, 0.0001], [0.25, 0.99989]],
  email: [[0.7, 0.000001], [0.1, 0.00001], [0.2, 0.999989]],
};

export const DEFAULT_COMPARISONS = ['given', 'family', 'dob', 'sex', 'nhs', 'upn', 'otherId', 'postcode', 'address', 'town', 'phone', 'email'];

function defaultComparisonParams(c: Comparison): ComparisonParams {
  const d = DEFAULT_LEVELS[c.name];
  return {
    name: c.name,
    levels: c.levels.map((l, i) => {
      const [m, u] = d?.[i] ?? [i === c.levels.length - 1 ? 0.1 : 0.9 / (c.levels.length - 1), i === c.levels.length - 1 ? 0.99 : 0.01 / (c.levels.length - 1)];
      const lp: LevelParams = { label: l.label, m, u };
      if (l.tf !== undefined) {
        lp.tf = l.tf;
        lp.tfWeight = l.tfWeight ?? 1;
      }
      return lp;
    }),
  };
}

/** An untrained model with the default values, for tests and for a partnership with too little data to train on. */
export function defaultParameters(comparisons: readonly string[] = DEFAULT_COMPARISONS, lambda = 0.0001): ModelParameters {
  return {
    kind: 'seen-fellegi-sunter',
    version: MODEL_VERSION,
    lambda,
    tfMinimum: 0.0002,
    comparisons: comparisons.map((n) => defaultComparisonParams(comparisonByName(n))),
    training: null,
  };
}

// ------------------------------------------------------------------ scoring

export interface CompiledModel {
  params: ModelParameters;
  comparisons: Comparison[];
  /** Per comparison, per level: log2(m/u). */
  weights: Float64Array[];
  /** Per comparison: the tf-adjusted level's index (or -1), its log2 u, its tf weight and field. */
  tfLevel: Int8Array;
  tfLogU: Float64Array;
  tfWeight: Float64Array;
  tfField: Array<TfField | null>;
  priorWeight: number;
  log2TfMin: number;
}

export function log2Odds(p: number): number {
  return Math.log2(p / (1 - p));
}

export function probability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

export function compile(params: ModelParameters): CompiledModel {
  if (params.kind !== 'seen-fellegi-sunter' || params.version !== MODEL_VERSION) throw new Error(`unsupported model parameters (${params.kind} v${params.version})`);
  const comparisons = params.comparisons.map((c) => comparisonByName(c.name));
  const weights = params.comparisons.map((c) => Float64Array.from(c.levels.map((l) => Math.log2(l.m / l.u))));
  const tfLevel = new Int8Array(comparisons.length).fill(-1);
  const tfLogU = new Float64Array(comparisons.length);
  const tfWeight = new Float64Array(comparisons.length);
  const tfField: Array<TfField | null> = [];
  params.comparisons.forEach((c, k) => {
    const idx = c.levels.findIndex((l) => l.tf !== undefined);
    tfField.push(idx >= 0 ? (c.levels[idx]?.tf ?? null) : null);
    if (idx >= 0) {
      const l = c.levels[idx] as LevelParams;
      tfLevel[k] = idx;
      tfLogU[k] = Math.log2(l.u);
      tfWeight[k] = l.tfWeight ?? 1;
    }
  });
  return { params, comparisons, weights, tfLevel, tfLogU, tfWeight, tfField, priorWeight: log2Odds(params.lambda), log2TfMin: Math.log2(params.tfMinimum) };
}

/** The frequency behind a tf-adjusted level: for postcodes, the rarest shared one. */
function tfOf(field: TfField, a: PreparedRecord, b: PreparedRecord): number {
  if (field === 'given') return Math.max(a.tfGiven, b.tfGiven);
  if (field === 'family') return Math.max(a.tfFamily, b.tfFamily);
  let best = Infinity;
  a.postcodes.forEach((p, i) => {
    const j = b.postcodes.indexOf(p);
    if (j >= 0) best = Math.min(best, Math.max(a.tfPostcodes[i] ?? 0, b.tfPostcodes[j] ?? 0));
  });
  return best === Infinity ? 0 : best;
}

function tfAdjustment(model: CompiledModel, k: number, a: PreparedRecord, b: PreparedRecord): number {
  const field = model.tfField[k];
  if (field === null || field === undefined) return 0;
  const tf = tfOf(field, a, b);
  const l2 = Math.max(tf > 0 ? Math.log2(tf) : -Infinity, model.log2TfMin);
  return (model.tfWeight[k] as number) * ((model.tfLogU[k] as number) - l2);
}

/** The match weight (log2 odds) of records i and j of a prepared set. */
export function scoreIndices(set: PreparedSet, model: CompiledModel, i: number, j: number): number {
  const a = set.records[i] as PreparedRecord;
  const b = set.records[j] as PreparedRecord;
  let w = model.priorWeight;
  const cs = model.comparisons;
  for (let k = 0; k < cs.length; k++) {
    const level = (cs[k] as Comparison).compare(a, b, set);
    if (level < 0) continue;
    w += (model.weights[k] as Float64Array)[level] as number;
    if (level === model.tfLevel[k]) w += tfAdjustment(model, k, a, b);
  }
  return w;
}

/** The level of every comparison for a pair (-1 for null). */
export function comparisonLevels(set: PreparedSet, model: CompiledModel, i: number, j: number, out = new Int8Array(model.comparisons.length)): Int8Array {
  const a = set.records[i] as PreparedRecord;
  const b = set.records[j] as PreparedRecord;
  for (let k = 0; k < model.comparisons.length; k++) out[k] = (model.comparisons[k] as Comparison).compare(a, b, set);
  return out;
}

/**
 * The scoring kernel: weights for a batch of pairs given as index arrays.
 * Inputs are plain data and typed arrays so that chunks can be handed to
 * worker threads (each worker prepares the same records once).
 */
export function scorePairs(set: PreparedSet, model: CompiledModel, left: Uint32Array, right: Uint32Array): Float64Array {
  const out = new Float64Array(left.length);
  for (let k = 0; k < left.length; k++) out[k] = scoreIndices(set, model, left[k] as number, right[k] as number);
  return out;
}

export interface ExplainedComparison {
  comparison: string;
  /** -1 when a value is missing on either side (no evidence). */
  level: number;
  label: string;
  m: number | null;
  u: number | null;
  /** log2(m/u), 0 for the null level. */
  weight: number;
  /** Term-frequency adjustment added to the weight (0 when none). */
  tfAdjustment: number;
}

export interface Explanation {
  priorWeight: number;
  comparisons: ExplainedComparison[];
  totalWeight: number;
  probability: number;
}

export function explainIndices(set: PreparedSet, model: CompiledModel, i: number, j: number): Explanation {
  const a = set.records[i] as PreparedRecord;
  const b = set.records[j] as PreparedRecord;
  let total = model.priorWeight;
  const comparisons = model.comparisons.map((c, k): ExplainedComparison => {
    const level = c.compare(a, b, set);
    if (level < 0) return { comparison: c.name, level, label: 'missing on one side: no evidence', m: null, u: null, weight: 0, tfAdjustment: 0 };
    const lp = model.params.comparisons[k]?.levels[level] as LevelParams;
    const weight = (model.weights[k] as Float64Array)[level] as number;
    const tfAdj = level === model.tfLevel[k] ? tfAdjustment(model, k, a, b) : 0;
    total += weight + tfAdj;
    return { comparison: c.name, level, label: lp.label, m: lp.m, u: lp.u, weight, tfAdjustment: tfAdj };
  });
  return { priorWeight: model.priorWeight, comparisons, totalWeight: total, probability: probability(total) };
}

/**
 * Explain two plain records: the store calls this for `seen explain`. Pass
 * the population's term frequencies (from the store) for the same figures as
 * the batch run; without them, frequencies come from the two records alone.
 */
export function explainPair(params: ModelParameters | CompiledModel, a: LinkRecord, b: LinkRecord, tf?: TermFrequencies): Explanation {
  const model = 'weights' in params ? params : compile(params);
  return explainIndices(prepare([a, b], tf), model, 0, 1);
}

// ------------------------------------------------------------------ training

export interface TrainingOptions {
  comparisons?: readonly string[];
  linkType?: LinkType;
  seed?: number;
  /** Random pairs for u (all pairs when there are fewer). Default 1,000,000. */
  uSampleSize?: number;
  /** Strict rules whose pairs are almost all true matches, for the prior. */
  deterministicRules: BlockingRule[];
  /** Share of all true matches those rules are assumed to find. Default 0.7. */
  assumedRecall?: number;
  /** One EM run per rule; the comparisons a rule uses are left out of its run. */
  trainingRules: BlockingRule[];
  /** Cap on pairs per EM run (sampled with the seed beyond it). Default 2,000,000. */
  maxTrainingPairs?: number;
  maxIterations?: number;
  /** Pseudo-count of the default m values in each EM update (keeps unseen levels finite). */
  priorStrength?: number;
}

export function totalPairs(records: readonly LinkRecord[], linkType: LinkType): number {
  const n = records.length;
  if (linkType === 'dedupe') return (n * (n - 1)) / 2;
  const bySource = new Map<string, number>();
  for (const r of records) bySource.set(r.key.source, (bySource.get(r.key.source) ?? 0) + 1);
  let cross = 0;
  let seen = 0;
  for (const c of bySource.values()) {
    cross += seen * c;
    seen += c;
  }
  return linkType === 'link-only' ? cross : (n * (n - 1)) / 2;
}

/** u per level from random pairs, all taken as non-matches. */
export function estimateU(
  set: PreparedSet,
  model: CompiledModel,
  opts: { linkType: LinkType; sampleSize: number; seed: number },
): { u: number[][]; pairs: number } {
  const n = set.records.length;
  const C = model.comparisons.length;
  const counts = model.comparisons.map((c) => new Float64Array(c.levels.length));
  const out = new Int8Array(C);
  let pairs = 0;
  const add = (i: number, j: number): void => {
    comparisonLevels(set, model, i, j, out);
    for (let k = 0; k < C; k++) {
      const l = out[k] as number;
      if (l >= 0) (counts[k] as Float64Array)[l]! += 1;
    }
    pairs++;
  };
  const all = totalPairs(set.source, opts.linkType);
  if (all <= opts.sampleSize) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) if (eligible(set.source[i] as LinkRecord, set.source[j] as LinkRecord, opts.linkType)) add(i, j);
  } else {
    const rnd = mulberry32(opts.seed);
    let tries = 0;
    while (pairs < opts.sampleSize && tries < opts.sampleSize * 20) {
      tries++;
      const i = Math.floor(rnd() * n);
      const j = Math.floor(rnd() * n);
      if (i === j || !eligible(set.source[i] as LinkRecord, set.source[j] as LinkRecord, opts.linkType)) continue;
      add(i, j);
    }
  }
  const u = counts.map((cs) => {
    const total = cs.reduce((s, x) => s + x, 0);
    // A level never seen among random pairs gets half a count: rare, not impossible.
    return Array.from(cs, (x) => (total === 0 ? NaN : Math.max(x, 0.5) / total));
  });
  return { u, pairs };
}

/** Agreement patterns of a set of pairs, counted: EM runs on these, not on pairs. */
export function patternCounts(set: PreparedSet, model: CompiledModel, left: Uint32Array, right: Uint32Array): { patterns: Int8Array[]; counts: number[] } {
  const map = new Map<number, number>();
  const firstOf = new Map<number, Int8Array>();
  const out = new Int8Array(model.comparisons.length);
  for (let p = 0; p < left.length; p++) {
    comparisonLevels(set, model, left[p] as number, right[p] as number, out);
    let key = 0;
    for (let k = 0; k < out.length; k++) key = key * 9 + ((out[k] as number) + 1);
    const c = map.get(key);
    if (c === undefined) {
      map.set(key, 1);
      firstOf.set(key, out.slice());
    } else map.set(key, c + 1);
  }
  const patterns: Int8Array[] = [];
  const counts: number[] = [];
  for (const [key, c] of map) {
    patterns.push(firstOf.get(key) as Int8Array);
    counts.push(c);
  }
  return { patterns, counts };
}

/**
 * EM for m with u fixed, over pattern counts; comparisons not in `active`
 * are ignored. Returns m per comparison (only active ones meaningful), the
 * block's match share and the iterations used.
 */
export function emM(
  patterns: readonly Int8Array[],
  counts: readonly number[],
  u: readonly (readonly number[])[],
  m0: readonly (readonly number[])[],
  active: readonly boolean[],
  opts: { maxIterations: number; priorStrength: number; lambda0?: number },
): { m: number[][]; lambda: number; iterations: number } {
  let m = m0.map((x) => [...x]);
  let lambda = opts.lambda0 ?? 0.3;
  const C = u.length;
  const P = patterns.length;
  const total = counts.reduce((s, c) => s + c, 0);
  let it = 0;
  for (; it < opts.maxIterations; it++) {
    const mNum = m.map((lv) => new Float64Array(lv.length));
    let matchMass = 0;
    for (let p = 0; p < P; p++) {
      const pat = patterns[p] as Int8Array;
      // log-space to survive many comparisons with tiny u.
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let k = 0; k < C; k++) {
        const l = pat[k] as number;
        if (l < 0 || !active[k]) continue;
        lm += Math.log((m[k] as number[])[l] as number);
        lu += Math.log((u[k] as readonly number[])[l] as number);
      }
      const post = 1 / (1 + Math.exp(lu - lm));
      const w = post * (counts[p] as number);
      matchMass += w;
      for (let k = 0; k < C; k++) {
        const l = pat[k] as number;
        if (l >= 0 && active[k]) (mNum[k] as Float64Array)[l]! += w;
      }
    }
    let delta = 0;
    const next = mNum.map((num, k) => {
      const sum = num.reduce((s, x) => s + x, 0);
      const prior = m0[k] as readonly number[];
      return Array.from(num, (x, l) => {
        const v = (x + opts.priorStrength * (prior[l] as number)) / (sum + opts.priorStrength);
        delta = Math.max(delta, Math.abs(v - ((m[k] as number[])[l] as number)));
        return v;
      });
    });
    m = next;
    const nextLambda = Math.min(0.999, Math.max(1e-6, matchMass / total));
    delta = Math.max(delta, Math.abs(nextLambda - lambda));
    lambda = nextLambda;
    if (delta < 1e-6) {
      it++;
      break;
    }
  }
  return { m, lambda, iterations: it };
}

function subsample(left: Uint32Array, right: Uint32Array, max: number, seed: number): [Uint32Array, Uint32Array] {
  if (left.length <= max) return [left, right];
  const rnd = mulberry32(seed);
  const l = new Uint32Array(max);
  const r = new Uint32Array(max);
  for (let k = 0; k < max; k++) {
    const p = Math.floor(rnd() * left.length);
    l[k] = left[p] as number;
    r[k] = right[p] as number;
  }
  return [l, r];
}

/** Train a model on unlabelled records (see the file comment for the recipe). */
export function trainModel(records: readonly LinkRecord[], opts: TrainingOptions, prepared?: PreparedSet): ModelParameters {
  const names = opts.comparisons ?? DEFAULT_COMPARISONS;
  const linkType = opts.linkType ?? 'dedupe';
  const seed = opts.seed ?? 1;
  const set = prepared ?? prepare(records);
  const base = defaultParameters(names);
  const model = compile(base);
  const C = model.comparisons.length;

  const { u: uRaw, pairs: uPairs } = estimateU(set, model, { linkType, sampleSize: opts.uSampleSize ?? 1_000_000, seed });
  // Where a comparison never had data, keep its default u.
  const u = uRaw.map((lv, k) => (lv.some((x) => Number.isNaN(x)) ? (base.comparisons[k] as ComparisonParams).levels.map((l) => l.u) : lv));

  const det = candidatePairs(records, opts.deterministicRules, { linkType });
  const recall = opts.assumedRecall ?? 0.7;
  const lambda = Math.min(0.5, Math.max(1e-9, det.left.length / recall / Math.max(1, totalPairs(records, linkType))));

  const m0 = base.comparisons.map((c) => c.levels.map((l) => l.m));
  const mSum = m0.map((lv) => lv.map(() => 0));
  const mRuns = new Array<number>(C).fill(0);
  const emRuns: TrainingSummary['emRuns'] = [];
  opts.trainingRules.forEach((rule, r) => {
    const leftOut = ruleComparisons(rule);
    const active = model.comparisons.map((c) => !leftOut.includes(c.name));
    const cands = candidatePairs(records, [rule], { linkType });
    const [l, rr] = subsample(cands.left, cands.right, opts.maxTrainingPairs ?? 2_000_000, seed + r + 1);
    const { patterns, counts } = patternCounts(set, model, l, rr);
    const res = emM(patterns, counts, u, m0, active, { maxIterations: opts.maxIterations ?? 200, priorStrength: opts.priorStrength ?? 1 });
    // A comparison with no data in this block learns nothing here.
    const seenData = model.comparisons.map((_, k) => patterns.some((p, i) => (p[k] as number) >= 0 && (counts[i] as number) > 0));
    for (let k = 0; k < C; k++) {
      if (!active[k] || !seenData[k]) continue;
      (res.m[k] as number[]).forEach((v, lv) => ((mSum[k] as number[])[lv]! += v));
      mRuns[k]! += 1;
    }
    emRuns.push({ rule: rule.name, pairs: l.length, patterns: patterns.length, iterations: res.iterations, lambda: res.lambda, leftOut });
  });

  const comparisons = base.comparisons.map((c, k) => ({
    name: c.name,
    levels: c.levels.map((lv, l) => {
      const runs = mRuns[k] as number;
      const m = runs > 0 ? ((mSum[k] as number[])[l] as number) / runs : lv.m;
      return { ...lv, m, u: (u[k] as number[])[l] as number };
    }),
  }));
  return {
    kind: 'seen-fellegi-sunter',
    version: MODEL_VERSION,
    lambda,
    tfMinimum: base.tfMinimum,
    comparisons,
    training: { seed, uSampledPairs: uPairs, deterministicRules: opts.deterministicRules, deterministicPairs: det.left.length, assumedRecall: recall, emRuns },
  };
}
