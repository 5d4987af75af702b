import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The tables an import writes. Of the two holding records' bodies, only the
 * columns lookups go by: statistics on the JSON bodies cost most of the
 * time and no plan uses them.
 */
const IMPORTED = [
  sql`record (id, source, type, local_id, import_id)`,
  sql`record_version (record_id, version)`,
  ...['person', 'person_name', 'person_address', 'person_phone', 'event', 'event_subject', 'relationship'].map((t) => sql.table(t)),
];

/**
 * Brings the planner's statistics up to date after an import that grew the
 * store by more than a tenth (and a thousand records), or into a store
 * never analysed, as autovacuum would: the embedded database has no
 * autovacuum, and a server's may be off or minutes behind. Without statistics the planner sizes every lookup from
 * defaults, and the linking and re-evaluation that follow an import scan
 * whole tables where a few index lookups would do. Returns whether it ran.
 */
export async function refreshStatistics(db: Kysely<Database>, recordsWritten: number): Promise<boolean> {
  if (recordsWritten <= 0) return false;
  const row = await sql<{ tuples: number | null }>`select reltuples::float8 as tuples from pg_class where oid = 'record'::regclass`.execute(db);
  const tuples = Number(row.rows[0]?.tuples ?? -1);
  // reltuples is -1 until the first analyse; below a thousand rows a plan hardly matters.
  if (tuples >= 0 && recordsWritten <= 1000 + tuples / 10) return false;
  await sql`analyze ${sql.join(IMPORTED)}`.execute(db);
  return true;
}
