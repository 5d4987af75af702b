// The true world behind the records: people, households, addresses and the
// events that happened, before any agency writes anything down. Scenarios
// and the background population both build a Household; projection turns it
// into each agency's SEF records, and the oracle reads it for ground truth.

import type { Day } from './dates.ts';

export type Sex = 'female' | 'male';

export interface Person {
  pid: string;
  sex: Sex;
  given: string;
  middle?: string;
  /** surname over time: the first entry is the birth surname */
  surnames: { from: Day; family: string }[];
  dob: Day;
  nhs: string;
  upn?: string;
  group: string;
  nickname?: string;
  /** a name the person also uses (a previous partner's surname, a street name) */
  alias?: { given: string; family: string };
  phone?: string;
  child: boolean;
  /** the day the person died, when they did */
  died?: Day;
}

export interface Address {
  line1: string;
  town: string;
  postcode: string;
  la: string;
  kind: 'home' | 'temporary' | 'refuge' | 'hostel' | 'care_placement' | 'other';
  sealed: boolean;
}

export interface Residence {
  /** who lives there; a household's residences can differ between members (a father living elsewhere) */
  pids: string[];
  addr: Address;
  from: Day;
  to: Day | null;
}

export type MemberRole = 'mother' | 'father' | 'step_parent' | 'partner' | 'child' | 'grandparent' | 'relative';

export interface Membership {
  pid: string;
  role: MemberRole;
  from: Day;
  to: Day | null;
}

export interface Relationship {
  src: string;
  from: string;
  to: string;
  kind: 'mother' | 'father' | 'parent' | 'step_parent' | 'partner' | 'sibling' | 'carer' | 'household_member' | 'other';
  start?: Day;
  end?: Day | null;
}

/** An agency knowing a person without an event (a GP list, a school roll, a tenancy). */
export interface Registration {
  src: string;
  pid: string;
  at: Day;
}

export interface Subject {
  pid: string;
  role: string;
}

export interface TrueEvent {
  src: string;
  kind: string;
  day: Day;
  /** minute of the day when the agency records a time (police, hospital) */
  minute?: number;
  subjects: Subject[];
  data: Record<string, unknown>;
  text?: string;
  address?: Address;
  /** record id, assigned at projection */
  id?: string;
  /** a name for this event inside a scenario, for the truth's evidence lists */
  tag?: string;
}

export interface ExpectedAlert {
  rule: string;
  pid: string;
  evidence: TrueEvent[];
  earliest: Day;
}

export interface Household {
  hid: string;
  persons: Person[];
  members: Membership[];
  residences: Residence[];
  relationships: Relationship[];
  registrations: Registration[];
  events: TrueEvent[];
  /** who is whose parent: agencies that record families derive their relationships from this */
  parentage: { child: string; mother?: string; father?: string }[];
  /** the review's trigger event, for planted families */
  trigger?: TrueEvent;
  /** set for planted and control families */
  scenario?: string;
  review?: string;
  control?: boolean;
  /** rules a control family is a near miss for */
  nearMiss?: string[];
  /** planted expectations: rule ids the scenario is built to raise (the oracle computes when) */
  plantedRules?: string[];
  /** review paragraph per planted rule, for the truth file */
  citations?: Record<string, string>;
}

export function surnameOn(p: Person, d: Day): string {
  let s = p.surnames[0]?.family ?? '';
  for (const e of p.surnames) if (e.from <= d) s = e.family;
  return s;
}

export function residenceOn(h: Household, pid: string, d: Day): Residence | undefined {
  let found: Residence | undefined;
  for (const r of h.residences) {
    if (!r.pids.includes(pid)) continue;
    if (r.from <= d && (r.to === null || d < r.to)) found = r;
  }
  return found;
}
