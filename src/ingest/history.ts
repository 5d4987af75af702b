import { sql, type Kysely } from 'kysely';
import type { RecordKey } from '../sef/index.ts';
import type { Database } from '../store/schema.ts';

export interface RecordVersion {
  version: number;
  current: boolean;
  hash: string;
  body: Record<string, unknown>;
  file: string;
  line: number;
  importedAt: Date;
}

/** Every version of one record, oldest first: the replaced ones and the current one. */
export async function recordHistory(db: Kysely<Database>, key: RecordKey): Promise<RecordVersion[]> {
  const rows = await sql<{ version: number; current: boolean; hash: string; body: Record<string, unknown>; file_name: string; line: number; imported_at: Date }>`
    select v.version, false as current, v.hash, v.body, v.file_name, v.line, v.imported_at
    from record_version v join record r on r.id = v.record_id
    where r.source = ${key.source} and r.type = ${key.type} and r.local_id = ${key.id}
    union all
    select version, true, hash, body, file_name, line, imported_at from record
    where source = ${key.source} and type = ${key.type} and local_id = ${key.id}
    order by version`.execute(db);
  return rows.rows.map((r) => ({ version: r.version, current: r.current, hash: r.hash, body: r.body, file: r.file_name, line: r.line, importedAt: r.imported_at }));
}
