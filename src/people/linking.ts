import { sql, type Kysely } from 'kysely';
import { fromSefPerson, linkAll, peopleOf, SEF_CONFIG, type SefPersonLike } from '../identity/index.ts';
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
