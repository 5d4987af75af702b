import { sql, type Kysely, type Transaction } from 'kysely';
import {
  blockingKeys,
  hash53,
  compile,
  fromSefPerson,
  hardConflict,
  keyString,
  parentRole,
  PARENT_ROLES,
  prepare,
  SEF_CONFIG,
  type ParentLink,
  type CompiledModel,
  type ConflictPolicy,
  type LinkRecord,
  type ModelParameters,
  type RecordKey,
  type ReviewDecision,
  type TermFrequencies,
  type Thresholds,
} from '../identity/index.ts';
import type { SefPersonLike } from '../identity/index.ts';
import type { Database } from '../store/schema.ts';

// What the store keeps for linking beyond who is who: hashed blocking keys
// and name/postcode terms per record (link_key), reviewers' decisions
// (link_decision) and the review queue (link_review). Shared by the batch
// rebuild, incremental linking on import and reviewers' decisions.

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * The conflict policy the store links by: the model's, with "a child could
 * be involved" read from today's date (born after today less 18 years), as
 * the linkage benchmark measures it. A pair resting on name and address
 * alone is then held for review where either record may be a child's, and
 * left to the model between adults' records. Without the date every such
 * pair would wait for a person, adults' included (a store rebuild of the
 * demo found 0.86 of its true pairs that way, against 0.95).
 */
export function linkagePolicy(now: Date = new Date()): ConflictPolicy {
  const cut = new Date(Date.UTC(now.getUTCFullYear() - 18, now.getUTCMonth(), now.getUTCDate())).toISOString().slice(0, 10);
  return { ...SEF_CONFIG.policy, minorsBornAfter: cut };
}
/** As batch blocking: a key shared by more records than this gives almost no evidence and is skipped. */
export const MAX_BLOCK = 2000;

/** Blocking keys are stored by the same 53-bit hash the batch blocking uses, so that they fit a bigint column exactly. */
export const hashKey = hash53;

export type TermField = 'given' | 'family' | 'postcode';

/** The terms identity's term frequencies count for a record (one per record and value, as `termFrequencies`). */
export function termsOf(r: LinkRecord): { field: TermField; value: string }[] {
  const out: { field: TermField; value: string }[] = [];
  if (r.given !== null) out.push({ field: 'given', value: r.given });
  if (r.family !== null) out.push({ field: 'family', value: r.family });
  for (const pc of new Set(r.addresses.map((a) => a.postcode))) if (pc !== null) out.push({ field: 'postcode', value: pc });
  return out;
}

export const termHash = (field: TermField, value: string): number => hashKey(`tf\u0000${field}\u0000${value}`);

/** The hashed terms a record counts once towards in link_term. */
export const termKeysOf = (r: LinkRecord): number[] => [...new Set(termsOf(r).map((t) => termHash(t.field, t.value)))];

/** Every hashed key of a record: its blocking keys (candidates) and its terms (counts). */
export function keysOf(r: LinkRecord): { blocking: number[]; terms: number[] } {
  const blocking = [...new Set(blockingKeys(r, SEF_CONFIG.blocking).map(hashKey))];
  const terms = [...new Set(termsOf(r).map((t) => termHash(t.field, t.value)))];
  return { blocking, terms: terms.filter((t) => !blocking.includes(t)) };
}

export function termTotals(records: readonly LinkRecord[]): Record<TermField, number> {
  const totals = { given: 0, family: 0, postcode: 0 };
  for (const r of records) for (const t of termsOf(r)) totals[t.field]++;
  return totals;
}

export interface StoredRun {
  id: number;
  params: ModelParameters;
  thresholds: Pick<Thresholds, 'accept' | 'review'>;
  model: CompiledModel;
  totals: Record<TermField, number> | null;
  /** Whether link_key was built under the blocking rules Seen links by now (false for a run from before they were recorded). */
  currentRules: boolean;
}

/** The blocking rules as a run records them, to tell whether link_key was built under the rules in force. */
export const BLOCKING_RULES = JSON.stringify(SEF_CONFIG.blocking);

// Compiling parameters costs more than linking one record: once per run.
const compiled = new Map<string, CompiledModel>();

export async function lastRun(db: Db): Promise<StoredRun | null> {
  const run = await db.selectFrom('linkage_run').select(['id', 'params', 'thresholds', 'term_totals', 'terms_counted', 'started_at', 'blocking_rules']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!run) return null;
  const params = run.params as unknown as ModelParameters;
  // Keyed by the run's start too: each test database numbers its runs from 1.
  const cacheKey = `${run.id}|${new Date(run.started_at).toISOString()}|${JSON.stringify(params).length}`;
  let model = compiled.get(cacheKey);
  if (!model) {
    model = compile(params);
    compiled.set(cacheKey, model);
  }
  const t = run.thresholds as { accept: number; review: number };
  return {
    id: run.id,
    params,
    thresholds: { accept: t.accept, review: t.review },
    model,
    totals: run.terms_counted ? ((run.term_totals as Record<TermField, number> | null) ?? null) : null,
    currentRules: run.blocking_rules === BLOCKING_RULES,
  };
}

/**
 * Term frequencies for the records about to be compared, from the counts in
 * link_term over the run's population totals: the same frequencies the
 * batch run computes over every record, without reading every record.
 */
export async function storeTermFrequencies(db: Db, records: readonly LinkRecord[], totals: Record<TermField, number>, extra: readonly LinkRecord[] = []): Promise<TermFrequencies> {
  const wanted = new Map<number, { field: TermField; value: string }>();
  for (const r of records) for (const t of termsOf(r)) wanted.set(termHash(t.field, t.value), t);
  const counts = new Map<number, number>();
  if (wanted.size > 0) {
    const rows = await sql<{ key: number; n: number }>`select key, records as n from link_term where key = any(${[...wanted.keys()]}::bigint[])`.execute(db);
    for (const r of rows.rows) counts.set(Number(r.key), r.n);
  }
  // Records not counted yet (the one being linked) count too.
  for (const r of extra) for (const t of termsOf(r)) counts.set(termHash(t.field, t.value), (counts.get(termHash(t.field, t.value)) ?? 0) + 1);
  const tf: TermFrequencies = { given: new Map(), family: new Map(), postcode: new Map() };
  for (const [h, t] of wanted) tf[t.field].set(t.value, (counts.get(h) ?? 0) / Math.max(1, totals[t.field]));
  return tf;
}

// ------------------------------------------------------------------ decisions

export interface StoredDecision {
  id: number;
  recordA: number;
  recordB: number;
  a: RecordKey;
  b: RecordKey;
  decision: 'match' | 'non-match';
  actor: string;
  reason: string;
  decidedAt: string;
}

/** The latest decision per pair (a reviewer may change their mind), optionally only those touching some records. */
export async function loadDecisions(db: Db, touching?: readonly number[]): Promise<StoredDecision[]> {
  if (touching && touching.length === 0) return [];
  const filter = touching ? sql`where d.record_a = any(${touching}::bigint[]) or d.record_b = any(${touching}::bigint[])` : sql``;
  const rows = await sql<{ id: number; record_a: number; record_b: number; decision: 'match' | 'non-match'; actor: string; reason: string; decided_at: Date; sa: string; ia: string; sb: string; ib: string }>`
    select x.*, ra.source as sa, ra.local_id as ia, rb.source as sb, rb.local_id as ib
    from (select distinct on (d.record_a, d.record_b) d.* from link_decision d ${filter} order by d.record_a, d.record_b, d.id desc) x
    join record ra on ra.id = x.record_a join record rb on rb.id = x.record_b
    order by x.id`.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    recordA: r.record_a,
    recordB: r.record_b,
    a: { source: r.sa, id: r.ia },
    b: { source: r.sb, id: r.ib },
    decision: r.decision,
    actor: r.actor,
    reason: r.reason,
    decidedAt: new Date(r.decided_at).toISOString(),
  }));
}

export interface DecisionConflict {
  a: RecordKey;
  b: RecordKey;
  decidedBy: string;
  conflict: string;
}

/**
 * The decisions linkage obeys. Every non-match is obeyed. A match joins its
 * two records (and, through other matches, whole groups) unless that would
 * put two hard-conflicting records (two valid NHS numbers, two full dates of
 * birth no typo explains, …) or a decided non-match in one person: such a
 * match is not applied, and reported, because a reviewer's click must not
 * merge two children. Decisions are taken in the order they were made.
 */
export function vetDecisions(
  decisions: readonly StoredDecision[],
  recordOf: (id: number) => LinkRecord | undefined,
  policy: ConflictPolicy,
): { obeyed: ReviewDecision[]; conflicts: DecisionConflict[] } {
  const obeyed: ReviewDecision[] = [];
  const conflicts: DecisionConflict[] = [];
  const toRd = (d: StoredDecision): ReviewDecision => ({ a: d.a, b: d.b, decision: d.decision, by: d.actor, at: d.decidedAt, note: d.reason });
  const apart = new Set<string>();
  for (const d of decisions) if (d.decision === 'non-match') apart.add(`${d.recordA}|${d.recordB}`);
  const involved = [...new Set(decisions.filter((d) => d.decision === 'match').flatMap((d) => [d.recordA, d.recordB]))].filter((id) => recordOf(id) !== undefined);
  const index = new Map(involved.map((id, i) => [id, i]));
  const set = prepare(involved.map((id) => recordOf(id) as LinkRecord));
  const group = new Map<number, number[]>(involved.map((id) => [id, [id]]));
  for (const d of decisions) {
    if (d.decision === 'non-match') {
      obeyed.push(toRd(d));
      continue;
    }
    const ga = group.get(d.recordA);
    const gb = group.get(d.recordB);
    if (!ga || !gb) continue; // a record not in this set: nothing to join here
    if (ga === gb) {
      obeyed.push(toRd(d));
      continue;
    }
    let why: string | null = null;
    for (const x of ga) {
      for (const y of gb) {
        why = apart.has(`${Math.min(x, y)}|${Math.max(x, y)}`) ? 'a reviewer decided that two of these records are different people' : hardConflict(set, index.get(x) as number, index.get(y) as number, policy);
        if (why !== null) break;
      }
      if (why !== null) break;
    }
    if (why !== null) {
      conflicts.push({ a: d.a, b: d.b, decidedBy: d.actor, conflict: why });
      continue;
    }
    const merged = [...ga, ...gb];
    for (const id of merged) group.set(id, merged);
    obeyed.push(toRd(d));
  }
  return { obeyed, conflicts };
}


/**
 * The children of some parent records (their `parentOf`, from the
 * relationship table: "to is the kind of from") and the person each child
 * record is linked to now, keyed by `keyString` of the child's record:
 * what `sharedChild` reads when linking in the store. All records when `ids` is omitted.
 */
export async function loadParentLinks(db: Db, ids?: readonly number[], opts: { persons?: boolean } = {}): Promise<{ parentOf: Map<number, ParentLink[]>; childPerson: Map<string, string> }> {
  const parentOf = new Map<number, ParentLink[]>();
  const childPerson = new Map<string, string>();
  if (ids !== undefined && ids.length === 0) return { parentOf, childPerson };
  const which = ids === undefined ? sql`` : sql`and rel.to_person_id = any(${[...ids]}::bigint[])`;
  // A rebuild clusters the children itself: it needs no people (persons: false).
  const person = opts.persons === false ? sql`null::text` : sql`(select rp.person_id from resolved_person rp where rp.record_id = rel.from_person_id)`;
  const rows = await sql<{ parent: number; kind: string; source: string; child: string; person_id: string | null }>`
    select rel.to_person_id as parent, rel.kind, rel.source, rel.from_local_id as child, ${person} as person_id
    from relationship rel
    where rel.kind = any(${[...PARENT_ROLES]}::text[]) and rel.to_person_id is not null and rel.from_person_id is not null ${which}
    order by rel.record_id`.execute(db);
  for (const r of rows.rows) {
    const role = parentRole(r.kind);
    if (role === null || r.child === undefined) continue;
    const child = { source: r.source, id: r.child };
    const list = parentOf.get(Number(r.parent)) ?? [];
    if (!list.some((l) => l.role === role && keyString(l.child) === keyString(child))) list.push({ role, child });
    parentOf.set(Number(r.parent), list);
    if (r.person_id !== null) childPerson.set(keyString(child), r.person_id);
  }
  return { parentOf, childPerson };
}

/** Person records by id, as linkage reads them. */
export async function loadLinkRecords(db: Db, ids: readonly number[]): Promise<Map<number, { record: LinkRecord; version: number }>> {
  const out = new Map<number, { record: LinkRecord; version: number }>();
  if (ids.length === 0) return out;
  const rows = await sql<{ id: number; version: number; body: SefPersonLike }>`select id, version, body from record where id = any(${[...ids]}::bigint[]) and type = 'person'`.execute(db);
  for (const r of rows.rows) out.set(r.id, { record: fromSefPerson(r.body), version: r.version });
  return out;
}

export { keyString };
