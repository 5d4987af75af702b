import { sql, type Kysely } from 'kysely';

// Households remembered by record rather than by resolved person. A record
// never changes person without a relinking, and when it does its old
// household still finds it: so an import's re-evaluation loads whole
// households by index in one step, and keeps them current itself, instead
// of walking every touched person's links again. The table is a cache that
// the next full evaluation refills; until then, re-evaluation walks links.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop table alert_household`.execute(db);
  await sql`
    create table alert_household (
      record_id bigint primary key,
      person_id text not null,
      household integer not null
    )`.execute(db);
  await sql`create index alert_household_household on alert_household (household)`.execute(db);
  await sql`create index alert_household_person on alert_household (person_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
