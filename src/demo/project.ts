// Projection: one true household → each agency's own records of it, with
// that agency's own data quality. The same person becomes a GP patient with
// an NHS number and a stale address, a police nominal with a nickname and a
// mistyped date of birth, a pupil with a UPN, a tenant known only by name.

import { iso, isoAt, type Day } from './dates.ts';
import { transposeDigits } from './ids.ts';
import type { Address, Household, Person, TrueEvent } from './model.ts';
import { surnameOn } from './model.ts';
import { NICKNAMES } from './data/nicknames.ts';
import { source, type AgencyKind } from './partnership.ts';
import type { Rng } from './rng.ts';
import type { World } from './world.ts';

/** Data quality of one agency's person records. Shares of records affected. */
export interface Quality {
  nameTypo: number;
  nickname: number;
  swapNames: number;
  keepMiddle: number;
  dobMissing: number;
  dobMissingAdult: number;
  dobYearOnly: number;
  dobTypo: number;
  nhs: number;
  nhsAdult: number;
  nhsTypo: number;
  duplicate: number;
  staleAddress: number;
  phone: number;
  alias: number;
  /** newborns recorded as "Baby <surname>" before they are named */
  babyName: number;
}

const base: Quality = {
  nameTypo: 0.015,
  nickname: 0.02,
  swapNames: 0.003,
  keepMiddle: 0.7,
  dobMissing: 0.01,
  dobMissingAdult: 0.05,
  dobYearOnly: 0.005,
  dobTypo: 0.01,
  nhs: 0,
  nhsAdult: 0,
  nhsTypo: 0,
  duplicate: 0.01,
  staleAddress: 0,
  phone: 0.4,
  alias: 0,
  babyName: 0,
};

export const QUALITY: Record<AgencyKind, Quality> = {
  csc: { ...base, nhs: 0.6, nhsAdult: 0.3, dobMissingAdult: 0.15, duplicate: 0.02, alias: 0.2 },
  early_help: { ...base, nhs: 0.3, nhsAdult: 0.1, dobMissingAdult: 0.25, duplicate: 0.01 },
  police: { ...base, nameTypo: 0.04, nickname: 0.25, swapNames: 0.01, keepMiddle: 0.3, dobMissing: 0.1, dobMissingAdult: 0.12, dobYearOnly: 0.04, dobTypo: 0.05, duplicate: 0.06, phone: 0.6, alias: 0.5 },
  health_visiting: { ...base, nameTypo: 0.01, nickname: 0, keepMiddle: 0.9, nhs: 1, nhsAdult: 1, nhsTypo: 0.003, duplicate: 0.01, staleAddress: 0.25, dobTypo: 0.005 },
  midwifery: { ...base, nameTypo: 0.01, nickname: 0, keepMiddle: 0.9, nhs: 1, nhsAdult: 1, nhsTypo: 0.003, duplicate: 0.01, staleAddress: 0.1, babyName: 0.5, dobTypo: 0.005 },
  gp: { ...base, nameTypo: 0.01, nickname: 0, keepMiddle: 0.95, nhs: 1, nhsAdult: 1, nhsTypo: 0.002, duplicate: 0.015, staleAddress: 0.25, dobTypo: 0.003 },
  hospital: { ...base, nameTypo: 0.02, nickname: 0.02, keepMiddle: 0.6, nhs: 0.9, nhsAdult: 0.85, nhsTypo: 0.005, duplicate: 0.03, staleAddress: 0.3, dobTypo: 0.01 },
  school: { ...base, nameTypo: 0.01, nickname: 0.03, keepMiddle: 0.8, dobMissingAdult: 0.9, duplicate: 0.005, staleAddress: 0.1, dobTypo: 0.005 },
  nursery: { ...base, nameTypo: 0.015, nickname: 0.05, keepMiddle: 0.5, dobMissingAdult: 0.95, duplicate: 0.005, staleAddress: 0.1 },
  housing: { ...base, nameTypo: 0.02, keepMiddle: 0.5, dobMissing: 0.5, dobMissingAdult: 0.2, duplicate: 0.01 },
  probation: { ...base, nameTypo: 0.01, nhsAdult: 0.2, alias: 0.6, dobMissingAdult: 0 },
  idva: { ...base, nameTypo: 0.02, keepMiddle: 0.3, dobMissingAdult: 0.3, phone: 0.9 },
  marac: { ...base, nameTypo: 0.02, keepMiddle: 0.3, dobMissingAdult: 0.3, dobYearOnly: 0.05 },
};

export interface ProjectStats {
  /** identifiers deliberately mistyped so that they fail their check (the parser warns) */
  invalidIdentifiers: number;
}

export interface Projected {
  lines: string[];
  truth: string[];
  records: number;
}

const KEYBOARD: Record<string, string> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n', n: 'bm', o: 'ip', p: 'o',
  q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

/** One keying error: a neighbouring key, a dropped, doubled or swapped letter. */
export function typo(rng: Rng, s: string): string {
  if (s.length < 4) return s;
  const i = rng.int(1, s.length - 2);
  const ch = s[i] ?? '';
  switch (rng.int(0, 3)) {
    case 0: {
      const near = KEYBOARD[ch.toLowerCase()];
      return near ? s.slice(0, i) + rng.pick(near.split('')) + s.slice(i + 1) : s.slice(0, i) + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + ch + s.slice(i);
    default:
      return s.slice(0, i) + (s[i + 1] ?? '') + ch + s.slice(i + 2);
  }
}

/** A date of birth as a careless keyboard writes it: day and month swapped, a digit off, the year slipped. */
export function dobTypo(rng: Rng, dob: string): string {
  const y = Number(dob.slice(0, 4));
  const m = Number(dob.slice(5, 7));
  const d = Number(dob.slice(8, 10));
  const pad = (n: number) => String(n).padStart(2, '0');
  const r = rng.int(0, 2);
  if (r === 0 && d <= 12 && d !== m) return `${y}-${pad(d)}-${pad(m)}`;
  if (r === 1) {
    const nd = d <= 19 ? d + 10 > 28 ? d - 1 : d + 10 : d - 10;
    return `${y}-${pad(m)}-${pad(Math.max(1, nd))}`;
  }
  return `${y + (rng.chance(0.5) ? 1 : -1)}-${pad(m)}-${pad(Math.min(d, 28))}`;
}

interface Rec {
  id: string;
  created: Day;
}

function sefAddress(a: Address, from?: Day, to?: Day | null): Record<string, unknown> {
  const o: Record<string, unknown> = { line1: a.line1, town: a.town, postcode: a.postcode };
  if (from !== undefined) o.from = iso(from);
  if (to !== undefined) o.to = to === null ? null : iso(to);
  o.kind = a.kind;
  if (a.sealed) o.sealed = true;
  return o;
}

/** Agencies that record family relationships between their own records. */
const RECORDS_FAMILY: ReadonlySet<AgencyKind> = new Set(['csc', 'early_help', 'health_visiting', 'midwifery', 'school', 'nursery']);
/** Agencies that hear about sealed addresses because they work with the family there. */
const KNOWS_SEALED: ReadonlySet<AgencyKind> = new Set(['csc', 'early_help', 'health_visiting', 'idva', 'marac', 'gp', 'housing']);

/**
 * Turns a household into SEF lines and truth lines. Person records come first,
 * then relationships, then events in time order, so that every reference is
 * to a person already written.
 */
/** Quality with every random fault switched off: what each agency holds, as it should hold it (the hand-checked scenario files). */
function cleanQuality(q: Quality): Quality {
  return { ...q, nameTypo: 0, nickname: 0, swapNames: 0, keepMiddle: 1, dobMissing: 0, dobMissingAdult: 0, dobYearOnly: 0, dobTypo: 0, nhsTypo: 0, duplicate: 0, staleAddress: 0, phone: 0, alias: 0, babyName: 0 };
}

export interface ProjectOptions {
  /** no random data-quality faults (scenario files) */
  clean?: boolean;
  /** `// comment` lines citing the review before each record that has one */
  comments?: boolean;
}

export function project(world: World, rng: Rng, h: Household, stats: ProjectStats, opts: ProjectOptions = {}): Projected {
  const asOf = world.asOf;
  const persons = new Map(h.persons.map((p) => [p.pid, p]));
  // (src, pid) → first and last contact
  const contact = new Map<string, { src: string; pid: string; first: Day; last: Day }>();
  const touch = (src: string, pid: string, d: Day) => {
    const k = `${src}\u0000${pid}`;
    const c = contact.get(k);
    if (!c) contact.set(k, { src, pid, first: d, last: d });
    else {
      if (d < c.first) c.first = d;
      if (d > c.last) c.last = d;
    }
  };
  for (const r of h.registrations) {
    touch(r.src, r.pid, r.at);
    // An agency keeps up with a person until they register elsewhere with the same kind of agency.
    const ag = source(r.src).agency;
    let until = asOf;
    for (const o of h.registrations) if (o.pid === r.pid && o.src !== r.src && o.at > r.at && o.at < until && source(o.src).agency === ag) until = o.at;
    touch(r.src, r.pid, until);
  }
  const events = [...h.events].filter((e) => e.day <= asOf).sort((a, b) => a.day - b.day || (a.minute ?? 0) - (b.minute ?? 0));
  for (const e of events) {
    for (const s of e.subjects) touch(e.src, s.pid, e.day);
    const seen = e.data.seen;
    if (Array.isArray(seen)) for (const pid of seen) touch(e.src, String(pid), e.day);
  }
  for (const r of h.relationships) {
    touch(r.src, r.from, r.start ?? asOf);
    touch(r.src, r.to, r.start ?? asOf);
  }

  const lines: string[] = [];
  const recs = new Map<string, Rec[]>();
  const truthRecords = new Map<string, { source: string; id: string }[]>();

  // Person records, source by source in a stable order.
  const keys = [...contact.keys()].sort();
  for (const k of keys) {
    const c = contact.get(k);
    if (!c) continue;
    const p = persons.get(c.pid);
    if (!p) throw new Error(`household ${h.hid}: ${c.pid} is not a person of the household`);
    const src = source(c.src);
    const q = opts.clean ? cleanQuality(QUALITY[src.agency]) : QUALITY[src.agency];
    const n = rng.chance(q.duplicate) ? 2 : 1;
    const list: Rec[] = [];
    for (let i = 0; i < n; i++) {
      const created = i === 0 ? c.first : c.first + Math.floor((c.last - c.first) * rng.next());
      const id = world.nextRecordId(src.id, src.personPrefix, src.pad);
      list.push({ id, created });
      lines.push(JSON.stringify(personRecord(rng, h, p, src.id, src.agency, q, id, created, c.last, stats)));
      const t = truthRecords.get(p.pid) ?? [];
      t.push({ source: src.id, id });
      truthRecords.set(p.pid, t);
    }
    recs.set(k, list);
  }
  const refOn = (src: string, pid: string, d: Day): string => {
    const list = recs.get(`${src}\u0000${pid}`);
    if (!list || list.length === 0) throw new Error(`no ${src} record of ${pid}`);
    const usable = list.filter((r) => r.created <= d);
    const pool = usable.length > 0 ? usable : list;
    return (pool.length === 1 ? pool[0] : rng.pick(pool))?.id ?? '';
  };

  // Relationships: the ones scenarios wrote, and the family links of agencies that record them.
  const rels = [...h.relationships];
  const present = (src: string, pid: string) => recs.has(`${src}\u0000${pid}`);
  const srcs = new Set([...contact.values()].map((c) => c.src));
  for (const s of [...srcs].sort()) {
    const ag = source(s).agency;
    if (!RECORDS_FAMILY.has(ag)) continue;
    for (const pa of h.parentage) {
      if (!present(s, pa.child)) continue;
      if (pa.mother && present(s, pa.mother) && !rels.some((r) => r.src === s && r.from === pa.child && r.to === pa.mother))
        rels.push({ src: s, from: pa.child, to: pa.mother, kind: ag === 'school' || ag === 'nursery' ? 'parent' : 'mother', start: persons.get(pa.child)?.dob ?? asOf });
      if (pa.father && present(s, pa.father) && !rels.some((r) => r.src === s && r.from === pa.child && r.to === pa.father))
        rels.push({ src: s, from: pa.child, to: pa.father, kind: ag === 'school' || ag === 'nursery' ? 'parent' : 'father', start: persons.get(pa.child)?.dob ?? asOf });
    }
    if (ag === 'csc' || ag === 'early_help') {
      for (const m of h.members) {
        if (m.role !== 'step_parent' || !present(s, m.pid)) continue;
        for (const pa of h.parentage) {
          if (!present(s, pa.child) || pa.father === m.pid) continue;
          rels.push({ src: s, from: pa.child, to: m.pid, kind: 'step_parent', start: m.from, end: m.to });
        }
      }
    }
  }
  for (const r of rels) {
    if (!present(r.src, r.from) || !present(r.src, r.to)) continue;
    const o: Record<string, unknown> = {
      type: 'relationship',
      source: r.src,
      id: world.nextRecordId(r.src, 'REL', 7),
      from: refOn(r.src, r.from, r.start ?? asOf),
      to: refOn(r.src, r.to, r.start ?? asOf),
      kind: r.kind,
    };
    if (r.start !== undefined) o.start = iso(Math.max(r.start, 0));
    if (r.end !== undefined && r.end !== null) o.end = iso(r.end);
    if (o.from === o.to) continue;
    lines.push(JSON.stringify(o));
  }

  // Events.
  for (const e of events) {
    const src = source(e.src);
    e.id ??= world.nextRecordId(src.id, src.eventPrefix, 7);
    const data: Record<string, unknown> = { ...e.data };
    if (Array.isArray(data.seen)) data.seen = (data.seen as string[]).map((pid) => refOn(e.src, pid, e.day));
    const o: Record<string, unknown> = {
      type: 'event',
      source: e.src,
      id: e.id,
      kind: e.kind,
      at: e.minute !== undefined ? isoAt(e.day, e.minute) : iso(e.day),
      subjects: e.subjects.map((s) => ({ person: refOn(e.src, s.pid, e.day), role: s.role })),
    };
    if (e.address) o.address = sefAddress(e.address);
    o.data = data;
    if (e.text) o.text = e.text;
    if (opts.comments && e.tag) lines.push(`// ${e.tag}`);
    lines.push(JSON.stringify(o));
  }

  const truth: string[] = [];
  for (const p of h.persons) {
    const r = truthRecords.get(p.pid);
    if (r) truth.push(JSON.stringify({ type: 'person', person: p.pid, records: r }));
  }
  return { lines, truth, records: lines.filter((l) => !l.startsWith('//')).length };
}

function personRecord(
  rng: Rng,
  h: Household,
  p: Person,
  src: string,
  agency: AgencyKind,
  q: Quality,
  id: string,
  created: Day,
  last: Day,
  stats: ProjectStats,
): Record<string, unknown> {
  const adult = !p.child;
  // One version per record: the agency's latest, so a baby booked in pregnancy and since born is named.
  const unborn = p.dob > last;
  let given: string | undefined = p.given;
  let family = surnameOn(p, created);
  if (unborn) family = surnameOn(h.persons.find((x) => h.parentage.some((pa) => pa.child === p.pid && pa.mother === x.pid)) ?? p, created);
  if (rng.chance(q.nickname)) given = p.nickname ?? (NICKNAMES[p.given] ? rng.pick(NICKNAMES[p.given] ?? []) : given);
  if (rng.chance(q.nameTypo)) {
    if (rng.chance(0.5)) given = typo(rng, given);
    else family = typo(rng, family);
  }
  // Hyphenated names are often cut to one half by whoever types them.
  if (family.includes('-') && rng.chance(0.3)) family = rng.pick(family.split('-'));
  const name: Record<string, unknown> = {};
  if (unborn || (p.dob >= created - 10 && rng.chance(q.babyName))) {
    given = 'Baby';
  }
  if (rng.chance(q.swapNames) && !unborn) {
    name.given = family;
    name.family = given;
  } else {
    name.given = given;
    if (p.middle && rng.chance(q.keepMiddle) && given !== 'Baby') name.middle = p.middle;
    name.family = family;
  }
  const o: Record<string, unknown> = { type: 'person', source: src, id, name };
  const aliases: Record<string, unknown>[] = [];
  if (p.alias && rng.chance(q.alias)) aliases.push({ given: p.alias.given, family: p.alias.family });
  if (p.surnames.length > 1 && rng.chance(q.alias)) {
    const other = p.surnames.find((s) => s.family !== family);
    if (other) aliases.push({ given: p.given, family: other.family });
  }
  if (aliases.length > 0) o.aliases = aliases;
  if (unborn) {
    o.unborn = true;
    o.expectedDate = iso(p.dob);
  } else {
    const missing = adult ? q.dobMissingAdult : q.dobMissing;
    if (!rng.chance(missing)) {
      let dob = iso(p.dob);
      if (rng.chance(q.dobTypo)) dob = dobTypo(rng, dob);
      if (rng.chance(q.dobYearOnly)) dob = dob.slice(0, rng.chance(0.5) ? 4 : 7);
      o.birthDate = dob;
    }
  }
  o.sex = unborn && rng.chance(0.6) ? 'unknown' : p.sex;
  if (!unborn && rng.chance(adult ? q.nhsAdult : q.nhs)) {
    let nhs = p.nhs;
    if (rng.chance(q.nhsTypo)) {
      const t = transposeDigits(nhs, rng.int(0, 8));
      if (t !== nhs) {
        nhs = t;
        stats.invalidIdentifiers++; // counted even if the swap happens to pass the check: the test tolerates ≤ this many
      }
    }
    o.nhsNumber = rng.chance(0.2) ? `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}` : nhs;
  }
  if (agency === 'school' && p.upn) o.upn = p.upn;

  // Addresses the agency knows: where the person lived while in contact.
  const known = h.residences
    .filter((r) => r.pids.includes(p.pid) && (r.from < last || r.from <= created) && (r.to === null || r.to > created))
    .filter((r) => !r.addr.sealed || KNOWS_SEALED.has(agency))
    .sort((a, b) => a.from - b.from);
  let addrs = known;
  if (addrs.length > 1 && rng.chance(q.staleAddress)) addrs = addrs.slice(0, 1);
  if (agency === 'police' && addrs.length > 2) addrs = addrs.slice(-2);
  if (addrs.length > 0) {
    o.addresses = addrs.map((r, i) => {
      const stale = i === addrs.length - 1 && addrs.length < known.length;
      return sefAddress(r.addr, r.from, stale ? null : r.to);
    });
  }
  if (adult && p.phone && rng.chance(q.phone)) o.phones = [p.phone];
  o.recordedAt = isoAt(created, 540 + rng.int(0, 480));
  return o;
}
