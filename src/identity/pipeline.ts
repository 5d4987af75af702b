// The whole linkage run over plain records (what `seen link --rebuild`
// needs) and the incremental step for one arriving record (what import
// needs). Both are pure: the store gathers the records, term frequencies,
// parameters and reviewer decisions, and saves what comes back.

import { candidateChunks, type BlockingRule, type LinkType } from './blocking.ts';
import { cappedOnlyForMissingBirthDate, chooseThresholds, cluster, evidenceTier, givenNamesApart, hardConflict, NAME_AND_ADDRESS_ONLY, reviewCap, sameSourceGap, sharedChild, type ClusterResult, type ConflictPolicy, type ReviewDecision, type ThresholdOptions, type Thresholds } from './cluster.ts';
import { compile, log2Odds, probability, sampleRecords, scoreIndices, trainModel, type CompiledModel, type ModelParameters, type TrainingOptions } from './model.ts';
import { prepare, type PreparedSet, type TermFrequencies } from './prepare.ts';
import { keyString, type LinkRecord, type RecordKey } from './record.ts';

export interface LinkageConfig {
  comparisons: string[];
  blocking: BlockingRule[];
  training: Pick<TrainingOptions, 'deterministicRules' | 'trainingRules' | 'assumedRecall' | 'uSampleSize' | 'maxTrainingPairs'>;
  linkType?: LinkType;
  policy?: ConflictPolicy;
  thresholds?: ThresholdOptions;
  /** Train on at most this many records (a seeded sample). Default 200,000. */
  trainingSample?: number;
}

/**
 * Seen's configuration for SEF person records. Blocking is a union of
 * complementary rules so that an error in any one field (a typo in the
 * surname, a transposed date, a move of house) leaves another rule to find
 * the pair; each is selective enough for an indexed lookup in the store.
 */
export const SEF_CONFIG: LinkageConfig = {
  comparisons: ['given', 'middle', 'family', 'dob', 'sex', 'nhs', 'upn', 'postcode', 'address', 'phone', 'email'],
  //
  // Every rule's blocks must stay small as the partnership grows, or the
  // pairs grow with the square of the records. Measured on the first
  // 200,000 person records of the 250,000-children demo, the earlier set
  // (with "phonetic names", "phonetic family + birth year + sex", postcode
  // + given initial and phone alone) gave 6.9M pairs, quadrupling at 400,000
  // records; this set gives 0.94M pairs and the same people (recall 0.9434
  // against 0.9419, precision 1.0): the pairs only the dropped rules found
  // rested on a name alone and were never accepted.
  blocking: [
    { name: 'nhs', parts: ['nhs'] },
    { name: 'upn', parts: ['upn'] },
    { name: 'dob + family initial', parts: ['dob', 'familyInitial'] },
    { name: 'dob + given initial', parts: ['dob', 'givenInitial'] },
    // Order-free initials, so a swapped given and family name still meets.
    { name: 'postcode + initials (any order)', parts: ['postcode', 'nameInitials'] },
    // With sex: 676 pairs of initials × 366 days is a fixed number of blocks,
    // so without it this rule's pairs grew with the square of the records
    // (30 of the 60 million candidate pairs of the 250,000-children demo).
    // On the first 188,606 records it halves the rule's pairs with the same
    // blocking recall (0.8902; 0.98888 reachable).
    { name: 'initials (any order) + birth day + sex', parts: ['nameInitials', 'birthMonthDay', 'sexOrEither'] },
    // A phone is shared by a household (and a hostel's by many): with the
    // given initial it finds the person; beyond 100 records it finds no one.
    { name: 'phone + given initial', parts: ['phone', 'givenInitial'], maxBlockSize: 100 },
  ],
  training: {
    deterministicRules: [
      { name: 'nhs', parts: ['nhs'] },
      { name: 'upn', parts: ['upn'] },
      { name: 'names + dob', parts: ['given', 'family', 'dob'] },
    ],
    // Not postcode: its pairs are mostly households, and EM would learn
    // "same household" instead of "same person" (identity-notes: families).
    trainingRules: [
      { name: 'dob', parts: ['dob'] },
      { name: 'given + family', parts: ['given', 'family'] },
      { name: 'nhs', parts: ['nhs'] },
    ],
  },
};

export interface LinkAllResult {
  params: ModelParameters;
  thresholds: Thresholds;
  set: PreparedSet;
  model: CompiledModel;
  /** The candidate pairs that scored at or above the floor (`keepFloor`): all that thresholds and clustering look at. */
  kept: KeptPairs;
  result: ClusterResult;
}

/**
 * Scored candidate pairs at or above a floor, and what the rest add up to.
 * A large partnership has tens of millions of candidate pairs and only a
 * fraction can matter (a fifth of the 9.5 million at a million demo
 * records): holding them all was over a gigabyte at 2.35 million records.
 */
export interface KeptPairs {
  left: Uint32Array;
  right: Uint32Array;
  weights: Float64Array;
  /** How many pairs were scored, kept or not, and the sum of their match probabilities (for `chooseThresholds`). */
  scored: number;
  mass: number;
}

/**
 * The lowest weight a pair needs to matter: below the review threshold
 * (given, or at most the floor `chooseThresholds` may choose) clustering
 * ignores a pair, and below `minAccept` so does choosing the thresholds.
 */
export function keepFloor(config: LinkageConfig = SEF_CONFIG, thresholds?: Pick<Thresholds, 'review'>): number {
  const t = config.thresholds ?? {};
  const p = Math.min(t.minAccept ?? 0.99, t.reviewFloor ?? 0.5, thresholds?.review ?? 1);
  // As cluster() reads its review threshold; a billionth of a bit lower,
  // because chooseThresholds tests probability(w) ≥ minAccept, which a few
  // weights an ulp or so below log2Odds(minAccept) still pass. A pair kept
  // needlessly is harmless: both ignore it.
  return log2Odds(Math.max(p, 1e-15)) - 1e-9;
}

/** Candidate pairs scored at a time: linkAll and its two-thread form chunk alike, so that their sums match to the last bit. */
export const SCORE_CHUNK = 1 << 18;

/** Score a chunk of candidate pairs and keep those at or above `floor` (a weight). */
export function scoreAndKeep(set: PreparedSet, model: CompiledModel, left: Uint32Array, right: Uint32Array, floor: number): KeptPairs {
  const keep: number[] = [];
  const weights: number[] = [];
  let mass = 0;
  for (let k = 0; k < left.length; k++) {
    const w = scoreIndices(set, model, left[k] as number, right[k] as number);
    mass += probability(w);
    if (w >= floor) {
      keep.push(k);
      weights.push(w);
    }
  }
  const out: KeptPairs = { left: new Uint32Array(keep.length), right: new Uint32Array(keep.length), weights: Float64Array.from(weights), scored: left.length, mass };
  keep.forEach((k, at) => {
    out.left[at] = left[k] as number;
    out.right[at] = right[k] as number;
  });
  return out;
}

/** Kept pairs of several chunks as one. */
export function joinKept(parts: readonly KeptPairs[]): KeptPairs {
  const total = parts.reduce((s, p) => s + p.left.length, 0);
  const out: KeptPairs = { left: new Uint32Array(total), right: new Uint32Array(total), weights: new Float64Array(total), scored: 0, mass: 0 };
  let at = 0;
  for (const p of parts) {
    out.left.set(p.left, at);
    out.right.set(p.right, at);
    out.weights.set(p.weights, at);
    at += p.left.length;
    out.scored += p.scored;
    out.mass += p.mass;
  }
  return out;
}

/** The records a run trains on: all of them, or a seeded sample of `config.trainingSample` (default 200,000). */
export function trainingRecords(records: readonly LinkRecord[], config: LinkageConfig = SEF_CONFIG, seed = 1): readonly LinkRecord[] {
  const limit = config.trainingSample ?? 200_000;
  return records.length > limit ? sampleRecords(records, limit, seed) : records;
}

/** Train as a run does, on `trainingRecords`; `set` is reused when it prepared exactly those records. */
export function trainLinkage(records: readonly LinkRecord[], config: LinkageConfig = SEF_CONFIG, seed = 1, set?: PreparedSet): ModelParameters {
  return trainModel(records, { comparisons: config.comparisons, linkType: config.linkType ?? 'dedupe', seed, ...config.training }, set);
}

export interface LinkAllOptions {
  params?: ModelParameters;
  thresholds?: Pick<Thresholds, 'accept' | 'review'>;
  decisions?: readonly ReviewDecision[];
  tf?: TermFrequencies;
  seed?: number;
  /** Candidate pairs per chunk (default SCORE_CHUNK); tests make it small to have many. */
  chunkSize?: number;
}

/**
 * Link every record: train (unless parameters are given), block and score
 * chunk by chunk keeping what can matter, choose thresholds (unless given),
 * cluster under the reviewers' decisions. (`people/parallel.ts` runs the
 * same steps on two threads.)
 */
export function linkAll(records: readonly LinkRecord[], config: LinkageConfig = SEF_CONFIG, opts: LinkAllOptions = {}): LinkAllResult {
  const set = prepare(records, opts.tf);
  const trainOn = trainingRecords(records, config, opts.seed ?? 1);
  const params = opts.params ?? trainLinkage(trainOn, config, opts.seed ?? 1, trainOn === records ? set : undefined);
  const model = compile(params);
  const floor = keepFloor(config, opts.thresholds);
  const parts: KeptPairs[] = [];
  for (const chunk of candidateChunks(records, config.blocking, { linkType: config.linkType ?? 'dedupe', chunkSize: opts.chunkSize ?? SCORE_CHUNK })) parts.push(scoreAndKeep(set, model, chunk.left, chunk.right, floor));
  return finishLinkage(set, joinKept(parts), params, config, opts);
}

/** Choose thresholds (unless given) from the kept pairs and cluster them under the reviewers' decisions. */
export function finishLinkage(set: PreparedSet, kept: KeptPairs, params: ModelParameters, config: LinkageConfig = SEF_CONFIG, opts: Pick<LinkAllOptions, 'thresholds' | 'decisions'> = {}): LinkAllResult {
  const model = compile(params);
  const chosen = chooseThresholds(kept.weights, config.thresholds, kept.mass);
  const thresholds: Thresholds = opts.thresholds ? { ...chosen, ...opts.thresholds, method: 'given by the caller' } : chosen;
  const decisions = opts.decisions ?? [];
  const result = cluster(set, kept, { thresholds, policy: config.policy ?? {}, decisions, score: (i, j) => scoreIndices(set, model, i, j) });
  return { params, thresholds, set, model, kept, result };
}

export interface Person {
  /** Stable while the person's earliest record (by source:id) stays in it. */
  id: string;
  records: RecordKey[];
}

/** Clusters as `seen people --json` shows them. */
export function peopleOf(records: readonly LinkRecord[], clusters: readonly (readonly number[])[]): Person[] {
  return clusters
    .map((c) => {
      const keys = c.map((i) => (records[i] as LinkRecord).key).sort((a, b) => (keyString(a) < keyString(b) ? -1 : keyString(a) > keyString(b) ? 1 : 0));
      return { id: personIdOf(keys[0] as RecordKey), records: keys };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A person's id names one of its records, so it is unique while that record is in it (a run names the first by source:id). */
export function personIdOf(first: RecordKey): string {
  return `person:${keyString(first)}`;
}

/**
 * Each record's person id, as `peopleOf` names them, without building the
 * people: a rebuild of a million records needs only this to store them.
 */
export function personIdsByRecord(records: readonly LinkRecord[], clusters: readonly (readonly number[])[]): string[] {
  const ids = new Array<string>(records.length);
  for (const c of clusters) {
    let first = (records[c[0] as number] as LinkRecord).key;
    for (const i of c) {
      const k = (records[i] as LinkRecord).key;
      if (keyString(k) < keyString(first)) first = k;
    }
    const id = personIdOf(first);
    for (const i of c) ids[i] = id;
  }
  return ids;
}

// ------------------------------------------------------------------ incremental

export interface CandidatePerson {
  id: string;
  /** Indices, in the prepared set, of every record of this person (not only those the blocking keys found). */
  members: number[];
}

export interface PersonVerdict {
  person: string;
  /** Best member and its weight. */
  member: number;
  weight: number;
  probability: number;
  /** Mean weight over all members: a single strong link to a big person is not enough. */
  meanWeight: number;
  outcome: 'accept' | 'review' | 'reject' | 'veto';
  reason: string;
  /** Accepted on a shared child (`sharedChild`) where name and address alone would go to review. */
  corroborated?: boolean;
}

export interface Assignment {
  /** 'join' an existing person, start a 'new' one, or 'new' with items for review. */
  action: 'join' | 'new';
  person: string | null;
  verdicts: PersonVerdict[];
}

/**
 * Decide where one arriving record belongs, from the people its blocking
 * keys found. The same rules as batch clustering: hard conflicts with any
 * member veto, the given-name cap sends to review, the mean weight over the
 * person's records must reach the review threshold, and reviewer decisions
 * (must-link / cannot-link) come first.
 */
export function assignRecord(
  set: PreparedSet,
  model: CompiledModel,
  record: number,
  people: readonly CandidatePerson[],
  opts: {
    thresholds: Pick<Thresholds, 'accept' | 'review'>;
    policy?: ConflictPolicy;
    decisions?: readonly ReviewDecision[];
    /** The person of a child record (of the arriving record's or a candidate's `parentOf`), where linked: see `sharedChild`. */
    childPersonOf?: (child: RecordKey) => string | undefined;
  },
): Assignment {
  const policy = opts.policy ?? {};
  const acceptW = log2Odds(Math.min(opts.thresholds.accept, 1 - 1e-15));
  const reviewW = log2Odds(Math.max(opts.thresholds.review, 1e-15));
  const key = keyString((set.source[record] as LinkRecord).key);
  const decided = new Map<string, 'match' | 'non-match'>();
  for (const d of opts.decisions ?? []) {
    if (keyString(d.a) === key) decided.set(keyString(d.b), d.decision);
    else if (keyString(d.b) === key) decided.set(keyString(d.a), d.decision);
  }
  const me = set.source[record] as LinkRecord;
  const corroboration = (p: CandidatePerson): string | null => {
    if (policy.corroborateBySharedChild === false || opts.childPersonOf === undefined || me.parentOf === undefined) return null;
    for (const m of p.members) {
      if (scoreIndices(set, model, record, m) < acceptW || reviewCap(set, record, m, policy) !== NAME_AND_ADDRESS_ONLY) continue;
      const why = sharedChild(me, set.source[m] as LinkRecord, opts.childPersonOf, { a: undefined, b: p.id });
      if (why !== null) return why;
    }
    return null;
  };
  const verdicts: PersonVerdict[] = people.map((p) => {
    let best = -Infinity;
    let bestMember = p.members[0] ?? -1;
    let sum = 0;
    let veto: string | null = null;
    let review: string | null = null;
    let must = false;
    for (const m of p.members) {
      const d = decided.get(keyString((set.source[m] as LinkRecord).key));
      if (d === 'non-match') veto ??= 'a reviewer decided these are different people';
      if (d === 'match') must = true;
      const c = hardConflict(set, record, m, policy);
      if (c !== null) veto ??= c;
      const gap = sameSourceGap(set, record, m, policy) ?? givenNamesApart(set, record, m, policy);
      if (gap !== null) review ??= gap;
      const w = scoreIndices(set, model, record, m);
      sum += w;
      if (w > best) {
        best = w;
        bestMember = m;
      }
    }
    const mean = p.members.length === 0 ? -Infinity : sum / p.members.length;
    const base = { person: p.id, member: bestMember, weight: best, probability: probability(best), meanWeight: mean };
    if (must) return { ...base, outcome: 'accept', reason: 'a reviewer decided these are the same person' };
    if (veto !== null) return { ...base, outcome: 'veto', reason: veto };
    if (best < reviewW) return { ...base, outcome: 'reject', reason: 'below the review threshold' };
    if (p.members.length > 1 && mean < reviewW) return { ...base, outcome: 'review', reason: 'weak relative to the rest of the person' };
    if (best < acceptW) return { ...base, outcome: 'review', reason: 'in the review band' };
    const cap = reviewCap(set, record, bestMember, policy) ?? review;
    if (cap === NAME_AND_ADDRESS_ONLY && review === null) {
      // As in `cluster`: a link held back for name and address only is
      // accepted when the record and a member it links to above the accept
      // threshold are both recorded as a parent of one child.
      const why = corroboration(p);
      if (why !== null) return { ...base, outcome: 'accept', reason: why, corroborated: true };
    }
    if (cap !== null) return { ...base, outcome: 'review', reason: cap };
    return { ...base, outcome: 'accept', reason: 'above the accept threshold' };
  });
  verdicts.sort((a, b) => (a.outcome === 'accept' ? 0 : 1) - (b.outcome === 'accept' ? 0 : 1) || b.weight - a.weight || (a.person < b.person ? -1 : 1));
  const first = verdicts[0];
  // Two people accept the record: it is as much one as the other (twins of
  // one name), or they are one person the store has not merged. A person decides.
  // A person held back only because a child could be involved competes too
  // (the namesake son's own records against his father's: see `cluster`).
  // It competes only with people accepted on no better evidence (no shared
  // identifier, no agreeing date of birth), as in `cluster`.
  const accepted = verdicts.filter((v) => v.outcome === 'accept' && v.reason !== 'a reviewer decided these are the same person');
  const acceptedTier = Math.max(0, ...accepted.map((v) => evidenceTier(set, record, v.member)));
  const acceptedWeight = Math.max(acceptW, ...accepted.map((v) => v.weight));
  // A person accepted on a shared child is the one that child's parent
  // records name: people held back for name and address alone do not compete with it.
  const byChild = accepted.some((v) => v.corroborated === true);
  const strong = [...accepted, ...(acceptedTier > 1 || byChild ? [] : verdicts.filter((v) => v.outcome === 'review' && v.weight >= acceptedWeight && cappedOnlyForMissingBirthDate(set, record, v.member, policy)))];
  if (policy.reviewAmbiguous !== false && strong.length > 1 && strong.some((v) => v.outcome === 'accept')) {
    for (const v of verdicts) if (v.outcome === 'accept') Object.assign(v, { outcome: 'review', reason: 'links as strongly to two people' });
    return { action: 'new', person: null, verdicts };
  }
  if (first !== undefined && first.outcome === 'accept') return { action: 'join', person: first.person, verdicts };
  return { action: 'new', person: null, verdicts };
}
