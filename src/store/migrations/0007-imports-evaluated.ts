import { sql, type Kysely } from 'kysely';

// When the protocols were last run over what an import brought. An import
// whose re-evaluation never ran (the process stopped between the two, or
// the evaluation failed) is picked up by the next one, so that nothing an
// agency sent waits for the hourly full evaluation to be seen.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_run add column alerts_evaluated_at timestamptz`.execute(db);
  // Imports from before this column: the next full evaluation covers them.
  await sql`update import_run set alerts_evaluated_at = now()`.execute(db);
  await sql`create index import_run_unevaluated on import_run (id) where alerts_evaluated_at is null`.execute(db);
  // Households are remembered by record alone (0006 kept the person too):
  // half the rows' width for a full evaluation to write, and no second index.
  await sql`alter table alert_household drop column person_id`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
