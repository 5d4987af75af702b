import { sql, type Kysely } from 'kysely';

// The blocking rules a linkage run indexed link_key under. Incremental
// linking finds candidates by those keys: when Seen's rules change, an index
// built under the old ones would silently miss candidates, so linking
// rebuilds instead (a run from before this column counts as changed).
// Text, as written: jsonb would reorder the keys it is compared by.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table linkage_run add column blocking_rules text`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
