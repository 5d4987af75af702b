// The input contract of the rules: the linked, multi-agency picture of one
// household (or any set of people), as plain data. The store builds it from
// resolved people, their relationships and every event whose subjects touch
// them; the rules never see a database.
//
// `indexPicture` turns a Picture into a PictureIndex once per evaluation
// (events by kind and by person, households, ages, "seen" events, open
// involvement), so that 34 rules over a household read shared indexes
// instead of each scanning the events again.

import type { Agency } from '../sef/vocab.ts';
import { DAY, addMonths, parseTime } from './calendar.ts';

export type { Agency };

export interface Ref {
  source: string;
  id: string;
}

export interface PictureEvent {
  ref: Ref;
  agency: Agency;
  localAuthority: string | null;
  kind: string;
  /** ISO date or date-time: when it happened. */
  at: string;
  /** As in SEF, except that person ids inside it (a visit's `seen` list) are resolved person ids, like `subjects`. */
  data: Record<string, unknown>;
  /** Resolved person ids and their role in the event. */
  subjects: { person: string; role: string }[];
  address: { line1?: string | null; postcode?: string | null } | null;
  recordedAt?: string;
}

export interface PictureAddress {
  postcode: string | null;
  line1: string | null;
  from: string | null;
  to: string | null;
  kind?: string | null;
  sealed?: boolean;
  source?: string;
  agency?: Agency;
}

export interface PicturePerson {
  id: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  birthDate: string | null;
  unborn?: boolean;
  expectedDate?: string | null;
  sex?: string | null;
  /** The agency records linked into this person. */
  records: { source: string; id: string; agency: Agency }[];
  addresses: PictureAddress[];
}

export interface PictureRelationship {
  /** Read as "`to` is the `kind` of `from`" (SEF). Resolved person ids. */
  from: string;
  to: string;
  kind: string;
  start: string | null;
  end: string | null;
  ref: Ref;
  agency: Agency;
}

export interface Picture {
  people: Map<string, PicturePerson> | Record<string, PicturePerson>;
  relationships: PictureRelationship[];
  /** Every event whose subjects touch the household (any order). */
  events: PictureEvent[];
}

/** An event with its time parsed once. */
export interface IEvent {
  ref: Ref;
  /** `source:id`, the key used in evidence and in `sharing_decision.about`. */
  key: string;
  agency: Agency;
  localAuthority: string | null;
  kind: string;
  at: string;
  t: number;
  data: Record<string, unknown>;
  subjects: { person: string; role: string }[];
  /** Normalised address key, or null. */
  addressKey: string | null;
  raw: PictureEvent;
}

export interface Interval {
  from: number;
  /** Exclusive; Infinity when open. */
  to: number;
}

export interface HouseholdLink extends Interval {
  other: string;
  /** How the link is known: a relationship record, or a shared address held by an agency. */
  via: { relationship: Ref; kind: string } | { address: string; agencies: Agency[] };
}

export interface Involvement extends Interval {
  /** `cp`, `cin`, `early_help`, `universal_plus`, `universal_partnership_plus`. */
  level: string;
  start: IEvent;
  end: IEvent | null;
  /** From `service_level.contactEveryDays`. */
  contactEveryDays?: number;
}

export const refKey = (r: Ref): string => `${r.source}:${r.id}`;

/** Normalised address key: postcode without spaces plus line1 reduced to letters and digits. */
export function addressKey(a: { line1?: string | null; postcode?: string | null } | null | undefined): string | null {
  if (!a) return null;
  // Every agency holds the same few addresses of a household: normalise each once
  // (bounded memo, by postcode then line, so no lookup string is built).
  const pcRaw = a.postcode ?? '';
  const l1Raw = a.line1 ?? '';
  let byLine = addressKeys.get(pcRaw);
  if (byLine) {
    const hit = byLine.get(l1Raw);
    if (hit !== undefined) return hit;
  } else {
    if (addressKeys.size > 50_000) addressKeys.clear();
    byLine = new Map();
    addressKeys.set(pcRaw, byLine);
  }
  const key = normalAddressKey(pcRaw, l1Raw);
  if (byLine.size > 1_000) byLine.clear();
  byLine.set(l1Raw, key);
  return key;
}

const addressKeys = new Map<string, Map<string, string | null>>();

/** The period an address was held, as the rules read it (and partitionPicture joins on): a missing or unreadable date is an open end. */
export function addressPeriod(from: string | null | undefined, to: string | null | undefined): { from: number; to: number } {
  const f = from ? parseTime(from) : -Infinity;
  const t = to ? parseTime(to) : Infinity;
  return { from: Number.isNaN(f) ? -Infinity : f, to: Number.isNaN(t) ? Infinity : t };
}

function normalAddressKey(postcode: string, line1: string): string | null {
  const pc = postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const l1 = line1.toLowerCase().replace(/[^a-z0-9]/g, '');
  // A postcode alone covers a street, and a line without postcode is ambiguous:
  // only a full address links people into one household.
  return !pc || !l1 ? null : `${pc}|${l1}`;
}

const CHILD_ROLES = new Set(['child', 'child_present', 'baby']);
const PARENT_KINDS = new Set(['mother', 'father', 'parent', 'step_parent', 'carer']);
const EVENT_PARENT_ROLES = new Set(['parent', 'mother', 'father']);
const EVENT_CHILD_ROLES = new Set(['child', 'baby']);
const DA_ROLES = new Set(['victim']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function dataStr(e: IEvent, field: string): string | undefined {
  return str(e.data[field]);
}

export function dataList(e: IEvent, field: string): string[] {
  const v = e.data[field];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function dataNum(e: IEvent, field: string): number | undefined {
  const v = e.data[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function hasSubject(e: IEvent, person: string, roles?: ReadonlySet<string> | readonly string[]): boolean {
  for (const s of e.subjects) {
    if (s.person !== person) continue;
    if (!roles) return true;
    if (Array.isArray(roles) ? roles.includes(s.role) : (roles as ReadonlySet<string>).has(s.role)) return true;
  }
  return false;
}

export function subjectsWithRole(e: IEvent, roles: readonly string[]): string[] {
  return e.subjects.filter((s) => roles.includes(s.role)).map((s) => s.person);
}

/** Latest possible birth moment: a partial date is read as its last day, so a person counts as a child for as long as they might be one. */
function latestBirth(birthDate: string | null | undefined): number | null {
  if (!birthDate) return null;
  if (/^\d{4}$/.test(birthDate)) return Date.UTC(Number(birthDate), 11, 31);
  if (/^\d{4}-\d{2}$/.test(birthDate)) return Date.UTC(Number(birthDate.slice(0, 4)), Number(birthDate.slice(5, 7)), 0);
  const t = parseTime(birthDate);
  return Number.isNaN(t) ? null : t;
}

/** A person's birth as the age questions need it; `age` holds for `lo` ≤ t < `hi`. */
interface AgeInfo {
  unborn: boolean;
  birth: number | null;
  /** The 5th and 18th birthdays (NaN without a birth date): child, adult and under-5 are comparisons with them. */
  five: number;
  adult: number;
  age: number;
  lo: number;
  hi: number;
}

export class PictureIndex {
  readonly asOf: number;
  readonly people: Map<string, PicturePerson>;
  readonly relationships: PictureRelationship[];
  /** Events with `at` ≤ asOf, in time order (ties by source:id, so results are deterministic). */
  readonly events: IEvent[];
  readonly byKind = new Map<string, IEvent[]>();
  readonly byPerson = new Map<string, IEvent[]>();
  readonly byKey = new Map<string, IEvent>();
  private readonly byPersonKind = new Map<string, Map<string, IEvent[]>>();
  private readonly addressesByKey = new Map<string, { person: string; from: number; to: number; agencies: Agency[] }[]>();
  private readonly ofKindsCache = new Map<string, IEvent[]>();
  private readonly linksCache = new Map<string, HouseholdLink[]>();
  private readonly seenCache = new Map<string, IEvent[]>();
  private readonly involvementCache = new Map<string, Involvement[]>();
  private readonly relsByPerson = new Map<string, PictureRelationship[]>();
  private readonly addressIntervalsCache = new Map<string, (Interval & { key: string; agency: Agency | undefined })[]>();
  private readonly childRoleSeen = new Set<string>();
  /** Whether two events share a `source:id` (then event lists are de-duplicated by key as they are combined). */
  private repeatedKeys = false;

  constructor(picture: Picture, asOf: number) {
    this.asOf = asOf;
    this.people =
      picture.people instanceof Map ? picture.people : new Map(Object.entries(picture.people));
    this.relationships = picture.relationships;
    const evs: IEvent[] = [];
    for (const raw of picture.events) {
      const t = parseTime(raw.at);
      if (Number.isNaN(t) || t > asOf) continue;
      const e: IEvent = {
        ref: raw.ref,
        key: refKey(raw.ref),
        agency: raw.agency,
        localAuthority: raw.localAuthority,
        kind: raw.kind,
        at: raw.at,
        t,
        data: raw.data ?? {},
        subjects: raw.subjects,
        addressKey: this.keyOf(raw.address),
        raw,
      };
      evs.push(e);
    }
    sortSmall(evs, byTime);
    this.events = evs;
    for (const e of evs) {
      this.byKey.set(e.key, e);
      push(this.byKind, e.kind, e);
      const subjects = e.subjects;
      for (let i = 0; i < subjects.length; i++) {
        const s = subjects[i] as { person: string; role: string };
        if (CHILD_ROLES.has(s.role)) this.childRoleSeen.add(s.person);
        // Once per person however many roles they have in it (a handful of subjects: no set needed).
        let again = false;
        for (let j = 0; j < i && !again; j++) again = (subjects[j] as { person: string }).person === s.person;
        if (again) continue;
        push(this.byPerson, s.person, e);
        let kinds = this.byPersonKind.get(s.person);
        if (!kinds) {
          kinds = new Map();
          this.byPersonKind.set(s.person, kinds);
        }
        push(kinds, e.kind, e);
      }
    }
    this.repeatedKeys = this.byKey.size !== evs.length;
    for (const r of picture.relationships) {
      push(this.relsByPerson, r.from, r);
      push(this.relsByPerson, r.to, r);
      // "`to` is the mother of `from`": `from` is a child.
      if (PARENT_KINDS.has(r.kind)) this.childRoleSeen.add(r.from);
    }
  }

  // A household's ~25 address rows hold ~4 distinct strings: a short list
  // compared by value beats a partnership-wide map (cold in memory at scale).
  private readonly rawAddresses: { postcode: string; line1: string; key: string | null }[] = [];

  private keyOf(a: { line1?: string | null; postcode?: string | null } | null | undefined): string | null {
    if (!a) return null;
    const postcode = a.postcode ?? '';
    const line1 = a.line1 ?? '';
    const seen = this.rawAddresses;
    for (let i = 0; i < seen.length; i++) {
      const r = seen[i] as { postcode: string; line1: string; key: string | null };
      if (r.postcode === postcode && r.line1 === line1) return r.key;
    }
    const key = normalAddressKey(postcode, line1);
    if (seen.length < 64) seen.push({ postcode, line1, key });
    return key;
  }

  kind(kind: string): IEvent[] {
    return this.byKind.get(kind) ?? EMPTY;
  }

  of(person: string): IEvent[] {
    return this.byPerson.get(person) ?? EMPTY;
  }

  /** Events of `kind` with `person` among the subjects, in time order. */
  ofKind(person: string, kind: string): IEvent[] {
    return this.byPersonKind.get(person)?.get(kind) ?? EMPTY;
  }

  /** Events of any of `kinds` about any of `people`, de-duplicated, in time order. */
  ofKinds(people: Iterable<string>, kinds: readonly string[]): IEvent[] {
    const list = Array.isArray(people) ? (people as readonly string[]) : [...people];
    // One list of events (the usual case: one person, or only one person with any):
    // it is already in time order and, with no key held twice, has nothing to de-duplicate.
    if (!this.repeatedKeys) {
      let only: IEvent[] | null = null;
      let lists = 0;
      for (const p of list) {
        const mine = this.byPersonKind.get(p);
        if (!mine) continue;
        for (const k of kinds) {
          const l = mine.get(k);
          if (l && lists++ === 0) only = l;
        }
      }
      if (lists === 0) return EMPTY;
      if (lists === 1 && only) return only;
    }
    const cacheKey = `${list.join('\u0001')}\u0000${kinds.join('\u0001')}`;
    const cached = this.ofKindsCache.get(cacheKey);
    if (cached) return cached;
    const out = this.collectKinds(list, kinds);
    this.ofKindsCache.set(cacheKey, out);
    return out;
  }

  private collectKinds(people: readonly string[], kinds: readonly string[]): IEvent[] {
    const seen = new Set<string>();
    const out: IEvent[] = [];
    for (const p of people) {
      for (const k of kinds) {
        for (const e of this.ofKind(p, k)) {
          if (!seen.has(e.key)) {
            seen.add(e.key);
            out.push(e);
          }
        }
      }
    }
    return sortSmall(out, byTime);
  }

  person(id: string): PicturePerson | undefined {
    return this.people.get(id);
  }

  birth(id: string): number | null {
    return this.ageInfo(id).birth;
  }

  // Per person: birth moment, unborn flag and the last age found with the
  // birthdays around it (rules ask a person's age at many nearby times).
  private readonly ages = new Map<string, AgeInfo>();

  private ageInfo(id: string): AgeInfo {
    let a = this.ages.get(id);
    if (!a) {
      const p = this.people.get(id);
      const unborn = p?.unborn === true;
      const birth = unborn ? null : latestBirth(p?.birthDate);
      a = { unborn, birth, five: birth === null ? NaN : addMonths(birth, 60), adult: birth === null ? NaN : addMonths(birth, 216), age: -1, lo: Infinity, hi: -Infinity };
      this.ages.set(id, a);
    }
    return a;
  }

  /** Whole years of age at `t`, or null when the birth date is unknown. */
  ageAt(id: string, t: number): number | null {
    return this.ageOf(this.ageInfo(id), t);
  }

  private ageOf(a: AgeInfo, t: number): number | null {
    const b = a.birth;
    if (b === null) return null;
    if (t < b) return -1;
    if (a.lo <= t && t < a.hi) return a.age;
    // Estimate from the mean year, then settle against the (memoised) birthdays.
    let age = Math.floor((t - b) / (365.2425 * DAY));
    while (age > 0 && addMonths(b, 12 * age) > t) age--;
    let next = addMonths(b, 12 * (age + 1));
    while (next <= t) {
      age++;
      next = addMonths(b, 12 * (age + 1));
    }
    a.age = age;
    a.lo = addMonths(b, 12 * age);
    a.hi = next;
    return age;
  }

  /** The moment the person turns `years` old (null when the birth date is unknown). */
  birthday(id: string, years: number): number | null {
    const a = this.ageInfo(id);
    if (a.birth === null) return null;
    return years === 18 ? a.adult : years === 5 ? a.five : addMonths(a.birth, 12 * years);
  }

  /**
   * "Child": under 18 at `t`. Without a birth date a person is a child when an
   * agency recorded them in a child's role (child, child_present, baby, or as
   * the `from` of a parent relationship); an unborn person is not yet a child.
   */
  isChildAt(id: string, t: number): boolean {
    const a = this.ageInfo(id);
    if (a.unborn) return false;
    // Aged 0 to 17: born, and not yet 18.
    if (a.birth === null) return this.childRoleSeen.has(id);
    return a.birth <= t && t < a.adult;
  }

  isAdultAt(id: string, t: number): boolean {
    const a = this.ageInfo(id);
    if (a.unborn) return false;
    if (a.birth === null) return !this.childRoleSeen.has(id);
    return t >= a.adult;
  }

  /** "Under-5": computed from the linked date of birth only. */
  isUnder5At(id: string, t: number): boolean {
    const a = this.ageInfo(id);
    return a.birth !== null && a.birth <= t && t < a.five;
  }

  relationshipsOf(id: string): PictureRelationship[] {
    return this.relsByPerson.get(id) ?? [];
  }

  /**
   * People recorded as the person's parent or carer (any time): by a
   * relationship record, or as the parent in an event about the person as a
   * child (a referral naming child and parent, a birth naming mother and baby).
   */
  parents(id: string): string[] {
    const cached = this.parentsCache.get(id);
    if (cached) return cached;
    const out = new Set<string>(this.eventParents().get(id) ?? []);
    for (const r of this.relationshipsOf(id)) {
      if (r.from === id && PARENT_KINDS.has(r.kind)) out.add(r.to);
      if (r.to === id && r.kind === 'child') out.add(r.from);
    }
    out.delete(id);
    const v = [...out];
    this.parentsCache.set(id, v);
    return v;
  }

  // Family lookups are asked for by many rules and by every household link: found once per person.
  private readonly parentsCache = new Map<string, string[]>();
  private readonly childrenCache = new Map<string, string[]>();
  private readonly siblingsCache = new Map<string, string[]>();

  /** The inverse of `parents`: the person's children. */
  childrenOf(id: string): string[] {
    const cached = this.childrenCache.get(id);
    if (cached) return cached;
    const out = new Set<string>(this.eventChildren().get(id) ?? []);
    for (const r of this.relationshipsOf(id)) {
      if (r.to === id && PARENT_KINDS.has(r.kind)) out.add(r.from);
      if (r.from === id && r.kind === 'child') out.add(r.to);
    }
    out.delete(id);
    const v = [...out];
    this.childrenCache.set(id, v);
    return v;
  }

  private eventParentsCache: Map<string, Set<string>> | null = null;
  private eventChildrenCache: Map<string, Set<string>> | null = null;

  private eventParents(): Map<string, Set<string>> {
    if (this.eventParentsCache) return this.eventParentsCache;
    const parents = new Map<string, Set<string>>();
    const children = new Map<string, Set<string>>();
    for (const e of this.events) {
      const ps = e.subjects.filter((s) => EVENT_PARENT_ROLES.has(s.role)).map((s) => s.person);
      // More than two "parents" on one record is a meeting, not a family: no inference.
      if (ps.length === 0 || ps.length > 2) continue;
      for (const s of e.subjects) {
        if (!EVENT_CHILD_ROLES.has(s.role)) continue;
        for (const p of ps) {
          if (p === s.person) continue;
          (parents.get(s.person) ?? parents.set(s.person, new Set()).get(s.person))?.add(p);
          (children.get(p) ?? children.set(p, new Set()).get(p))?.add(s.person);
        }
      }
    }
    this.eventParentsCache = parents;
    this.eventChildrenCache = children;
    return parents;
  }

  private eventChildren(): Map<string, Set<string>> {
    this.eventParents();
    return this.eventChildrenCache ?? new Map();
  }

  /** Siblings: a `sibling` relationship, or a parent in common. */
  siblings(id: string): string[] {
    const cached = this.siblingsCache.get(id);
    if (cached) return cached;
    const out = new Set<string>();
    for (const r of this.relationshipsOf(id)) {
      if (r.kind === 'sibling') out.add(r.from === id ? r.to : r.from);
    }
    for (const p of this.parents(id)) for (const c of this.childrenOf(p)) out.add(c);
    out.delete(id);
    const v = [...out];
    this.siblingsCache.set(id, v);
    return v;
  }

  /** The person's addresses as time intervals with normalised keys. */
  addressIntervals(id: string): (Interval & { key: string; agency: Agency | undefined })[] {
    let v = this.addressIntervalsCache.get(id);
    if (v) return v;
    v = [];
    const addresses = this.people.get(id)?.addresses ?? [];
    for (let i = 0; i < addresses.length; i++) {
      const a = addresses[i] as PictureAddress;
      // Several records of one person often hold the same address: keep one per agency and period,
      // recognised by the strings as held before anything is normalised or parsed.
      let dup = false;
      for (let j = 0; j < i && !dup; j++) dup = sameHeld(a, addresses[j] as PictureAddress);
      if (dup) continue;
      const key = this.keyOf(a);
      if (!key) continue;
      v.push({ key, ...addressPeriod(a.from, a.to), agency: a.agency });
    }
    this.addressIntervalsCache.set(id, v);
    return v;
  }

  /** The person's periods at each address, whichever agencies hold them (overlapping records merged). */
  addressPeriods(id: string): (Interval & { key: string; agencies: Agency[] })[] {
    let v = this.periodsCache.get(id);
    if (v) return v;
    const intervals = this.addressIntervals(id);
    const sorted = intervals.length > 1 ? sortSmall([...intervals], byKeyThenFrom) : intervals;
    v = [];
    for (const a of sorted) {
      const last = v[v.length - 1];
      if (last && last.key === a.key && a.from <= last.to) {
        last.to = Math.max(last.to, a.to);
        if (a.agency && !last.agencies.includes(a.agency)) last.agencies.push(a.agency);
      } else v.push({ key: a.key, from: a.from, to: a.to, agencies: a.agency ? [a.agency] : [] });
    }
    this.periodsCache.set(id, v);
    return v;
  }

  private readonly periodsCache = new Map<string, (Interval & { key: string; agencies: Agency[] })[]>();

  /** Everyone's address periods at one address (built once per index). */
  private peopleAt(key: string): { person: string; from: number; to: number; agencies: Agency[] }[] {
    if (this.addressesByKey.size === 0) {
      for (const [pid] of this.people) for (const a of this.addressPeriods(pid)) push(this.addressesByKey, a.key, { person: pid, from: a.from, to: a.to, agencies: a.agencies });
    }
    return this.addressesByKey.get(key) ?? [];
  }

  /** Whether the person holds the address `key` at `t` (`addressesAt(id, t).includes(key)`, without building the list). */
  holdsAddressAt(id: string, key: string, t: number): boolean {
    for (const a of this.addressIntervals(id)) if (a.key === key && a.from <= t && t < a.to) return true;
    return false;
  }

  /** Address keys the person holds at `t`. */
  addressesAt(id: string, t: number): string[] {
    return this.addressIntervals(id)
      .filter((a) => a.from <= t && t < a.to)
      .map((a) => a.key);
  }

  /**
   * Household links of a person: everyone linked by a relationship record (for
   * the relationship's dates) or by sharing an address in any agency's records
   * (for the overlap of the two address periods), plus siblings by a common
   * parent. Not transitive beyond that: two lodgers at one address are linked,
   * a lodger's own relatives elsewhere are not.
   */
  householdLinks(id: string): HouseholdLink[] {
    const cached = this.linksCache.get(id);
    if (cached) return cached;
    // Address links name their agencies only once merged: most are merged away.
    const v: PendingLink[] = [];
    for (const r of this.relationshipsOf(id)) {
      const other = r.from === id ? r.to : r.from;
      if (other === id) continue;
      const from = r.start ? parseTime(r.start) : -Infinity;
      const to = r.end ? parseTime(r.end) : Infinity;
      v.push({ other, from, to, via: { relationship: r.ref, kind: r.kind }, key: '', mine: null, theirs: null });
    }
    // A parent's partner or household member lives with the child as far as any
    // record says: the "significant adults" the reviews found missing.
    for (const p of this.parents(id)) {
      for (const r of this.relationshipsOf(p)) {
        if (r.kind !== 'partner' && r.kind !== 'household_member') continue;
        const other = r.from === p ? r.to : r.from;
        if (other === id || other === p) continue;
        const from = r.start ? parseTime(r.start) : -Infinity;
        const to = r.end ? parseTime(r.end) : Infinity;
        v.push({ other, from, to, via: { relationship: r.ref, kind: `parent’s ${r.kind.replace('_', ' ')}` }, key: '', mine: null, theirs: null });
      }
    }
    for (const m of this.addressPeriods(id)) {
      for (const a of this.peopleAt(m.key)) {
        if (a.person === id) continue;
        const from = Math.max(m.from, a.from);
        const to = Math.min(m.to, a.to);
        if (from < to) v.push({ other: a.person, from, to, via: null, key: m.key, mine: m.agencies, theirs: a.agencies });
      }
    }
    const linked = new Set(v.map((l) => l.other));
    for (const s of this.siblings(id)) {
      if (!linked.has(s)) v.push({ other: s, from: -Infinity, to: Infinity, via: { relationship: { source: 'derived', id: 'common-parent' }, kind: 'sibling' }, key: '', mine: null, theirs: null });
    }
    // Many agencies record the same relationship or address: one link per person and period.
    // An unreadable relationship date (NaN) compares as equal to everything: leave that to the built-in sort.
    if (v.some((l) => Number.isNaN(l.from))) v.sort(byOtherThenFrom);
    else sortSmall(v, byOtherThenFrom);
    const merged: HouseholdLink[] = [];
    for (const l of v) {
      const last = merged[merged.length - 1];
      if (last && last.other === l.other && l.from <= last.to) last.to = Math.max(last.to, l.to);
      else merged.push({ other: l.other, from: l.from, to: l.to, via: l.via ?? { address: l.key, agencies: union(l.mine ?? [], l.theirs ?? []) } });
    }
    this.linksCache.set(id, merged);
    return merged;
  }

  /** The household of `id` at `t` (excluding `id`). */
  householdAt(id: string, t: number): string[] {
    const out = new Set<string>();
    for (const l of this.householdLinks(id)) if (l.from <= t && t < l.to) out.add(l.other);
    return [...out];
  }

  /** Whether `other` is in the household of `id` at `t` (`householdAt(id, t).includes(other)`, without building the list). */
  inHouseholdAt(id: string, other: string, t: number): boolean {
    for (const l of this.householdLinks(id)) if (l.other === other && l.from <= t && t < l.to) return true;
    return false;
  }

  /** Everyone ever in the household of `id` (excluding `id`). */
  householdEver(id: string): string[] {
    let v = this.everCache.get(id);
    if (!v) {
      v = [...new Set(this.householdLinks(id).map((l) => l.other))];
      this.everCache.set(id, v);
    }
    return v;
  }

  private readonly everCache = new Map<string, string[]>();

  /**
   * Events in which the child was "seen", as rules.md defines it: a `visit`
   * listing the child in `seen` (or with outcome `seen` and the child a subject
   * when no list is given), an attended `appointment`, or a `police_incident`
   * where the child was present and `childrenSeen` is true.
   */
  seenEvents(child: string): IEvent[] {
    let v = this.seenCache.get(child);
    if (v) return v;
    v = [];
    for (const e of this.kind('visit')) {
      const seen = e.data.seen;
      if (Array.isArray(seen)) {
        if (seen.includes(child)) v.push(e);
      } else if (e.data.outcome === 'seen' && hasSubject(e, child)) v.push(e);
    }
    for (const e of this.ofKind(child, 'appointment')) if (e.data.outcome === 'attended') v.push(e);
    for (const e of this.ofKind(child, 'police_incident')) {
      if (e.data.childrenSeen === true && hasSubject(e, child, ['child_present', 'child'])) v.push(e);
    }
    sortSmall(v, byTime);
    this.seenCache.set(child, v);
    return v;
  }

  /** Whether the child was seen in `[from, to]`; returns the first such event. */
  firstSeenBetween(child: string, from: number, to: number): IEvent | undefined {
    return this.seenEvents(child).find((e) => e.t >= from && e.t <= to);
  }

  /**
   * "Open involvement" periods of a person: a `plan` started and not ended
   * (matched by planId, else by plan type), or a Universal Plus (or higher)
   * `service_level` until a later service level for the same service replaces it.
   * MARAC cases are per victim: see `maracCases`.
   */
  involvements(id: string): Involvement[] {
    let v = this.involvementCache.get(id);
    if (v) return v;
    v = [];
    const open = new Map<string, IEvent>();
    // A plan's end closes it for everyone on it: the `ended` record often names
    // only the children, not the parent the start record named too.
    const plans: IEvent[] = [...this.ofKind(id, 'plan')];
    const mine = new Set(plans.map((e) => dataStr(e, 'planId')).filter((x): x is string => x !== undefined));
    if (mine.size > 0) {
      for (const e of this.kind('plan')) if (e.data.stage === 'ended' && mine.has(dataStr(e, 'planId') ?? '') && !hasSubject(e, id)) plans.push(e);
      plans.sort(byTime);
    }
    for (const e of plans) {
      const plan = dataStr(e, 'plan') ?? 'unknown';
      const key = dataStr(e, 'planId') ?? plan;
      if (e.data.stage === 'started') {
        if (!open.has(key)) open.set(key, e);
      } else if (e.data.stage === 'ended') {
        const s = open.get(key);
        if (s) {
          v.push({ level: dataStr(s, 'plan') ?? plan, from: s.t, to: e.t, start: s, end: e });
          open.delete(key);
        }
      }
    }
    for (const s of open.values()) v.push({ level: dataStr(s, 'plan') ?? 'unknown', from: s.t, to: Infinity, start: s, end: null });
    const levels = new Map<string, IEvent>();
    for (const e of this.ofKind(id, 'service_level')) {
      const service = dataStr(e, 'service') ?? e.agency;
      const prev = levels.get(service);
      if (prev) {
        pushLevel(v, prev, e);
        levels.delete(service);
      }
      const level = dataStr(e, 'level');
      if (level === 'universal_plus' || level === 'universal_partnership_plus') levels.set(service, e);
    }
    for (const e of levels.values()) pushLevel(v, e, null);
    for (const e of this.ofKind(id, 'case_closed')) {
      // Closing the early help case ends an early help plan that was never ended on its own.
      if (e.data.service === 'early_help') for (const i of v) if (i.level === 'early_help' && i.from <= e.t && i.to > e.t) { i.to = e.t; i.end = e; }
    }
    v.sort((a, b) => a.from - b.from);
    this.involvementCache.set(id, v);
    return v;
  }

  /** MARAC cases of a victim: referred until closed (or still open). */
  maracCases(victim: string): (Interval & { referral: IEvent; closed: IEvent | null; area: string | null })[] {
    const out: (Interval & { referral: IEvent; closed: IEvent | null; area: string | null })[] = [];
    let current: (Interval & { referral: IEvent; closed: IEvent | null; area: string | null }) | null = null;
    for (const e of this.ofKind(victim, 'marac')) {
      if (!isMaracVictim(e, victim)) continue;
      const stage = e.data.stage;
      if (stage === 'referred' && !current) {
        current = { from: e.t, to: Infinity, referral: e, closed: null, area: dataStr(e, 'area') ?? e.localAuthority };
        out.push(current);
      } else if (stage === 'closed' && current) {
        current.to = e.t;
        current.closed = e;
        current = null;
      } else if (stage === 'transfer_received' && current) {
        current.area = dataStr(e, 'area') ?? e.localAuthority ?? current.area;
      }
    }
    return out;
  }

  /** Whether the person has an open involvement (plan, targeted service, or MARAC case as victim) at `t`. */
  isOpenAt(id: string, t: number): boolean {
    return this.involvements(id).some((i) => i.from <= t && t < i.to) || this.maracCases(id).some((c) => c.from <= t && t < c.to);
  }

  /** People who appear as a victim of domestic abuse (candidates for victim-scoped rules). */
  victims(): string[] {
    const out = new Set<string>();
    for (const k of ['police_incident', 'da_disclosure', 'da_risk_assessment', 'marac']) {
      for (const e of this.kind(k)) for (const s of e.subjects) if (DA_ROLES.has(s.role) || (k === 'marac' && !NOT_VICTIM_ROLES.has(s.role))) out.add(s.person);
    }
    return [...out];
  }
}

/** A household link before merging: an address link keeps both people's agencies until it is kept. */
interface PendingLink extends Interval {
  other: string;
  via: HouseholdLink['via'] | null;
  key: string;
  mine: Agency[] | null;
  theirs: Agency[] | null;
}

/** Whether two address rows are the same as held (same strings, agency and period), before any normalising. */
function sameHeld(a: PictureAddress, b: PictureAddress): boolean {
  return (
    (a.postcode ?? '') === (b.postcode ?? '') &&
    (a.line1 ?? '') === (b.line1 ?? '') &&
    (a.from ?? '') === (b.from ?? '') &&
    (a.to ?? '') === (b.to ?? '') &&
    (a.agency ?? '') === (b.agency ?? '')
  );
}

/** The agencies of both lists, once each (the lists are a handful long; this runs for every pair of people at an address). */
function union(a: Agency[], b: Agency[]): Agency[] {
  let out: Agency[] | null = null;
  for (const x of b) {
    if (a.includes(x) || out?.includes(x)) continue;
    out ??= [...a];
    out.push(x);
  }
  return out ?? a.slice();
}

function pushLevel(v: Involvement[], start: IEvent, end: IEvent | null): void {
  const n = dataNum(start, 'contactEveryDays');
  const inv: Involvement = { level: dataStr(start, 'level') ?? 'universal_plus', from: start.t, to: end ? end.t : Infinity, start, end };
  if (n !== undefined) inv.contactEveryDays = n;
  v.push(inv);
}

const EMPTY: IEvent[] = [];

// A MARAC record is about its victim: a perpetrator named on it is not the case's subject.
const NOT_VICTIM_ROLES = new Set(['perpetrator', 'suspect']);

export function isMaracVictim(e: IEvent, person: string): boolean {
  return e.subjects.some((s) => s.person === person && !NOT_VICTIM_ROLES.has(s.role));
}

export function byTime(a: IEvent, b: IEvent): number {
  return a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

const byKeyThenFrom = (x: { key: string; from: number }, y: { key: string; from: number }): number => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.from - y.from);
const byOtherThenFrom = (x: { other: string; from: number }, y: { other: string; from: number }): number => (x.other < y.other ? -1 : x.other > y.other ? 1 : x.from - y.from);

/**
 * Sorts in place, stably, as Array.prototype.sort does: by insertion for the
 * short lists of one household (a few times faster than the built-in there),
 * by the built-in beyond 32. Only for comparators that are a consistent order
 * (no NaN times), where every stable sort gives the same result.
 */
export function sortSmall<T>(a: T[], cmp: (x: T, y: T) => number): T[] {
  if (a.length > 32) return a.sort(cmp);
  for (let i = 1; i < a.length; i++) {
    const v = a[i] as T;
    let j = i - 1;
    while (j >= 0 && cmp(a[j] as T, v) > 0) {
      a[j + 1] = a[j] as T;
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function indexPicture(picture: Picture, asOf: string | number): PictureIndex {
  const t = typeof asOf === 'number' ? asOf : parseTime(asOf);
  if (Number.isNaN(t)) throw new Error(`asOf is not a date: ${String(asOf)}`);
  return new PictureIndex(picture, t);
}

export { DAY };
