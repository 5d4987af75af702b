// A small script language for planted families: dates are written as the
// review gives them and shifted as a whole, so that each planted copy keeps
// the review's intervals (which is what the rules measure) while landing at a
// different point of the history window.

import { dayOf, iso, type Day } from '../dates.ts';
import { ev as addEvent, reg } from '../events.ts';
import type { Address, Household, MemberRole, Person, Sex, Subject, TrueEvent } from '../model.ts';
import { source } from '../partnership.ts';
import type { Rng } from '../rng.ts';
import { groupById, makeAddress, makePerson, surname, type World } from '../world.ts';

export interface SceneOptions {
  /** the review's trigger date, as the review gives it */
  reviewTrigger: string;
  /** variant 0 is canonical: real dates, fixed names; others shift and vary */
  variant: number;
  scenario: string;
  review: string;
  control?: boolean;
  nearMiss?: string[];
}

export class Scene {
  readonly h: Household;
  readonly shift: number;
  readonly canonical: boolean;
  trigger?: TrueEvent;

  constructor(
    readonly world: World,
    readonly rng: Rng,
    readonly o: SceneOptions,
  ) {
    this.h = { hid: world.nextHid(), persons: [], members: [], residences: [], relationships: [], registrations: [], events: [], parentage: [], scenario: o.scenario, review: o.review, citations: {} };
    if (o.control === true) {
      this.h.control = true;
      this.h.nearMiss = o.nearMiss ?? [];
    }
    this.canonical = o.variant === 0;
    const real = dayOf(o.reviewTrigger);
    // Land the trigger between one month and about six years before asOf.
    this.shift = this.canonical ? 0 : world.asOf - rng.int(30, 6 * 365) - real;
  }

  /** A review date (YYYY-MM-DD, or YYYY-MM for "in March") → a shifted day. */
  d(date: string, offsetDays = 0): Day {
    const full = date.length === 7 ? `${date}-15` : date;
    return dayOf(full) + this.shift + offsetDays;
  }

  person(o: { sex: Sex; group: string; dob: Day; family: string; given?: string; canonicalGiven?: string; child: boolean; middle?: string | null }): Person {
    const g = groupById(o.group);
    const given = this.canonical && o.canonicalGiven ? o.canonicalGiven : o.given;
    const p = makePerson(this.world, this.rng, { sex: o.sex, group: g, dob: o.dob, family: o.family, child: o.child, ...(given ? { given } : {}) });
    if (o.middle === null || this.canonical) delete p.middle;
    if (this.canonical) delete p.nickname;
    this.h.persons.push(p);
    return p;
  }

  family(group: string, canonical: string): string {
    return this.canonical ? canonical : surname(this.rng, groupById(group));
  }

  member(p: Person, role: MemberRole, from: Day, to: Day | null = null): void {
    this.h.members.push({ pid: p.pid, role, from, to });
  }

  parents(child: Person, mother: Person, father?: Person): void {
    this.h.parentage.push({ child: child.pid, mother: mother.pid, ...(father ? { father: father.pid } : {}) });
  }

  address(la: string, kind: Address['kind'] = 'home'): Address {
    return makeAddress(this.world, this.rng, la, kind);
  }

  live(people: Person[], addr: Address, from: Day, to: Day | null = null): void {
    this.h.residences.push({ pids: people.map((p) => p.pid), addr, from, to });
  }

  reg(src: string, p: Person, at: Day): void {
    reg(this.h, src, p.pid, at);
  }

  /** An event; `cite` names the review paragraph it follows (kept in the scenario files as a comment). */
  ev(src: string, kind: string, day: Day, subjects: Subject[], data: Record<string, unknown>, extra: { minute?: number; text?: string; address?: Address; cite?: string } = {}): TrueEvent {
    const { cite, ...rest } = extra;
    const e = addEvent(this.h, src, kind, day, subjects, data, { ...rest, ...(cite ? { tag: cite } : {}) });
    return e;
  }

  /** A record of the decision to share `e` with other agencies (the duty to share). */
  share(e: TrueEvent, withAgencies: string[], day: Day, cite?: string): TrueEvent {
    const src = source(e.src);
    e.id ??= this.world.nextRecordId(src.id, src.eventPrefix, 7);
    return this.ev(e.src, 'sharing_decision', day, e.subjects.filter((x) => x.role !== 'suspect'), { about: `${e.src}:${e.id}`, decision: 'shared', with: withAgencies }, cite ? { cite } : {});
  }

  cite(rule: string, where: string): void {
    (this.h.citations ??= {})[rule] = where;
  }

  isoOf(d: Day): string {
    return iso(d);
  }
}

export function yearsBefore(d: Day, years: number, extraDays = 0): Day {
  return d - Math.round(years * 365.25) - extraDays;
}

import type { Family } from '../household.ts';
import { groupById as group } from '../world.ts';

/** The scene as a Family, so that the background processes (GP lists, school rolls) can run on it. */
export function asFamily(s: Scene, mother: Person, children: Person[], fathers: Person[], partners: Family['partners'], groupId: string, tenure: Family['tenure'] = 'social_rent'): Family {
  const current = s.h.residences.filter((r) => r.pids.includes(mother.pid)).sort((a, b) => b.from - a.from)[0];
  if (!current) throw new Error(`${s.o.scenario}: the mother has no address`);
  return { h: s.h, mother, fathers, partners, children, tenure, group: group(groupId), current };
}
