// The background population: households that look like England's families
// with dependent children. Every rate is a named parameter in RATES and is
// explained in README.md.

import { addMonths, addYears, type Day } from './dates.ts';
import type { Address, Household, Membership, Person, Residence, Sex } from './model.ts';
import { HOME } from './partnership.ts';
import type { Rng } from './rng.ts';
import { givenName, makeAddress, makePerson, neighbourLa, partnerGroup, pickGroup, surname, type World } from './world.ts';
import type { NameGroup } from './data/names.ts';

export const RATES = {
  /** family types among households with dependent children */
  familyType: [
    ['couple', 0.6],
    ['stepfamily', 0.1],
    ['lone_mother', 0.22],
    ['lone_father', 0.03],
    ['multigenerational', 0.05],
  ] as const,
  /** children born to a family over its life */
  childrenPerFamily: [
    [1, 0.42],
    [2, 0.38],
    [3, 0.14],
    [4, 0.05],
    [5, 0.01],
  ] as const,
  /** mother's age at first birth: mean and spread in years */
  firstBirthAge: { mean: 29, sd: 5.5, min: 16, max: 44 },
  /** years between births: minimum plus an exponential gap */
  birthGap: { min: 0.9, meanExtra: 1.8 },
  /** share of maternities that are twins */
  twins: 0.015,
  /** a son given his father's given name ("junior") */
  juniorSon: 0.03,
  /** married couples whose children and mother take the father's surname */
  married: 0.6,
  /** children given a hyphenated double surname (unmarried parents) */
  hyphenated: 0.1,
  /** lone mothers whose children have different fathers */
  differentFathers: 0.3,
  /** children with no father known to anyone */
  fatherUnknown: 0.15,
  /** lone parents who later take a new partner into the household */
  newPartner: 0.3,
  /** tenure, and mean years between moves */
  tenure: [
    ['owner', 0.5, 9],
    ['private_rent', 0.3, 3],
    ['social_rent', 0.2, 7],
  ] as const,
  /** a move that crosses into (or out of) a neighbouring authority */
  crossBoundaryMove: 0.2,
  /** households living in a neighbouring authority when first known */
  startOutsideHome: 0.15,
  /** renters passing through temporary accommodation when they move */
  temporaryAccommodation: 0.05,
  /** a grandparent living with the family who dies during the history */
  grandparentDies: 0.1,
  /** a married mother who goes back to her own surname after the couple separate */
  revertSurname: 0.3,
  /** a mother in a stepfamily who marries her new partner and takes his surname */
  remarry: 0.4,
  /** her older children then take their stepfather's surname too */
  childTakesStepName: 0.25,
} as const;

export interface Family {
  h: Household;
  mother: Person;
  fathers: Person[];
  /** the mother's partner living in the household, if any, with dates */
  partners: { p: Person; from: Day; to: Day | null }[];
  children: Person[];
  grandparent?: Person;
  tenure: 'owner' | 'private_rent' | 'social_rent';
  group: NameGroup;
  /** the household's address at asOf */
  current: Residence;
}

function yearsToDays(y: number): number {
  return Math.round(y * 365.25);
}

/** Builds one background family. Counts only children born on or before asOf. */
export function buildFamily(world: World, rng: Rng, o: { maxChildren?: number; eldestDob?: Day; type?: string } = {}): Family {
  const asOf = world.asOf;
  const group = pickGroup(rng);
  const type = o.type ?? rng.weighted(RATES.familyType);
  const target = Math.min(rng.weighted(RATES.childrenPerFamily), o.maxChildren ?? 9);
  const eldestDob = o.eldestDob ?? asOf - rng.int(20, yearsToDays(17.9));
  const fb = RATES.firstBirthAge;
  const firstAge = Math.max(fb.min, Math.min(fb.max, rng.normal(fb.mean, fb.sd)));
  const motherDob = eldestDob - yearsToDays(firstAge) - rng.int(0, 200);
  const h: Household = { hid: world.nextHid(), persons: [], members: [], residences: [], relationships: [], registrations: [], events: [], parentage: [] };

  const motherFamily = surname(rng, group);
  const mother = makePerson(world, rng, { sex: 'female', group, dob: motherDob, family: motherFamily, child: false });
  h.persons.push(mother);

  // Birth dates: gaps of at least 11 months, twins on the same day.
  const dobs: Day[] = [];
  let d = eldestDob;
  while (dobs.length < target) {
    dobs.push(d);
    if (dobs.length < target && rng.chance(RATES.twins)) {
      dobs.push(d);
    }
    d += yearsToDays(RATES.birthGap.min + rng.exp(RATES.birthGap.meanExtra));
    if (d > asOf) break;
  }
  const births = dobs.filter((x) => x <= asOf);

  // Fathers and partners.
  const fathers: Person[] = [];
  const partners: Family['partners'] = [];
  const fatherOf: (Person | null)[] = [];
  const mkFather = (aboutDob: Day): Person => {
    const fg = partnerGroup(rng, group);
    const f = makePerson(world, rng, { sex: 'male', group: fg, dob: aboutDob - yearsToDays(firstAge + rng.normal(2.5, 4)), family: surname(rng, fg), child: false });
    fathers.push(f);
    h.persons.push(f);
    return f;
  };
  const first = births[0] ?? eldestDob;
  if (type === 'couple' || type === 'multigenerational') {
    const f = mkFather(first);
    partners.push({ p: f, from: first - rng.int(300, 3000), to: null });
    for (const _ of births) fatherOf.push(f);
  } else if (type === 'stepfamily') {
    const ex = mkFather(first);
    const splitAt = births.length > 1 ? Math.floor(births.length / 2) : 1;
    const stepFrom = (births[splitAt - 1] ?? first) + rng.int(200, 900);
    const step = mkFather(stepFrom);
    partners.push({ p: ex, from: first - rng.int(300, 1500), to: stepFrom - rng.int(60, 400) });
    partners.push({ p: step, from: Math.min(stepFrom, asOf - 30), to: null });
    births.forEach((b, i) => fatherOf.push(i < splitAt || b < stepFrom ? ex : step));
  } else if (type === 'lone_father') {
    const f = mkFather(first);
    partners.push({ p: f, from: first - rng.int(300, 2000), to: null });
    for (const _ of births) fatherOf.push(f);
  } else {
    // lone mother
    let f: Person | null = rng.chance(RATES.fatherUnknown) ? null : mkFather(first);
    let prev: Day | null = null;
    for (const b of births) {
      if (prev !== null && prev !== b && rng.chance(RATES.differentFathers)) f = rng.chance(RATES.fatherUnknown) ? null : mkFather(b);
      fatherOf.push(f);
      prev = b;
    }
    const lastFather = [...fatherOf].reverse().find((x) => x !== null) ?? null;
    if (lastFather) partners.push({ p: lastFather, from: first - rng.int(200, 1200), to: (births[births.length - 1] ?? first) + rng.int(30, 700) });
    if (rng.chance(RATES.newPartner)) {
      const from = (births[births.length - 1] ?? first) + rng.int(365, 2200);
      if (from < asOf) {
        const np = mkFather(from);
        partners.push({ p: np, from, to: null });
      }
    }
  }

  // Surnames: married mothers take the husband's name; children take the
  // father's, the mother's, or both hyphenated.
  const married = type !== 'lone_mother' && rng.chance(RATES.married);
  const dad0 = fatherOf[0] ?? null;
  if (married && dad0) mother.surnames.push({ from: first - rng.int(100, 1500), family: dad0.surnames[0]?.family ?? motherFamily });

  const children: Person[] = [];
  births.forEach((b, i) => {
    const sex: Sex = rng.chance(0.512) ? 'male' : 'female';
    const dad = fatherOf[i] ?? null;
    const dadName = dad?.surnames[0]?.family;
    let family: string;
    if (dad && dadName && married && dad === dad0) family = dadName;
    else if (dad && dadName && rng.chance(RATES.hyphenated)) family = `${motherFamily}-${dadName}`;
    else if (dad && dadName && rng.chance(0.45)) family = dadName;
    else family = mother.surnames[mother.surnames.length - 1]?.family ?? motherFamily;
    const cg = dad && dad.group !== group.id && rng.chance(0.5) ? ({ ...group, id: 'mixed' } as NameGroup) : group;
    let given: string | undefined;
    if (sex === 'male' && dad && rng.chance(RATES.juniorSon)) given = dad.given;
    // Twins and siblings never share a given name.
    for (let t = 0; t < 5; t++) {
      const g = given ?? givenName(rng, cg.id === 'mixed' ? group : cg, sex);
      if (!children.some((c) => c.given === g)) {
        given = g;
        break;
      }
      given = undefined;
    }
    const c = makePerson(world, rng, { sex, group: group, dob: b, family, child: true, ...(given ? { given } : {}) });
    if (dad && c.given === dad.given && dad.middle) c.middle = dad.middle;
    children.push(c);
    h.persons.push(c);
    h.parentage.push({ child: c.pid, mother: mother.pid, ...(dad ? { father: dad.pid } : {}) });
  });

  // Surnames change with relationships: the same person is under different
  // names at different agencies, depending on when each first met them.
  for (const pr of partners) {
    if (pr.to !== null && mother.surnames.length > 1 && rng.chance(RATES.revertSurname)) {
      const when = pr.to + rng.int(60, 900);
      if (when < asOf) mother.surnames.push({ from: when, family: motherFamily });
    }
  }
  const stepPartner = type === 'stepfamily' ? partners[1] : undefined;
  if (stepPartner && rng.chance(RATES.remarry)) {
    const when = stepPartner.from + rng.int(200, 1500);
    const stepName = stepPartner.p.surnames[0]?.family;
    if (when < asOf && stepName) {
      mother.surnames.push({ from: when, family: stepName });
      children.forEach((c, i) => {
        if (fatherOf[i] !== stepPartner.p && rng.chance(RATES.childTakesStepName)) c.surnames.push({ from: when + rng.int(0, 200), family: stepName });
      });
    }
  }
  for (const p of [mother, ...children]) p.surnames.sort((a, b) => a.from - b.from);

  // Household membership.
  const hStart = Math.min(first, ...partners.map((p) => p.from)) - rng.int(0, 400);
  h.members.push({ pid: mother.pid, role: 'mother', from: Math.max(hStart, mother.dob + yearsToDays(16)), to: null });
  if (type === 'lone_father') {
    const m = h.members[0] as Membership;
    m.to = (births[births.length - 1] ?? first) + rng.int(100, 1500);
    if (m.to > asOf) m.to = asOf - rng.int(30, 300);
  }
  for (const pr of partners) {
    const isStep = !fatherOf.includes(pr.p) || type === 'stepfamily' && pr === partners[1];
    h.members.push({ pid: pr.p.pid, role: isStep ? 'step_parent' : 'father', from: pr.from, to: pr.to });
  }
  for (const c of children) h.members.push({ pid: c.pid, role: 'child', from: c.dob, to: null });

  let grandparent: Person | undefined;
  if (type === 'multigenerational') {
    grandparent = makePerson(world, rng, { sex: 'female', group, dob: motherDob - yearsToDays(rng.normal(27, 5)), family: motherFamily, child: false });
    h.persons.push(grandparent);
    const dies = rng.chance(RATES.grandparentDies) ? asOf - rng.int(30, 2000) : null;
    h.members.push({ pid: grandparent.pid, role: 'grandparent', from: hStart, to: dies !== null && dies > hStart ? dies : null });
  }

  // Tenure and address history.
  const [tenure, , gapYears] = rng.weighted(RATES.tenure.map((t) => [t, t[1]] as const));
  let la = rng.chance(RATES.startOutsideHome) ? neighbourLa(rng) : HOME.name;
  let at = hStart;
  let current: Residence | null = null;
  const allPids = h.members.map((m) => m.pid);
  while (at < asOf) {
    if (current && tenure !== 'owner' && rng.chance(RATES.temporaryAccommodation)) {
      const tmp: Residence = { pids: allPids, addr: makeAddress(world, rng, la, rng.chance(0.3) ? 'hostel' : 'temporary'), from: at, to: null };
      const until = Math.min(asOf, at + rng.int(60, 240));
      tmp.to = until < asOf ? until : null;
      h.residences.push(tmp);
      current = tmp;
      if (until >= asOf) break;
      at = until;
    }
    const next = at + Math.max(120, Math.round(rng.exp(gapYears) * 365.25));
    const r: Residence = { pids: allPids, addr: makeAddress(world, rng, la, 'home'), from: at, to: next < asOf ? next : null };
    h.residences.push(r);
    current = r;
    at = next;
    if (rng.chance(RATES.crossBoundaryMove)) la = la === HOME.name ? neighbourLa(rng) : HOME.name;
  }
  if (!current) throw new Error('household without an address');

  // People who have left (a father after separation, a mother in a lone-father
  // family) live elsewhere from the day they leave.
  for (const m of h.members) {
    if (m.to === null || m.role === 'grandparent') continue;
    const r: Residence = { pids: [m.pid], addr: makeAddress(world, rng, rng.chance(0.8) ? la : neighbourLa(rng), 'home'), from: m.to, to: null };
    h.residences.push(r);
  }
  // Fathers who never lived with the family.
  for (const f of fathers) {
    if (!h.members.some((m) => m.pid === f.pid)) {
      h.residences.push({ pids: [f.pid], addr: makeAddress(world, rng, rng.chance(0.7) ? HOME.name : neighbourLa(rng), 'home'), from: f.dob + yearsToDays(18), to: null });
    }
  }
  // A member's residence list must exclude periods outside membership.
  for (const r of h.residences) {
    if (r.pids.length > 1) r.pids = r.pids.filter((pid) => {
      const m = h.members.find((x) => x.pid === pid);
      return m !== undefined && m.from < (r.to ?? asOf + 1) && (m.to === null || m.to > r.from);
    });
  }

  return { h, mother, fathers, partners, children, ...(grandparent ? { grandparent } : {}), tenure, group, current };
}

/** The mother's address on a day (where the children live). */
export function homeOn(f: Family, d: Day): Address {
  let found: Address = (f.h.residences[0] as Residence).addr;
  for (const r of f.h.residences) if (r.pids.includes(f.children[0]?.pid ?? f.mother.pid) && r.from <= d) found = r.addr;
  return found;
}

export { yearsToDays, addMonths, addYears };
