import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/**
 * What follows an import: linking its person records, and running the
 * protocols over what it touched. Each step is recorded per import
 * (import_run.linked_at, alerts_evaluated_at), so that a step that never
 * ran (the process stopped, or it failed) is made up by the next import's.
 */
export type FollowUp = 'linked_at' | 'alerts_evaluated_at';

/**
 * This import and every other whose step never ran. An import still
 * "running" is left to finish, except one of the same file: on a server an
 * import cut short stays "running", and running the same file again (the
 * way to complete it) brings its records back unchanged, under their
 * earlier import.
 */
export async function importsAwaiting(db: Kysely<Database>, step: FollowUp, importId: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select id from import_run
    where ${sql.ref(step)} is null and id <> ${importId}
      and (status <> 'running' or file_name = (select file_name from import_run where id = ${importId}))`.execute(db);
  return [importId, ...rows.rows.map((r) => Number(r.id))];
}

/** Records that the step ran for these imports. */
export async function followedUp(db: Kysely<Database>, step: FollowUp, importIds: readonly number[]): Promise<void> {
  await sql`update import_run set ${sql.ref(step)} = now() where id = any(${[...importIds]}::bigint[])`.execute(db);
}

/** Records that a run over everything, begun at `began`, covered every finished import before it. */
export async function followedUpBefore(db: Kysely<Database>, step: FollowUp, began: Date): Promise<void> {
  await sql`update import_run set ${sql.ref(step)} = now() where ${sql.ref(step)} is null and status <> 'running' and started_at <= ${began}`.execute(db);
}
