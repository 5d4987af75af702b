import { sql, type Kysely } from 'kysely';

// Which agency records are the same person, as the last linkage run found:
// a projection, rebuilt by `seen link --rebuild`, with the run that made it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table linkage_run (
      id bigserial primary key,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      actor text not null,
      records integer not null,
      people integer not null,
      review_pairs integer not null,
      params jsonb not null,
      thresholds jsonb not null
    )`.execute(db);
  await sql`
    create table resolved_person (
      record_id bigint primary key,
      person_id text not null,
      linkage_run_id bigint not null references linkage_run (id)
    )`.execute(db);
  await sql`create index resolved_person_person on resolved_person (person_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
