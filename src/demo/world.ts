// Run-wide state: options, the data window and the counters that make ids
// unique. Everything else is made household by household from a forked
// random stream, so memory stays flat however many children are asked for.

import { addYears, dayOf, type Day } from './dates.ts';
import { nhsNumber, upn } from './ids.ts';
import { NAME_GROUPS, STREET_KINDS, STREET_STEMS, type NameGroup } from './data/names.ts';
import { NICKNAMES } from './data/nicknames.ts';
import { LOCAL_AUTHORITIES, laByName, postcodeFor, randomPhone, type LocalAuthority } from './partnership.ts';
import { Rng, WeightedTable } from './rng.ts';
import type { Address, Person, Sex } from './model.ts';

export interface WorldOptions {
  seed: string;
  asOf: Day;
  /** years of agency history before asOf that records cover */
  historyYears: number;
  /** children the partnership is asked for: a larger partnership has more streets (see streetsOf) */
  children?: number;
}

export class World {
  readonly seed: string;
  readonly asOf: Day;
  readonly windowStart: Day;
  readonly rng: Rng;
  /** Sets of STREETS_PER_SET streets each local authority has (see streetsOf). */
  readonly streetSets: number;
  private personCount = 0;
  private upnCount = 0;
  private householdCount = 0;
  private readonly recordCounters = new Map<string, number>();
  private readonly nhsSalt: number;

  constructor(o: WorldOptions) {
    this.seed = o.seed;
    this.asOf = o.asOf;
    this.windowStart = addYears(o.asOf, -o.historyYears);
    this.rng = new Rng(`seen-demo/${o.seed}`);
    this.streetSets = Math.max(1, Math.ceil((o.children ?? 0) / CHILDREN_PER_STREET_SET));
    this.nhsSalt = this.rng.fork('nhs').int(0, 99_999_999);
  }

  nextHid(): string {
    this.householdCount++;
    return `H-${String(this.householdCount).padStart(6, '0')}`;
  }

  nextPid(): { pid: string; nhs: string } {
    this.personCount++;
    return { pid: `P-${String(this.personCount).padStart(7, '0')}`, nhs: nhsNumber(this.personCount, this.nhsSalt) };
  }

  nextUpn(allocatedYear: number): string {
    this.upnCount++;
    return upn(this.upnCount, 887, allocatedYear);
  }

  /** The next record id of a source, e.g. NOM0001234. */
  nextRecordId(sourceId: string, prefix: string, pad: number): string {
    const n = (this.recordCounters.get(sourceId + '|' + prefix) ?? 0) + 1;
    this.recordCounters.set(sourceId + '|' + prefix, n);
    return `${prefix}${String(n).padStart(pad, '0')}`;
  }

  get people(): number {
    return this.personCount;
  }
}

// ---------------------------------------------------------------- names

const groupTable = new WeightedTable(NAME_GROUPS.map((g) => [g, g.share] as const));
const tables = new Map<string, { female: WeightedTable<string>; male: WeightedTable<string>; surnames: WeightedTable<string> }>();
function tablesOf(g: NameGroup) {
  let t = tables.get(g.id);
  if (!t) {
    t = { female: new WeightedTable(g.female), male: new WeightedTable(g.male), surnames: new WeightedTable(g.surnames) };
    tables.set(g.id, t);
  }
  return t;
}

export function groupById(id: string): NameGroup {
  const g = NAME_GROUPS.find((x) => x.id === id);
  if (!g) throw new Error(`unknown name group ${id}`);
  return g;
}

export function pickGroup(rng: Rng): NameGroup {
  return groupTable.pick(rng);
}

export function givenName(rng: Rng, group: NameGroup, sex: Sex): string {
  return tablesOf(group)[sex].pick(rng);
}

export function surname(rng: Rng, group: NameGroup): string {
  return tablesOf(group).surnames.pick(rng);
}

/** A partner's group: most couples share a group; mixed couples are common enough to matter. */
export function partnerGroup(rng: Rng, g: NameGroup): NameGroup {
  return rng.chance(0.85) ? g : pickGroup(rng);
}

export interface NewPerson {
  sex: Sex;
  group: NameGroup;
  dob: Day;
  family: string;
  given?: string;
  child: boolean;
}

export function makePerson(world: World, rng: Rng, o: NewPerson): Person {
  const { pid, nhs } = world.nextPid();
  const given = o.given ?? givenName(rng, o.group, o.sex);
  const p: Person = { pid, sex: o.sex, given, surnames: [{ from: o.dob, family: o.family }], dob: o.dob, nhs, group: o.group.id, child: o.child };
  if (rng.chance(o.group.middleName)) {
    let m = givenName(rng, o.group, o.sex);
    if (m === given) m = givenName(rng, o.group, o.sex);
    if (m !== given) p.middle = m;
  }
  const nicks = NICKNAMES[given];
  if (nicks && rng.chance(0.5)) p.nickname = rng.pick(nicks);
  if (!o.child) p.phone = randomPhone(rng);
  return p;
}

// ---------------------------------------------------------------- places

interface Street {
  name: string;
  estate: boolean;
}
const streetCache = new Map<string, Street[]>();

// Homes are drawn at random from each authority's streets. With a fixed
// number of streets, a larger partnership crowded unrelated families into
// the same homes at the same time: at 5,000 children 2% of current homes
// were shared by two households, at 25,000 8%, at 250,000 46% (up to 11
// households in one flat), which chained strangers into households of
// hundreds. Each further 5,000 children bring another set of streets, so
// homes are as rarely shared at any size. Up to 5,000 children (the default
// demo and every test) the streets are as they always were.
const STREETS_PER_SET = 240;
const CHILDREN_PER_STREET_SET = 5000;

/**
 * Each local authority's streets: fixed for the partnership, whatever the
 * seed. Names are unique within a set; a name in two sets is two streets
 * (in different postcodes), as towns have more than one Church Road.
 */
function streetsOf(la: LocalAuthority, sets: number): Street[] {
  let s = streetCache.get(la.code);
  if (!s || s.length < sets * STREETS_PER_SET) {
    const stems = new WeightedTable(STREET_STEMS);
    const kinds = new WeightedTable(STREET_KINDS);
    s = [];
    for (let set = 0; set < sets; set++) {
      const r = new Rng(set === 0 ? `streets/${la.code}` : `streets/${la.code}/${set}`);
      const seen = new Set<string>();
      while (seen.size < STREETS_PER_SET) {
        const name = `${stems.pick(r)} ${kinds.pick(r)}`;
        if (seen.has(name)) continue;
        seen.add(name);
        s.push({ name, estate: r.chance(0.2) });
      }
    }
    streetCache.set(la.code, s);
  }
  return s;
}

export function makeAddress(world: World, rng: Rng, laName: string, kind: Address['kind'] = 'home'): Address {
  const la = laByName(laName);
  const streets = streetsOf(la, world.streetSets);
  const si = rng.int(0, world.streetSets * STREETS_PER_SET - 1);
  const st = streets[si] as Street;
  const num = rng.int(1, st.estate ? 60 : 180);
  let line1: string;
  if (kind === 'refuge') line1 = `${num} ${st.name}`;
  else if (kind === 'hostel') line1 = `Room ${rng.int(1, 40)}, ${st.name.split(' ')[0]} House, ${num} ${st.name}`;
  else if (st.estate) line1 = `Flat ${rng.int(1, 48)}, ${st.name.split(' ')[0]} ${rng.pick(['House', 'Court', 'Lodge', 'Point'])}, ${st.name}`;
  else if (rng.chance(0.3)) line1 = `Flat ${rng.pick(['A', 'B', 'C', '1', '2', '3'])}, ${num} ${st.name}`;
  else line1 = `${num} ${st.name}`;
  return {
    line1,
    town: la.name,
    postcode: postcodeFor(la, si, Math.floor(num / 20)),
    la: la.name,
    kind,
    sealed: kind === 'refuge',
  };
}

export function neighbourLa(rng: Rng): string {
  return rng.pick(LOCAL_AUTHORITIES.filter((l) => !l.home)).name;
}

export const ASOF_DEFAULT = dayOf('2026-11-01');
