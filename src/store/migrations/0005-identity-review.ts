import { sql, type Kysely } from 'kysely';

// The identity store beyond the batch projection of 0003: reviewers'
// decisions (kept for ever, obeyed by every run), the review queue (pairs
// between the thresholds), and the blocking index that lets an import link
// one new record without reading the whole store.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Pairs are stored with record_a < record_b: one row per pair and decision.
  // Append-only like the audit trail: a reviewer who changes their mind adds
  // a later decision; the latest one for a pair is the one obeyed.
  await sql`
    create table link_decision (
      id bigserial primary key,
      record_a bigint not null,
      record_b bigint not null,
      decision text not null check (decision in ('match', 'non-match')),
      actor text not null,
      channel text not null,
      reason text not null,
      decided_at timestamptz not null default now(),
      check (record_a < record_b)
    )`.execute(db);
  await sql`create index link_decision_a on link_decision (record_a, record_b, id)`.execute(db);
  await sql`create index link_decision_b on link_decision (record_b)`.execute(db);
  await sql`
    create function link_decision_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'link decisions cannot be changed or deleted: record a new decision instead';
    end $$`.execute(db);
  await sql`
    create trigger link_decision_append_only before update or delete on link_decision
    for each row execute function link_decision_is_append_only()`.execute(db);

  // The review queue: a projection, rewritten by a rebuild and kept up to
  // date by incremental linking and decisions.
  await sql`
    create table link_review (
      record_a bigint not null,
      record_b bigint not null,
      weight double precision not null,
      probability double precision not null,
      reason text not null,
      linkage_run_id bigint not null references linkage_run (id),
      queued_at timestamptz not null default now(),
      primary key (record_a, record_b),
      check (record_a < record_b)
    )`.execute(db);
  await sql`create index link_review_b on link_review (record_b)`.execute(db);
  await sql`create index link_review_probability on link_review (probability desc)`.execute(db);

  // Blocking keys of every linked person record, hashed to 53 bits (a
  // collision only adds a candidate, which scoring then rejects), and the
  // name and postcode terms whose counts give term frequencies. Keyed by
  // hash first: the lookup is "which records share this key".
  await sql`
    create table link_key (
      key bigint not null,
      record_id bigint not null,
      primary key (key, record_id)
    )`.execute(db);
  await sql`create index link_key_record on link_key (record_id)`.execute(db);

  // The run's population totals for term frequencies, and which version of
  // a record a resolved row was linked from (an import that changes a
  // record relinks it; one that re-sends it unchanged does not).
  await sql`alter table linkage_run add column term_totals jsonb`.execute(db);
  await sql`alter table resolved_person add column record_version integer`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
