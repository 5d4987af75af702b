import { sql, type Transaction } from 'kysely';
import type { EventRecord, PersonRecord, RecordKey, RelationshipRecord, SefRecord, SourceRecord } from '../sef/index.ts';
import { parsePartialDate } from '../sef/index.ts';
import type { Database } from '../store/schema.ts';

/** A record that passed validation, with where it came from. */
export interface GoodLine {
  key: RecordKey;
  hash: string;
  record: SefRecord;
  line: number;
}

/** A line that did not, kept for the quarantine. */
export interface BadLine {
  line: number;
  raw: string;
  rawBytes: number;
  lineHash: string;
  key: RecordKey | null;
  problems: { path: string; message: string }[];
}

export interface BatchCounts {
  imported: number;
  updated: number;
  unchanged: number;
  quarantined: number;
}

const IMPORT_LOCK = 7_325_001;

// Every statement takes the whole batch as one JSON parameter and lets the
// server unpack it (json_to_recordset): one round trip per table per batch,
// the same SQL on both engines.
const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::json`;

function keyOf(k: RecordKey): string {
  return `${k.type}\u0000${k.source}\u0000${k.id}`;
}

/**
 * Writes one batch inside the caller's transaction. Keys are unique within
 * a batch (the importer flushes before a repeated key), so a batch can be
 * classified against the store in one query: new, changed or unchanged.
 */
export async function writeBatch(
  trx: Transaction<Database>,
  importId: number,
  fileName: string,
  good: GoodLine[],
  bad: BadLine[],
): Promise<BatchCounts> {
  // Imports from several processes (server and CLI on PostgreSQL) take turns
  // batch by batch, so two never race to create the same record.
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);

  const counts: BatchCounts = { imported: 0, updated: 0, unchanged: 0, quarantined: bad.length };

  if (good.length > 0) {
    const keys = good.map((g) => ({ source: g.key.source, type: g.key.type, local_id: g.key.id }));
    const existing = await sql<{ id: number; source: string; type: string; local_id: string; version: number; hash: string }>`
      select r.id, r.source, r.type, r.local_id, r.version, r.hash
      from record r
      join json_to_recordset(${json(keys)}) as k(source text, type text, local_id text)
        on r.source = k.source and r.type = k.type and r.local_id = k.local_id`.execute(trx);
    const byKey = new Map(existing.rows.map((r) => [keyOf({ type: r.type as RecordKey['type'], source: r.source, id: r.local_id }), r]));

    const fresh: GoodLine[] = [];
    const changed: { item: GoodLine; id: number; version: number }[] = [];
    for (const item of good) {
      const current = byKey.get(keyOf(item.key));
      if (!current) fresh.push(item);
      else if (current.hash !== item.hash) changed.push({ item, id: current.id, version: current.version + 1 });
    }
    counts.imported = fresh.length;
    counts.updated = changed.length;
    counts.unchanged = good.length - fresh.length - changed.length;

    const written: { item: GoodLine; id: number; version: number }[] = [...changed];
    if (fresh.length > 0) {
      const inserted = await sql<{ id: number; source: string; type: string; local_id: string }>`
        insert into record (source, type, local_id, version, hash, recorded_at)
        select source, type, local_id, 1, hash, recorded_at
        from json_to_recordset(${json(
          fresh.map((g) => ({ source: g.key.source, type: g.key.type, local_id: g.key.id, hash: g.hash, recorded_at: g.record.recordedAt ?? null })),
        )}) as x(source text, type text, local_id text, hash text, recorded_at timestamptz)
        returning id, source, type, local_id`.execute(trx);
      const ids = new Map(inserted.rows.map((r) => [keyOf({ type: r.type as RecordKey['type'], source: r.source, id: r.local_id }), r.id]));
      for (const item of fresh) written.push({ item, id: ids.get(keyOf(item.key))!, version: 1 });
    }
    if (changed.length > 0) {
      await sql`
        update record r set version = x.version, hash = x.hash, recorded_at = x.recorded_at
        from json_to_recordset(${json(
          changed.map((c) => ({ id: c.id, version: c.version, hash: c.item.hash, recorded_at: c.item.record.recordedAt ?? null })),
        )}) as x(id bigint, version integer, hash text, recorded_at timestamptz)
        where r.id = x.id`.execute(trx);
    }
    if (written.length > 0) {
      await sql`
        insert into record_version (record_id, version, hash, body, recorded_at, import_id, file_name, line)
        select record_id, version, hash, body, recorded_at, ${importId}, ${fileName}, line
        from json_to_recordset(${json(
          written.map((w) => ({ record_id: w.id, version: w.version, hash: w.item.hash, body: w.item.record, recorded_at: w.item.record.recordedAt ?? null, line: w.item.line })),
        )}) as x(record_id bigint, version integer, hash text, body jsonb, recorded_at timestamptz, line integer)`.execute(trx);
      await writeDerived(trx, written.map((w) => ({ id: w.id, record: w.item.record, replacing: w.version > 1 })));
    }

    // A valid version of a record settles any earlier quarantined attempt at it.
    await sql`
      update quarantine q set status = 'resolved', resolved_at = now(),
        resolution = 'a valid version of this record was imported from ' || ${fileName} || ' line ' || x.line
      from json_to_recordset(${json(good.map((g) => ({ source: g.key.source, type: g.key.type, local_id: g.key.id, line: g.line })))})
        as x(source text, type text, local_id text, line integer)
      where q.status = 'open' and q.record_source = x.source and q.record_type = x.type and q.record_local_id = x.local_id
        and not (q.file_name = ${fileName} and q.line > x.line)`.execute(trx);
  }

  if (bad.length > 0) {
    await sql`
      insert into quarantine (file_name, line, line_hash, raw, raw_bytes, record_source, record_type, record_local_id, problems, first_import_id, last_import_id)
      select ${fileName}, line, line_hash, raw, raw_bytes, record_source, record_type, record_local_id, problems, ${importId}, ${importId}
      from json_to_recordset(${json(
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
      )}) as x(line integer, line_hash text, raw text, raw_bytes integer, record_source text, record_type text, record_local_id text, problems jsonb)
      on conflict (file_name, line, line_hash) do update set last_import_id = excluded.last_import_id`.execute(trx);
  }
  return counts;
}

interface Written {
  id: number;
  record: SefRecord;
  replacing: boolean;
}

/** Full date for a date column: partial dates stand for the start of their period. */
function dateColumn(value: string | null | undefined): string | null {
  if (!value) return null;
  const parsed = parsePartialDate(value.slice(0, 10));
  if (!parsed) return null;
  if (parsed.precision === 'day') return parsed.value;
  if (parsed.precision === 'month') return `${parsed.value}-01`;
  return `${parsed.value}-01-01`;
}

function eventTime(at: string): { at: string; precision: 'date' | 'datetime' } {
  return at.length <= 10 ? { at: `${dateColumn(at) ?? at}T00:00:00Z`, precision: 'date' } : { at, precision: 'datetime' };
}

/**
 * The normalised tables are derived from current versions: a correction
 * replaces its record's derived rows. Main rows are upserted rather than
 * deleted because other rows (subjects, relationships) point at them.
 */
async function writeDerived(trx: Transaction<Database>, written: Written[]): Promise<void> {
  const sources: SourceRecord[] = [];
  const people: { id: number; r: PersonRecord }[] = [];
  const events: { id: number; r: EventRecord }[] = [];
  const relationships: { id: number; r: RelationshipRecord }[] = [];
  for (const w of written) {
    const r = w.record;
    if (r.type === 'source') sources.push(r);
    else if (r.type === 'person') people.push({ id: w.id, r });
    else if (r.type === 'event') events.push({ id: w.id, r });
    else relationships.push({ id: w.id, r });
  }

  if (sources.length > 0) {
    await sql`
      insert into source (id, agency, name, local_authority, declared)
      select id, agency, name, local_authority, true
      from json_to_recordset(${json(sources.map((s) => ({ id: s.id, agency: s.agency, name: s.name ?? null, local_authority: s.localAuthority ?? null })))})
        as x(id text, agency text, name text, local_authority text)
      on conflict (id) do update set agency = excluded.agency, name = excluded.name,
        local_authority = excluded.local_authority, declared = true, updated_at = now()`.execute(trx);
  }

  const replacing = new Set(written.filter((w) => w.replacing).map((w) => w.id));
  if (people.length > 0) {
    const ids = people.map((p) => p.id);
    const replacedIds = ids.filter((id) => replacing.has(id));
    if (replacedIds.length > 0) {
      await sql`delete from person_name where person_id = any(${replacedIds}::bigint[])`.execute(trx);
      await sql`delete from person_address where person_id = any(${replacedIds}::bigint[])`.execute(trx);
      await sql`delete from person_phone where person_id = any(${replacedIds}::bigint[])`.execute(trx);
    }
    await sql`
      insert into person (record_id, source, local_id, given, middle, family, birth_date, birth_date_precision, sex, nhs_number, upn, unborn, expected_date)
      select * from json_to_recordset(${json(
        people.map(({ id, r }) => {
          const birth = r.birthDate ? parsePartialDate(r.birthDate) : null;
          return {
            record_id: id,
            source: r.source,
            local_id: r.id,
            given: r.name.given ?? null,
            middle: r.name.middle ?? null,
            family: r.name.family ?? null,
            birth_date: birth?.value ?? null,
            birth_date_precision: birth?.precision ?? null,
            sex: r.sex ?? null,
            nhs_number: r.nhsNumber ?? null,
            upn: r.upn ?? null,
            unborn: r.unborn ?? false,
            expected_date: dateColumn(r.expectedDate),
          };
        }),
      )}) as x(record_id bigint, source text, local_id text, given text, middle text, family text, birth_date text,
               birth_date_precision text, sex text, nhs_number text, upn text, unborn boolean, expected_date date)
      on conflict (record_id) do update set given = excluded.given, middle = excluded.middle, family = excluded.family,
        birth_date = excluded.birth_date, birth_date_precision = excluded.birth_date_precision, sex = excluded.sex,
        nhs_number = excluded.nhs_number, upn = excluded.upn, unborn = excluded.unborn, expected_date = excluded.expected_date`.execute(trx);

    const names = people.flatMap(({ id, r }) =>
      (r.aliases ?? []).map((a, ord) => ({ person_id: id, ord, kind: 'alias', given: a.given ?? null, middle: a.middle ?? null, family: a.family ?? null })),
    );
    if (names.length > 0) {
      await sql`insert into person_name select * from json_to_recordset(${json(names)})
        as x(person_id bigint, ord integer, kind text, given text, middle text, family text)`.execute(trx);
    }
    const addresses = people.flatMap(({ id, r }) =>
      (r.addresses ?? []).map((a, ord) => ({
        person_id: id,
        ord,
        line1: a.line1 ?? null,
        line2: a.line2 ?? null,
        town: a.town ?? null,
        postcode: a.postcode ?? null,
        valid_from: dateColumn(a.from),
        valid_to: dateColumn(a.to),
        kind: a.kind ?? null,
        sealed: a.sealed ?? false,
      })),
    );
    if (addresses.length > 0) {
      await sql`insert into person_address select * from json_to_recordset(${json(addresses)})
        as x(person_id bigint, ord integer, line1 text, line2 text, town text, postcode text, valid_from date, valid_to date, kind text, sealed boolean)`.execute(trx);
    }
    const phones = people.flatMap(({ id, r }) => (r.phones ?? []).map((phone, ord) => ({ person_id: id, ord, phone })));
    if (phones.length > 0) {
      await sql`insert into person_phone select * from json_to_recordset(${json(phones)}) as x(person_id bigint, ord integer, phone text)`.execute(trx);
    }

    // Records that were waiting for these people stop waiting.
    await sql`
      update event_subject s set person_id = p.record_id
      from person p
      where s.person_id is null and p.record_id = any(${ids}::bigint[]) and s.source = p.source and s.person_local_id = p.local_id`.execute(trx);
    await sql`
      update relationship r set from_person_id = p.record_id
      from person p
      where r.from_person_id is null and p.record_id = any(${ids}::bigint[]) and r.source = p.source and r.from_local_id = p.local_id`.execute(trx);
    await sql`
      update relationship r set to_person_id = p.record_id
      from person p
      where r.to_person_id is null and p.record_id = any(${ids}::bigint[]) and r.source = p.source and r.to_local_id = p.local_id`.execute(trx);
  }

  if (relationships.length > 0) {
    await sql`
      insert into relationship (record_id, source, local_id, from_local_id, to_local_id, from_person_id, to_person_id, kind, valid_from, valid_to)
      select x.record_id, x.source, x.local_id, x.from_local_id, x.to_local_id, f.record_id, t.record_id, x.kind, x.valid_from, x.valid_to
      from json_to_recordset(${json(
        relationships.map(({ id, r }) => ({
          record_id: id,
          source: r.source,
          local_id: r.id,
          from_local_id: r.from,
          to_local_id: r.to,
          kind: r.kind,
          valid_from: dateColumn(r.start),
          valid_to: dateColumn(r.end),
        })),
      )}) as x(record_id bigint, source text, local_id text, from_local_id text, to_local_id text, kind text, valid_from date, valid_to date)
      left join person f on f.source = x.source and f.local_id = x.from_local_id
      left join person t on t.source = x.source and t.local_id = x.to_local_id
      on conflict (record_id) do update set from_local_id = excluded.from_local_id, to_local_id = excluded.to_local_id,
        from_person_id = excluded.from_person_id, to_person_id = excluded.to_person_id, kind = excluded.kind,
        valid_from = excluded.valid_from, valid_to = excluded.valid_to`.execute(trx);
  }

  if (events.length > 0) {
    const replacedIds = events.map((e) => e.id).filter((id) => replacing.has(id));
    if (replacedIds.length > 0) await sql`delete from event_subject where event_id = any(${replacedIds}::bigint[])`.execute(trx);
    await sql`
      insert into event (record_id, source, local_id, kind, at, at_precision, data, note, address)
      select * from json_to_recordset(${json(
        events.map(({ id, r }) => {
          const t = eventTime(r.at);
          return { record_id: id, source: r.source, local_id: r.id, kind: r.kind, at: t.at, at_precision: t.precision, data: r.data ?? {}, note: r.text ?? null, address: r.address ?? null };
        }),
      )}) as x(record_id bigint, source text, local_id text, kind text, at timestamptz, at_precision text, data jsonb, note text, address jsonb)
      on conflict (record_id) do update set kind = excluded.kind, at = excluded.at, at_precision = excluded.at_precision,
        data = excluded.data, note = excluded.note, address = excluded.address`.execute(trx);
    const subjects = events.flatMap(({ id, r }) =>
      (r.subjects ?? []).map((s, ord) => ({ event_id: id, ord, source: r.source, person_local_id: s.person, role: s.role })),
    );
    if (subjects.length > 0) {
      await sql`
        insert into event_subject (event_id, ord, source, person_local_id, person_id, role)
        select x.event_id, x.ord, x.source, x.person_local_id, p.record_id, x.role
        from json_to_recordset(${json(subjects)}) as x(event_id bigint, ord integer, source text, person_local_id text, role text)
        left join person p on p.source = x.source and p.local_id = x.person_local_id`.execute(trx);
    }
  }
}
