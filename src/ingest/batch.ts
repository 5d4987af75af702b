import type { RecordKey } from '../sef/index.ts';
import type { BadLine, GoodLine } from './parse-chunk.ts';
import { copyRow, type BulkSession } from '../store/bulk.ts';

export type { BadLine, GoodLine } from './parse-chunk.ts';

export interface BatchCounts {
  imported: number;
  updated: number;
  unchanged: number;
  quarantined: number;
}

const IMPORT_LOCK = 7_325_001;

const STAGE_COLUMNS = ['ord', 'source', 'type', 'local_id', 'hash', 'line', 'recorded_at', 'nhs', 'upn'] as const;
const RECORD_COLUMNS = ['id', 'source', 'type', 'local_id', 'version', 'hash', 'body', 'recorded_at', 'import_id', 'file_name', 'line'] as const;

// The batch's keys travel to the database first (a small COPY into a
// temporary table) so that each record is classified against the store in
// one statement. Only new and changed records then send their JSON: new ones
// straight into the record table by COPY, the fastest path into PostgreSQL.
// Every other table is written from there by set-based SQL that reads the
// record's JSON server-side. Same SQL on both engines.
const SETUP = [
  `create temp table if not exists seen_stage (
     ord integer primary key, source text not null, type text not null, local_id text not null, hash text not null,
     line integer not null, recorded_at timestamptz, nhs text, upn text
   ) on commit delete rows`,
  `create temp table if not exists seen_batch (
     ord integer primary key, record_id bigint, version integer not null, status text not null
   ) on commit delete rows`,
  `create temp table if not exists seen_body (ord integer primary key, body jsonb not null) on commit delete rows`,
];

const CLASSIFY = `
  insert into seen_batch (ord, record_id, version, status)
  select s.ord, r.id, coalesce(r.version, 0) + 1,
         case when r.id is null then 'new' when r.hash = s.hash then 'unchanged' else 'changed' end
  from seen_stage s left join record r on r.source = s.source and r.type = s.type and r.local_id = s.local_id`;

/*
 * A file that holds two versions of one record (a correction further down)
 * replays both when it is imported again. The earlier line is then not a new
 * correction but the same version from the same place: unchanged, and the
 * current version stays the later one. A version is recognised by content,
 * file and line; the same content from anywhere else (an agency reverting a
 * record) is a real correction.
 */
const REPLAYS = `
  update seen_batch b set status = 'unchanged'
  from seen_stage s, record_version v
  where s.ord = b.ord and b.status = 'changed' and v.record_id = b.record_id
    and v.hash = s.hash and v.line = s.line and v.file_name = $1`;

// New records get their ids before their rows are sent, so that nothing has
// to look them up again by key afterwards: one block of the sequence per
// batch (batches take turns under the import lock), not a call per row.
const RESERVE_IDS = `select setval('record_id_seq'::regclass, nextval('record_id_seq'::regclass) + $1 - 1) as last`;
const NEW_IDS = `
  with numbered as (select ord, row_number() over (order by ord) as n from seen_batch where status = 'new')
  update seen_batch b set record_id = $1 + numbered.n - 1
  from numbered where b.ord = numbered.ord
  returning b.ord, b.record_id`;

const SUPERSEDE = `
  insert into record_version (record_id, version, hash, body, recorded_at, import_id, file_name, line, imported_at)
  select r.id, r.version, r.hash, r.body, r.recorded_at, r.import_id, r.file_name, r.line, r.imported_at
  from record r join seen_batch b on b.record_id = r.id where b.status = 'changed'`;

const UPDATE_RECORDS = `
  update record r set version = b.version, hash = s.hash, body = x.body, recorded_at = s.recorded_at,
    import_id = $1, file_name = $2, line = s.line, imported_at = now()
  from seen_batch b join seen_stage s using (ord) join seen_body x using (ord)
  where b.status = 'changed' and r.id = b.record_id`;

// The rows of this batch that the derived tables must (re)build.
const WRITTEN = (type: string) => `
  from seen_batch b join record r on r.id = b.record_id
  where b.status in ('new', 'changed') and r.type = '${type}'`;
const REPLACED = (type: string) => `select b.record_id from seen_batch b join seen_stage s using (ord) where b.status = 'changed' and s.type = '${type}'`;
const elements = (expr: string) => `case when jsonb_typeof(${expr}) = 'array' then ${expr} else '[]'::jsonb end`;

const DERIVE: { type: RecordKey['type']; sql: string }[] = [
  { type: 'source', sql: `insert into source (id, agency, name, local_authority, declared)
   select r.local_id, r.body->>'agency', r.body->>'name', r.body->>'localAuthority', true ${WRITTEN('source')}
   on conflict (id) do update set agency = excluded.agency, name = excluded.name,
     local_authority = excluded.local_authority, declared = true, updated_at = now()` },

  // People: the main row is upserted (others point at it), its lists replaced.
  { type: 'person', sql: `delete from person_name where person_id in (${REPLACED('person')})` },
  { type: 'person', sql: `delete from person_address where person_id in (${REPLACED('person')})` },
  { type: 'person', sql: `delete from person_phone where person_id in (${REPLACED('person')})` },
  { type: 'person', sql: `insert into person (record_id, source, local_id, given, middle, family, birth_date, birth_date_precision, sex, nhs_number, upn, unborn, expected_date)
   select b.record_id, r.source, r.local_id, r.body->'name'->>'given', r.body->'name'->>'middle', r.body->'name'->>'family',
     r.body->>'birthDate',
     case length(r.body->>'birthDate') when 10 then 'day' when 7 then 'month' when 4 then 'year' end,
     r.body->>'sex', s.nhs, s.upn, coalesce((r.body->>'unborn')::boolean, false), seen_partial_date(r.body->>'expectedDate')
   from seen_batch b join record r on r.id = b.record_id join seen_stage s on s.ord = b.ord
   where b.status in ('new', 'changed') and r.type = 'person'
   on conflict (record_id) do update set given = excluded.given, middle = excluded.middle, family = excluded.family,
     birth_date = excluded.birth_date, birth_date_precision = excluded.birth_date_precision, sex = excluded.sex,
     nhs_number = excluded.nhs_number, upn = excluded.upn, unborn = excluded.unborn, expected_date = excluded.expected_date` },
  { type: 'person', sql: `insert into person_name (person_id, ord, kind, given, middle, family)
   select b.record_id, a.n - 1, 'alias', a.v->>'given', a.v->>'middle', a.v->>'family'
   from seen_batch b join record r on r.id = b.record_id
   cross join lateral jsonb_array_elements(${elements("r.body->'aliases'")}) with ordinality as a(v, n)
   where b.status in ('new', 'changed') and r.type = 'person' and r.body ? 'aliases'` },
  { type: 'person', sql: `insert into person_address (person_id, ord, line1, line2, town, postcode, valid_from, valid_to, kind, sealed)
   select b.record_id, a.n - 1, a.v->>'line1', a.v->>'line2', a.v->>'town', a.v->>'postcode',
     seen_partial_date(a.v->>'from'), seen_partial_date(a.v->>'to'), a.v->>'kind', coalesce((a.v->>'sealed')::boolean, false)
   from seen_batch b join record r on r.id = b.record_id
   cross join lateral jsonb_array_elements(${elements("r.body->'addresses'")}) with ordinality as a(v, n)
   where b.status in ('new', 'changed') and r.type = 'person'` },
  { type: 'person', sql: `insert into person_phone (person_id, ord, phone)
   select b.record_id, a.n - 1, a.v
   from seen_batch b join record r on r.id = b.record_id
   cross join lateral jsonb_array_elements_text(${elements("r.body->'phones'")}) with ordinality as a(v, n)
   where b.status in ('new', 'changed') and r.type = 'person' and r.body ? 'phones'` },

  // Records that were waiting for these people stop waiting.
  { type: 'person', sql: `update event_subject es set person_id = p.record_id
   from seen_batch b join person p on p.record_id = b.record_id
   where b.status = 'new' and es.person_id is null and es.source = p.source and es.person_local_id = p.local_id` },
  { type: 'person', sql: `update relationship r set from_person_id = p.record_id
   from seen_batch b join person p on p.record_id = b.record_id
   where b.status = 'new' and r.from_person_id is null and r.source = p.source and r.from_local_id = p.local_id` },
  { type: 'person', sql: `update relationship r set to_person_id = p.record_id
   from seen_batch b join person p on p.record_id = b.record_id
   where b.status = 'new' and r.to_person_id is null and r.source = p.source and r.to_local_id = p.local_id` },
  { type: 'relationship', sql: `insert into relationship (record_id, source, local_id, from_local_id, to_local_id, from_person_id, to_person_id, kind, valid_from, valid_to)
   select b.record_id, r.source, r.local_id, r.body->>'from', r.body->>'to', f.record_id, t.record_id, r.body->>'kind',
     seen_partial_date(r.body->>'start'), seen_partial_date(r.body->>'end')
   from seen_batch b join record r on r.id = b.record_id
   left join person f on f.source = r.source and f.local_id = r.body->>'from'
   left join person t on t.source = r.source and t.local_id = r.body->>'to'
   where b.status in ('new', 'changed') and r.type = 'relationship'
   on conflict (record_id) do update set from_local_id = excluded.from_local_id, to_local_id = excluded.to_local_id,
     from_person_id = excluded.from_person_id, to_person_id = excluded.to_person_id, kind = excluded.kind,
     valid_from = excluded.valid_from, valid_to = excluded.valid_to` },
  { type: 'event', sql: `delete from event_subject where event_id in (${REPLACED('event')})` },
  { type: 'event', sql: `insert into event (record_id, source, kind, at, at_precision)
   select b.record_id, r.source, r.body->>'kind', seen_event_time(r.body->>'at'),
     case when length(r.body->>'at') <= 10 then 'date' else 'datetime' end
   ${WRITTEN('event')}
   on conflict (record_id) do update set kind = excluded.kind, at = excluded.at, at_precision = excluded.at_precision` },
  { type: 'event', sql: `insert into event_subject (event_id, ord, source, person_local_id, person_id, role)
   select b.record_id, a.n - 1, r.source, a.v->>'person', p.record_id, a.v->>'role'
   from seen_batch b join record r on r.id = b.record_id
   cross join lateral jsonb_array_elements(${elements("r.body->'subjects'")}) with ordinality as a(v, n)
   left join person p on p.source = r.source and p.local_id = a.v->>'person'
   where b.status in ('new', 'changed') and r.type = 'event'` },
];

// A valid version of a record settles any earlier quarantined attempt at it
// (but not a bad correction that comes after it in the same file).
const RESOLVE_QUARANTINE = `
  update quarantine q set status = 'resolved', resolved_at = now(),
    resolution = 'a valid version of this record was imported from ' || $1 || ' line ' || s.line
  from seen_stage s
  where q.status = 'open' and q.record_source = s.source and q.record_type = s.type and q.record_local_id = s.local_id
    and not (q.file_name = $1 and q.line > s.line)`;

const INSERT_QUARANTINE = `
  insert into quarantine (file_name, line, line_hash, raw, raw_bytes, record_source, record_type, record_local_id, problems, first_import_id, last_import_id)
  select $1, line, line_hash, raw, raw_bytes, record_source, record_type, record_local_id, problems, $2, $2
  from json_to_recordset($3::json)
    as x(line integer, line_hash text, raw text, raw_bytes integer, record_source text, record_type text, record_local_id text, problems jsonb)
  on conflict (file_name, line, line_hash) do update set last_import_id = excluded.last_import_id`;

function stageText(good: GoodLine[]): string {
  let text = '';
  for (let i = 0; i < good.length; i++) {
    const g = good[i]!;
    text += copyRow([i, g.key.source, g.key.type, g.key.id, g.hash, g.line, g.recordedAt, g.nhs, g.upn]);
  }
  return text;
}

/**
 * Writes one batch inside the caller's transaction. Keys are unique within
 * a batch (the importer flushes before a repeated key), so each record is
 * classified against the store once: new, changed or unchanged.
 */
export async function writeBatch(
  session: BulkSession,
  importId: number,
  fileName: string,
  good: GoodLine[],
  bad: BadLine[],
  options: { refreshStatistics?: boolean } = {},
): Promise<BatchCounts> {
  // Imports from several processes (server and CLI on PostgreSQL) take turns
  // batch by batch, so two never race to create the same record.
  await session.query(`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
  // A large import grows the tables far faster than autovacuum notices; with
  // stale statistics the planner scans whole tables it thinks are tiny, and
  // each batch gets slower than the last. The importer asks for fresh ones
  // at batches 1, 2, 4, 8…, which costs little and keeps plans on the indexes.
  if (options.refreshStatistics) await session.query('analyze record (source, type, local_id), person (source, local_id)');
  const counts: BatchCounts = { imported: 0, updated: 0, unchanged: 0, quarantined: bad.length };

  if (good.length > 0) {
    for (const statement of SETUP) await session.query(statement);
    await session.copyIn('seen_stage', STAGE_COLUMNS, stageText(good));
    // Temporary tables have no statistics; without them the planner guesses
    // a handful of rows and joins a whole batch against itself row by row.
    await session.query('analyze seen_stage');
    await session.query(CLASSIFY);
    await session.query('analyze seen_batch');
    await session.query(REPLAYS, [fileName]);
    const toWrite = await session.query<{ ord: number; status: 'new' | 'changed' }>(`select ord, status from seen_batch where status <> 'unchanged' order by ord`);
    counts.imported = toWrite.filter((w) => w.status === 'new').length;
    counts.updated = toWrite.length - counts.imported;
    counts.unchanged = good.length - toWrite.length;

    if (counts.imported > 0) {
      const [reserved] = await session.query<{ last: number | string }>(RESERVE_IDS, [counts.imported]);
      const first = Number(reserved!.last) - counts.imported + 1;
      const ids = await session.query<{ ord: number; record_id: number | string }>(NEW_IDS, [first]);
      let rows = '';
      for (const { ord, record_id } of ids) {
        const g = good[ord]!;
        rows += copyRow([record_id, g.key.source, g.key.type, g.key.id, 1, g.hash, g.body, g.recordedAt, importId, fileName, g.line]);
      }
      await session.copyIn('record', RECORD_COLUMNS, rows);
    }
    if (counts.updated > 0) {
      let rows = '';
      for (const w of toWrite) if (w.status === 'changed') rows += copyRow([w.ord, good[w.ord]!.body]);
      await session.copyIn('seen_body', ['ord', 'body'], rows);
      await session.query(SUPERSEDE);
      await session.query(UPDATE_RECORDS, [importId, fileName]);
    }
    if (toWrite.length > 0) {
      const types = new Set(toWrite.map((w) => good[w.ord]!.key.type));
      for (const statement of DERIVE) if (types.has(statement.type)) await session.query(statement.sql);
    }
    await session.query(RESOLVE_QUARANTINE, [fileName]);
  }

  if (bad.length > 0) {
    await session.query(INSERT_QUARANTINE, [
      fileName,
      importId,
      JSON.stringify(
        bad.map((b) => ({
          line: b.line,
          line_hash: b.lineHash,
          raw: b.raw,
          raw_bytes: b.rawBytes,
          record_source: b.key?.source ?? null,
          record_type: b.key?.type ?? null,
          record_local_id: b.key?.id ?? null,
          problems: b.problems,
        })),
      ),
    ]);
  }
  return counts;
}
