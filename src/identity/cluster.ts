// From scored pairs to people. Links are classified into three bands;
// accepted links are merged strongest first into clusters that can never
// contain a hard conflict (two valid different NHS numbers or UPNs, two full
// dates of birth that no typo explains, different recorded sex) and that
// stay cohesive (the average weight between the two clusters being merged
// must reach the review threshold, so one weak link cannot chain two
// people). Reviewers' decisions come first and are never undone. Links held
// back for resting on name and address alone are taken again once the
// clusters show both records to be parents of one child (`sharedChild`).

import { birthDate, dateDigit, dateDigitsFrom, familyName, givenName, listsShare, middleName } from './comparisons.ts';
import { PairMemo, type PreparedColumns, type PreparedSet } from './prepare.ts';
import { keyString, type LinkRecord, type ParentLink, type RecordKey } from './record.ts';
import { log2Odds, probability } from './model.ts';

export type Band = 'accept' | 'review' | 'reject';

export interface Thresholds {
  /** Accept a link at or above this probability (if nothing vetoes it). */
  accept: number;
  /** Reject below this probability; between the two, a person reviews. */
  review: number;
  /** How the values were chosen, in words, for the audit trail. */
  method: string;
  /** The model's own estimate of the precision of the accepted links. */
  estimatedPrecision: number;
  /** The model's own estimate of the share of matches among candidates that are accepted. */
  estimatedRecall: number;
}

export interface ThresholdOptions {
  /** Target for the model-estimated precision of accepted links. Default 0.999. */
  targetPrecision?: number;
  /** Never accept below this probability. Default 0.99. */
  minAccept?: number;
  /** Review band floor. Default 0.5: below it the model thinks a match less likely than not. */
  reviewFloor?: number;
}

/**
 * Thresholds from the model's own probabilities, without labels: the accept
 * threshold is the lowest probability (not below `minAccept`) at which the
 * expected share of wrong links among those accepted, Σ(1 − p) / n, stays
 * within 1 − targetPrecision.
 */
export function chooseThresholds(weights: ArrayLike<number>, opts: ThresholdOptions = {}, allMass?: number): Thresholds {
  const target = opts.targetPrecision ?? 0.999;
  const minAccept = opts.minAccept ?? 0.99;
  const reviewFloor = opts.reviewFloor ?? 0.5;
  // A typed array sorts natively (ascending, no comparator): tens of
  // millions of candidate pairs at scale. Walked from the top below. The
  // weights are sorted, not the probabilities: the order is the same, and a
  // copy is much cheaper than Float64Array.from calling a function per pair.
  const asc = new Float64Array(weights).sort();
  const ps = { length: asc.length, at: (k: number): number => probability(asc[asc.length - 1 - k] as number) };
  // `weights` may be only the pairs that can matter (pipeline's KeptPairs):
  // then the probability mass of every candidate pair comes beside them.
  let totalMass = 0;
  if (allMass !== undefined) totalMass = allMass;
  else for (let k = 0; k < asc.length; k++) totalMass += probability(asc[k] as number);
  let expectedWrong = 0;
  let mass = 0;
  let eligibleN = 0;
  let acceptedMass = 0;
  let acceptedWrong = 0;
  let acceptedN = 0;
  for (let k = 0; k < ps.length; k++) {
    const p = ps.at(k);
    if (p < minAccept) break;
    eligibleN++;
    expectedWrong += 1 - p;
    mass += p;
    if (expectedWrong / (k + 1) <= 1 - target) {
      acceptedMass = mass;
      acceptedWrong = expectedWrong;
      acceptedN = k + 1;
    }
  }
  // Everything above the floor passes: the floor is the threshold. Otherwise
  // the lowest probability at which the estimate still held.
  const accept = acceptedN === eligibleN ? minAccept : acceptedN === 0 ? 1 : ps.at(acceptedN - 1);
  return {
    accept,
    review: Math.min(reviewFloor, accept),
    method: `accept: lowest p ≥ ${minAccept} keeping the model-estimated precision of accepted links ≥ ${target}; review: p ≥ ${reviewFloor}`,
    estimatedPrecision: acceptedN === 0 ? 1 : 1 - acceptedWrong / acceptedN,
    estimatedRecall: totalMass === 0 ? 1 : acceptedMass / totalMass,
  };
}

// ------------------------------------------------------------------ guards

export interface ConflictPolicy {
  /** Two valid, different NHS numbers (or UPNs) are two people. Default true. */
  identifiers?: boolean;
  /**
   * Full dates of birth that differ: 'beyond-typo' (default) tolerates a
   * transposed day and month or one wrong digit; 'any' tolerates nothing.
   */
  birthDate?: 'beyond-typo' | 'any' | 'off';
  /** Both sexes recorded and different. Default true. */
  sex?: boolean;
  /** For linking deduplicated files: two records of one source are never one person. Default false. */
  sameSource?: boolean;
  /**
   * Clearly different given names (not a typo, nickname, alias or swap)
   * may only ever go to review, never be accepted: this is what keeps twins
   * and same-address siblings apart. Default true.
   */
  reviewDifferentGivenNames?: boolean;
  /**
   * Without a date of birth on both sides, a shared identifier, or other
   * corroboration (the same email address), a link rests on name
   * and address alone, which a parent and child, or two cousins, with one
   * name at one address also share: at most review. Default true.
   */
  reviewWithoutBirthDateOrIdentifier?: boolean;
  /**
   * With this date (YYYY-MM-DD: the data's "now" less 18 years), the rule
   * above applies only where a child could be involved: the dated record
   * is of someone born after it, or neither record has a date. Links
   * between adults' records then rest on the model. Unset: the rule
   * applies to everyone.
   */
  minorsBornAfter?: string;
  /**
   * One agency holding two records of a name, at least one without a date
   * of birth, and no identifier joining them: the agency probably knows two
   * people (a father and his namesake son); a person decides. Default true.
   */
  reviewSameSourceMissingBirthDate?: boolean;
  /** A record accepted-linked to two records that conflict (see `cluster`): review its links. Default true. */
  reviewAmbiguous?: boolean;
  /** Middle names recorded on both sides and clearly different: at most review. Default true. */
  reviewDifferentMiddleNames?: boolean;
  /**
   * A link held back only by `reviewWithoutBirthDateOrIdentifier`, or by
   * `reviewAmbiguous` where the competing links rest on name and address
   * too, is accepted when both records are recorded as a parent of records
   * of one child (see `sharedChild`). Default true.
   */
  corroborateBySharedChild?: boolean;
}

/** Two full dates of birth a typo apart: day and month transposed, one digit wrong or two adjacent digits swapped. */
function typoDates(c: PreparedColumns, i: number, j: number): boolean {
  if (c.year[i] === c.year[j] && c.month[i] === c.day[j] && c.day[i] === c.month[j]) return true;
  const a = c.dob8[i] as number;
  const b = c.dob8[j] as number;
  let diff = 0;
  for (let k = 0; k < 8; k++) if (dateDigit(a, k) !== dateDigit(b, k)) diff++;
  if (diff <= 1) return true;
  if (diff !== 2) return false;
  for (let k = 0; k < 7; k++)
    if (dateDigit(a, k) !== dateDigit(b, k)) return dateDigit(a, k) === dateDigit(b, k + 1) && dateDigit(a, k + 1) === dateDigit(b, k) && dateDigitsFrom(a, k + 2) === dateDigitsFrom(b, k + 2);
  return false;
}


function digitsDiffer(x: number, y: number): number {
  let n = 0;
  for (; x > 0 || y > 0; x = Math.floor(x / 10), y = Math.floor(y / 10)) if (x % 10 !== y % 10) n++;
  return n;
}

function sharedIdentifier(c: PreparedColumns, i: number, j: number): boolean {
  return ((c.nhs[i] as number) >= 0 && c.nhs[i] === c.nhs[j]) || ((c.upn[i] as number) >= 0 && c.upn[i] === c.upn[j]) || ((c.otherId[i] as number) >= 0 && c.otherId[i] === c.otherId[j]);
}

/** The date-of-birth or sex conflict of two records, ignoring identifiers, or null. */
function attributeConflict(c: PreparedColumns, i: number, j: number, policy: ConflictPolicy): string | null {
  const dob = policy.birthDate ?? 'beyond-typo';
  const ad = c.dob8[i] as number;
  const bd = c.dob8[j] as number;
  if (dob !== 'off' && ad >= 0 && bd >= 0 && ad !== bd && (dob === 'any' || !typoDates(c, i, j))) return 'two different full dates of birth';
  const ay = c.year[i] as number;
  const by = c.year[j] as number;
  const as = c.sex[i] as number;
  const bs = c.sex[j] as number;
  // A partial date still has a year: a police record of "John Jones, born
  // December 1983" is not his son born in 2020, however well the name and
  // address agree. More than a year apart and more than one digit is no typo.
  if (dob !== 'off' && ay >= 0 && by >= 0 && (ad < 0 || bd < 0) && Math.abs(ay - by) > 1 && digitsDiffer(ay, by) > 1) return 'years of birth too far apart';
  if (policy.sex !== false && as !== 0 && bs !== 0 && as !== bs) return 'different sex recorded';
  return null;
}

/**
 * A reason two records can never be one person, or null. A date-of-birth or
 * sex conflict is not hard when the records share an identifier (NHS
 * number, UPN, other id): then one of the two is a recording error or a
 * mix-up, and a person must decide (see `reviewCap`).
 */
export function hardConflict(set: PreparedSet, i: number, j: number, policy: ConflictPolicy = {}): string | null {
  const c = set.columns;
  if (policy.identifiers !== false) {
    const an = c.nhs[i] as number;
    const bn = c.nhs[j] as number;
    if (an >= 0 && bn >= 0 && an !== bn) return 'two different valid NHS numbers';
    const au = c.upn[i] as number;
    const bu = c.upn[j] as number;
    if (au >= 0 && bu >= 0 && au !== bu) return 'two different valid UPNs';
  }
  if (policy.sameSource === true) {
    const sa = set.source[i]?.key.source;
    if (sa !== undefined && sa === set.source[j]?.key.source) return 'same source, and the sources are deduplicated';
  }
  if (sharedIdentifier(c, i, j)) return null;
  return attributeConflict(c, i, j, policy);
}

/** Whether a child could be involved in a pair where at least one date of birth is missing. */
function mayBeChild(c: PreparedColumns, i: number, j: number, minorsBornAfter: string | undefined): boolean {
  if (minorsBornAfter === undefined) return true;
  if (((c.year[i] as number) < 0 && c.child[i] === 1) || ((c.year[j] as number) < 0 && c.child[j] === 1)) return true;
  const dated = (c.year[i] as number) >= 0 ? i : (c.year[j] as number) >= 0 ? j : -1;
  return dated < 0 || bornAfter(c, dated, minorsBornAfter);
}

/** Whether either record of a pair may be a child's: flagged as one, or born after the cut-off; or neither is dated. */
function eitherMayBeChild(c: PreparedColumns, i: number, j: number, minorsBornAfter: string | undefined): boolean {
  const ay = c.year[i] as number;
  const by = c.year[j] as number;
  if (minorsBornAfter === undefined || c.child[i] === 1 || c.child[j] === 1 || (ay < 0 && by < 0)) return true;
  return (ay >= 0 && bornAfter(c, i, minorsBornAfter)) || (by >= 0 && bornAfter(c, j, minorsBornAfter));
}

/**
 * Whether a dated record was born after the day (YYYY-MM-DD), a partial date
 * read at its latest possible day. Compared as numbers YYYYMMDD: clustering
 * asks this for every pair it weighs. A cut-off that is not a day cannot say
 * who is grown up: everyone may be a child.
 */
function bornAfter(c: PreparedColumns, r: number, day: string): boolean {
  const cut = dayNumber(day);
  const month = c.month[r] as number;
  const d = c.day[r] as number;
  return Number.isNaN(cut) || (c.year[r] as number) * 10000 + (month < 0 ? 12 : month) * 100 + (d < 0 ? 31 : d) > cut;
}

const dayNumbers = new Map<string, number>();
function dayNumber(isoDay: string): number {
  let n = dayNumbers.get(isoDay);
  if (n === undefined) {
    n = Number(isoDay.replace(/-/g, ''));
    dayNumbers.set(isoDay, n);
  }
  return n;
}

/** The reason of `reviewSameSourceMissingBirthDate`, or null. */
export function sameSourceGap(set: PreparedSet, i: number, j: number, policy: ConflictPolicy = {}): string | null {
  if (policy.reviewSameSourceMissingBirthDate === false) return null;
  const c = set.columns;
  if (((c.year[i] as number) >= 0 && (c.year[j] as number) >= 0) || sharedIdentifier(c, i, j)) return null;
  if (set.source[i]?.key.source !== set.source[j]?.key.source) return null;
  return 'the same agency holds two records of this name, one without a date of birth';
}

/**
 * Two records of one person-to-be whose given names clearly differ, with no
 * identifier shared between them, or null. A pair like that may only go to
 * review (`reviewCap`); this keeps it from being joined anyway through a
 * third record: twins Ava and Emma, and their midwifery record from before
 * either was named, which links to both (seen at 250,000 demo children).
 * Only where either record may be a child's.
 */
export function givenNamesApart(set: PreparedSet, i: number, j: number, policy: ConflictPolicy = {}): string | null {
  if (policy.reviewDifferentGivenNames === false) return null;
  const c = set.columns;
  const ag = c.given[i] as number;
  const bg = c.given[j] as number;
  if (ag === bg || ag < 0 || bg < 0 || sharedIdentifier(c, i, j)) return null;
  // Adults' records go by other first names more often (a name used at work, a
  // pronunciation spelt differently); it is children who come as twins.
  if (!eitherMayBeChild(c, i, j, policy.minorsBornAfter) || givenName.compare(set, i, j) !== givenName.levels.length - 1) return null;
  return 'two of its records, one maybe a child\'s, have clearly different given names';
}

/**
 * Evidence beyond name and household: the same email address. Not a middle
 * name (a namesake son or daughter often has the parent's whole name: at
 * 500,000 demo records three mothers and fathers were merged with their
 * namesake children on it) and not a phone (a household shares one).
 */
function corroborated(c: PreparedColumns, i: number, j: number): boolean {
  return listsShare(c.emails, i, j);
}

/**
 * A reason a pair may go no further than review, or null: clearly
 * different given names (unless an identifier agrees), or a date-of-birth
 * or sex conflict overlooked because an identifier agrees.
 */
export function reviewCap(set: PreparedSet, i: number, j: number, policy: ConflictPolicy = {}): string | null {
  return capOf(set, i, j, policy, true);
}

/**
 * What a link rests on beyond names and address: 3 a shared identifier, 2
 * full dates of birth that agree (or differ by a typo), 1 neither.
 */
export function evidenceTier(set: PreparedSet, i: number, j: number): number {
  if (sharedIdentifier(set.columns, i, j)) return 3;
  const dob = birthDate.compare(set, i, j);
  return dob >= 0 && dob <= 2 ? 2 : 1;
}

/**
 * Whether a pair's cap (if any) is only that a child could be involved and
 * a date of birth is missing. Such a pair still says who the undated record
 * may be: a nursery's undated "John Morris" scores as high against his
 * namesake father as against himself, and only the competition between the
 * two shows the ambiguity (see `cluster`, `assignRecord`).
 */
export function cappedOnlyForMissingBirthDate(set: PreparedSet, i: number, j: number, policy: ConflictPolicy = {}): boolean {
  return capOf(set, i, j, policy, true) !== null && capOf(set, i, j, policy, false) === null;
}

function capOf(set: PreparedSet, i: number, j: number, policy: ConflictPolicy, ageRule: boolean): string | null {
  const c = set.columns;
  if (sharedIdentifier(c, i, j)) {
    const conflict = attributeConflict(c, i, j, policy);
    if (conflict !== null) return `${conflict}, although an identifier agrees`;
    return null;
  }
  if (policy.reviewDifferentGivenNames !== false && givenName.compare(set, i, j) === givenName.levels.length - 1) return 'given names clearly different';
  if (policy.reviewDifferentMiddleNames !== false && middleName.compare(set, i, j) === middleName.levels.length - 1) return 'middle names clearly different';
  const undated = (c.year[i] as number) < 0 || (c.year[j] as number) < 0;
  if (policy.reviewWithoutBirthDateOrIdentifier !== false && undated && familyName.compare(set, i, j) === familyName.levels.length - 1)
    return 'no date of birth or identifier, and different family names';
  if (ageRule && policy.reviewWithoutBirthDateOrIdentifier !== false && undated && !corroborated(c, i, j) && mayBeChild(c, i, j, policy.minorsBornAfter)) return NAME_AND_ADDRESS_ONLY;
  return null;
}

/** The review reason of `reviewAmbiguous`. */
export const AMBIGUOUS = 'links as strongly to two people who can never be one';

/** The review reason of `reviewWithoutBirthDateOrIdentifier`. */
export const NAME_AND_ADDRESS_ONLY = 'name and address only: no date of birth, identifier or email to confirm';

/** Whether two recorded parental roles can be one person's: a mother is no father; "parent" is either. */
function rolesAgree(x: ParentLink['role'], y: ParentLink['role']): boolean {
  return x === y || x === 'parent' || y === 'parent';
}

/**
 * Why two records are one parent, from their children: both are recorded
 * as the mother (or father, or parent) of records that are one child, as
 * `personOf` (the clustering so far, or the store's people) says. A child
 * has one mother and one father, so with the same name at the same address
 * this is the corroboration a date of birth would give, and it is the one
 * that fails for the namesakes the cap protects against: a father and his
 * namesake son, or a mother and her namesake daughter, are not both parents
 * of one child. Two plain "parent" roles could be a child's mother and
 * father, so they count only with the same sex recorded on both sides (a
 * different sex is a hard conflict anyway). The children's person must be
 * neither record's own (`selfOf`). A description for the audit trail, or null.
 */
export function sharedChild(
  a: LinkRecord,
  b: LinkRecord,
  personOf: (child: RecordKey) => string | number | undefined,
  selfOf?: { a: string | number | undefined; b: string | number | undefined },
): string | null {
  if (a.parentOf === undefined || b.parentOf === undefined || a.parentOf.length === 0 || b.parentOf.length === 0) return null;
  for (const x of a.parentOf) {
    const px = personOf(x.child);
    if (px === undefined || px === selfOf?.a || px === selfOf?.b) continue;
    for (const y of b.parentOf) {
      if (!rolesAgree(x.role, y.role) || personOf(y.child) !== px) continue;
      if (x.role === 'parent' && y.role === 'parent' && (a.sex === null || a.sex !== b.sex)) continue;
      const role = x.role === 'parent' ? y.role : x.role;
      return `both recorded as ${role === 'parent' ? 'a parent' : `the ${role}`} of one child (${keyString(x.child)} and ${keyString(y.child)}, linked as one person)`;
    }
  }
  return null;
}

/**
 * The Fellegi–Sunter answer alone: no date-of-birth, sex or given-name
 * vetoes, only identifiers and reviewer decisions. For benchmarks whose
 * generator replaces names and dates at random (FEBRL), where the vetoes
 * that protect families cost recall.
 */
export const PLAIN_POLICY: ConflictPolicy = { birthDate: 'off', sex: false, reviewDifferentGivenNames: false, reviewDifferentMiddleNames: false, reviewWithoutBirthDateOrIdentifier: false, reviewSameSourceMissingBirthDate: false, reviewAmbiguous: false };

// ------------------------------------------------------------------ decisions

/** A reviewer's decision about two records. Stored by the caller; obeyed here, never undone. */
export interface ReviewDecision {
  a: RecordKey;
  b: RecordKey;
  decision: 'match' | 'non-match';
  by?: string;
  at?: string;
  note?: string;
}

// ------------------------------------------------------------------ clustering

export interface ScoredPairs {
  left: Uint32Array;
  right: Uint32Array;
  /** Match weights (log2 odds). */
  weights: Float64Array;
}

export interface ReviewItem {
  i: number;
  j: number;
  weight: number;
  probability: number;
  /** Why it needs a person: in the review band, or accepted by score but vetoed. */
  reason: string;
}

export interface ClusterOptions {
  thresholds: Pick<Thresholds, 'accept' | 'review'>;
  policy?: ConflictPolicy;
  decisions?: readonly ReviewDecision[];
  /**
   * Weight of a pair that was not among the scored pairs (members of two
   * clusters being merged): the caller scores it with the same model.
   */
  score: (i: number, j: number) => number;
  /** Minimum average weight between two clusters for them to merge. Default: the review threshold's weight. */
  cohesionWeight?: number;
  /**
   * The person of a child record that is not in this set (`sharedChild`):
   * when clustering a few people again, their children's records are the
   * store's, already linked. Children in the set are their cluster.
   */
  childPersonOf?: (child: RecordKey) => string | undefined;
}

export interface ClusterResult {
  /** Clusters as sorted record indices, every record in exactly one. */
  clusters: number[][];
  clusterOf: Int32Array;
  review: ReviewItem[];
  /**
   * Pairs at or above the review threshold that a hard conflict rules out
   * (a father and his junior namesake): not queued for review, kept so
   * that `seen explain` can say why they were not linked.
   */
  vetoed: ReviewItem[];
  /** Accepted pairwise links that clustering refused (cluster-level conflict or weak cohesion); they are in `review`. */
  refused: number;
  /** Reviewer "match" decisions that joined records despite a hard conflict (the reviewer knows better). */
  overriddenConflicts: Array<{ i: number; j: number; conflict: string }>;
  /** Decisions naming records that are not in this set (harmless when linking a subset). */
  unknownDecisions: number;
  /**
   * Links held back (name and address only, or linking as strongly to two
   * people) that were accepted because both records are parents of one
   * child (`sharedChild`); the reason says so.
   */
  corroborated: ReviewItem[];
}

/**
 * The pairs at or above `floor`, strongest first, ties by record indices:
 * clustering's order. Millions of pairs at scale, where a comparator sort
 * of them took seconds: weights are ranked by a native sort of their
 * distinct values, pairs placed by a counting sort on rank, and only pairs
 * of equal weight compared.
 */
export function strongestFirst(scored: ScoredPairs, floor: number, count: number): Uint32Array {
  const ks = new Uint32Array(count);
  const ws = new Float64Array(count);
  let m = 0;
  for (let k = 0; k < scored.left.length; k++) {
    const w = scored.weights[k] as number;
    if (w < floor) continue;
    ks[m] = k;
    ws[m++] = w;
  }
  const distinct = ws.slice().sort();
  let d = 0;
  for (let e = 0; e < m; e++) if (e === 0 || distinct[e] !== distinct[d - 1]) distinct[d++] = distinct[e] as number;
  // Rank 0 is the strongest weight.
  const rank = new Uint32Array(m);
  const start = new Uint32Array(d + 1);
  for (let e = 0; e < m; e++) {
    const w = ws[e] as number;
    let lo = 0;
    let hi = d - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((distinct[mid] as number) < w) lo = mid + 1;
      else hi = mid;
    }
    const r = d - 1 - lo;
    rank[e] = r;
    start[r + 1]! += 1;
  }
  for (let r = 0; r < d; r++) start[r + 1]! += start[r] as number;
  const next = start.slice(0, d);
  const order = new Uint32Array(m);
  for (let e = 0; e < m; e++) order[next[rank[e] as number]!++] = ks[e] as number;
  const byIndices = (x: number, y: number): number => (scored.left[x] as number) - (scored.left[y] as number) || (scored.right[x] as number) - (scored.right[y] as number);
  for (let r = 0; r < d; r++) if ((start[r + 1] as number) - (start[r] as number) > 1) order.subarray(start[r], start[r + 1]).sort(byIndices);
  return order;
}

export function cluster(set: PreparedSet, scored: ScoredPairs, opts: ClusterOptions): ClusterResult {
  const n = set.size;
  const policy = opts.policy ?? {};
  const acceptW = log2Odds(Math.min(opts.thresholds.accept, 1 - 1e-15));
  const reviewW = log2Odds(Math.max(opts.thresholds.review, 1e-15));
  const cohesion = opts.cohesionWeight ?? reviewW;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  // A cluster's records, kept only for clusters of more than one (a
  // million single-record arrays were a million objects for every
  // collection to trace): undefined is a record alone, null one merged away.
  const members: Array<number[] | null | undefined> = new Array<number[] | null | undefined>(n);
  const membersOf = (root: number): readonly number[] => members[root] ?? [root];
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const [big, small] = membersOf(a).length >= membersOf(b).length ? [a, b] : [b, a];
    parent[small] = big;
    let into = members[big];
    if (into === undefined || into === null) members[big] = into = [big];
    into.push(...membersOf(small));
    members[small] = null;
  };
  // The weights the barrier's cohesion check asks for: every pair at or
  // above the review weight as each record's neighbours, in typed arrays
  // (a record has a handful); any other pair met inside a merge is scored
  // (same answer) and remembered. A hash of every strong pair took twice
  // the memory and more time to fill than these take to scan.
  let strong = 0;
  const kStart = new Uint32Array(n + 1);
  for (let k = 0; k < scored.left.length; k++)
    if ((scored.weights[k] as number) >= reviewW) {
      strong++;
      kStart[(scored.left[k] as number) + 1]! += 1;
      kStart[(scored.right[k] as number) + 1]! += 1;
    }
  for (let x = 0; x < n; x++) kStart[x + 1]! += kStart[x] as number;
  const kY = new Uint32Array(2 * strong);
  const kW = new Float64Array(2 * strong);
  {
    const at = kStart.slice(0, n);
    for (let k = 0; k < scored.left.length; k++) {
      const w = scored.weights[k] as number;
      if (w < reviewW) continue;
      const i = scored.left[k] as number;
      const j = scored.right[k] as number;
      kY[at[i]!] = j;
      kW[at[i]!++] = w;
      kY[at[j]!] = i;
      kW[at[j]!++] = w;
    }
  }
  const rescored = new PairMemo(Number.POSITIVE_INFINITY);
  const weightOf = (i: number, j: number): number => {
    // The shorter of the two lists.
    const iFirst = (kStart[i + 1] as number) - (kStart[i] as number) <= (kStart[j + 1] as number) - (kStart[j] as number);
    const x = iFirst ? i : j;
    const y = iFirst ? j : i;
    for (let e = kStart[x] as number; e < (kStart[x + 1] as number); e++) if (kY[e] === y) return kW[e] as number;
    const lo = i < j ? i : j;
    const hi = i < j ? j : i;
    let w = rescored.get(lo, hi);
    if (w === undefined) {
      w = opts.score(i, j);
      rescored.set(lo, hi, w);
    }
    return w;
  };

  // Reviewers' decisions first: matches join, non-matches bar.
  // Records by key, for the reviewers' decisions and the children parents
  // name: only those, not a map of every record (millions at scale).
  // By source, then id: building a "source:id" string for each of millions
  // of records only to look it up took seconds at scale.
  const named = new Map<string, Map<string, number>>();
  const name = (k: RecordKey): void => {
    let ids = named.get(k.source);
    if (ids === undefined) named.set(k.source, (ids = new Map()));
    ids.set(k.id, -1);
  };
  for (const d of opts.decisions ?? []) {
    name(d.a);
    name(d.b);
  }
  for (const r of set.source) if (r.parentOf !== undefined) for (const l of r.parentOf) name(l.child);
  if (named.size > 0)
    for (let i = 0; i < set.source.length; i++) {
      const k = (set.source[i] as LinkRecord).key;
      const ids = named.get(k.source);
      if (ids !== undefined && ids.get(k.id) === -1) ids.set(k.id, i);
    }
  const indexOf = (k: RecordKey): number | undefined => {
    const i = named.get(k.source)?.get(k.id);
    return i === undefined || i < 0 ? undefined : i;
  };
  const cannot = new Map<number, Set<number>>();
  const overriddenConflicts: ClusterResult['overriddenConflicts'] = [];
  let unknownDecisions = 0;
  const musts: Array<[number, number]> = [];
  for (const d of opts.decisions ?? []) {
    const i = indexOf(d.a);
    const j = indexOf(d.b);
    if (i === undefined || j === undefined) {
      unknownDecisions++;
      continue;
    }
    if (d.decision === 'match') musts.push([i, j]);
    else {
      if (!cannot.has(i)) cannot.set(i, new Set());
      if (!cannot.has(j)) cannot.set(j, new Set());
      (cannot.get(i) as Set<number>).add(j);
      (cannot.get(j) as Set<number>).add(i);
    }
  }
  for (const [i, j] of musts) {
    const c = hardConflict(set, i, j, policy);
    if (c !== null) overriddenConflicts.push({ i, j, conflict: c });
    const a = find(i);
    const b = find(j);
    if (a !== b) union(a, b);
  }

  // Why two clusters may not merge, or null.
  const barrier = (a: number, b: number): string | null => {
    let sum = 0;
    let count = 0;
    for (const x of membersOf(a))
      for (const y of membersOf(b)) {
        if (cannot.get(x)?.has(y)) return 'a reviewer decided these are different people';
        const c = hardConflict(set, x, y, policy) ?? sameSourceGap(set, x, y, policy) ?? givenNamesApart(set, x, y, policy);
        if (c !== null) return c;
        sum += weightOf(x, y);
        count++;
      }
    if (count > 1 && sum / count < cohesion) return 'weak relative to the rest of the cluster';
    return null;
  };

  const order = strongestFirst(scored, reviewW, strong);
  // A record whose accepted links reach two records that can never be one
  // person (twins with different NHS numbers, both called Gabriela) belongs
  // to one of them at most, and the data cannot say which: its links go to
  // review instead of to whichever twin came first. A link held back only
  // because a child could be involved still competes: an undated "John
  // Morris" at his father's address scores as high against the father as
  // against his own dated records, and must not go to the father because
  // the link to himself was the one held back.
  //
  // The best evidence behind any of a record's accepted links: a link held
  // back for a missing date of birth (name and address only) competes only
  // with links no better than itself, not with a shared NHS number or an
  // agreeing date of birth, which already say who the record is; and only
  // when it scores as high as the record's best accepted link. 0 is none.
  const bestTier = new Int8Array(n);
  const bestWeight = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  // The links, then each record's neighbours in typed arrays (at a million
  // records an object per link end was a fifth of clustering's time).
  const linkAt = new Uint32Array(order.length);
  const linkHeld = new Uint8Array(order.length);
  const degree = new Uint32Array(n + 1);
  let links = 0;
  const best = (x: number, w: number, tier: number): void => {
    if (tier > (bestTier[x] as number)) bestTier[x] = tier;
    if (w > (bestWeight[x] as number)) bestWeight[x] = w;
  };
  for (const k of order) {
    const w = scored.weights[k] as number;
    if (w < acceptW) continue;
    const i = scored.left[k] as number;
    const j = scored.right[k] as number;
    if (hardConflict(set, i, j, policy) !== null) continue;
    const heldBack = reviewCap(set, i, j, policy) !== null;
    if (heldBack && !cappedOnlyForMissingBirthDate(set, i, j, policy)) continue;
    linkAt[links] = k;
    linkHeld[links++] = heldBack ? 1 : 0;
    degree[i + 1]! += 1;
    degree[j + 1]! += 1;
    if (!heldBack) {
      const tier = evidenceTier(set, i, j);
      best(i, w, tier);
      best(j, w, tier);
    }
  }
  // Record x's neighbours at [start[x], start[x + 1]), in the order of its links above.
  const start = degree;
  for (let x = 0; x < n; x++) start[x + 1]! += start[x] as number;
  const fill = start.slice(0, n);
  const nbY = new Uint32Array(2 * links);
  const nbHeld = new Uint8Array(2 * links);
  const nbW = new Float64Array(2 * links);
  for (let l = 0; l < links; l++) {
    const k = linkAt[l] as number;
    const i = scored.left[k] as number;
    const j = scored.right[k] as number;
    const ai = fill[i]!++;
    const aj = fill[j]!++;
    nbY[ai] = j;
    nbY[aj] = i;
    nbHeld[ai] = nbHeld[aj] = linkHeld[l] as number;
    nbW[ai] = nbW[aj] = scored.weights[k] as number;
  }
  // Whether two records conflict depends only on their identifiers, date of
  // birth and sex (and source, when sources are deduplicated): a record with
  // a hundred accepted links usually has two or three distinct such
  // signatures, so comparing signatures rather than every pair of
  // neighbours keeps this linear in the links.
  // Two neighbours with the same signature: compared in the columns, not
  // by a string per record (millions of them outlived the young generation).
  const cols = set.columns;
  const sameSignature = (y: number, z: number): boolean =>
    cols.nhs[y] === cols.nhs[z] && cols.upn[y] === cols.upn[z] && cols.otherId[y] === cols.otherId[z] && cols.dob8[y] === cols.dob8[z] && cols.sex[y] === cols.sex[z];
  const ambiguous = new Set<number>();
  const list: number[] = [];
  if (policy.reviewAmbiguous !== false)
    for (let x = 0; x < n; x++) {
      if (start[x] === start[x + 1]) continue;
      const tier = bestTier[x] as number;
      const top = bestWeight[x] as number;
      list.length = 0;
      for (let e = start[x] as number; e < (start[x + 1] as number); e++)
        if (nbHeld[e] === 0 || (tier <= 1 && (nbW[e] as number) >= top)) {
          const y = nbY[e] as number;
          // Two records of one deduplicated source conflict even with one signature.
          let seen = false;
          if (policy.sameSource !== true) for (let p = 0; p < list.length && !seen; p++) seen = sameSignature(list[p] as number, y);
          if (!seen) list.push(y);
        }
      outer: for (let p = 0; p < list.length; p++)
        for (let q = p + 1; q < list.length; q++)
          if (hardConflict(set, list[p] as number, list[q] as number, policy) !== null) {
            ambiguous.add(x);
            break outer;
          }
    }

  const pending: ReviewItem[] = [];
  const vetoed: ReviewItem[] = [];
  let refused = 0;
  for (const k of order) {
    const i = scored.left[k] as number;
    const j = scored.right[k] as number;
    const w = scored.weights[k] as number;
    const item = (reason: string): ReviewItem => ({ i, j, weight: w, probability: probability(w), reason });
    if (cannot.get(i)?.has(j)) continue; // decided by a reviewer
    const conflict = hardConflict(set, i, j, policy);
    if (conflict !== null) {
      vetoed.push(item(conflict));
      continue;
    }
    if (w < acceptW) {
      pending.push(item('in the review band'));
      continue;
    }
    const cap = reviewCap(set, i, j, policy) ?? (ambiguous.has(i) || ambiguous.has(j) ? AMBIGUOUS : null);
    if (cap !== null) {
      pending.push(item(cap));
      continue;
    }
    const a = find(i);
    const b = find(j);
    if (a === b) continue;
    const why = barrier(a, b);
    if (why === null) union(a, b);
    else {
      refused++;
      pending.push(item(why));
    }
  }
  // Links held back for name and address only, or because a record links
  // as strongly to two people, taken again now that the clusters say which
  // child records are one child: both records a parent of one child is the
  // corroboration the cap asks for, and says which of the two people a
  // record is (see `sharedChild`). The same barrier applies as to any
  // merge. A record corroborated with two clusters that may not merge is
  // left to a person. A merge of parents can complete a cluster whose
  // other links were waiting on it, so passes repeat until none merges.
  // Children in this set are their cluster ("#root"); others are the
  // caller's people (`childPersonOf`).
  const corroborated: ReviewItem[] = [];
  if (policy.corroborateBySharedChild !== false && set.source.some((r) => r.parentOf !== undefined && r.parentOf.length > 0)) {
    const personOf = (k: RecordKey): string | undefined => {
      const x = indexOf(k);
      if (x !== undefined) return `#${find(x)}`;
      return opts.childPersonOf?.(k);
    };
    // An ambiguity is resolved only where the record's competing links rest
    // on name and address too: against a shared identifier or an agreeing
    // date of birth a person decides.
    const weakOnly = (x: number): boolean => !ambiguous.has(x) || (bestTier[x] as number) <= 1;
    const held = pending.filter((item) => item.reason === NAME_AND_ADDRESS_ONLY || (item.reason === AMBIGUOUS && weakOnly(item.i) && weakOnly(item.j)));
    for (let again = true; again; ) {
      again = false;
      const found: Array<{ item: ReviewItem; why: string }> = [];
      const partners = new Map<number, Set<number>>();
      for (const item of held) {
        const a = find(item.i);
        const b = find(item.j);
        if (a === b) continue;
        const why = sharedChild(set.source[item.i] as LinkRecord, set.source[item.j] as LinkRecord, personOf, { a: `#${a}`, b: `#${b}` });
        if (why === null) continue;
        found.push({ item, why });
        for (const [x, y] of [[item.i, b], [item.j, a]] as const) {
          const s = partners.get(x) ?? new Set<number>();
          s.add(y);
          partners.set(x, s);
        }
      }
      // Corroborated with two clusters that may not merge: which one is it?
      const torn = (x: number): boolean => {
        const roots = [...(partners.get(x) ?? [])].map(find);
        for (let p = 0; p < roots.length; p++) for (let q = p + 1; q < roots.length; q++) if (roots[p] !== roots[q] && barrier(roots[p] as number, roots[q] as number) !== null) return true;
        return false;
      };
      for (const { item, why } of found) {
        if (torn(item.i) || torn(item.j)) continue;
        const a = find(item.i);
        const b = find(item.j);
        if (a === b || barrier(a, b) !== null) continue;
        union(a, b);
        corroborated.push({ ...item, reason: why });
        again = true;
      }
    }
  }
  // A review item is moot when its records ended up together anyway, or
  // when reviewers' decisions already keep their clusters apart.
  const decidedApart = (a: number, b: number): boolean => {
    if (cannot.size === 0) return false;
    for (const x of membersOf(a)) {
      const bar = cannot.get(x);
      if (bar) for (const y of membersOf(b)) if (bar.has(y)) return true;
    }
    return false;
  };
  const review = pending.filter((r) => find(r.i) !== find(r.j) && !decidedApart(find(r.i), find(r.j)));

  const clusters: number[][] = [];
  for (let i = 0; i < n; i++) {
    const m = members[i];
    if (m === undefined) clusters.push([i]);
    else if (m !== null) clusters.push(m.sort((x, y) => x - y));
  }
  clusters.sort((x, y) => (x[0] as number) - (y[0] as number));
  const clusterOf = new Int32Array(n);
  clusters.forEach((c, ci) => c.forEach((i) => (clusterOf[i] = ci)));
  return { clusters, clusterOf, review, vetoed: vetoed.filter((r) => find(r.i) !== find(r.j)), refused, overriddenConflicts, unknownDecisions, corroborated };
}
