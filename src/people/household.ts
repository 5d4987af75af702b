import { sql, type Kysely } from 'kysely';
import { isSealed, showAddress, type AddressLike } from '../access/sealing.ts';
import { ADDRESS_COLUMNS, type Database } from '../store/schema.ts';
import { addressKey } from '../rules/picture.ts';
import { PERSON_ID } from './picture.ts';

// A person's household: the people linked to them by a relationship record
// (for the relationship's dates) or by living at the same address at the
// same time (for the overlap of the two address periods), each as a
// resolved person. Not transitive: a lodger's relatives elsewhere are not
// in the household. Sealed addresses never link anyone (a refuge houses
// unrelated families, and a link through it would say where they are) and
// are never shown.

export interface HouseholdLink {
  /** What the member is to the person: "mother", "child", "partner", "lives at the same address"… */
  relation: string;
  via: { relationship: { source: string; id: string; agency: string; kind: string } } | { address: string; agencies: string[] };
  /** 'YYYY-MM-DD', or null when open (unknown start, still in force). */
  from: string | null;
  to: string | null;
}

export interface HouseholdMember {
  /** The member's resolved person id (as `seen people` shows it). */
  person: string;
  name: string;
  birthDate: string | null;
  records: { source: string; id: string }[];
  /** Internal record ids of the member's person records (for joining events). */
  recordIds: number[];
  links: HouseholdLink[];
}

// "to is the kind of from": seen from `to`, the member (`from`) is the inverse.
const INVERSE: Record<string, string> = {
  mother: 'child',
  father: 'child',
  parent: 'child',
  step_parent: 'step-child',
  carer: 'cared for',
  partner: 'partner',
  sibling: 'sibling',
  household_member: 'household member',
  other: 'other relationship',
};

// Places many unrelated people share: no household link through them.
const NOT_A_HOUSEHOLD = new Set(['refuge', 'hostel']);

const fullName = (p: { given: string | null; middle: string | null; family: string | null }) => [p.given, p.middle, p.family].filter(Boolean).join(' ') || '(no name recorded)';

const inForce = (l: { from: string | null; to: string | null }, asOf: string) => (l.from === null || l.from <= asOf) && (l.to === null || l.to > asOf);

/** The records of a resolved person id (or, for a record never linked, the `SOURCE:ID` id `seen people` gives it). */
export async function recordsOfPerson(db: Kysely<Database>, personId: string): Promise<number[]> {
  const linked = await db.selectFrom('resolved_person').select('record_id').where('person_id', '=', personId).orderBy('record_id').execute();
  if (linked.length > 0) return linked.map((r) => r.record_id);
  const at = personId.indexOf(':');
  if (at <= 0) return [];
  const row = await db.selectFrom('person').select('record_id').where('source', '=', personId.slice(0, at)).where('local_id', '=', personId.slice(at + 1)).executeTakeFirst();
  return row ? [row.record_id] : [];
}

/**
 * The household of a resolved person: every member with how they are
 * linked and for which period. With `asOf` ('YYYY-MM-DD'), only links in
 * force on that day; without, every link ever, with its period.
 */
export async function householdOf(db: Kysely<Database>, personId: string, asOf?: string): Promise<HouseholdMember[]> {
  return householdOfRecords(db, await recordsOfPerson(db, personId), asOf);
}

/** `householdOf` for a person given by their record ids. */
export async function householdOfRecords(db: Kysely<Database>, ids: readonly number[], asOf?: string): Promise<HouseholdMember[]> {
  if (ids.length === 0) return [];
  const mine = new Set(ids);
  const found: { record: number; link: HouseholdLink; address?: AddressLike }[] = [];

  const rels = await sql<{ from_person_id: number; to_person_id: number; kind: string; valid_from: string | null; valid_to: string | null; source: string; local_id: string; agency: string }>`
    select r.from_person_id, r.to_person_id, r.kind, r.valid_from, r.valid_to, r.source, r.local_id, s.agency
    from relationship r join source s on s.id = r.source
    where r.from_person_id is not null and r.to_person_id is not null
      and (r.from_person_id = any(${[...ids]}::bigint[]) or r.to_person_id = any(${[...ids]}::bigint[]))`.execute(db);
  for (const r of rels.rows) {
    const fromMine = mine.has(Number(r.from_person_id));
    const toMine = mine.has(Number(r.to_person_id));
    if (fromMine && toMine) continue;
    const other = Number(fromMine ? r.to_person_id : r.from_person_id);
    const relation = fromMine ? r.kind.replace(/_/g, ' ') : (INVERSE[r.kind] ?? r.kind.replace(/_/g, ' '));
    found.push({ record: other, link: { relation, via: { relationship: { source: r.source, id: r.local_id, agency: r.agency, kind: r.kind } }, from: r.valid_from, to: r.valid_to } });
  }

  // Shared addresses: everyone whose record holds the same address (postcode
  // and first line) for a period that overlaps one of the person's.
  const own = await db.selectFrom('person_address').select(ADDRESS_COLUMNS).where('person_id', 'in', [...ids]).execute();
  const postcodes = [...new Set(own.map((a) => a.postcode).filter((p): p is string => p !== null))];
  const sealed: AddressLike[] = own.filter((a) => isSealed(a));
  if (postcodes.length > 0) {
    const there = await sql<{ person_id: number; line1: string | null; line2: string | null; town: string | null; postcode: string | null; valid_from: string | null; valid_to: string | null; kind: string | null; sealed: boolean; agency: string }>`
      select a.person_id, a.line1, a.line2, a.town, a.postcode, a.valid_from, a.valid_to, a.kind, a.sealed, s.agency
      from person_address a join person p on p.record_id = a.person_id join source s on s.id = p.source
      where a.postcode = any(${postcodes}::text[])`.execute(db);
    const closed = new Set<string>();
    for (const a of there.rows) {
      const k = addressKey(a);
      if (k !== null && (isSealed(a) || NOT_A_HOUSEHOLD.has(a.kind ?? ''))) closed.add(k);
    }
    const agencyOf = new Map<number, string>();
    for (const a of there.rows) agencyOf.set(Number(a.person_id), a.agency);
    for (const m of own) {
      const k = addressKey(m);
      if (k === null || closed.has(k)) continue;
      for (const a of there.rows) {
        const other = Number(a.person_id);
        if (mine.has(other) || addressKey(a) !== k) continue;
        const from = m.valid_from === null ? a.valid_from : a.valid_from === null ? m.valid_from : m.valid_from > a.valid_from ? m.valid_from : a.valid_from;
        const to = m.valid_to === null ? a.valid_to : a.valid_to === null ? m.valid_to : m.valid_to < a.valid_to ? m.valid_to : a.valid_to;
        if (from !== null && to !== null && from >= to) continue;
        const agencies = [...new Set([agencyOf.get(Number(m.person_id)) ?? null, a.agency].filter((x): x is string => x !== null))];
        found.push({ record: other, link: { relation: 'lives at the same address', via: { address: '', agencies }, from, to }, address: m });
      }
    }
  }
  const kept = asOf === undefined ? found : found.filter((f) => inForce(f.link, asOf));
  if (kept.length === 0) return [];

  // Records to resolved people, each with all of their records.
  const others = [...new Set(kept.map((f) => f.record))];
  const resolved = await sql<{ record_id: number; pid: string }>`
    select p.record_id, ${PERSON_ID} as pid
    from person p left join resolved_person rp on rp.record_id = p.record_id where p.record_id = any(${others}::bigint[])`.execute(db);
  const pidOf = new Map(resolved.rows.map((r) => [Number(r.record_id), r.pid]));
  const pids = [...new Set(resolved.rows.map((r) => r.pid))];
  const members = await sql<{ record_id: number; pid: string; source: string; local_id: string; given: string | null; middle: string | null; family: string | null; birth_date: string | null }>`
    select p.record_id, ${PERSON_ID} as pid, p.source, p.local_id, p.given, p.middle, p.family, p.birth_date
    from person p left join resolved_person rp on rp.record_id = p.record_id
    where rp.person_id = any(${pids}::text[]) or (rp.person_id is null and p.record_id = any(${others}::bigint[]))
    order by p.record_id`.execute(db);
  const out = new Map<string, HouseholdMember>();
  for (const m of members.rows) {
    if (mine.has(Number(m.record_id))) continue; // a person is not their own household
    let member = out.get(m.pid);
    if (!member) {
      member = { person: m.pid, name: fullName(m), birthDate: m.birth_date, records: [], recordIds: [], links: [] };
      out.set(m.pid, member);
    }
    member.records.push({ source: m.source, id: m.local_id });
    member.recordIds.push(Number(m.record_id));
    if (!member.birthDate || (m.birth_date && m.birth_date.length > member.birthDate.length)) member.birthDate = m.birth_date ?? member.birthDate;
  }
  // Sealed addresses of everyone here: a shown address that matches one is withheld.
  const memberIds = [...out.values()].flatMap((m) => m.recordIds);
  if (memberIds.length) sealed.push(...(await db.selectFrom('person_address').select(ADDRESS_COLUMNS).where('person_id', 'in', memberIds).execute()).filter((a) => isSealed(a)));
  for (const f of kept) {
    const pid = pidOf.get(f.record);
    const member = pid === undefined ? undefined : out.get(pid);
    if (!member) continue;
    const link = 'address' in f.link.via ? { ...f.link, via: { ...f.link.via, address: showAddress(f.address ?? {}, sealed) } } : f.link;
    // Several agencies record the same relationship or address: one link per relation, way and period.
    const same = member.links.find((l) => l.relation === link.relation && l.from === link.from && l.to === link.to && ('address' in l.via ? 'address' in link.via && l.via.address === link.via.address : !('address' in link.via)));
    if (same && 'address' in same.via && 'address' in link.via) same.via.agencies = [...new Set([...same.via.agencies, ...link.via.agencies])];
    else if (!same) member.links.push(link);
  }
  for (const m of out.values()) m.links.sort((a, b) => (a.from ?? '') < (b.from ?? '') ? -1 : (a.from ?? '') > (b.from ?? '') ? 1 : a.relation < b.relation ? -1 : 1);
  return [...out.values()].filter((m) => m.links.length > 0).sort((a, b) => (a.person < b.person ? -1 : 1));
}
