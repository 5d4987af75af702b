import { sql, type Kysely } from 'kysely';

// Each address's household key (seen_address_key), stored beside it. The
// full evaluation groups everyone into households by their addresses, and
// computing the key there (four regular expressions per address) took 13 of
// the 54 seconds a 100,000-children partnership's evaluation took. The
// expression index computed it at every import already; a stored column
// computes it once and the index reads it from there.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person_address add column address_key text generated always as (seen_address_key(line1, postcode)) stored`.execute(db);
  await sql`drop index person_address_key`.execute(db);
  await sql`create index person_address_key on person_address (address_key)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
