import { sql, type Kysely } from 'kysely';
import type { Agency, Picture, PictureAddress, PictureEvent, PicturePerson, PictureRelationship } from '../rules/index.ts';
import type { Database } from '../store/schema.ts';

/**
 * The rules' input, built from the store: resolved people (as the last
 * linkage run found them; a record not yet linked is a person of its own),
 * their addresses and relationships, and every event with its subjects
 * resolved to people, including the children a visit lists as seen.
 */
export async function pictureFromStore(db: Kysely<Database>): Promise<Picture> {
  const persons = await sql<{ record_id: number; source: string; local_id: string; birth_date: string | null; birth_date_precision: string | null; sex: string | null; unborn: boolean; expected_date: string | null; agency: Agency; pid: string }>`
    select p.record_id, p.source, p.local_id, p.birth_date, p.birth_date_precision, p.sex, p.unborn, p.expected_date, s.agency,
      coalesce(rp.person_id, p.source || ':' || p.local_id) as pid
    from person p join source s on s.id = p.source left join resolved_person rp on rp.record_id = p.record_id
    order by p.record_id`.execute(db);
  const pidOfRecord = new Map<number, string>();
  const pidOfLocal = new Map<string, string>();
  const people = new Map<string, PicturePerson>();
  for (const p of persons.rows) {
    pidOfRecord.set(p.record_id, p.pid);
    pidOfLocal.set(`${p.source}\u0000${p.local_id}`, p.pid);
    const person = people.get(p.pid) ?? { id: p.pid, birthDate: null, records: [], addresses: [] };
    person.records.push({ source: p.source, id: p.local_id, agency: p.agency });
    // The most precise birth date any agency holds.
    if (p.birth_date && (!person.birthDate || p.birth_date.length > person.birthDate.length)) person.birthDate = p.birth_date;
    if (p.sex && p.sex !== 'unknown' && !person.sex) person.sex = p.sex;
    if (p.unborn && !p.birth_date) person.unborn = true;
    if (p.expected_date) person.expectedDate = p.expected_date;
    people.set(p.pid, person);
  }
  for (const person of people.values()) if (person.birthDate) delete person.unborn;

  const addresses = await sql<{ person_id: number; line1: string | null; postcode: string | null; valid_from: string | null; valid_to: string | null; kind: string | null; sealed: boolean; source: string; agency: Agency }>`
    select a.person_id, a.line1, a.postcode, a.valid_from, a.valid_to, a.kind, a.sealed, p.source, s.agency
    from person_address a join person p on p.record_id = a.person_id join source s on s.id = p.source`.execute(db);
  for (const a of addresses.rows) {
    const address: PictureAddress = { postcode: a.postcode, line1: a.line1, from: a.valid_from, to: a.valid_to, kind: a.kind, sealed: a.sealed, source: a.source, agency: a.agency };
    people.get(pidOfRecord.get(a.person_id)!)?.addresses.push(address);
  }

  const relationships: PictureRelationship[] = (
    await sql<{ from_person_id: number; to_person_id: number; kind: string; valid_from: string | null; valid_to: string | null; source: string; local_id: string; agency: Agency }>`
      select r.from_person_id, r.to_person_id, r.kind, r.valid_from, r.valid_to, r.source, r.local_id, s.agency
      from relationship r join source s on s.id = r.source
      where r.from_person_id is not null and r.to_person_id is not null`.execute(db)
  ).rows.map((r) => ({
    from: pidOfRecord.get(r.from_person_id)!,
    to: pidOfRecord.get(r.to_person_id)!,
    kind: r.kind,
    start: r.valid_from,
    end: r.valid_to,
    ref: { source: r.source, id: r.local_id },
    agency: r.agency,
  }));

  const subjects = new Map<number, { person: string; role: string }[]>();
  for (const s of (await sql<{ event_id: number; person_id: number; role: string }>`select event_id, person_id, role from event_subject where person_id is not null order by event_id, ord`.execute(db)).rows) {
    const list = subjects.get(s.event_id) ?? [];
    list.push({ person: pidOfRecord.get(s.person_id)!, role: s.role });
    subjects.set(s.event_id, list);
  }
  const events: PictureEvent[] = [];
  const rows = await sql<{ id: number; source: string; local_id: string; body: { kind: string; at: string; data?: Record<string, unknown>; address?: { line1?: string; postcode?: string }; recordedAt?: string }; agency: Agency; local_authority: string | null }>`
    select r.id, r.source, r.local_id, r.body, s.agency, s.local_authority
    from event e join record r on r.id = e.record_id join source s on s.id = r.source`.execute(db);
  for (const r of rows.rows) {
    const data = { ...(r.body.data ?? {}) };
    // A visit lists the children seen by their ids in its own source.
    if (Array.isArray(data.seen)) data.seen = data.seen.map((id) => (typeof id === 'string' ? (pidOfLocal.get(`${r.source}\u0000${id}`) ?? `${r.source}:${id}`) : id));
    events.push({
      ref: { source: r.source, id: r.local_id },
      agency: r.agency,
      localAuthority: r.local_authority,
      kind: r.body.kind,
      at: r.body.at,
      data,
      subjects: subjects.get(r.id) ?? [],
      address: r.body.address ?? null,
      ...(r.body.recordedAt ? { recordedAt: r.body.recordedAt } : {}),
    });
  }
  return { people, relationships, events };
}
