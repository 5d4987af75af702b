import { sql, type Kysely } from 'kysely';
import { auditRead, type Requester } from '../access/audit.ts';
import { isSealed, showAddress, WITHHELD, type AddressLike } from '../access/sealing.ts';
import { ADDRESS_COLUMNS, type Database } from '../store/schema.ts';
import { describeEvent } from './describe.ts';
import { householdOfRecords, type HouseholdLink } from './household.ts';

export interface PersonRef {
  source: string;
  id: string;
}

export class BadPersonRef extends Error {}

/** 'SOURCE:ID'; the id may itself contain colons, the source cannot. */
export function parsePersonRef(text: string): PersonRef {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) throw new BadPersonRef(`"${text}" is not a person reference: write SOURCE:ID, for example police-met:NOM-55102`);
  return { source: text.slice(0, at), id: text.slice(at + 1) };
}

export interface ChronologyPerson {
  source: string;
  id: string;
  agency: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
  addresses: { address: string; kind: string | null; from: string | null; to: string | null; sealed: boolean }[];
}

export interface ChronologyEntry {
  at: string;
  precision: 'date' | 'datetime';
  kind: string;
  agency: string;
  source: string;
  id: string;
  summary: string;
  subjects: { source: string; id: string; role: string; name: string | null }[];
  address: string | null;
  note: string | null;
  /** Null for the person's own events; for a household member's, whose they are. */
  household: { person: string; name: string; relation: string } | null;
}

export interface ChronologyHouseholdMember {
  person: string;
  name: string;
  birthDate: string | null;
  records: { source: string; id: string }[];
  links: HouseholdLink[];
}

export interface Chronology {
  person: ChronologyPerson;
  /** Every agency record resolved to this person (widens when linking lands). */
  records: { source: string; id: string; agency: string }[];
  entries: ChronologyEntry[];
  /** The people linked to this person by relationships or a shared address, with the periods (see household.ts). */
  household: ChronologyHouseholdMember[];
}

/**
 * The records that make up one person: every record the last linkage run
 * put with this one (or just this one before any run). The chronology is
 * built on this set, so it widens as linking improves.
 */
export async function resolvePerson(db: Kysely<Database>, ref: PersonRef): Promise<number[] | null> {
  const row = await db.selectFrom('person').select('record_id').where('source', '=', ref.source).where('local_id', '=', ref.id).executeTakeFirst();
  if (!row) return null;
  const linked = await sql<{ record_id: number }>`
    select o.record_id from resolved_person me join resolved_person o on o.person_id = me.person_id
    where me.record_id = ${row.record_id} order by o.record_id`.execute(db);
  return linked.rows.length > 0 ? linked.rows.map((r) => r.record_id) : [row.record_id];
}

const fullName = (p: { given: string | null; middle: string | null; family: string | null }) =>
  [p.given, p.middle, p.family].filter(Boolean).join(' ') || '(no name recorded)';

/** The multi-agency chronology of a person, in time order. Audited. */
export async function chronology(db: Kysely<Database>, ref: PersonRef, who: Requester): Promise<Chronology | null> {
  const ids = await resolvePerson(db, ref);
  const household = ids ? await householdOfRecords(db, ids) : [];
  await auditRead(db, who, { action: 'chronology.read', subject: `person:${ref.source}:${ref.id}`, details: { found: ids !== null, household: household.map((m) => m.person) } });
  if (!ids) return null;
  const memberOf = new Map<number, (typeof household)[number]>();
  for (const m of household) for (const id of m.recordIds) memberOf.set(id, m);
  const everyone = [...ids, ...memberOf.keys()];

  const people = await db
    .selectFrom('person')
    .innerJoin('source', 'source.id', 'person.source')
    .select(['person.record_id', 'person.source', 'person.local_id', 'person.given', 'person.middle', 'person.family', 'person.birth_date', 'person.sex', 'source.agency'])
    .where('person.record_id', 'in', ids)
    .orderBy('person.record_id')
    .execute();
  const addresses = await db.selectFrom('person_address').select(ADDRESS_COLUMNS).where('person_id', 'in', ids).orderBy('person_id').orderBy('ord').execute();

  const events = await sql<{
    record_id: number;
    source: string;
    local_id: string;
    kind: string;
    at: Date;
    at_precision: 'date' | 'datetime';
    data: Record<string, unknown> | null;
    note: string | null;
    address: AddressLike | null;
    agency: string;
  }>`
    select e.record_id, r.source, r.local_id, e.kind, e.at, e.at_precision,
      r.body->'data' as data, r.body->>'text' as note, r.body->'address' as address, s.agency
    from event e join record r on r.id = e.record_id join source s on s.id = r.source
    where e.record_id in (select event_id from event_subject where person_id = any(${everyone}::bigint[]))
    order by e.at, r.source, r.local_id`.execute(db);

  const eventIds = events.rows.map((e) => e.record_id);
  const subjects = eventIds.length
    ? await db
        .selectFrom('event_subject as s')
        .leftJoin('person as p', 'p.record_id', 's.person_id')
        .select(['s.event_id', 's.ord', 's.source', 's.person_local_id', 's.role', 's.person_id', 'p.given', 'p.middle', 'p.family'])
        .where('s.event_id', 'in', eventIds)
        .orderBy('s.event_id')
        .orderBy('s.ord')
        .execute()
    : [];
  // Sealed addresses of everyone in these events and in the household, so that no event reveals them.
  const involved = [...new Set([...subjects.map((s) => s.person_id).filter((id): id is number => id !== null), ...everyone])];
  const sealed = involved.length
    ? (await db.selectFrom('person_address').select(ADDRESS_COLUMNS).where('person_id', 'in', involved).execute()).filter((a) => isSealed(a))
    : [];

  const byEvent = new Map<number, ChronologyEntry['subjects']>();
  const own = new Set(ids);
  const whose = new Map<number, ChronologyEntry['household']>();
  for (const s of subjects) {
    if (s.person_id !== null && own.has(s.person_id)) whose.set(s.event_id, null);
    else if (s.person_id !== null && !whose.has(s.event_id) && memberOf.has(s.person_id)) {
      const m = memberOf.get(s.person_id)!;
      whose.set(s.event_id, { person: m.person, name: m.name, relation: [...new Set(m.links.map((l) => l.relation))].join(', ') });
    }
    const list = byEvent.get(s.event_id) ?? [];
    list.push({ source: s.source, id: s.person_local_id, role: s.role, name: s.person_id === null ? null : fullName(s) });
    byEvent.set(s.event_id, list);
  }

  const first = people.find((p) => p.source === ref.source && p.local_id === ref.id) ?? people[0]!;
  return {
    person: {
      source: first.source,
      id: first.local_id,
      agency: first.agency,
      name: fullName(first),
      birthDate: first.birth_date,
      sex: first.sex,
      // Several agencies usually hold the same address: it is listed once.
      addresses: [
        ...new Map(
          addresses.map((a) => {
            const shown = { address: isSealed(a) ? WITHHELD : showAddress(a), kind: a.kind, from: a.valid_from, to: a.valid_to, sealed: isSealed(a) };
            return [`${shown.address}|${shown.kind}|${shown.from}|${shown.to}`, shown] as const;
          }),
        ).values(),
      ],
    },
    records: people.map((p) => ({ source: p.source, id: p.local_id, agency: p.agency })),
    entries: events.rows.map((e) => ({
      at: e.at_precision === 'date' ? e.at.toISOString().slice(0, 10) : e.at.toISOString(),
      precision: e.at_precision,
      kind: e.kind,
      agency: e.agency,
      source: e.source,
      id: e.local_id,
      summary: describeEvent(e.kind, e.data ?? {}),
      subjects: byEvent.get(e.record_id) ?? [],
      address: e.address ? showAddress(e.address, sealed) : null,
      note: e.note,
      household: whose.get(e.record_id) ?? null,
    })),
    household: household.map((m) => ({ person: m.person, name: m.name, birthDate: m.birthDate, records: m.records, links: m.links })),
  };
}

export function formatChronology(c: Chronology): string {
  const p = c.person;
  const lines = [
    `Chronology of ${p.name} (${p.source}:${p.id}, ${p.agency})${p.birthDate ? `, born ${p.birthDate}` : ''}${p.sex ? `, ${p.sex}` : ''}`,
    `Records: ${c.records.map((r) => `${r.source}:${r.id} (${r.agency})`).join('; ')}`,
  ];
  if (p.addresses.length) {
    lines.push('Addresses:');
    for (const a of p.addresses) lines.push(`  ${a.address}${a.kind ? ` (${a.kind.replace(/_/g, ' ')})` : ''}${a.from ? ` from ${a.from}` : ''}${a.to ? ` to ${a.to}` : ''}`);
  }
  if (c.household.length) {
    lines.push('Household:');
    for (const m of c.household) {
      const links = m.links.map((l) => `${l.relation}${'address' in l.via ? ` at ${l.via.address}` : ` (${l.via.relationship.agency} record ${l.via.relationship.source}:${l.via.relationship.id})`}${l.from ? ` from ${l.from}` : ''}${l.to ? ` to ${l.to}` : ''}`);
      lines.push(`  ${m.name}${m.birthDate ? `, born ${m.birthDate}` : ''} (${m.person}): ${links.join('; ')}`);
    }
  }
  lines.push('');
  if (c.entries.length === 0) lines.push('No events recorded about this person or their household.');
  for (const e of c.entries) {
    const when = e.precision === 'date' ? e.at : e.at.slice(0, 16).replace('T', ' ');
    const role = e.subjects.filter((s) => s.source === p.source && s.id === p.id).map((s) => s.role).join(', ');
    const others = e.subjects.filter((s) => !(s.source === p.source && s.id === p.id)).map((s) => `${s.name ?? `${s.source}:${s.id} (not yet arrived)`} as ${s.role.replace(/_/g, ' ')}`);
    lines.push(`${when.padEnd(16)}  ${e.agency.padEnd(18)} ${e.household ? `[household: ${e.household.name}, ${e.household.relation}] ` : ''}${e.summary}`);
    const detail = [role ? `role: ${role.replace(/_/g, ' ')}` : null, others.length ? `with ${others.join(', ')}` : null, e.address ? `at ${e.address}` : null, `record ${e.source}:${e.id}`]
      .filter(Boolean)
      .join(' · ');
    lines.push(`${''.padEnd(16)}  ${''.padEnd(18)} ${detail}`);
    if (e.note) lines.push(`${''.padEnd(16)}  ${''.padEnd(18)} "${e.note}"`);
  }
  return lines.join('\n');
}
