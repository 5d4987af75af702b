import { sql, type Kysely } from 'kysely';

// Date helpers the import uses to derive columns from SEF records inside
// the database. SEF dates may be partial ('2019', '2019-04'): a date column
// holds the start of the period; the record keeps what was written.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function seen_partial_date(value text) returns date
    language sql immutable as $$
      select case
        when value is null or value = '' then null
        when length(value) = 4 then (value || '-01-01')::date
        when length(value) = 7 then (value || '-01')::date
        else left(value, 10)::date
      end
    $$`.execute(db);
  // A date is midnight UTC (it is shown as a date); a datetime without an
  // offset is UK local time (SEF), whatever the server's own zone. (No SET
  // clause on the function: that would cost a settings change per row.)
  await sql`
    create function seen_event_time(value text) returns timestamptz
    language sql immutable as $$
      select case
        when length(value) <= 10 then seen_partial_date(value)::timestamp at time zone 'UTC'
        when value ~ '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$' then value::timestamptz
        else value::timestamp at time zone 'Europe/London'
      end
    $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
