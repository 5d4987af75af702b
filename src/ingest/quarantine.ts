import { Readable } from 'node:stream';
import { sql, type Kysely, type Selectable } from 'kysely';
import { auditRead, type Requester } from '../access/audit.ts';
import { redactRawLine } from '../access/sealing.ts';
import { parseLine } from '../sef/index.ts';
import type { Database, QuarantineTable } from '../store/schema.ts';
import { importStream, type ImportReport } from './importer.ts';
import type { Store } from '../store/database.ts';

export interface QuarantineSummary {
  id: number;
  status: 'open' | 'resolved';
  file: string;
  line: number;
  record: { source: string | null; type: string | null; id: string | null };
  reason: string;
  problems: number;
  quarantinedAt: string;
}

function summarise(r: Selectable<QuarantineTable>): QuarantineSummary {
  return {
    id: r.id,
    status: r.status,
    file: r.file_name,
    line: r.line,
    record: { source: r.record_source, type: r.record_type, id: r.record_local_id },
    reason: r.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '),
    problems: r.problems.length,
    quarantinedAt: new Date(r.quarantined_at).toISOString(),
  };
}

/** A record that is stored but refers to a person who has not arrived yet. */
export interface WaitingRecord {
  record: { source: string; type: string; id: string };
  file: string;
  line: number;
  waitingFor: { path: string; person: string }[];
  reason: string;
}

export interface QuarantineListing {
  entries: QuarantineSummary[];
  waiting: WaitingRecord[];
}

/** The quarantine: reasons can quote personal data, so listing it is audited. */
export async function listQuarantine(
  db: Kysely<Database>,
  who: Requester,
  options: { status?: 'open' | 'resolved' | 'all'; limit?: number } = {},
): Promise<QuarantineListing> {
  const status = options.status ?? 'open';
  await auditRead(db, who, { action: 'quarantine.list', subject: null, details: { status } });
  let query = db.selectFrom('quarantine').selectAll().orderBy('id').limit(options.limit ?? 1000);
  if (status !== 'all') query = query.where('status', '=', status);
  const rows = await query.execute();
  const entries = rows.map(summarise);
  return { entries, waiting: status === 'resolved' ? [] : await listWaiting(db, options.limit ?? 1000) };
}

async function listWaiting(db: Kysely<Database>, limit: number): Promise<WaitingRecord[]> {
  const rows = await sql<{ source: string; type: string; local_id: string; file_name: string; line: number; path: string; person: string }>`
    select r.source, r.type, r.local_id, r.file_name, r.line, w.path, w.person
    from (
      select event_id as record_id, 'subjects[' || ord || '].person' as path, person_local_id as person
        from event_subject where person_id is null
      union all
      select record_id, 'from', from_local_id from relationship where from_person_id is null
      union all
      select record_id, 'to', to_local_id from relationship where to_person_id is null
    ) w
    join record r on r.id = w.record_id
    order by r.source, r.local_id, w.path
    limit ${limit}`.execute(db);
  const byRecord = new Map<string, WaitingRecord>();
  for (const r of rows.rows) {
    const key = `${r.source}\u0000${r.type}\u0000${r.local_id}`;
    const entry =
      byRecord.get(key) ??
      ({ record: { source: r.source, type: r.type, id: r.local_id }, file: r.file_name, line: r.line, waitingFor: [], reason: '' } satisfies WaitingRecord);
    entry.waitingFor.push({ path: r.path, person: `${r.source}:${r.person}` });
    byRecord.set(key, entry);
  }
  for (const w of byRecord.values()) {
    w.reason = `refers to ${w.waitingFor.map((x) => `person ${x.person} (${x.path})`).join(' and ')}, who has not arrived in any import; the record is kept and will be linked when the person arrives`;
  }
  return [...byRecord.values()];
}

export interface QuarantineDetail extends QuarantineSummary {
  raw: string;
  rawBytes: number;
  rawWithheld: boolean;
  problemList: { path: string; message: string }[];
  resolution: string | null;
}

/** One entry, its reasons and its raw line with any sealed address withheld. Audited. */
export async function showQuarantine(db: Kysely<Database>, id: number, who: Requester): Promise<QuarantineDetail | null> {
  const r = await db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
  await auditRead(db, who, { action: 'quarantine.show', subject: `quarantine:${id}`, details: { found: r !== undefined } });
  if (!r) return null;
  const redacted = redactRawLine(r.raw);
  return {
    ...summarise(r),
    raw: redacted.text,
    rawBytes: r.raw_bytes,
    rawWithheld: redacted.withheld,
    problemList: r.problems,
    resolution: r.resolution,
  };
}

export interface RetryResult {
  id: number;
  outcome: 'imported' | 'still-invalid' | 'not-open' | 'not-found';
  problems: { path: string; message: string }[];
  report?: ImportReport;
}

/**
 * Tries a quarantined line again: as stored (after Seen itself was fixed)
 * or with a corrected line supplied by the person fixing it. A line that
 * now passes is imported like any other and the entry is resolved; one that
 * still fails keeps its entry, with today's reasons.
 */
export async function retryQuarantine(
  store: Store,
  id: number,
  options: { replacement?: string; actor: string; channel: 'cli' | 'api' },
): Promise<RetryResult> {
  const entry = await store.db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
  if (!entry) return { id, outcome: 'not-found', problems: [] };
  if (entry.status !== 'open') return { id, outcome: 'not-open', problems: [] };
  const text = options.replacement ?? entry.raw;
  const parsed = parseLine(text);
  if (parsed === null || !parsed.ok) {
    const problems = parsed === null ? [{ path: '', message: 'the line is blank or a comment: there is no record in it' }] : parsed.problems;
    if (options.replacement === undefined) {
      await store.db.updateTable('quarantine').set({ problems: JSON.stringify(problems) }).where('id', '=', id).execute();
    }
    return { id, outcome: 'still-invalid', problems };
  }
  const report = await importStream(store, Readable.from([Buffer.from(text)]), {
    fileName: `${entry.file_name} (quarantine entry ${id}, line ${entry.line}, retried)`,
    actor: options.actor,
    channel: options.channel === 'api' ? 'api' : 'cli',
  });
  if (report.quarantined > 0) return { id, outcome: 'still-invalid', problems: [{ path: '', message: 'the database refused the record; see the new quarantine entry' }], report };
  await store.db
    .updateTable('quarantine')
    .set({
      status: 'resolved',
      resolved_at: new Date(),
      resolution: `retried by ${options.actor}${options.replacement !== undefined ? ' with a corrected line' : ''}: imported (${parsed.key.source}:${parsed.key.id})`,
    })
    .where('id', '=', id)
    .execute();
  return { id, outcome: 'imported', problems: [], report };
}

export async function openQuarantineIds(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom('quarantine').select('id').where('status', '=', 'open').orderBy('id').execute()).map((r) => r.id);
}
