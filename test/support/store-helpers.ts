import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { writeDemo } from '../../src/demo/index.ts';
import { importStream, type ImportReport } from '../../src/ingest/importer.ts';
import type { Database } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/database.ts';

export const DATA_TABLES = [
  'source',
  'record',
  'record_version',
  'person',
  'person_name',
  'person_address',
  'person_phone',
  'event',
  'event_subject',
  'relationship',
  'quarantine',
] as const;

export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of DATA_TABLES) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = r.rows[0]!.n;
  }
  return counts;
}

/**
 * Everything an import leaves, minus what legitimately differs between two
 * runs (serial ids, import ids, timestamps): used to prove that an
 * interrupted and re-run import equals a clean one.
 */
export async function storeFingerprint(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const q = async (query: ReturnType<typeof sql<{ row: string }>>) => (await query.execute(db)).rows.map((r) => r.row).sort();
  return {
    source: await q(sql`select concat_ws('|', id, agency, name, local_authority, declared) as row from source`),
    record: await q(sql`select concat_ws('|', source, type, local_id, version, hash, body::text, file_name, line) as row from record`),
    record_version: await q(sql`select concat_ws('|', r.source, r.type, r.local_id, v.version, v.hash, v.body::text, v.file_name, v.line) as row from record_version v join record r on r.id = v.record_id`),
    person: await q(sql`select concat_ws('|', source, local_id, given, middle, family, birth_date, sex, nhs_number) as row from person`),
    person_address: await q(sql`select concat_ws('|', p.source, p.local_id, a.ord, a.line1, a.postcode, a.sealed) as row from person_address a join person p on p.record_id = a.person_id`),
    event: await q(sql`select concat_ws('|', r.source, r.local_id, e.kind, e.at, e.at_precision) as row from event e join record r on r.id = e.record_id`),
    event_subject: await q(sql`select concat_ws('|', r.source, r.local_id, s.ord, s.person_local_id, s.role, p.local_id) as row from event_subject s join record r on r.id = s.event_id left join person p on p.record_id = s.person_id`),
    quarantine: await q(sql`select concat_ws('|', line, line_hash, status, problems::text) as row from quarantine`),
  };
}

export function importText(
  store: Store,
  text: string,
  fileName = 'test.sef.jsonl',
  options: { gzip?: boolean; batchSize?: number; rememberKeys?: number } = {},
): Promise<ImportReport> {
  const bytes = options.gzip ? gzipSync(text) : Buffer.from(text);
  return importStream(store, Readable.from([bytes]), {
    fileName,
    actor: 'tester',
    channel: 'test',
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.rememberKeys !== undefined ? { rememberKeys: options.rememberKeys } : {}),
  });
}

/** The synthetic demo partnership imported into a store (linking and the protocols are the caller's). */
export async function loadDemo(store: Store, options: { children: number; seed: string }): Promise<ImportReport> {
  const pipe = new PassThrough();
  const importing = importStream(store, pipe, { fileName: 'demo', actor: 'test', channel: 'test' });
  await writeDemo({ ...options, out: pipe });
  pipe.end();
  return importing;
}

export const lines = (...records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
