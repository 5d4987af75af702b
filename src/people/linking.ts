import { sql, type Kysely } from 'kysely';
import { explainPair, fromSefPerson, linkAll, peopleOf, SEF_CONFIG, termFrequencies, type Explanation, type ModelParameters, type SefPersonLike } from '../identity/index.ts';
import { auditRead, type Requester } from '../access/audit.ts';
import type { PersonRef } from './chronology.ts';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema.ts';

export interface LinkReport {
  runId: number;
  records: number;
  people: number;
  reviewPairs: number;
  thresholds: { accept: number; review: number; method: string };
  seconds: number;
}

/**
 * Links every person record in the store from scratch (identity's batch
 * pipeline: train, block, score, cluster) and stores who is who. The
 * identity logic is pure; this only reads the records and writes the result.
 */
export async function rebuildLinks(store: Store, actor: string): Promise<LinkReport> {
  const started = performance.now();
  const rows = await sql<{ id: number; body: SefPersonLike }>`select id, body from record where type = 'person' order by id`.execute(store.db);
  const records = rows.rows.map((r) => fromSefPerson(r.body));
  const recordIds = new Map(rows.rows.map((r) => [`${r.body.source}\u0000${r.body.id}`, r.id]));
  const run = linkAll(records, SEF_CONFIG);
  const people = peopleOf(records, run.result.clusters);

  const runRow = await store.db
    .insertInto('linkage_run')
    .values({
      actor,
      records: records.length,
      people: people.length,
      review_pairs: run.result.review.length,
      params: JSON.stringify(run.params),
      thresholds: JSON.stringify(run.thresholds),
      finished_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const assignments = people.flatMap((p) => p.records.map((k) => ({ record_id: recordIds.get(`${k.source}\u0000${k.id}`)!, person_id: p.id, linkage_run_id: runRow.id })));
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('resolved_person').execute();
    for (let i = 0; i < assignments.length; i += 5000) {
      await sql`insert into resolved_person (record_id, person_id, linkage_run_id)
        select record_id, person_id, linkage_run_id from json_to_recordset(${JSON.stringify(assignments.slice(i, i + 5000))}::json)
        as x(record_id bigint, person_id text, linkage_run_id bigint)`.execute(trx);
    }
  });
  return {
    runId: runRow.id,
    records: records.length,
    people: people.length,
    reviewPairs: run.result.review.length,
    thresholds: { accept: run.thresholds.accept, review: run.thresholds.review, method: run.thresholds.method },
    seconds: (performance.now() - started) / 1000,
  };
}

/** `seen people --json`: every resolved person with its records; a record not yet linked is a person of its own. */
export async function listPeople(db: Kysely<Database>): Promise<{ id: string; records: { source: string; id: string }[] }[]> {
  const rows = await sql<{ person_id: string; source: string; local_id: string }>`
    select coalesce(rp.person_id, p.source || ':' || p.local_id) as person_id, p.source, p.local_id
    from person p left join resolved_person rp on rp.record_id = p.record_id
    order by 1, p.source, p.local_id`.execute(db);
  const people = new Map<string, { id: string; records: { source: string; id: string }[] }>();
  for (const r of rows.rows) {
    const person = people.get(r.person_id) ?? { id: r.person_id, records: [] };
    person.records.push({ source: r.source, id: r.local_id });
    people.set(r.person_id, person);
  }
  return [...people.values()];
}

export interface PairExplanation {
  a: { source: string; id: string };
  b: { source: string; id: string };
  linkageRun: number;
  samePerson: boolean;
  explanation: Explanation;
}

/**
 * `seen explain A B`: every comparison level, m, u and weight of two records
 * under the last linkage run's parameters, the total and the probability.
 * Term frequencies come from all stored person records, as in the run.
 */
export async function explainRecords(db: Kysely<Database>, a: PersonRef, b: PersonRef, who: Requester): Promise<PairExplanation | { missing: string }> {
  await auditRead(db, who, { action: 'linkage.explain', subject: `person:${a.source}:${a.id}`, details: { with: `person:${b.source}:${b.id}` } });
  const run = await db.selectFrom('linkage_run').select(['id', 'params']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!run) return { missing: 'no linkage run yet: run seen link --rebuild first' };
  const rows = await sql<{ id: number; body: SefPersonLike }>`select id, body from record where type = 'person'`.execute(db);
  const find = (ref: PersonRef) => rows.rows.find((r) => r.body.source === ref.source && r.body.id === ref.id);
  const ra = find(a);
  const rb = find(b);
  if (!ra || !rb) return { missing: `no person ${!ra ? `${a.source}:${a.id}` : `${b.source}:${b.id}`} in the store` };
  const tf = termFrequencies(rows.rows.map((r) => fromSefPerson(r.body)));
  const explanation = explainPair(run.params as unknown as ModelParameters, fromSefPerson(ra.body), fromSefPerson(rb.body), tf);
  const same = await sql<{ n: number }>`
    select count(*)::int as n from resolved_person x join resolved_person y on x.person_id = y.person_id
    where x.record_id = ${ra.id} and y.record_id = ${rb.id}`.execute(db);
  return { a, b, linkageRun: run.id, samePerson: (same.rows[0]?.n ?? 0) > 0, explanation };
}

export function formatExplanation(e: PairExplanation): string {
  const f = (x: number | null) => (x === null ? '—' : x < 0.001 ? x.toExponential(2) : x.toFixed(4));
  const lines = [
    `${e.a.source}:${e.a.id} and ${e.b.source}:${e.b.id} (linkage run ${e.linkageRun}): ${e.samePerson ? 'linked as one person' : 'not linked'}`,
    `${'comparison'.padEnd(22)} ${'level'.padEnd(44)} ${'m'.padStart(9)} ${'u'.padStart(9)} ${'weight'.padStart(8)} ${'tf adj'.padStart(7)}`,
  ];
  for (const c of e.explanation.comparisons) {
    lines.push(`${c.comparison.padEnd(22)} ${c.label.slice(0, 44).padEnd(44)} ${f(c.m).padStart(9)} ${f(c.u).padStart(9)} ${c.weight.toFixed(2).padStart(8)} ${c.tfAdjustment.toFixed(2).padStart(7)}`);
  }
  lines.push(`prior weight ${e.explanation.priorWeight.toFixed(2)}; total match weight ${e.explanation.totalWeight.toFixed(2)}; probability ${e.explanation.probability.toFixed(6)}`);
  return lines.join('\n');
}
