import { sql, type Kysely } from 'kysely';

// The record store: every agency record as append-only versions, the
// normalised people, events and relationships derived from current versions,
// the quarantine and the audit trail. Plain SQL so that it reads the same as
// what runs on both engines (PGlite runs PostgreSQL 18, the server 15: nothing
// newer than 15 here).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists fuzzystrmatch`.execute(db);

  await sql`
    create table source (
      id text primary key,
      agency text not null,
      name text,
      local_authority text,
      declared boolean not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table import_run (
      id bigserial primary key,
      file_name text not null,
      actor text not null,
      channel text not null,
      status text not null check (status in ('running', 'completed', 'failed')),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      lines integer not null default 0,
      imported integer not null default 0,
      unchanged integer not null default 0,
      updated integer not null default 0,
      quarantined integer not null default 0,
      warnings jsonb not null default '[]'::jsonb,
      error text
    )`.execute(db);

  // One row per (source, type, id) holding its current version. When a
  // correction arrives the version it replaces moves, unchanged, to
  // record_version: every version ever imported is kept, and a new record
  // costs one row.
  await sql`
    create table record (
      id bigserial primary key,
      source text not null,
      type text not null check (type in ('source', 'person', 'event', 'relationship')),
      local_id text not null,
      version integer not null,
      hash text not null,
      body jsonb not null,
      recorded_at timestamptz,
      import_id bigint not null,
      file_name text not null,
      line integer not null,
      imported_at timestamptz not null default now(),
      unique (source, type, local_id)
    )`.execute(db);

  await sql`
    create table record_version (
      record_id bigint not null references record (id),
      version integer not null,
      hash text not null,
      body jsonb not null,
      recorded_at timestamptz,
      import_id bigint not null,
      file_name text not null,
      line integer not null,
      imported_at timestamptz not null,
      superseded_at timestamptz not null default now(),
      primary key (record_id, version)
    )`.execute(db);

  // The tables below are a projection of current versions (what linking,
  // chronologies and rules search by; the rest is read from record.body),
  // written only by the import in the same transaction as the versions they
  // come from, and rebuildable from them. They carry no foreign keys: per-row checks
  // would more than double the cost of an import and guard nothing the
  // import does not already guarantee.
  await sql`
    create table person (
      record_id bigint primary key,
      source text not null,
      local_id text not null,
      given text,
      middle text,
      family text,
      birth_date text,
      birth_date_precision text,
      sex text,
      nhs_number text,
      upn text,
      unborn boolean not null default false,
      expected_date date,
      unique (source, local_id)
    )`.execute(db);

  await sql`
    create table person_name (
      person_id bigint not null,
      ord integer not null,
      kind text not null,
      given text,
      middle text,
      family text,
      primary key (person_id, ord)
    )`.execute(db);

  await sql`
    create table person_address (
      person_id bigint not null,
      ord integer not null,
      line1 text,
      line2 text,
      town text,
      postcode text,
      valid_from date,
      valid_to date,
      kind text,
      sealed boolean not null default false,
      primary key (person_id, ord)
    )`.execute(db);
  await sql`create index person_address_postcode on person_address (postcode)`.execute(db);

  await sql`
    create table person_phone (
      person_id bigint not null,
      ord integer not null,
      phone text not null,
      primary key (person_id, ord)
    )`.execute(db);

  await sql`
    create table event (
      record_id bigint primary key,
      source text not null,
      kind text not null,
      at timestamptz not null,
      at_precision text not null
    )`.execute(db);

  // person_id is null while the person has not arrived yet: such a record
  // waits, and is resolved by the import that brings the person.
  await sql`
    create table event_subject (
      event_id bigint not null,
      ord integer not null,
      source text not null,
      person_local_id text not null,
      person_id bigint,
      role text not null,
      primary key (event_id, ord)
    )`.execute(db);
  await sql`create index event_subject_person on event_subject (person_id)`.execute(db);
  await sql`create index event_subject_waiting on event_subject (source, person_local_id) where person_id is null`.execute(db);

  await sql`
    create table relationship (
      record_id bigint primary key,
      source text not null,
      local_id text not null,
      from_local_id text not null,
      to_local_id text not null,
      from_person_id bigint,
      to_person_id bigint,
      kind text not null,
      valid_from date,
      valid_to date
    )`.execute(db);
  await sql`create index relationship_from on relationship (from_person_id)`.execute(db);
  await sql`create index relationship_to on relationship (to_person_id)`.execute(db);
  await sql`create index relationship_waiting_from on relationship (source, from_local_id) where from_person_id is null`.execute(db);
  await sql`create index relationship_waiting_to on relationship (source, to_local_id) where to_person_id is null`.execute(db);

  // A bad line is kept whole (up to a cap) with where it came from and why,
  // once per (file, line, content): re-importing the same file adds nothing.
  await sql`
    create table quarantine (
      id bigserial primary key,
      file_name text not null,
      line integer not null,
      line_hash text not null,
      raw text not null,
      raw_bytes integer not null,
      record_source text,
      record_type text,
      record_local_id text,
      problems jsonb not null,
      status text not null default 'open' check (status in ('open', 'resolved')),
      first_import_id bigint not null references import_run (id),
      last_import_id bigint not null references import_run (id),
      quarantined_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolution text,
      unique (file_name, line, line_hash)
    )`.execute(db);
  await sql`create index quarantine_open_key on quarantine (record_source, record_type, record_local_id) where status = 'open'`.execute(db);

  // Who read what, when and why. Append-only: the database refuses to change
  // or delete an audit row, whoever asks.
  await sql`
    create table audit_event (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor text not null,
      channel text not null,
      action text not null,
      subject text,
      purpose text,
      details jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index audit_event_subject on audit_event (subject, at)`.execute(db);
  await sql`
    create function audit_event_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events cannot be changed or deleted';
    end $$`.execute(db);
  await sql`
    create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_is_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down: records are never lost');
}
