// Predicates several rules share, each defined once so that "domestic abuse
// incident" or "known to services" means the same thing in every rule.

import { z } from 'zod';
import { AGENCIES } from '../sef/vocab.ts';
import type { Agency, IEvent, PictureIndex } from './picture.ts';
import { dataList, dataStr, hasSubject, isMaracVictim } from './picture.ts';

export const agencySchema = z.enum(AGENCIES);
export const positiveInt = z.number().int().positive();
export const nonNegativeInt = z.number().int().nonnegative();

/** The child, its siblings, and the other children ever in its household (the "family" of the repeat-referral rules). */
export function childAndSiblings(ix: PictureIndex, child: string): string[] {
  // Three rules ask for every child's family: found once per index (callers only read it).
  let byChild = families.get(ix);
  if (!byChild) {
    byChild = new Map();
    families.set(ix, byChild);
  }
  let family = byChild.get(child);
  if (!family) {
    const out = new Set([child, ...ix.siblings(child)]);
    for (const x of ix.householdEver(child)) if (!ix.isAdultAt(x, ix.asOf) && ix.isChildAt(x, ix.asOf)) out.add(x);
    family = [...out];
    byChild.set(child, family);
  }
  return family;
}

const families = new WeakMap<PictureIndex, Map<string, string[]>>();

/** The child and everyone ever in its household. */
export function childAndHousehold(ix: PictureIndex, child: string): string[] {
  return [child, ...ix.householdEver(child)];
}

/** Records that show an assessment led to a plan: a CIN/CP plan started, or an assessment or conference that led to one. */
export function planLeading(ix: PictureIndex, person: string): IEvent[] {
  const out: IEvent[] = [];
  for (const e of ix.ofKind(person, 'plan')) if (e.data.stage === 'started' && (e.data.plan === 'cp' || e.data.plan === 'cin')) out.push(e);
  for (const e of ix.ofKind(person, 'assessment')) if (e.data.stage === 'completed' && (e.data.outcome === 'cin' || e.data.outcome === 'cp_conference')) out.push(e);
  for (const e of ix.ofKind(person, 'cp_conference')) if (e.data.outcome === 'cp_plan' || e.data.outcome === 'cin') out.push(e);
  return out.sort((a, b) => a.t - b.t);
}

export const DA_PERPETRATOR_ROLES = ['suspect', 'perpetrator'] as const;

/**
 * Domestic abuse incidents about a victim: police incidents of category
 * domestic_abuse with the person as victim, and (unless `policeOnly`)
 * disclosures of domestic abuse to any professional.
 */
export function daIncidents(ix: PictureIndex, victim: string, policeOnly = false): IEvent[] {
  const out: IEvent[] = [];
  for (const e of ix.ofKind(victim, 'police_incident')) if (e.data.category === 'domestic_abuse' && hasSubject(e, victim, ['victim'])) out.push(e);
  if (!policeOnly) for (const e of ix.ofKind(victim, 'da_disclosure')) if (hasSubject(e, victim, ['victim'])) out.push(e);
  return out.sort((a, b) => a.t - b.t);
}

export function maracStage(ix: PictureIndex, victim: string, stages: readonly string[]): IEvent[] {
  return ix.ofKind(victim, 'marac').filter((e) => stages.includes(String(e.data.stage)) && isMaracVictim(e, victim));
}

/** Whether the child has an open CSC plan (CP or CIN) at `t`. */
export function cscPlanOpenAt(ix: PictureIndex, child: string, t: number): boolean {
  return ix.involvements(child).some((i) => (i.level === 'cp' || i.level === 'cin') && i.from <= t && t < i.to);
}

const SERVICE_AGENCIES = new Set<Agency>(['csc', 'early_help', 'marac', 'idva', 'youth_justice', 'probation']);

/**
 * "Known to services": the person (or, for a child, a household member) has a
 * record beyond universal services by `t`: any children's social care or early
 * help record, a MARAC or IDVA record, probation, an open involvement, or a
 * domestic abuse police incident.
 */
export function knownToServicesAt(ix: PictureIndex, person: string, t: number, includeHousehold = true): IEvent | null {
  const people = includeHousehold ? [person, ...ix.householdAt(person, t)] : [person];
  let first: IEvent | null = null;
  for (const p of people) {
    for (const e of ix.of(p)) {
      if (e.t > t) break;
      const known =
        SERVICE_AGENCIES.has(e.agency) ||
        (e.kind === 'police_incident' && e.data.category === 'domestic_abuse') ||
        (e.kind === 'service_level' && (e.data.level === 'universal_plus' || e.data.level === 'universal_partnership_plus'));
      if (known) {
        if (!first || e.t < first.t) first = e;
        break;
      }
    }
  }
  return first;
}

/** Whether a record was shared with CSC: in its own `sharedWith`, or by a `sharing_decision` about it. */
export function sharedWithCsc(ix: PictureIndex, e: IEvent, cscAgencies: readonly string[]): { shared: boolean; decisions: IEvent[] } {
  const shared = dataList(e, 'sharedWith').some((a) => cscAgencies.includes(a));
  const decisions = ix.kind('sharing_decision').filter((d) => dataStr(d, 'about') === e.key);
  return { shared, decisions };
}

/** Age of a person in whole years at t, with unknown read as null. */
export function ageAt(ix: PictureIndex, person: string, t: number): number | null {
  return ix.ageAt(person, t);
}

export interface Pregnancy {
  mother: string;
  booked: IEvent | null;
  /** Estimated conception-side start (booking minus gestation, else expected date minus 40 weeks). */
  start: number;
  /** When the pregnancy ended (birth or ended), else expected date plus 4 weeks, else booking plus 42 weeks. */
  end: number;
  endEvent: IEvent | null;
  expected: number | null;
  /** Gestation in weeks at booking, when recorded or derivable from the expected date. */
  gestationAtBooking: number | null;
  /** The moment of 24 (or `weeks`) weeks' gestation. */
  weeksAt(weeks: number): number | null;
}

const WEEK = 7 * 86_400_000;

/** The pregnancies of a mother, from `pregnancy` events in which she has the role `mother`. */
export function pregnancies(ix: PictureIndex, mother: string): Pregnancy[] {
  const out: Pregnancy[] = [];
  let cur: { booked: IEvent | null; events: IEvent[] } | null = null;
  const close = (endEvent: IEvent | null) => {
    if (!cur) return;
    const booked = cur.booked;
    const expectedStr = cur.events.map((e) => dataStr(e, 'expectedDate')).find((x) => x !== undefined);
    const expected = expectedStr ? Date.parse(expectedStr.length === 10 ? `${expectedStr}T00:00:00Z` : expectedStr) : null;
    const gw = booked && typeof booked.data.gestationWeeks === 'number' ? booked.data.gestationWeeks : null;
    let start: number;
    if (booked && gw !== null) start = booked.t - gw * WEEK;
    else if (expected !== null && !Number.isNaN(expected)) start = expected - 40 * WEEK;
    else if (booked) start = booked.t - 12 * WEEK;
    else start = (endEvent?.t ?? 0) - 40 * WEEK;
    const gestationAtBooking = booked ? (gw ?? (expected !== null && !Number.isNaN(expected) ? Math.round((booked.t - start) / WEEK) : null)) : null;
    const end = endEvent ? endEvent.t : expected !== null && !Number.isNaN(expected) ? expected + 4 * WEEK : start + 44 * WEEK;
    const known = gw !== null || (expected !== null && !Number.isNaN(expected));
    out.push({
      mother,
      booked,
      start,
      end,
      endEvent,
      expected: expected !== null && !Number.isNaN(expected) ? expected : null,
      gestationAtBooking,
      weeksAt: (weeks) => (known ? start + weeks * WEEK : null),
    });
    cur = null;
  };
  for (const e of ix.ofKind(mother, 'pregnancy')) {
    if (!hasSubject(e, mother, ['mother'])) continue;
    const stage = e.data.stage;
    if (stage === 'booked') {
      if (cur) close(null);
      cur = { booked: e, events: [e] };
    } else if (stage === 'birth' || stage === 'ended') {
      if (!cur) cur = { booked: null, events: [] };
      cur.events.push(e);
      close(e);
    } else if (cur) cur.events.push(e);
  }
  if (cur) close(null);
  return out;
}

/** People who are mothers in a `pregnancy` event (candidates for pregnancy rules). */
export function mothers(ix: PictureIndex): string[] {
  const out = new Set<string>();
  for (const e of ix.kind('pregnancy')) for (const s of e.subjects) if (s.role === 'mother') out.add(s.person);
  return [...out];
}
