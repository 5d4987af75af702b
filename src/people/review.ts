import { sql, type Kysely } from 'kysely';
import { auditRead, type Requester } from '../access/audit.ts';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { PersonRef } from './chronology.ts';
import { lastRun, loadDecisions, type DecisionConflict } from './link-store.ts';
import { relinkLocally } from './linking.ts';

// The review queue and reviewers' decisions. A decision is stored for ever
// (link_decision is append-only; the latest per pair counts), takes effect
// at once on the two people concerned, and is obeyed by every later run,
// batch or incremental.

export interface ReviewRecord {
  source: string;
  id: string;
  agency: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
  person: string | null;
}

export interface ReviewItem {
  a: ReviewRecord;
  b: ReviewRecord;
  weight: number;
  probability: number;
  reason: string;
  linkageRun: number;
  queuedAt: string;
}

const fullName = (p: { given: string | null; middle: string | null; family: string | null }) => [p.given, p.middle, p.family].filter(Boolean).join(' ') || '(no name recorded)';

/**
 * The pairs waiting for a reviewer, most likely matches first: those not
 * yet decided and not already in one person. Names, dates of birth and sex
 * only (no addresses: nothing sealed can show). Audited.
 */
export async function listReview(db: Kysely<Database>, who: Requester, opts: { limit?: number } = {}): Promise<{ total: number; items: ReviewItem[] }> {
  await auditRead(db, who, { action: 'linkage.review.list', subject: null, details: { limit: opts.limit ?? null } });
  const open = sql`
    from link_review q
    left join resolved_person pa on pa.record_id = q.record_a
    left join resolved_person pb on pb.record_id = q.record_b
    join person xa on xa.record_id = q.record_a join source sa on sa.id = xa.source
    join person xb on xb.record_id = q.record_b join source sb on sb.id = xb.source
    where pa.person_id is distinct from pb.person_id
      and not exists (select 1 from link_decision d where d.record_a = q.record_a and d.record_b = q.record_b)`;
  const total = (await sql<{ n: number }>`select count(*)::int as n ${open}`.execute(db)).rows[0]?.n ?? 0;
  const rows = await sql<{
    weight: number;
    probability: number;
    reason: string;
    linkage_run_id: number;
    queued_at: Date;
    pa: string | null;
    pb: string | null;
    a_source: string; a_id: string; a_agency: string; a_given: string | null; a_middle: string | null; a_family: string | null; a_birth: string | null; a_sex: string | null;
    b_source: string; b_id: string; b_agency: string; b_given: string | null; b_middle: string | null; b_family: string | null; b_birth: string | null; b_sex: string | null;
  }>`
    select q.weight, q.probability, q.reason, q.linkage_run_id, q.queued_at, pa.person_id as pa, pb.person_id as pb,
      xa.source as a_source, xa.local_id as a_id, sa.agency as a_agency, xa.given as a_given, xa.middle as a_middle, xa.family as a_family, xa.birth_date as a_birth, xa.sex as a_sex,
      xb.source as b_source, xb.local_id as b_id, sb.agency as b_agency, xb.given as b_given, xb.middle as b_middle, xb.family as b_family, xb.birth_date as b_birth, xb.sex as b_sex
    ${open}
    order by q.probability desc, q.record_a, q.record_b
    limit ${opts.limit ?? 100}`.execute(db);
  return {
    total,
    items: rows.rows.map((r) => ({
      a: { source: r.a_source, id: r.a_id, agency: r.a_agency, name: fullName({ given: r.a_given, middle: r.a_middle, family: r.a_family }), birthDate: r.a_birth, sex: r.a_sex, person: r.pa },
      b: { source: r.b_source, id: r.b_id, agency: r.b_agency, name: fullName({ given: r.b_given, middle: r.b_middle, family: r.b_family }), birthDate: r.b_birth, sex: r.b_sex, person: r.pb },
      weight: r.weight,
      probability: r.probability,
      reason: r.reason,
      linkageRun: r.linkage_run_id,
      queuedAt: new Date(r.queued_at).toISOString(),
    })),
  };
}

export interface DecisionResult {
  decision: { id: number; a: PersonRef; b: PersonRef; decision: 'match' | 'non-match'; by: string; at: string; reason: string };
  /** Whether the two records are one person now that the decision has been applied. */
  samePerson: boolean;
  /** Why a match decision could not be applied (it is stored all the same), or null. */
  conflict: string | null;
  /** Set when there is no linkage run yet: the decision waits for `seen link --rebuild`. */
  pending: boolean;
  changedPeople: string[];
}

export class DecisionRefused extends Error {}

/**
 * Records a reviewer's decision about two person records and applies it to
 * the people holding them. Refused (DecisionRefused) for an unknown record,
 * a record paired with itself, or an empty reason.
 */
export async function recordDecision(store: Store, a: PersonRef, b: PersonRef, decision: 'match' | 'non-match', reason: string, who: Requester): Promise<DecisionResult> {
  if (reason.trim() === '') throw new DecisionRefused('say why: a decision needs a reason');
  const find = (ref: PersonRef) => store.db.selectFrom('person').select('record_id').where('source', '=', ref.source).where('local_id', '=', ref.id).executeTakeFirst();
  const [ra, rb] = await Promise.all([find(a), find(b)]);
  if (!ra || !rb) throw new DecisionRefused(`no person record ${!ra ? `${a.source}:${a.id}` : `${b.source}:${b.id}`} in the store`);
  if (ra.record_id === rb.record_id) throw new DecisionRefused('a record is always the same person as itself: name two different records');
  const [lo, hi] = ra.record_id < rb.record_id ? [ra, rb] : [rb, ra];
  return store.db.transaction().execute(async (trx) => {
    await auditRead(trx, who, { action: 'linkage.decide', subject: `person:${a.source}:${a.id}`, details: { with: `person:${b.source}:${b.id}`, decision } });
    const row = await trx
      .insertInto('link_decision')
      .values({ record_a: lo.record_id, record_b: hi.record_id, decision, actor: who.actor, channel: who.channel, reason })
      .returning(['id', 'decided_at'])
      .executeTakeFirstOrThrow();
    const stored = { id: row.id, a, b, decision, by: who.actor, at: new Date(row.decided_at).toISOString(), reason };
    const run = await lastRun(trx);
    const persons = await trx.selectFrom('resolved_person').select(['record_id', 'person_id']).where('record_id', 'in', [ra.record_id, rb.record_id]).execute();
    if (!run || persons.length < 2) return { decision: stored, samePerson: false, conflict: null, pending: true, changedPeople: [] };
    const { changedPeople, conflicts } = await relinkLocally(trx, run, [...new Set(persons.map((p) => p.person_id))]);
    const after = await trx.selectFrom('resolved_person').select('person_id').where('record_id', 'in', [ra.record_id, rb.record_id]).execute();
    const samePerson = after.length === 2 && after[0]!.person_id === after[1]!.person_id;
    const mine = conflicts.find((c: DecisionConflict) => [c.a, c.b].every((k) => (k.source === a.source && k.id === a.id) || (k.source === b.source && k.id === b.id)));
    return { decision: stored, samePerson, conflict: mine?.conflict ?? (decision === 'match' && !samePerson ? 'the two people could not be joined' : null), pending: false, changedPeople };
  });
}

/** Every decision in force (the latest per pair), oldest first. Audited. */
export async function listDecisions(db: Kysely<Database>, who: Requester): Promise<{ a: PersonRef; b: PersonRef; decision: 'match' | 'non-match'; by: string; at: string; reason: string }[]> {
  await auditRead(db, who, { action: 'linkage.decisions.list', subject: null });
  return (await loadDecisions(db)).map((d) => ({ a: d.a, b: d.b, decision: d.decision, by: d.actor, at: d.decidedAt, reason: d.reason }));
}
