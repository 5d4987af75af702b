import { sql, type Kysely } from 'kysely';

// How many linked records hold each name and postcode term: term
// frequencies for linking one record. Counting a common name's rows in
// link_key read thousands of index entries per record at a million
// records (Smith, Olivia); this is one lookup per term, kept by the
// rebuild and by every record linked or unlinked since.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table link_term (key bigint primary key, records integer not null)`.execute(db);
  // A run from before this table has no counts: the next import relinks from scratch.
  await sql`alter table linkage_run add column terms_counted boolean not null default false`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
