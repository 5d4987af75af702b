import { sql, type Kysely } from 'kysely';

// When an import's person records were linked. An import whose linking
// never ran (the process stopped between the two) is linked with the next
// one, so that its people do not stay apart until someone rebuilds.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_run add column linked_at timestamptz`.execute(db);
  // Imports from before this column were linked as they came, or by a rebuild.
  await sql`update import_run set linked_at = now()`.execute(db);
  await sql`create index import_run_unlinked on import_run (id) where linked_at is null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
