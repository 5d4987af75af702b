import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Agency, Picture, PictureAddress, PictureEvent, PicturePerson, PictureRelationship } from '../rules/index.ts';
import { UnionFind } from '../rules/partition.ts';
import { bestBirthDate } from '../rules/scenario-picture.ts';
import { bigintArray, intArray } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';

/**
 * The rules' input, built from the store: resolved people (as the last
 * linkage run found them; a record not yet linked is a person of its own),
 * their addresses and relationships, and every event with its subjects
 * resolved to people, including the children a visit lists as seen.
 */
export async function pictureFromStore(db: Kysely<Database>): Promise<Picture> {
  return (await loadPicture(db, null)).picture;
}

/** The id of the person a record belongs to before it is linked: stable once a linkage run finds it alone. */
export const unlinkedPersonId = (source: string, localId: string) => `person:${source}:${localId}`;

/** A person record's person in SQL (`p` a person row, `rp` its resolved_person row, if any): as unlinkedPersonId while unlinked. */
export const PERSON_ID = sql<string>`coalesce(rp.person_id, 'person:' || p.source || ':' || p.local_id)`;

/** The ids a visit (record `r`) lists as the children seen, one row each (`seen`), in its own source. */
const SEEN = sql`jsonb_array_elements_text(case when jsonb_typeof(r.body->'data'->'seen') = 'array' then r.body->'data'->'seen' else '[]'::jsonb end)`;

/**
 * Person records of the children visits saw (`visits`: a SQL set of event
 * record ids). The ids seen are listed first, so that each is one index
 * lookup: joined directly, the planner reads every person of the visit's
 * source for each visit (19 ms for a hundred events, against under 1 ms).
 */
function childrenSeenBy(visits: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(with seen as materialized (
      select r.source, x.seen from record r join event e on e.record_id = r.id and e.kind = 'visit'
      cross join lateral ${SEEN} as x(seen)
      where r.id in (${visits}))
    select p.record_id as id from seen s join person p on p.source = s.source and p.local_id = s.seen)`;
}

// The period a person record held an address (person_address a), as
// addressPeriod reads it: an open end is infinite. An address joins its
// holders only while they held it together (joinCoResidents), and only a
// full address (address_key, seen_address_key kept by the database) held
// for a period that does not end as it starts.
const HELD_FROM = (a: string) => sql`coalesce(${sql.ref(`${a}.valid_from`)}, '-infinity'::date)`;
const HELD_TO = (a: string) => sql`coalesce(${sql.ref(`${a}.valid_to`)}, 'infinity'::date)`;
const HELD_PERIOD = sql`${HELD_FROM('a')} as f, ${HELD_TO('a')} as t`;
const HELD = sql`a.address_key is not null and ${HELD_FROM('a')} < ${HELD_TO('a')}`;

/** The record ids of resolved people, as a SQL set (an unlinked record's person id is person:SOURCE:ID; sources hold no colon). */
function recordsOfPeople(people: readonly string[]): RawBuilder<unknown> {
  const { sources, locals } = unlinkedKeys(people);
  return sql`
    select record_id from resolved_person where person_id = any(${[...people]}::text[])
    union
    select p.record_id from unnest(${sources}::text[], ${locals}::text[]) as k(source, local_id)
      join person p on p.source = k.source and p.local_id = k.local_id
    where not exists (select 1 from resolved_person rp where rp.record_id = p.record_id)`;
}

/**
 * Person records one household link from the person records in `from` (a
 * SQL set of record ids): a relationship, a shared address, one event, a
 * visit about them that saw a child, or, for a child, the people a visit
 * that saw them was about. As partitionPicture joins people.
 */
function linkedRecords(from: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select to_person_id as id from relationship where from_person_id in (${from}) and to_person_id is not null
    union select from_person_id from relationship where to_person_id in (${from}) and from_person_id is not null
    union select b.person_id from person_address a
      join person_address b on b.address_key = a.address_key
        and ${HELD_FROM('a')} < ${HELD_TO('b')} and ${HELD_FROM('b')} < ${HELD_TO('a')}
      where a.person_id in (${from}) and ${HELD}
    union select o.person_id from event_subject s join event_subject o on o.event_id = s.event_id
      where s.person_id in (${from}) and o.person_id is not null
    union ${childrenSeenBy(sql`select s.event_id from event_subject s where s.person_id in (${from})`)}
    union select s.person_id from person p
      join record r on r.type = 'event' and r.body->>'kind' = 'visit' and r.source = p.source and r.body->'data'->'seen' @> jsonb_build_array(p.local_id)
      join event_subject s on s.event_id = r.id
      where p.record_id in (${from}) and s.person_id is not null`;
}

/** A picture read from the store, with each person's record ids and each record's remembered household (null: none yet). */
export interface StoredPicture {
  picture: Picture;
  records: number[];
  recordsOfPerson: Map<string, number[]>;
  householdOfRecord: Map<number, number | null>;
}

/**
 * The records some imports brought, by type. The follow-up of an import
 * reads by these ids rather than by import: with the ids in hand the
 * planner sizes each step right (a hundred index lookups), where a join on
 * import_id is sized from the table's average import and scans.
 */
export interface ImportedRecords {
  persons: number[];
  events: number[];
  relationships: number[];
}

export async function recordsImported(db: Kysely<Database>, importIds: readonly number[]): Promise<ImportedRecords> {
  const rows = await sql<{ id: number; type: string }>`select id, type from record where import_id = any(${bigintArray(importIds)})`.execute(db);
  const out: ImportedRecords = { persons: [], events: [], relationships: [] };
  for (const r of rows.rows) {
    if (r.type === 'person') out.persons.push(Number(r.id));
    else if (r.type === 'event') out.events.push(Number(r.id));
    else if (r.type === 'relationship') out.relationships.push(Number(r.id));
  }
  return out;
}

/**
 * The picture around some people: the households their records were in
 * (alert_household, kept current by every evaluation), widened by one link
 * from the person records imports brought (a relationship or an event
 * that waited for them, a shared address, a visit that saw them), and
 * every event of everyone in it. Where no household is remembered, links
 * are followed `hops` deep instead: three hops cover what a rule reads for
 * anyone in the people's households.
 */
export async function pictureAround(db: Kysely<Database>, people: readonly string[], options: { imported?: ImportedRecords; hops?: number } = {}): Promise<StoredPicture> {
  const fresh = options.imported?.persons ?? [];
  const visits = options.imported?.events ?? [];
  // The people's records, and one link on from what the imports brought:
  // small id sets, each found through its index.
  const [start, linked] = await Promise.all([
    recordsOf(db, people),
    fresh.length || visits.length
      ? sql<{ id: number }>`
          ${fresh.length ? sql`${linkedRecords(sql`select unnest(${bigintArray(fresh)})`)} union ` : sql``}
          ${childrenSeenBy(sql`select unnest(${bigintArray(visits)})`)}`
          .execute(db)
          .then((r) => r.rows.map((x) => Number(x.id)))
      : Promise.resolve([]),
  ]);
  const near = [...new Set([...start, ...fresh, ...linked])];
  const found = await householdsOf(db, near);
  const householdOfRecord = new Map<number, number | null>(found.rows.map((r) => [Number(r.record_id), Number(r.household)]));
  // A near record not in any remembered household's records has none.
  for (const r of near) if (!householdOfRecord.has(r)) householdOfRecord.set(r, null);
  // Records with no household remembered (none evaluated since the last
  // full evaluation, or an import whose evaluation never ran): their links
  // are followed instead, up to `hops` deep, through records that have none
  // either; a record that has one brings its whole household.
  let frontier = [...householdOfRecord].filter(([, h]) => h === null).map(([r]) => r);
  for (let i = 0; i < (options.hops ?? 3) && frontier.length; i++) {
    // One link on, and every record of the people reached (and of the frontier's own people).
    const next = await neighbours(db, frontier);
    const widened = (await recordsOf(db, await peopleOfRecords(db, [...frontier, ...next]))).filter((r) => !householdOfRecord.has(r));
    if (!widened.length) break;
    const rows = await householdsOf(db, widened);
    for (const r of rows.rows) householdOfRecord.set(Number(r.record_id), Number(r.household));
    frontier = widened.filter((r) => !householdOfRecord.has(r));
    for (const r of frontier) householdOfRecord.set(r, null);
  }
  const ids = [...householdOfRecord.keys()];
  const { picture, recordsOfPerson } = await loadPicture(db, ids);
  return { picture, records: ids, recordsOfPerson, householdOfRecord };
}

/** Every record of the remembered households of some records. */
function householdsOf(db: Kysely<Database>, records: readonly number[]) {
  return sql<{ record_id: number; household: number }>`
    select h.record_id, h.household from alert_household h
    where h.household in (select x.household from unnest(${bigintArray(records)}) as k(id) join alert_household x on x.record_id = k.id)`.execute(db);
}

/**
 * The households to remember after evaluating a picture's parts: every part
 * is one household, so a part whose records carry no household, or several,
 * or one shared with another part, is (re)numbered. A part that matches its
 * remembered household exactly needs nothing.
 */
export function householdChanges(parts: readonly Picture[], stored: Pick<StoredPicture, 'recordsOfPerson' | 'householdOfRecord'>): number[][] {
  const recordsOfPart = parts.map((part) => peopleIds(part).flatMap((person) => stored.recordsOfPerson.get(person) ?? []));
  const partsOfHousehold = new Map<number, Set<number>>();
  recordsOfPart.forEach((records, i) => {
    for (const r of records) {
      const h = stored.householdOfRecord.get(r);
      if (h !== null && h !== undefined) partsOfHousehold.set(h, (partsOfHousehold.get(h) ?? new Set()).add(i));
    }
  });
  return recordsOfPart.filter((records) => {
    const hs = new Set(records.map((r) => stored.householdOfRecord.get(r) ?? null));
    const [h] = hs;
    const same = hs.size === 1 && h !== null && h !== undefined && partsOfHousehold.get(h)!.size === 1;
    return records.length > 0 && !same;
  });
}

const peopleIds = (p: Picture): string[] => (p.people instanceof Map ? [...p.people.keys()] : Object.keys(p.people));

/** Writes renumbered households (inside the evaluation's transaction, which serialises evaluations). */
export async function rememberHouseholdChanges(db: Kysely<Database>, parts: readonly (readonly number[])[]): Promise<void> {
  if (!parts.length) return;
  // Numbered on from the highest household remembered, in the same statement.
  const records = parts.flat();
  const households = parts.flatMap((part, i) => part.map(() => i));
  await sql`insert into alert_household (record_id, household)
    select r, (select coalesce(max(household), -1) + 1 from alert_household) + h from unnest(${bigintArray(records)}, ${intArray(households)}) as x(r, h)
    on conflict (record_id) do update set household = excluded.household`.execute(db);
}

/** Remembers which household each record is in, from a full evaluation's grouping. */
export async function rememberHouseholds(db: Kysely<Database>, grouped: StoreHouseholds): Promise<void> {
  const records: number[] = [];
  const households: number[] = [];
  grouped.households.forEach((members, household) => {
    for (const person of members) {
      for (const r of grouped.recordsOf.get(person) ?? []) {
        records.push(r);
        households.push(household);
      }
    }
  });
  await db.transaction().execute(async (trx) => {
    // Rewritten whole: emptying is cheaper than deleting every row.
    await sql`truncate alert_household`.execute(trx);
    for (let i = 0; i < records.length; i += 100_000) {
      await sql`insert into alert_household (record_id, household)
        select * from unnest(${records.slice(i, i + 100_000)}::bigint[], ${households.slice(i, i + 100_000)}::int[])`.execute(trx);
    }
  });
  // Rewritten whole, so its statistics are new too: without them the
  // planner takes a household for a fifth of the table and reads all of it
  // to find the hundred households an import touched.
  await sql`analyze alert_household`.execute(db);
}

function unlinkedKeys(people: readonly string[]): { sources: string[]; locals: string[] } {
  const unlinked = people.filter((p) => p.startsWith('person:')).map((p) => p.slice('person:'.length));
  return { sources: unlinked.map((k) => k.slice(0, k.indexOf(':'))), locals: unlinked.map((k) => k.slice(k.indexOf(':') + 1)) };
}

/** The person records of resolved people. */
async function recordsOf(db: Kysely<Database>, people: readonly string[]): Promise<number[]> {
  if (!people.length) return [];
  const rows = await sql<{ record_id: number }>`${recordsOfPeople(people)}`.execute(db);
  return rows.rows.map((r) => Number(r.record_id));
}

async function peopleOfRecords(db: Kysely<Database>, records: readonly number[]): Promise<string[]> {
  if (!records.length) return [];
  const rows = await sql<{ pid: string }>`
    select distinct ${PERSON_ID} as pid
    from person p left join resolved_person rp on rp.record_id = p.record_id
    where p.record_id = any(${bigintArray(records)})`.execute(db);
  return rows.rows.map((r) => r.pid);
}

/** Person records one household link away (see linkedRecords). */
async function neighbours(db: Kysely<Database>, records: readonly number[]): Promise<number[]> {
  const rows = await sql<{ id: number }>`${linkedRecords(sql`select unnest(${bigintArray(records)})`)}`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/**
 * The rows of a query (each row one JSON array, `r`) as one JSON text, parsed
 * in one call. Node is the busier of the two processes during a read, and
 * decoding a few thousand rows field by field costs it two to three times
 * the CPU of one JSON.parse (8.6 against 3.0 ms for 7,800 subject rows); the
 * server builds the JSON on its own core. For bounded reads (households, a
 * full evaluation's piece): the text is one value. `order`: the rows'
 * order, so that a picture does not depend on where rows lie on disk.
 */
async function jsonRows<T>(db: Kysely<Database>, rows: RawBuilder<unknown>, order: RawBuilder<unknown> = sql``): Promise<T[]> {
  const result = await sql<{ j: string }>`select coalesce(json_agg(x.r ${order}), '[]')::text as j from (${rows}) x`.execute(db);
  return JSON.parse(result.rows[0]!.j) as T[];
}

type PersonRow = [recordId: number, source: string, localId: string, birthDate: string | null, sex: string | null, unborn: boolean, expectedDate: string | null, pid: string];
type AddressRow = [personId: number, line1: string | null, postcode: string | null, from: string | null, to: string | null, kind: string | null, sealed: boolean];
type RelationshipRow = [from: number, to: number, kind: string, start: string | null, end: string | null, source: string, localId: string];
type SubjectRow = [eventId: number, personId: number, role: string];

async function loadPicture(db: Kysely<Database>, only: number[] | null): Promise<{ picture: Picture; recordsOfPerson: Map<string, number[]> }> {
  const ids = only ? [...new Set(only)] : [];
  // A list of ids is joined as a relation (unnest), not tested with
  // `= any(list)`: planning `= any` estimates every element against the
  // column's statistics, which for a few thousand ids cost more (up to 7 ms)
  // than running the lookups.
  const idList = sql`unnest(${bigintArray(ids)})`;
  // An event's subjects that matter are those in the picture: the subject
  // rows of these records are all of them, and name the events to read.
  const subjectRows = jsonRows<SubjectRow>(
    db,
    sql`select json_build_array(s.event_id, s.person_id, s.role) as r, s.event_id, s.ord
      from ${only ? sql`${idList} as k(id) join event_subject s on s.person_id = k.id` : sql`event_subject s where s.person_id is not null`}`,
    sql`order by x.event_id, x.ord`,
  );
  // The events those subject rows name, read beside them rather than after
  // them, from the list of ids the server gathers (a list is read in the
  // heap's order; a join on the subject rows probes the records id by id).
  // Rows rather than JSON: an event's data is JSON already, and rebuilding
  // it as JSON text costs the server more than Node saves. Only the parts of
  // an event the rules read: its subjects come resolved from event_subject.
  const eventRows = sql<{ id: number; source: string; local_id: string; kind: string; at: string; data: Record<string, unknown> | null; address: { line1?: string; postcode?: string } | null; recorded_at: string | null }>`
    select r.id, r.source, r.local_id, r.body->>'kind' as kind, r.body->>'at' as at, r.body->'data' as data, r.body->'address' as address, r.body->>'recordedAt' as recorded_at
    from record r
    where ${only ? sql`r.id = any(array(select s.event_id from ${idList} as k(id) join event_subject s on s.person_id = k.id))` : sql`r.id in (select record_id from event)`}
    order by r.id`.execute(db);
  // Independent reads: on a server they run side by side on the pool's connections.
  const [sourceRows, persons, addresses, relRows, rows, subjects] = await Promise.all([
    db.selectFrom('source').select(['id', 'agency', 'local_authority']).execute(),
    // A few thousand records look their person up one index probe each; the
    // whole store joins resolved_person in one pass.
    jsonRows<PersonRow>(
      db,
      only
        ? sql`select json_build_array(p.record_id, p.source, p.local_id, p.birth_date, p.sex, p.unborn, p.expected_date,
            coalesce((select rp.person_id from resolved_person rp where rp.record_id = p.record_id), 'person:' || p.source || ':' || p.local_id)) as r, p.record_id
          from ${idList} as k(id) join person p on p.record_id = k.id`
        : sql`select json_build_array(p.record_id, p.source, p.local_id, p.birth_date, p.sex, p.unborn, p.expected_date, ${PERSON_ID}) as r, p.record_id
          from person p left join resolved_person rp on rp.record_id = p.record_id`,
      sql`order by x.record_id`,
    ),
    // Each address's source and agency are its person record's, from the read above.
    jsonRows<AddressRow>(
      db,
      sql`select json_build_array(a.person_id, a.line1, a.postcode, a.valid_from, a.valid_to, a.kind, a.sealed) as r, a.person_id, a.ord
      from ${only ? sql`${idList} as k(id) join person_address a on a.person_id = k.id` : sql`person_address a`}`,
      sql`order by x.person_id, x.ord`,
    ),
    jsonRows<RelationshipRow>(
      db,
      sql`${only ? sql`with k as materialized (select ${idList} as id) ` : sql``}
      select json_build_array(r.from_person_id, r.to_person_id, r.kind, r.valid_from, r.valid_to, r.source, r.local_id) as r, r.record_id
      from ${only ? sql`k join relationship r on r.from_person_id = k.id` : sql`relationship r`}
      where r.from_person_id is not null and r.to_person_id is not null
      ${only ? sql`and r.to_person_id in (select id from k)` : sql``}`,
      sql`order by x.record_id`,
    ),
    eventRows,
    subjectRows,
  ]);
  const sources = new Map(sourceRows.map((r) => [r.id, { agency: r.agency as Agency, localAuthority: r.local_authority }]));
  const agencyOf = (source: string): Agency => sources.get(source)?.agency as Agency;
  const pidOfRecord = new Map<number, string>();
  const pidOfLocal = new Map<string, string>();
  const people = new Map<string, PicturePerson>();
  const birthDates = new Map<string, string[]>();
  const recordsOfPerson = new Map<string, number[]>();
  const sourceOfRecord = new Map<number, { source: string; agency: Agency }>();
  for (const [recordId, source, localId, birthDate, sex, unborn, expectedDate, pid] of persons) {
    const agency = agencyOf(source);
    pidOfRecord.set(recordId, pid);
    sourceOfRecord.set(recordId, { source, agency });
    const own = recordsOfPerson.get(pid);
    if (own) own.push(recordId);
    else recordsOfPerson.set(pid, [recordId]);
    pidOfLocal.set(`${source}\u0000${localId}`, pid);
    const person = people.get(pid) ?? { id: pid, birthDate: null, records: [], addresses: [] };
    person.records.push({ source, id: localId, agency });
    if (birthDate) birthDates.set(pid, [...(birthDates.get(pid) ?? []), birthDate]);
    if (sex && sex !== 'unknown' && !person.sex) person.sex = sex;
    if (unborn && !birthDate) person.unborn = true;
    if (expectedDate) person.expectedDate = expectedDate;
    people.set(pid, person);
  }
  // The most precise date most of the person's records agree on: one agency's mistyped date must not hide a child.
  for (const [pid, dates] of birthDates) people.get(pid)!.birthDate = bestBirthDate(dates);
  for (const person of people.values()) if (person.birthDate) delete person.unborn;

  for (const [personId, line1, postcode, from, to, kind, sealed] of addresses) {
    const of = sourceOfRecord.get(personId);
    if (!of) continue;
    const address: PictureAddress = { postcode, line1, from, to, kind, sealed, source: of.source, agency: of.agency };
    people.get(pidOfRecord.get(personId)!)?.addresses.push(address);
  }

  // Within a part of the store, a relationship counts when both ends are in it.
  const relationships: PictureRelationship[] = relRows.map(([from, to, kind, start, end, source, localId]) => ({
    from: pidOfRecord.get(from)!,
    to: pidOfRecord.get(to)!,
    kind,
    start,
    end,
    ref: { source, id: localId },
    agency: agencyOf(source),
  }));

  // Events of these people; their other subjects are kept only when they are in the picture too.
  const subjectsOfEvent = new Map<number, { person: string; role: string }[]>();
  for (const [id, personId, role] of subjects) {
    const person = pidOfRecord.get(personId);
    if (!person) continue;
    const list = subjectsOfEvent.get(id);
    if (list) list.push({ person, role });
    else subjectsOfEvent.set(id, [{ person, role }]);
  }
  const pictureEvents: PictureEvent[] = [];
  for (const { id, source, local_id: localId, kind, at, data: parsed, address, recorded_at: recordedAt } of rows.rows) {
    // The row's own parsed object: nothing else holds it.
    const data = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    // A visit lists the children seen by their ids in its own source.
    if (Array.isArray(data.seen)) data.seen = data.seen.map((seen) => (typeof seen === 'string' ? (pidOfLocal.get(`${source}\u0000${seen}`) ?? unlinkedPersonId(source, seen)) : seen));
    const of = sources.get(source);
    pictureEvents.push({
      ref: { source, id: localId },
      agency: of?.agency as Agency,
      localAuthority: of?.localAuthority ?? null,
      kind,
      at,
      data,
      subjects: subjectsOfEvent.get(id) ?? [],
      address: address ?? null,
      ...(recordedAt ? { recordedAt } : {}),
    });
  }
  return { picture: { people, relationships, events: pictureEvents }, recordsOfPerson };
}

/** The picture of whole households, from all their people's person records (and their events). */
export async function pictureOfRecords(db: Kysely<Database>, records: number[]): Promise<Picture> {
  return (await loadPicture(db, records)).picture;
}

/**
 * Everyone in the store grouped into households: people joined by a
 * relationship, an address held at the same time, one event, or a visit
 * that lists them as seen. The same grouping as partitionPicture (src/rules/partition.ts), from
 * the store's link tables alone, without reading any event's contents but a
 * visit's list of children seen: so that a full evaluation can read and
 * evaluate a partnership a few thousand households at a time.
 */
export async function householdsFromStore(db: Kysely<Database>): Promise<string[][]> {
  return (await groupHouseholds(db)).households;
}

/** Everyone's households (resolved person ids), with each person's record ids. */
export interface StoreHouseholds {
  households: string[][];
  recordsOf: Map<string, number[]>;
}

export async function groupHouseholds(db: Kysely<Database>): Promise<StoreHouseholds> {
  const persons = await sql<{ record_id: number; pid: string; source: string; local_id: string }>`
    select p.record_id, ${PERSON_ID} as pid, p.source, p.local_id
    from person p left join resolved_person rp on rp.record_id = p.record_id`.execute(db);
  const index = new Map<string, number>();
  const pids: string[] = [];
  const ofRecord = new Map<number, number>();
  const ofLocal = new Map<string, number>();
  const recordsOf = new Map<string, number[]>();
  for (const p of persons.rows) {
    let i = index.get(p.pid);
    if (i === undefined) {
      i = pids.length;
      pids.push(p.pid);
      index.set(p.pid, i);
    }
    ofRecord.set(Number(p.record_id), i);
    const own = recordsOf.get(p.pid);
    if (own) own.push(Number(p.record_id));
    else recordsOf.set(p.pid, [Number(p.record_id)]);
    ofLocal.set(`${p.source}\u0000${p.local_id}`, i);
  }
  const groups = new UnionFind(pids.length);
  const find = (i: number) => groups.find(i);
  const join = (a: number | undefined, b: number | undefined) => {
    if (a !== undefined && b !== undefined) groups.union(a, b);
  };
  const joinAll = (records: number[]) => {
    const first = ofRecord.get(Number(records[0]));
    for (const r of records.slice(1)) join(first, ofRecord.get(Number(r)));
  };
  const [relationships, addresses, events, visits] = await Promise.all([
    sql<{ a: number; b: number }>`select from_person_id as a, to_person_id as b from relationship where from_person_id is not null and to_person_id is not null`.execute(db),
    // Records at one address at the same time, as joinCoResidents joins
    // them: each address's periods in order of start, a new run beginning
    // where no earlier period reaches; everyone in a run is joined. Joined
    // pair by pair instead, every agency's record of every occupant met
    // every other: 17.5 million rows through the join at 100,000 children,
    // 7 of the evaluation's 47 seconds. The rules' own joinCoResidents does
    // the same in memory; test/store/household-grouping.test.ts holds the
    // two equal.
    sql<{ ids: number[] }>`
      with held as (select a.address_key as k, a.person_id, ${HELD_PERIOD} from person_address a where ${HELD}),
      swept as (
        select k, person_id, f, max(t) over (partition by k order by f, person_id rows between unbounded preceding and 1 preceding) as reach from held),
      runs as (
        select k, person_id, count(*) filter (where reach is null or f >= reach) over (partition by k order by f, person_id rows unbounded preceding) as run from swept)
      select array_agg(person_id) as ids from runs group by k, run having count(*) > 1`.execute(db),
    sql<{ ids: number[] }>`
      select array_agg(person_id) as ids from event_subject where person_id is not null
      group by event_id having count(*) > 1`.execute(db),
    sql<{ source: string; subject: number | null; seen: string }>`
      select r.source, (select s.person_id from event_subject s where s.event_id = r.id and s.person_id is not null order by s.ord limit 1) as subject, x.seen
      from event e join record r on r.id = e.record_id
      cross join lateral ${SEEN} as x(seen)
      where e.kind = 'visit'`.execute(db),
  ]);
  for (const r of relationships.rows) join(ofRecord.get(Number(r.a)), ofRecord.get(Number(r.b)));
  for (const r of addresses.rows) joinAll(r.ids);
  for (const r of events.rows) joinAll(r.ids);
  for (const v of visits.rows) join(v.subject === null ? undefined : ofRecord.get(Number(v.subject)), ofLocal.get(`${v.source}\u0000${v.seen}`));
  const households = new Map<number, string[]>();
  pids.forEach((pid, i) => {
    const root = find(i);
    const g = households.get(root);
    if (g) g.push(pid);
    else households.set(root, [pid]);
  });
  return { households: [...households.values()], recordsOf };
}
