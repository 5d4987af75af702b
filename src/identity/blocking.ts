// Blocking: a union of rules, each a conjunction of key parts. Two records
// are candidates when they share the full key of at least one rule. The key
// strings are what the store indexes, so `blockingKeys` is the function the
// incremental linker calls on a new record.

import type { LinkRecord } from './record.ts';
import { postcodeParts } from './record.ts';
import { phoneticKey } from './strings.ts';

export type KeyPart =
  | 'nhs'
  | 'upn'
  | 'otherId'
  | 'dob'
  | 'birthYear'
  | 'birthMonthDay'
  | 'sex'
  | 'sexOrEither'
  | 'given'
  | 'family'
  | 'givenInitial'
  | 'familyInitial'
  | 'givenPhonetic'
  | 'familyPhonetic'
  | 'nameInitials'
  | 'postcode'
  | 'postcodeSector'
  | 'phone'
  | 'email'
  | 'town';

/** A JSON-serialisable blocking rule. */
export interface BlockingRule {
  name: string;
  parts: KeyPart[];
  /**
   * Skip this rule's blocks larger than this (default: the run's
   * `maxBlockSize`). For keys that stop identifying anyone when shared
   * widely: a phone number on a hundred records is a hostel's or a
   * placeholder, and its block grows with the square of the population.
   */
  maxBlockSize?: number;
}

/** Which comparison a key part makes agree, so training can leave it out (identity-notes: its m would be biased). */
export const PART_COMPARISON: Record<KeyPart, string | null> = {
  nhs: 'nhs',
  upn: 'upn',
  otherId: 'otherId',
  dob: 'dob',
  birthYear: 'dob',
  birthMonthDay: 'dob',
  sex: 'sex',
  sexOrEither: 'sex',
  given: 'given',
  family: 'family',
  givenInitial: 'given',
  familyInitial: 'family',
  givenPhonetic: 'given',
  familyPhonetic: 'family',
  nameInitials: 'given',
  postcode: 'postcode',
  postcodeSector: 'postcode',
  phone: 'phone',
  email: 'email',
  town: 'town',
};

export function ruleComparisons(rule: BlockingRule): string[] {
  const out = new Set<string>();
  for (const p of rule.parts) {
    const c = PART_COMPARISON[p];
    if (c !== null) out.add(c);
    if (p === 'nameInitials') out.add('family');
  }
  return [...out];
}

function familyNames(r: LinkRecord): string[] {
  const out = new Set<string>();
  if (r.family !== null) out.add(r.family);
  for (const a of r.aliases) if (a.family !== null) out.add(a.family);
  return [...out];
}

function givenNames(r: LinkRecord): string[] {
  const out = new Set<string>();
  if (r.given !== null) out.add(r.given);
  for (const a of r.aliases) if (a.given !== null) out.add(a.given);
  return [...out];
}

// Shared by every record without a sex: frozen, so that no caller can change it for all of them.
const EITHER_SEX = Object.freeze(['female', 'male']) as unknown as string[];

/** The values of one key part; several when a record has aliases or addresses, none when missing. */
export function partValues(r: LinkRecord, part: KeyPart): string[] {
  const bd = r.birthDate;
  switch (part) {
    case 'nhs':
      return r.nhsNumber === null ? [] : [r.nhsNumber];
    case 'upn':
      return r.upn === null ? [] : [r.upn];
    case 'otherId':
      return r.otherId === null ? [] : [r.otherId];
    case 'dob':
      return bd && bd.month !== null && bd.day !== null ? [`${bd.year}-${bd.month}-${bd.day}`] : [];
    case 'birthYear':
      return bd ? [String(bd.year)] : [];
    case 'birthMonthDay':
      return bd && bd.month !== null && bd.day !== null ? [`${bd.month}-${bd.day}`] : [];
    case 'sex':
      return r.sex === null ? [] : [r.sex];
    case 'sexOrEither':
      // Splits a block by sex without losing the records that have none: those are in both halves.
      return r.sex === null ? EITHER_SEX : [r.sex];
    case 'given':
      return givenNames(r);
    case 'family':
      return familyNames(r);
    case 'givenInitial':
      return [...new Set(givenNames(r).map((n) => n.charAt(0)))];
    case 'familyInitial':
      return [...new Set(familyNames(r).map((n) => n.charAt(0)))];
    case 'givenPhonetic':
      return [...new Set(givenNames(r).map(phoneticKey).filter((k) => k !== ''))];
    case 'familyPhonetic':
      return [...new Set(familyNames(r).map(phoneticKey).filter((k) => k !== ''))];
    case 'nameInitials': {
      // Order-free, so a record with given and family swapped shares the key.
      if (r.given === null || r.family === null) return [];
      const x = r.given.charAt(0);
      const y = r.family.charAt(0);
      return [x < y ? x + y : y + x];
    }
    case 'postcode':
      return [...new Set(r.addresses.map((a) => a.postcode).filter((p): p is string => p !== null))];
    case 'postcodeSector':
      return [...new Set(r.addresses.map((a) => a.postcode).filter((p): p is string => p !== null).map((p) => postcodeParts(p).sector))];
    case 'phone':
      return r.phones;
    case 'email':
      return r.emails;
    case 'town':
      return [...new Set(r.addresses.map((a) => a.town).filter((t): t is string => t !== null))];
  }
}

/** The full keys of one rule for a record: the product of its parts' values; none when any part is missing. */
export function ruleKeys(r: LinkRecord, rule: BlockingRule): string[] {
  let keys: string[] = [rule.name];
  for (const part of rule.parts) {
    const vals = partValues(r, part);
    if (vals.length === 0) return [];
    const next: string[] = [];
    for (const k of keys) for (const v of vals) next.push(`${k}|${v}`);
    keys = next;
  }
  return keys;
}

/** Every blocking key of a record under a set of rules (what the store indexes). */
export function blockingKeys(r: LinkRecord, rules: readonly BlockingRule[]): string[] {
  return [...new Set(rules.flatMap((rule) => ruleKeys(r, rule)))];
}

export type LinkType = 'dedupe' | 'link-only' | 'link-and-dedupe';

export interface CandidatePairs {
  /** Record indices, left < right. */
  left: Uint32Array;
  right: Uint32Array;
  /** Per rule: pairs it produced that no earlier rule had. */
  byRule: RuleStats[];
}

export interface RuleStats {
  rule: string;
  newPairs: number;
  skippedBlocks: number;
}

export interface BlockingOptions {
  linkType?: LinkType;
  /**
   * Blocks larger than this are skipped and counted: a key shared by
   * thousands of records (a placeholder date, a common name) would swamp the
   * scorer while giving almost no evidence. Default 2,000.
   */
  maxBlockSize?: number;
}

/** Whether a pair is eligible under the link type (link-only compares records of different sources only). */
export function eligible(a: LinkRecord, b: LinkRecord, linkType: LinkType): boolean {
  if (linkType === 'dedupe') return true;
  const cross = a.key.source !== b.key.source;
  return linkType === 'link-only' ? cross : true;
}

/** cyrb53: a fast 53-bit string hash, so that a million records' keys fit in typed arrays (and a bigint column exactly). */
export function hash53(str: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Each record's hashed keys under one rule, in typed arrays: the first in
 * `first`, and for a record with more than one, all of them (ascending) at
 * moreKeys[moreStart[i] .. moreStart[i + 1]]. A Map of arrays held a
 * million arrays per rule at scale, and each one outlived the young
 * generation, so the main thread's old-generation collections came often and
 * traced every linkage record each time.
 */
export interface RuleKeyIndex {
  first: Float64Array;
  /** 1 where the record has more than one key: the pair loops ask this of every pair under every earlier rule. */
  several: Uint8Array;
  moreStart: Uint32Array;
  moreKeys: Float64Array;
}

export function indexRule(records: readonly LinkRecord[], rule: BlockingRule): RuleKeyIndex {
  const n = records.length;
  const first = new Float64Array(n).fill(NaN);
  const several = new Uint8Array(n);
  const moreStart = new Uint32Array(n + 1);
  let moreKeys = new Float64Array(1024);
  let used = 0;
  for (let i = 0; i < n; i++) {
    moreStart[i] = used;
    const keys = ruleKeys(records[i] as LinkRecord, rule);
    if (keys.length === 0) continue;
    if (keys.length === 1) {
      first[i] = hash53(keys[0] as string);
      continue;
    }
    const hs = [...new Set(keys.map(hash53))].sort((x, y) => x - y);
    first[i] = hs[0] as number;
    if (hs.length === 1) continue;
    several[i] = 1;
    if (used + hs.length > moreKeys.length) {
      const grown = new Float64Array(Math.max(moreKeys.length * 2, used + hs.length));
      grown.set(moreKeys);
      moreKeys = grown;
    }
    for (const h of hs) moreKeys[used++] = h;
  }
  moreStart[n] = used;
  return { first, several, moreStart, moreKeys: moreKeys.slice(0, used) };
}

/** The smallest key two records share under a rule, or NaN. */
function smallestShared(ix: RuleKeyIndex, i: number, j: number): number {
  const fi = ix.first[i] as number;
  const fj = ix.first[j] as number;
  if (Number.isNaN(fi) || Number.isNaN(fj)) return NaN;
  const si = ix.several[i] as number;
  const sj = ix.several[j] as number;
  if ((si | sj) === 0) return fi === fj ? fi : NaN;
  // Both key lists ascending: a merge walk. A record with one key is a list of one.
  let a = si === 1 ? (ix.moreStart[i] as number) : -1;
  const aEnd = si === 1 ? (ix.moreStart[i + 1] as number) : 0;
  let b = sj === 1 ? (ix.moreStart[j] as number) : -1;
  const bEnd = sj === 1 ? (ix.moreStart[j + 1] as number) : 0;
  let x = fi;
  let y = fj;
  for (;;) {
    if (x === y) return x;
    if (x < y) {
      if (a < 0 || ++a >= aEnd) return NaN;
      x = ix.moreKeys[a] as number;
    } else {
      if (b < 0 || ++b >= bEnd) return NaN;
      y = ix.moreKeys[b] as number;
    }
  }
}

/** A rule's blocks: the records sharing each key, in typed arrays. */
interface Blocks {
  /** Block b's key, and its members (record indices, ascending) at members[start[b] .. start[b+1]). */
  keys: Float64Array;
  start: Uint32Array;
  members: Uint32Array;
  /** Blocks in the order their first record and key come (the order pairs are produced in). */
  order: Uint32Array;
}

/**
 * The records of each key, without a Map of arrays: at 2.35 million records
 * that Map held millions of arrays and boxed keys, and every collection of
 * the old generation traced them. Keys are sorted natively, each (key,
 * record) entry finds its block by binary search, and a counting sort in
 * record order fills the blocks.
 */
function blocksOf(ix: RuleKeyIndex, n: number): Blocks {
  let count = 0;
  for (let i = 0; i < n; i++) if (ix.several[i] === 0 && !Number.isNaN(ix.first[i] as number)) count++;
  count += ix.moreKeys.length;
  const entryKey = new Float64Array(count);
  const entryRecord = new Uint32Array(count);
  let e = 0;
  for (let i = 0; i < n; i++) {
    const f = ix.first[i] as number;
    if (Number.isNaN(f)) continue;
    if (ix.several[i] === 0) {
      entryKey[e] = f;
      entryRecord[e++] = i;
    } else
      for (let m = ix.moreStart[i] as number; m < (ix.moreStart[i + 1] as number); m++) {
        entryKey[e] = ix.moreKeys[m] as number;
        entryRecord[e++] = i;
      }
  }
  const sorted = entryKey.slice().sort();
  let distinct = 0;
  for (let k = 0; k < count; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k] as number;
  const keys = sorted.slice(0, distinct);
  const blockOf = new Uint32Array(count);
  const start = new Uint32Array(distinct + 1);
  for (let k = 0; k < count; k++) {
    const key = entryKey[k] as number;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    blockOf[k] = lo;
    start[lo + 1]! += 1;
  }
  for (let b = 0; b < distinct; b++) start[b + 1]! += start[b] as number;
  const members = new Uint32Array(count);
  const next = start.slice(0, distinct);
  const order = new Uint32Array(distinct);
  let ordered = 0;
  for (let k = 0; k < count; k++) {
    const b = blockOf[k] as number;
    // A block's first entry is its first record: the first time it is met.
    if (next[b] === start[b]) order[ordered++] = b;
    members[next[b]!++] = entryRecord[k] as number;
  }
  return { keys, start, members, order };
}

/**
 * Candidate pairs from the union of the rules, each pair exactly once,
 * streamed in chunks of typed arrays (ready to hand to worker threads).
 * No set of seen pairs is kept, so memory does not grow with the number of
 * pairs: a pair is emitted by the first rule that produces it (a later rule
 * skips pairs an earlier rule shares a key for), and within a rule by its
 * smallest shared key. Keys are hashed; a collision can only add a pair.
 */
export function* candidateChunks(
  records: readonly LinkRecord[],
  rules: readonly BlockingRule[],
  opts: BlockingOptions & { chunkSize?: number; stats?: RuleStats[] } = {},
): Generator<{ left: Uint32Array; right: Uint32Array }, void> {
  const chunker = new PairChunker(records.length, { ...opts, sources: sourceCodes(records, opts.linkType ?? 'dedupe') });
  for (const rule of rules) {
    yield* chunker.rule(rule, indexRule(records, rule));
    const stats = chunker.stats[chunker.stats.length - 1];
    if (stats !== undefined) opts.stats?.push(stats);
  }
  yield* chunker.finish();
}

/** Each record's source as a number, when the link type compares sources (else null). */
export function sourceCodes(records: readonly LinkRecord[], linkType: LinkType): Int32Array | null {
  if (linkType === 'dedupe') return null;
  const codes = new Map<string, number>();
  const out = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const s = (records[i] as LinkRecord).key.source;
    let c = codes.get(s);
    if (c === undefined) codes.set(s, (c = codes.size));
    out[i] = c;
  }
  return out;
}

/**
 * The pair loop of candidateChunks over rules' key indexes given one at a
 * time, in plain typed arrays: so a worker thread can make the pairs from
 * indexes this thread built, in the same chunks as candidateChunks.
 */
export class PairChunker {
  readonly stats: RuleStats[] = [];
  private readonly indexes: RuleKeyIndex[] = [];
  private left: Uint32Array;
  private right: Uint32Array;
  private fill = 0;
  private readonly chunk: number;
  private readonly maxBlock: number;
  private readonly linkType: LinkType;
  private readonly sources: Int32Array | null;

  constructor(
    private readonly n: number,
    opts: BlockingOptions & { chunkSize?: number; sources?: Int32Array | null } = {},
  ) {
    this.linkType = opts.linkType ?? 'dedupe';
    this.maxBlock = opts.maxBlockSize ?? 2000;
    this.chunk = opts.chunkSize ?? 1 << 20;
    this.sources = opts.sources ?? null;
    if (this.linkType !== 'dedupe' && this.sources === null) throw new Error(`blocking: link type ${this.linkType} needs each record's source`);
    this.left = new Uint32Array(this.chunk);
    this.right = new Uint32Array(this.chunk);
  }

  /** The pairs of one more rule (rules in their order), as full chunks; the last partial chunk comes from finish(). */
  *rule(rule: Pick<BlockingRule, 'name' | 'maxBlockSize'>, ix: RuleKeyIndex): Generator<{ left: Uint32Array; right: Uint32Array }, void> {
    const r = this.indexes.length;
    this.indexes.push(ix);
    const indexes = this.indexes;
    const blocks = blocksOf(ix, this.n);
    const stats: RuleStats = { rule: rule.name, newPairs: 0, skippedBlocks: 0 };
    const cross = this.linkType === 'link-only';
    const sources = this.sources;
    const limit = rule.maxBlockSize ?? this.maxBlock;
    for (let o = 0; o < blocks.order.length; o++) {
      const b = blocks.order[o] as number;
      const from = blocks.start[b] as number;
      const to = blocks.start[b + 1] as number;
      const key = blocks.keys[b] as number;
      if (to - from < 2) continue;
      if (to - from > limit) {
        stats.skippedBlocks++;
        continue;
      }
      for (let x = from; x < to; x++)
        for (let y = x + 1; y < to; y++) {
          const i = blocks.members[x] as number; // members are in index order: i < j
          const j = blocks.members[y] as number;
          // link-only compares records of different sources only.
          if (cross && sources !== null && sources[i] === sources[j]) continue;
          if (((ix.several[i] as number) | (ix.several[j] as number)) !== 0 && smallestShared(ix, i, j) !== key) continue;
          let earlier = false;
          for (let q = 0; q < r && !earlier; q++) earlier = !Number.isNaN(smallestShared(indexes[q] as RuleKeyIndex, i, j));
          if (earlier) continue;
          this.left[this.fill] = i;
          this.right[this.fill] = j;
          this.fill++;
          stats.newPairs++;
          if (this.fill === this.chunk) {
            yield { left: this.left, right: this.right };
            this.left = new Uint32Array(this.chunk);
            this.right = new Uint32Array(this.chunk);
            this.fill = 0;
          }
        }
    }
    this.stats.push(stats);
  }

  /** The last, partial chunk, if any. */
  *finish(): Generator<{ left: Uint32Array; right: Uint32Array }, void> {
    if (this.fill > 0) yield { left: this.left.slice(0, this.fill), right: this.right.slice(0, this.fill) };
    this.fill = 0;
  }
}

/** All candidate pairs at once (see `candidateChunks` for the streaming form). */
export function candidatePairs(records: readonly LinkRecord[], rules: readonly BlockingRule[], opts: BlockingOptions = {}): CandidatePairs {
  const stats: RuleStats[] = [];
  const chunks = [...candidateChunks(records, rules, { ...opts, stats })];
  const total = chunks.reduce((s, c) => s + c.left.length, 0);
  const left = new Uint32Array(total);
  const right = new Uint32Array(total);
  let at = 0;
  for (const c of chunks) {
    left.set(c.left, at);
    right.set(c.right, at);
    at += c.left.length;
  }
  return { left, right, byRule: stats };
}

export interface BlockingRecall {
  truePairs: number;
  found: number;
  recall: number;
  candidates: number;
  /** A few true pairs that no rule produced, for inspection. */
  missedExamples: Array<[number, number]>;
}

/** How many labelled true pairs blocking produced: the ceiling on recall. */
export function blockingRecall(cands: CandidatePairs, n: number, truePairs: ReadonlyArray<readonly [number, number]>): BlockingRecall {
  // Sorted codes, not a Set: a Set holds at most 2^24 values, and a large
  // partnership has more candidate pairs than that.
  const got = new Float64Array(cands.left.length);
  for (let k = 0; k < cands.left.length; k++) got[k] = (cands.left[k] as number) * n + (cands.right[k] as number);
  got.sort();
  const has = (code: number): boolean => {
    let lo = 0;
    let hi = got.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((got[mid] as number) < code) lo = mid + 1;
      else hi = mid;
    }
    return lo < got.length && got[lo] === code;
  };
  let found = 0;
  const missed: Array<[number, number]> = [];
  for (const [i, j] of truePairs) {
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    if (has(lo * n + hi)) found++;
    else if (missed.length < 10) missed.push([lo, hi]);
  }
  return { truePairs: truePairs.length, found, recall: truePairs.length === 0 ? 1 : found / truePairs.length, candidates: cands.left.length, missedExamples: missed };
}
