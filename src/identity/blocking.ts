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
  byRule: Array<{ rule: string; newPairs: number; skippedBlocks: number }>;
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

/** Candidate pairs from the union of the rules, each pair once. */
export function candidatePairs(records: readonly LinkRecord[], rules: readonly BlockingRule[], opts: BlockingOptions = {}): CandidatePairs {
  const linkType = opts.linkType ?? 'dedupe';
  const maxBlock = opts.maxBlockSize ?? 2000;
  const n = records.length;
  const seen = new Set<number>();
  const left: number[] = [];
  const right: number[] = [];
  const byRule: CandidatePairs['byRule'] = [];
  for (const rule of rules) {
    const blocks = new Map<string, number[]>();
    records.forEach((r, i) => {
      for (const k of ruleKeys(r, rule)) {
        const b = blocks.get(k);
        if (b === undefined) blocks.set(k, [i]);
        else b.push(i);
      }
    });
    let newPairs = 0;
    let skippedBlocks = 0;
    for (const members of blocks.values()) {
      if (members.length < 2) continue;
      if (members.length > maxBlock) {
        skippedBlocks++;
        continue;
      }
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const i = members[x] as number;
          const j = members[y] as number;
          if (i === j) continue;
          const lo = i < j ? i : j;
          const hi = i < j ? j : i;
          const key = lo * n + hi;
          if (seen.has(key)) continue;
          if (!eligible(records[lo] as LinkRecord, records[hi] as LinkRecord, linkType)) continue;
          seen.add(key);
          left.push(lo);
          right.push(hi);
          newPairs++;
        }
    }
    byRule.push({ rule: rule.name, newPairs, skippedBlocks });
  }
  return { left: Uint32Array.from(left), right: Uint32Array.from(right), byRule };
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
  const got = new Set<number>();
  for (let k = 0; k < cands.left.length; k++) got.add((cands.left[k] as number) * n + (cands.right[k] as number));
  let found = 0;
  const missed: Array<[number, number]> = [];
  for (const [i, j] of truePairs) {
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    if (got.has(lo * n + hi)) found++;
    else if (missed.length < 10) missed.push([lo, hi]);
  }
  return { truePairs: truePairs.length, found, recall: truePairs.length === 0 ? 1 : found / truePairs.length, candidates: cands.left.length, missedExamples: missed };
}
