import { RECORD_TAIL_COLUMNS, type BadLine, type GoodLine } from './parse-chunk.ts';
import { CopyBuffer, copyField, unescapeCopyField } from './copy-text.ts';
import { COLUMNS, OWN_TABLES, type OwnRowTable, type SourceRow } from './derive.ts';
import type { BulkSession } from '../store/bulk.ts';

export type { BadLine, GoodLine } from './parse-chunk.ts';

export interface BatchCounts {
  imported: number;
  updated: number;
  unchanged: number;
  quarantined: number;
}

const IMPORT_LOCK = 7_325_001;

const RECORD_COLUMNS = ['id', ...RECORD_TAIL_COLUMNS, 'version', 'import_id', 'file_name', 'line'];
const CHANGED_COLUMNS = ['record_id', ...RECORD_TAIL_COLUMNS, 'version', 'line'];

/*
 * The batch's keys go to the database as lines of text (reading five
 * arrays of 5,000 cost more than the lookups), and one statement finds
 * which of them the store already holds (by its unique index, one probe per
 * key whatever the statistics say) and settles any quarantined attempt at
 * them. What is new gets its rows by COPY, the fastest path into
 * PostgreSQL: the record's JSON and the normalised rows the parse worker
 * derived from it (derive.ts), so nothing re-reads the JSON server-side.
 * Same SQL on both engines.
 *
 * A valid version of a record settles any earlier quarantined attempt at it
 * (but not a bad correction that comes after it in the same file).
 *
 * A file that holds two versions of one record (a correction further down)
 * replays both when it is imported again. The earlier line is then not a new
 * correction but the same version from the same place: unchanged, and the
 * current version stays the later one. A version is recognised by content,
 * file and line; the same content from anywhere else (an agency reverting a
 * record) is a real correction.
 */
const CLASSIFY = `
  with k as materialized (
    select source, type, local_id, hash, line::int as line, probe = '1' as probe, i
    from rows from (
      string_to_table($1::text, E'\n'), string_to_table($2::text, E'\n'), string_to_table($3::text, E'\n'),
      string_to_table($4::text, E'\n'), string_to_table($5::text, E'\n'), string_to_table($7::text, E'\n')
    ) with ordinality as k(source, type, local_id, hash, line, probe, i)
  ), resolved as (
    update quarantine q set status = 'resolved', resolved_at = now(),
      resolution = 'a valid version of this record was imported from ' || $6::text || ' line ' || k.line
    from k
    where q.status = 'open' and q.record_source = k.source and q.record_type = k.type and q.record_local_id = k.local_id
      and not (q.file_name = $6::text and q.line > k.line)
  )
  select k.i::int as i, r.id, r.version, r.hash = k.hash as same,
    r.hash <> k.hash and exists (
      select 1 from record_version v where v.record_id = r.id and v.hash = k.hash and v.line = k.line and v.file_name = $6::text
    ) as replay
  from k cross join lateral (
    select id, version, hash from record r where r.source = k.source and r.type = k.type and r.local_id = k.local_id offset 0
  ) r
  where k.probe`;

// Whether any quarantined attempt at a record of these sources is still open.
const QUARANTINE_OPEN = `select exists (select 1 from quarantine where status = 'open' and record_source = any($1::text[])) as open`;

// Which of a batch's (source, type) pairs the store holds any record of.
const PAIRS_HELD = `
  select k.source, k.type, exists (select 1 from record r where r.source = k.source and r.type = k.type) as held
  from unnest($1::text[], $2::text[]) as k(source, type)`;

// New records get their ids before their rows are sent: one block of the
// sequence per batch (batches take turns under the import lock).
const RESERVE_IDS = `select setval('record_id_seq'::regclass, nextval('record_id_seq'::regclass) + $1 - 1) as last`;

// Corrections: the current version moves, unchanged, to record_version and
// the new content takes its place.
const CHANGED_SETUP = `create temp table if not exists seen_changed (
    record_id bigint primary key, source text not null, type text not null, local_id text not null, hash text not null,
    body jsonb not null, recorded_at timestamptz, version integer not null, line integer not null
  ) on commit delete rows`;
const SUPERSEDE = `
  insert into record_version (record_id, version, hash, body, recorded_at, import_id, file_name, line, imported_at)
  select r.id, r.version, r.hash, r.body, r.recorded_at, r.import_id, r.file_name, r.line, r.imported_at
  from record r where r.id = any($1::bigint[])`;
const UPDATE_RECORDS = `
  update record r set version = c.version, hash = c.hash, body = c.body, recorded_at = c.recorded_at,
    import_id = $2, file_name = $3, line = c.line, imported_at = now()
  from seen_changed c
  where r.id = any($1::bigint[]) and c.record_id = r.id`;

// A corrected record's normalised rows are written again from scratch.
const CLEAR: Record<'person' | 'event' | 'relationship', string> = {
  person: `with n as (delete from person_name where person_id = any($1::bigint[])),
      a as (delete from person_address where person_id = any($1::bigint[])),
      p as (delete from person_phone where person_id = any($1::bigint[]))
    delete from person where record_id = any($1::bigint[])`,
  event: `with s as (delete from event_subject where event_id = any($1::bigint[])) delete from event where record_id = any($1::bigint[])`,
  relationship: `delete from relationship where record_id = any($1::bigint[])`,
};

const UPSERT_SOURCES = `
  insert into source (id, agency, name, local_authority, declared)
  select id, agency, name, local_authority, true
  from json_to_recordset($1::json) as x(id text, agency text, name text, local_authority text)
  on conflict (id) do update set agency = excluded.agency, name = excluded.name,
    local_authority = excluded.local_authority, declared = true, updated_at = now()`;

// Which of the people this batch's records name are already stored: one
// index probe each.
const FIND_PEOPLE = `
  select k.i::int as i, p.record_id
  from unnest($1::text[], $2::text[]) with ordinality as k(source, local_id, i)
  cross join lateral (select record_id from person p where p.source = k.source and p.local_id = k.local_id offset 0) p`;

// Records that were waiting for the people new in this batch stop waiting.
const PEOPLE = `unnest($1::text[], $2::text[], $3::bigint[]) as k(source, local_id, id)`;
const WAKE = [
  `update event_subject es set person_id = k.id from ${PEOPLE}
   where es.person_id is null and es.source = k.source and es.person_local_id = k.local_id`,
  `update relationship r set from_person_id = k.id from ${PEOPLE}
   where r.from_person_id is null and r.source = k.source and r.from_local_id = k.local_id`,
  `update relationship r set to_person_id = k.id from ${PEOPLE}
   where r.to_person_id is null and r.source = k.source and r.to_local_id = k.local_id`,
];

// A date-time without an offset is UK local time (seen_event_time): the
// event rows are read with the transaction's time zone set to
// Europe/London, and set back straight after. Every other time in them
// carries its offset.
const LONDON = `with was as materialized (select current_setting('TimeZone') as tz) select tz, set_config('TimeZone', 'Europe/London', true) from was`;
const RESTORE_ZONE = `select set_config('TimeZone', $1, true)`;

const INSERT_QUARANTINE = `
  insert into quarantine (file_name, line, line_hash, raw, raw_bytes, record_source, record_type, record_local_id, problems, first_import_id, last_import_id)
  select $1, line, line_hash, raw, raw_bytes, record_source, record_type, record_local_id, problems, $2, $2
  from json_to_recordset($3::json)
    as x(line integer, line_hash text, raw text, raw_bytes integer, record_source text, record_type text, record_local_id text, problems jsonb)
  on conflict (file_name, line, line_hash) do update set last_import_id = excluded.last_import_id`;

type Status = 'new' | 'changed' | 'unchanged';

/**
 * Person records' ids by source and COPY-escaped id. A record's id never
 * changes once it exists, so an import remembers the ones its committed
 * batches wrote or looked up (known), and a batch reports what it learned
 * for the caller to remember once it commits.
 */
export interface PersonIds {
  known: ReadonlyMap<string, number>;
  learned: [string, number][];
}

/**
 * Keys a batch may write without asking the store first. A first load of an
 * agency's records, the biggest import there is, brings (source, type)
 * pairs the store has never held: none of their keys can be stored yet,
 * except those this import wrote itself, so classifying each key against
 * the store is skipped (a quarter of the server's CPU in the import
 * benchmark: 2.48 → 1.85 s per 110,000 records).
 * The unique index still guards: if another process writes into the same
 * pair between two batches, or a key this import wrote is no longer
 * remembered, the COPY fails on it and the importer writes the batch again
 * with every key looked up (see importer.ts).
 */
export interface FreshKeys {
  enabled: boolean;
  /** By source, then type: whether the store held none of the pair's records before this import, and the ids this import's committed batches wrote into it. */
  pairs: Map<string, Map<string, FreshPair>>;
  /** The keys this batch writes into fresh pairs, for the caller to remember once it commits. */
  writing: [FreshPair, string][];
  /** How many written ids are remembered, and the bound (on memory: forgetting costs a retry, never a wrong answer). */
  remembered: number;
  limit: number;
}

export interface FreshPair {
  fresh: boolean;
  written: Set<string>;
}

export function freshKeys(limit: number): FreshKeys {
  return { enabled: true, pairs: new Map(), writing: [], remembered: 0, limit };
}

/** Remembers what a committed batch wrote into fresh pairs. */
export function rememberWritten(fresh: FreshKeys): void {
  for (const [pair, id] of fresh.writing) {
    if (fresh.remembered >= fresh.limit) break;
    pair.written.add(id);
    fresh.remembered += 1;
  }
  fresh.writing = [];
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
  people: PersonIds = { known: new Map(), learned: [] },
  fresh: FreshKeys | null = null,
): Promise<BatchCounts> {
  // Imports from several processes (server and CLI on PostgreSQL) take turns
  // batch by batch, so two never race to create the same record.
  await session.query(`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
  const counts: BatchCounts = { imported: 0, updated: 0, unchanged: 0, quarantined: bad.length };
  if (good.length > 0) await writeGood(session, importId, fileName, good, counts, people, fresh);
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

async function writeGood(
  session: BulkSession,
  importId: number,
  fileName: string,
  good: GoodLine[],
  counts: BatchCounts,
  personIds: PersonIds,
  fresh: FreshKeys | null,
): Promise<void> {
  const status = new Array<Status>(good.length).fill('new');
  const ids = new Array<number>(good.length).fill(0);
  const versions = new Array<number>(good.length).fill(1);
  const probe = await toProbe(session, good, fresh);
  // With nothing to look up and nothing in quarantine to settle, the batch is all new.
  const classify = probe.includes(true) || (await quarantineOpen(session, good));
  const found = !classify
    ? []
    : await session.query<{ i: number; id: number | string; version: number; same: boolean; replay: boolean }>(CLASSIFY, [
        lines(good, (g) => g.key.source),
        lines(good, (g) => g.key.type),
        lines(good, (g) => g.key.id),
        lines(good, (g) => g.hash),
        lines(good, (g) => String(g.line)),
        fileName,
        lines(good, (_, i) => (probe[i] ? '1' : '0')),
      ]);
  for (const f of found) {
    const at = f.i - 1;
    status[at] = f.same || f.replay ? 'unchanged' : 'changed';
    ids[at] = Number(f.id);
    versions[at] = f.version + 1;
  }
  for (const s of status) counts[s === 'new' ? 'imported' : s === 'changed' ? 'updated' : 'unchanged'] += 1;
  if (counts.imported + counts.updated === 0) return;

  const file = copyField(fileName);
  if (counts.imported > 0) {
    const [reserved] = await session.query<{ last: number | string }>(RESERVE_IDS, [counts.imported]);
    let next = Number(reserved!.last) - counts.imported + 1;
    const rows = new CopyBuffer();
    const version = `\t1\t${importId}\t${file}\t`;
    for (let i = 0; i < good.length; i++) {
      if (status[i] !== 'new') continue;
      ids[i] = next++;
      rows.add(`${ids[i]}`).addBytes(good[i]!.tail).add(version).add(`${good[i]!.line}\n`);
    }
    await session.copyIn('record', RECORD_COLUMNS, rows.bytes());
  }

  if (counts.updated > 0) {
    const changed: number[] = [];
    const byType = { person: [] as number[], event: [] as number[], relationship: [] as number[] };
    const rows = new CopyBuffer();
    for (let i = 0; i < good.length; i++) {
      if (status[i] !== 'changed') continue;
      const g = good[i]!;
      changed.push(ids[i]!);
      if (g.key.type !== 'source') byType[g.key.type].push(ids[i]!);
      rows.add(`${ids[i]}`).addBytes(g.tail).add(`\t${versions[i]}\t${g.line}\n`);
    }
    await session.query(CHANGED_SETUP);
    await session.copyIn('seen_changed', CHANGED_COLUMNS, rows.bytes());
    await session.query(SUPERSEDE, [changed]);
    await session.query(UPDATE_RECORDS, [changed, importId, fileName]);
    for (const type of ['person', 'event', 'relationship'] as const) if (byType[type].length > 0) await session.query(CLEAR[type], [byType[type]]);
  }

  await writeDerived(session, good, status, ids, personIds);
}

/**
 * Which records must be looked up in the store: all of them, except those
 * of a fresh pair that this import has not written. The pairs are read
 * under the import lock, so no other batch writes between the answer and
 * this batch's COPY.
 */
async function toProbe(session: BulkSession, good: GoodLine[], fresh: FreshKeys | null): Promise<boolean[]> {
  if (fresh === null || !fresh.enabled) return new Array<boolean>(good.length).fill(true);
  const unknown: { source: string; type: string }[] = [];
  for (const g of good) {
    const bySource = fresh.pairs.get(g.key.source);
    if (bySource?.has(g.key.type)) continue;
    if (!unknown.some((u) => u.source === g.key.source && u.type === g.key.type)) unknown.push({ source: g.key.source, type: g.key.type });
  }
  if (unknown.length > 0) {
    const held = await session.query<{ source: string; type: string; held: boolean }>(PAIRS_HELD, [unknown.map((p) => p.source), unknown.map((p) => p.type)]);
    for (const h of held) {
      let bySource = fresh.pairs.get(h.source);
      if (bySource === undefined) fresh.pairs.set(h.source, (bySource = new Map()));
      bySource.set(h.type, { fresh: !h.held, written: new Set() });
    }
  }
  const probe = new Array<boolean>(good.length);
  for (let i = 0; i < good.length; i++) {
    const { type, source, id } = good[i]!.key;
    const pair = fresh.pairs.get(source)!.get(type)!;
    probe[i] = !pair.fresh || pair.written.has(id);
    if (!probe[i]) fresh.writing.push([pair, id]);
  }
  return probe;
}

async function quarantineOpen(session: BulkSession, good: GoodLine[]): Promise<boolean> {
  const sources = [...new Set(good.map((g) => g.key.source))];
  const [row] = await session.query<{ open: boolean }>(QUARANTINE_OPEN, [sources]);
  return row?.open === true;
}

/** One value per line. Keys never hold a line break (SEF ids refuse control characters); checked, as a wrong split would misfile records. */
function lines(good: GoodLine[], value: (g: GoodLine, i: number) => string): string {
  let text = '';
  for (let i = 0; i < good.length; i++) {
    const v = value(good[i]!, i);
    if (v.includes('\n')) throw new Error(`a record key holds a line break (line ${good[i]!.line})`);
    text += i === 0 ? v : `\n${v}`;
  }
  return text;
}

/** The normalised rows of the batch's new and changed records. */
async function writeDerived(session: BulkSession, good: GoodLine[], status: Status[], ids: number[], personIds: PersonIds): Promise<void> {
  const own: Record<OwnRowTable, CopyBuffer> = {
    person: new CopyBuffer(),
    person_name: new CopyBuffer(),
    person_address: new CopyBuffer(),
    person_phone: new CopyBuffer(),
    event: new CopyBuffer(),
  };
  const sources: SourceRow[] = [];
  // People this batch names, by source and COPY-escaped id: those in the
  // batch are known here, the others are looked up once.
  const people = new Map<string, number | null>();
  const arrived: { source: string[]; id: string[]; recordId: number[] } = { source: [], id: [], recordId: [] };
  let localTime = false;
  for (let i = 0; i < good.length; i++) {
    const g = good[i]!;
    if (g.key.type === 'person') {
      const key = `${g.key.source}\u0000${copyField(g.key.id)}`;
      people.set(key, ids[i]!);
      personIds.learned.push([key, ids[i]!]);
      if (status[i] === 'new') {
        arrived.source.push(g.key.source);
        arrived.id.push(g.key.id);
        arrived.recordId.push(ids[i]!);
      }
    }
    if (status[i] === 'unchanged') continue;
    // Each row: its table's mark, then the row after the record id, up to and with its newline.
    const rows = g.own;
    const id = `${ids[i]}`;
    for (let start = 0; start < rows.length; ) {
      const end = rows.indexOf('\n', start) + 1;
      if (end === 0) break; // derive.ts ends every row with a newline
      own[OWN_TABLES[rows[start] as keyof typeof OWN_TABLES]].add(id).add(rows.slice(start + 1, end));
      start = end;
    }
    if (g.source) sources.push(g.source);
    localTime ||= g.localTime;
  }

  // Linked rows: the row's text, then one token per person it names.
  const linked = { event_subject: new CopyBuffer(), relationship: new CopyBuffer() };
  // Each person token's key is made once (and hashed once), for its lookup now and its id below.
  const pieces: { tokens: string[]; keys: string[]; at: number }[] = [];
  const wanted: { source: string[]; id: string[] } = { source: [], id: [] };
  for (let i = 0; i < good.length; i++) {
    const g = good[i]!;
    if (status[i] === 'unchanged' || g.linked === '') continue;
    const tokens = g.linked.split('\n');
    const keys: string[] = [];
    pieces.push({ tokens, keys, at: i });
    const perRow = g.key.type === 'relationship' ? 3 : 2;
    for (let t = 0; t + perRow <= tokens.length; t += perRow) {
      for (let p = 1; p < perRow; p++) {
        const key = `${g.key.source}\u0000${tokens[t + p]}`;
        keys.push(key);
        if (people.has(key)) continue;
        const known = personIds.known.get(key);
        people.set(key, known ?? null);
        if (known !== undefined) continue;
        wanted.source.push(g.key.source);
        wanted.id.push(unescapeCopyField(tokens[t + p]!));
      }
    }
  }
  if (wanted.source.length > 0) {
    for (const p of await session.query<{ i: number; record_id: number | string }>(FIND_PEOPLE, [wanted.source, wanted.id])) {
      const key = `${wanted.source[p.i - 1]}\u0000${copyField(wanted.id[p.i - 1])}`;
      people.set(key, Number(p.record_id));
      personIds.learned.push([key, Number(p.record_id)]);
    }
  }
  for (const { tokens, keys, at } of pieces) {
    const g = good[at]!;
    const record = `${ids[at]}`;
    let k = 0;
    const id = () => people.get(keys[k++]!) ?? '\\N';
    if (g.key.type === 'relationship') {
      for (let t = 0; t + 3 <= tokens.length; t += 3) linked.relationship.add(record).add(tokens[t]!).add(`${id()}\t${id()}\n`);
    } else {
      for (let t = 0; t + 2 <= tokens.length; t += 2) linked.event_subject.add(record).add(tokens[t]!).add(`${id()}\n`);
    }
  }

  if (sources.length > 0) await session.query(UPSERT_SOURCES, [JSON.stringify(sources)]);
  for (const table of ['person', 'person_name', 'person_address', 'person_phone'] as const) {
    if (!own[table].empty) await session.copyIn(table, COLUMNS[table], own[table].bytes());
  }
  if (arrived.source.length > 0) for (const statement of WAKE) await session.query(statement, [arrived.source, arrived.id, arrived.recordId]);
  if (!linked.relationship.empty) await session.copyIn('relationship', COLUMNS.relationship, linked.relationship.bytes());
  if (!own.event.empty) {
    const zone = localTime ? await session.query<{ tz: string }>(LONDON) : null;
    await session.copyIn('event', COLUMNS.event, own.event.bytes());
    if (zone) await session.query(RESTORE_ZONE, [zone[0]!.tz]);
  }
  if (!linked.event_subject.empty) await session.copyIn('event_subject', COLUMNS.event_subject, linked.event_subject.bytes());
}
