import { sql, type Kysely } from 'kysely';

// Protocol alerts and their lifecycle. One row per alert (an episode of a
// rule's condition for one person); every change of status is an
// append-only `alert_change` row with who and when. Data times (raised_at,
// resolved_at) are the engine's ISO UTC strings, kept as written so that
// re-evaluating the same records compares equal.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table alert (
      seq bigserial primary key,
      id text not null unique,
      episode_key text not null unique,
      rule text not null,
      subject text not null,
      people jsonb not null,
      status text not null check (status in ('raised', 'acknowledged', 'actioned', 'dismissed', 'resolved')),
      raised_at text not null,
      evidence jsonb not null,
      explanation text not null,
      routing jsonb,
      notify jsonb not null default '[]'::jsonb,
      resolved_at text,
      resolved_by jsonb,
      resolution text,
      note text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index alert_subject on alert (subject, rule)`.execute(db);
  await sql`create index alert_open on alert (rule, subject) where status in ('raised', 'acknowledged')`.execute(db);
  await sql`create index alert_raised on alert (raised_at)`.execute(db);

  await sql`
    create table alert_change (
      id bigserial primary key,
      alert_id text not null references alert (id),
      from_status text,
      to_status text not null,
      actor text not null,
      at timestamptz not null default now(),
      data_time text,
      note text
    )`.execute(db);
  await sql`create index alert_change_alert on alert_change (alert_id, id)`.execute(db);
  await sql`
    create function alert_change_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'alert history cannot be changed or deleted';
    end $$`.execute(db);
  await sql`
    create trigger alert_change_append_only before update or delete on alert_change
    for each row execute function alert_change_is_append_only()`.execute(db);

  // as_of: the latest data time any evaluation has used; evaluations never
  // go back before it (that would resolve alerts raised later). full_as_of:
  // the data time up to which everyone has been evaluated (the scheduler's
  // and --as-of's mark).
  await sql`
    create table alert_clock (
      singleton boolean primary key default true check (singleton),
      as_of text not null,
      full_as_of text,
      evaluated_at timestamptz not null default now()
    )`.execute(db);

  // Which household (connected group of people) each person was in at the
  // last full evaluation: an import's re-evaluation loads the households of
  // the people it touched by index instead of walking links hop by hop.
  await sql`
    create table alert_household (
      person_id text primary key,
      household integer not null
    )`.execute(db);
  await sql`create index alert_household_household on alert_household (household)`.execute(db);

  // What an import brought: the people it touched are re-evaluated (and
  // linked) by import id, which must not mean reading every record.
  await sql`create index record_import on record (import_id)`.execute(db);

  // The household key of an address, as the rules compute it (src/rules
  // picture.ts addressKey), so that co-residents are found by index.
  await sql`
    create function seen_address_key(line1 text, postcode text) returns text
    language sql immutable parallel safe as $$
      select case
        when regexp_replace(upper(coalesce(postcode, '')), '[^A-Z0-9]', '', 'g') = ''
          or regexp_replace(lower(coalesce(line1, '')), '[^a-z0-9]', '', 'g') = '' then null
        else regexp_replace(upper(postcode), '[^A-Z0-9]', '', 'g') || '|' || regexp_replace(lower(line1), '[^a-z0-9]', '', 'g')
      end
    $$`.execute(db);
  await sql`create index person_address_key on person_address (seen_address_key(line1, postcode))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
