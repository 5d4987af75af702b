// Ordinary life and the work of services with a family: health reviews,
// immunisations, school and nursery, GP lists, tenancies; and for a minority,
// referrals, early help, child in need, child protection and domestic abuse.
// Simple processes with named rates (RATES below; reasons in README.md), so
// that the rules meet realistic base rates and not just planted cases.

import { addMonths, addWorkingDays, addYears, iso, isSchoolDay, isWeekend, receptionStart, secondaryStart, year, type Day } from './dates.ts';
import { as, ev, reg } from './events.ts';
import { homeOn, type Family } from './household.ts';
import type { Household, Person } from './model.ts';
import { gpsIn, HOME, laSource, nurseriesIn, schoolsIn, source } from './partnership.ts';
import { makeAddress, neighbourLa } from './world.ts';
import type { Rng } from './rng.ts';
import type { World } from './world.ts';

export const SERVICE_RATES = {
  /** households by the highest level of children's services they meet in the history window */
  tier: [
    ['universal', 0.66],
    ['advice', 0.16],
    ['early_help', 0.08],
    ['cin', 0.07],
    ['cp', 0.03],
  ] as const,
  /** families with more involvement who are also referred again, for advice only, at another time */
  reReferral: 0.3,
  /** domestic abuse known to police, by tier */
  domesticAbuse: { universal: 0.05, advice: 0.3, early_help: 0.35, cin: 0.45, cp: 0.55 } as Record<string, number>,
  /** households that often miss appointments */
  lowEngagement: 0.1,
  missedAppointment: { engaged: 0.04, lowEngagement: 0.3 },
  cancelledByFamily: 0.03,
  /** pregnancies booked after 20 weeks */
  lateBooking: 0.05,
  /** children who go to a funded nursery place at 3 */
  nursery: 0.6,
  /** social tenants whose landlord is the housing association rather than the council */
  housingAssociation: 0.4,
  /** yearly chance of a rent-arrears or conditions concern for a social tenant */
  arrearsPerYear: 0.05,
  conditionsPerYear: 0.02,
  /** universal-plus health visiting without any children's services involvement */
  universalPlus: 0.06,
  /** of early help cases, the share closed for non-engagement */
  ehNonEngagement: 0.25,
  /** chance a police DASH is done after a domestic abuse incident (most, not all: 004 §6.88) */
  dashDone: 0.9,
  /** police incidents with children present shared with CSC on the day */
  sharedWithCsc: 0.85,
  /** a DA incident with a pupil present notified to the school before the next school day (Operation Encompass) */
  schoolNotified: 0.95,
  /** after a second domestic abuse incident, the mother and children go to a refuge in another authority */
  refuge: 0.15,
} as const;

const CONCERNS = ['neglect', 'domestic_abuse', 'emotional_abuse', 'physical_abuse', 'parental_mental_health', 'substance_misuse', 'housing', 'other'] as const;
const REFERRERS = [
  ['police', 0.3],
  ['school', 0.22],
  ['health_visiting', 0.12],
  ['gp', 0.06],
  ['hospital', 0.08],
  ['other', 0.22],
] as const;

function laOn(f: Family, d: Day): string {
  return homeOn(f, d).la;
}

function childrenOn(f: Family, d: Day): Person[] {
  return f.children.filter((c) => c.dob <= d && d - c.dob < 18 * 365.25);
}

function under5On(f: Family, d: Day): Person[] {
  return f.children.filter((c) => c.dob <= d && d - c.dob < 5 * 365.25);
}

function adultsOn(f: Family, d: Day): Person[] {
  const ids = new Set(f.h.members.filter((m) => m.role !== 'child' && m.from <= d && (m.to === null || m.to > d)).map((m) => m.pid));
  return f.h.persons.filter((p) => ids.has(p.pid));
}

function partnerOn(f: Family, d: Day): Person | undefined {
  return f.partners.find((p) => p.from <= d && (p.to === null || p.to > d))?.p;
}

export interface LifeOptions {
  /** health visiting, immunisations, pregnancy and birth (planted families script their own) */
  health?: boolean;
  /** no missed appointments, late bookings or housing concerns: control families must raise nothing */
  clean?: boolean;
  /** nursery, school and attendance */
  education?: boolean;
}

export function ordinaryLife(world: World, rng: Rng, f: Family, lowEngagement: boolean, o: LifeOptions = {}): void {
  const h = f.h;
  const w0 = world.windowStart;
  const asOf = world.asOf;
  const health = o.health ?? true;
  const clean = o.clean ?? false;
  const miss = clean ? 0 : lowEngagement ? SERVICE_RATES.missedAppointment.lowEngagement : SERVICE_RATES.missedAppointment.engaged;
  const outcome = (): string =>
    rng.chance(miss) ? 'was_not_brought' : !clean && rng.chance(SERVICE_RATES.cancelledByFamily) ? 'cancelled_by_family' : 'attended';

  // GP lists: every member registered at a practice where they live; a move
  // to another authority means a new practice.
  for (const p of h.persons) {
    let lastLa = '';
    let lastGp = '';
    for (const r of h.residences.filter((x) => x.pids.includes(p.pid)).sort((a, b) => a.from - b.from)) {
      if (r.addr.la === lastLa) continue;
      const gp = rng.pick(gpsIn(r.addr.la)).id;
      const at = Math.max(r.from, p.dob);
      reg(h, gp, p.pid, at);
      if (at >= w0 && lastGp !== '' && gp !== lastGp) {
        ev(h, gp, 'gp_registration', at + rng.int(3, 40), as(p.child ? 'child' : 'adult', p), { stage: 'registered', practice: source(gp).name });
        ev(h, lastGp, 'gp_registration', at + rng.int(20, 90), as(p.child ? 'child' : 'adult', p), { stage: 'deregistered', practice: source(lastGp).name });
      }
      lastLa = r.addr.la;
      lastGp = gp;
    }
  }

  for (const c of f.children) {
    const home = homeOn(f, c.dob);
    const hv = laSource('hv', home.la);
    const gp = h.registrations.find((r) => r.pid === c.pid && source(r.src).agency === 'gp')?.src ?? rng.pick(gpsIn(home.la)).id;
    // Pregnancy and birth.
    if (health && c.dob - 280 >= w0 - 30 && c.dob - 200 <= asOf) {
      const mw = home.la === 'Croxden' ? 'midwifery-crx' : 'midwifery-stm';
      const late = !clean && rng.chance(SERVICE_RATES.lateBooking);
      const gest = late ? rng.int(21, 30) : rng.int(8, 13);
      const booked = c.dob - 280 + gest * 7;
      if (booked <= asOf) {
        ev(h, mw, 'pregnancy', booked, [...as('mother', f.mother), ...as('baby', c)], { stage: 'booked', gestationWeeks: gest, expectedDate: iso(c.dob + rng.int(-10, 10)) });
        if (c.dob <= asOf) ev(h, mw, 'pregnancy', c.dob, [...as('mother', f.mother), ...as('baby', c)], { stage: 'birth', gestationWeeks: rng.int(37, 41) }, { minute: rng.int(0, 1439) });
      }
    }
    if (c.dob > asOf) continue;
    // Health visiting reviews (Healthy Child Programme) and immunisations.
    if (health && c.dob + 14 >= w0) {
      const sibs = under5On(f, c.dob + 12).filter((s) => s.pid !== c.pid);
      ev(h, hv, 'visit', c.dob + rng.int(10, 14), [...as('child', c), ...as('parent', f.mother)], { purpose: 'new_birth', outcome: 'seen', seen: [c.pid, ...sibs.map((s) => s.pid)] });
      ev(h, hv, 'service_level', c.dob + 14, as('child', c), { service: 'health_visiting', level: 'universal' });
    }
    for (const [d, svc, src] of [
      [c.dob + rng.int(42, 56), 'development_review', hv],
      [c.dob + 56, 'immunisation', gp],
      [c.dob + 84, 'immunisation', gp],
      [c.dob + 112, 'immunisation', gp],
      [c.dob + 365 + rng.int(0, 60), 'development_review', hv],
      [c.dob + 365 + rng.int(0, 30), 'immunisation', gp],
      [c.dob + 730 + rng.int(0, 180), 'development_review', hv],
      [c.dob + 1220 + rng.int(0, 60), 'immunisation', gp],
    ] as const) {
      if (!health || d < w0 || d > asOf) continue;
      const s = src === hv ? laSource('hv', laOn(f, d)) : src;
      ev(h, s, 'appointment', d, as('child', c), { service: svc, outcome: outcome() });
    }
    // Nursery at 3, reception at 4, secondary at 11.
    if (o.education === false) continue;
    const rec = receptionStart(c.dob);
    if (rng.chance(SERVICE_RATES.nursery)) {
      const start = addYears(rec, -1);
      if (start <= asOf && rec >= w0) {
        const n = rng.pick(nurseriesIn(laOn(f, start))).id;
        ev(h, n, 'enrolment', start, [...as('child', c), ...as('parent', f.mother)], { setting: 'nursery', stage: 'enrolled' });
        if (rec - 40 <= asOf) ev(h, n, 'enrolment', rec - 40, as('child', c), { setting: 'nursery', stage: 'removed_from_roll', destination: 'school' });
      }
    }
    const sec = secondaryStart(c.dob);
    if (rec <= asOf) {
      c.upn = world.nextUpn(year(rec));
      const stages: [Day, boolean][] = [[rec, false]];
      if (sec <= asOf) stages.push([sec, true]);
      let cur: string | null = null;
      let curLa = '';
      for (const [start, secondary] of stages) {
        const la = laOn(f, start);
        const s = rng.pick(schoolsIn(la, secondary)).id;
        if (cur !== null && start - 40 >= w0) ev(h, cur, 'enrolment', start - 40, as('child', c), { setting: 'school', stage: 'removed_from_roll', destination: source(s).name });
        if (start >= w0) ev(h, s, 'enrolment', start, [...as('child', c), ...as('parent', f.mother)], { setting: 'school', stage: 'enrolled' });
        reg(h, s, c.pid, start);
        reg(h, s, f.mother.pid, start);
        cur = s;
        curLa = la;
      }
      // A move across the boundary mid-school: off one roll, on another.
      for (const r of h.residences.filter((x) => x.pids.includes(c.pid) && x.from > rec && x.from <= asOf)) {
        if (r.addr.la === curLa || cur === null) continue;
        const secondary = sec <= r.from;
        const s = rng.pick(schoolsIn(r.addr.la, secondary)).id;
        if (r.from >= w0) {
          ev(h, cur, 'enrolment', r.from, as('child', c), { setting: 'school', stage: 'removed_from_roll', destination: source(s).name });
          ev(h, s, 'enrolment', addWorkingDays(r.from, rng.int(3, 12)), [...as('child', c), ...as('parent', f.mother)], { setting: 'school', stage: 'enrolled' });
        }
        reg(h, s, c.pid, r.from);
        cur = s;
        curLa = r.addr.la;
      }
      // Attendance for the last three academic years.
      for (let y = year(asOf) - 3; y < year(asOf); y++) {
        const from = Date.UTC(y, 8, 1) / 86_400_000;
        const to = Date.UTC(y + 1, 6, 20) / 86_400_000;
        if (from < rec || to > asOf || cur === null) continue;
        const pct = Math.max(40, Math.min(100, rng.normal(lowEngagement ? 86 : 94.5, lowEngagement ? 7 : 4)));
        ev(h, cur, 'attendance', to, as('child', c), { from: iso(from), to: iso(to), percent: Math.round(pct * 10) / 10 });
      }
    }
  }

  // Tenancies: social landlords and temporary accommodation know the adults on the tenancy.
  const ha = rng.chance(SERVICE_RATES.housingAssociation);
  for (const r of h.residences) {
    const temporary = r.addr.kind === 'temporary' || r.addr.kind === 'hostel';
    if (!temporary && f.tenure !== 'social_rent') continue;
    const landlord = !temporary && ha && r.addr.la === HOME.name ? 'housing-wha' : laSource('housing', r.addr.la);
    const tenants = adultsOn(f, r.from + 1).filter((p) => r.pids.includes(p.pid));
    for (const t of tenants) reg(h, landlord, t.pid, r.from);
    const end = r.to ?? asOf;
    for (let y = Math.max(r.from, world.windowStart); y < end; y += 365) {
      const lead = tenants[0];
      if (!lead) break;
      if (clean) break;
      if (rng.chance(SERVICE_RATES.arrearsPerYear)) ev(h, landlord, 'housing_concern', y + rng.int(0, 364), as('tenant', lead), { concern: 'arrears' }, { address: r.addr });
      if (rng.chance(SERVICE_RATES.conditionsPerYear)) ev(h, landlord, 'housing_concern', y + rng.int(0, 364), as('tenant', lead), { concern: 'conditions' }, { address: r.addr });
    }
  }
}

/** A minority of families meet children's services; the processes follow Working Together's stages. */
export function servicesLife(world: World, rng: Rng, f: Family, tier: string, domesticAbuse: boolean): void {
  const h = f.h;
  const w0 = world.windowStart;
  const asOf = world.asOf;
  if (f.children.length === 0) return;
  const span = asOf - w0;
  let start = w0 + rng.int(0, span - 60);
  if (childrenOn(f, start).length === 0) start = Math.max(start, (f.children[0]?.dob ?? start) + rng.int(30, 400));
  if (start > asOf - 30) return;
  const kids = () => childrenOn(f, start);
  const csc = () => laSource('csc', laOn(f, start));
  const parents = () => {
    const pa = [f.mother];
    const partner = partnerOn(f, start);
    // Fathers and partners are often missing from children's services records (000, 001).
    if (partner && rng.chance(0.6)) pa.push(partner);
    return pa;
  };
  const referral = (d: Day, outcome: string, concerns: string[]) => {
    const referrer = rng.weighted(REFERRERS);
    ev(h, laSource('csc', laOn(f, d)), 'referral', d, [...as('child', ...childrenOn(f, d)), ...as('parent', ...parents())], { referrer, concerns, outcome });
  };
  const allocate = (src: string, d: Day, role: string) =>
    ev(h, src, 'allocation', d, as('child', ...childrenOn(f, d)), { role, worker: `SW${rng.int(100, 999)}` });

  if (domesticAbuse) domesticAbuseHistory(world, rng, f, tier);

  if (tier !== 'advice' && rng.chance(SERVICE_RATES.reReferral)) {
    const d = w0 + rng.int(0, span);
    if (childrenOn(f, d).length > 0) referral(d, rng.pick(['nfa', 'signpost']), [rng.pick(CONCERNS)]);
  }
  if (tier === 'advice') {
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const d = start + i * rng.int(90, 700);
      if (d > asOf || childrenOn(f, d).length === 0) break;
      referral(d, rng.pick(['nfa', 'signpost', 'nfa']), [rng.pick(CONCERNS)]);
    }
    return;
  }
  if (tier === 'early_help') {
    referral(start, 'early_help', [rng.pick(CONCERNS)]);
    const eh = laSource('eh', laOn(f, start));
    const planId = `EHP-${h.hid}`;
    const s = start + rng.int(7, 21);
    ev(h, eh, 'plan', s, [...as('child', ...kids()), ...as('parent', f.mother)], { plan: 'early_help', planId, stage: 'started' });
    allocate(eh, s, 'lead_professional');
    const end = Math.min(asOf, s + rng.int(90, 270));
    const nonEngagement = rng.chance(SERVICE_RATES.ehNonEngagement);
    for (let d = s + rng.int(14, 30); d < end; d += rng.int(21, 45)) {
      const seen = nonEngagement && rng.chance(0.4) ? [] : childrenOn(f, d).map((c) => c.pid);
      ev(h, eh, 'visit', d, [...as('child', ...childrenOn(f, d)), ...as('parent', f.mother)], { purpose: 'early_help', outcome: seen.length > 0 ? 'seen' : 'no_access', seen });
    }
    if (end < asOf) {
      ev(h, eh, 'plan', end, as('child', ...childrenOn(f, end)), { plan: 'early_help', planId, stage: 'ended', reason: nonEngagement ? 'non_engagement' : 'outcomes_met' });
      ev(h, eh, 'case_closed', end, as('child', ...childrenOn(f, end)), { service: 'early_help', reason: nonEngagement ? 'non_engagement' : 'outcomes_met' });
    }
    return;
  }
  // Child in need and child protection: referral, assessment, plan, visits.
  referral(start, tier === 'cp' ? 'strategy_discussion' : 'assessment', [rng.pick(CONCERNS), rng.pick(CONCERNS)].filter((c, i, a) => a.indexOf(c) === i));
  const src = csc();
  let d = start;
  let planKind = 'cin';
  if (tier === 'cp') {
    d = addWorkingDays(d, rng.int(1, 3));
    ev(h, src, 'strategy_discussion', d, as('child', ...kids()), { decision: 's47', attendees: ['csc', 'police', 'health_visiting'] });
    ev(h, src, 's47_enquiry', d, as('child', ...kids()), { stage: 'started' });
    d = addWorkingDays(d, rng.int(8, 14));
    ev(h, src, 's47_enquiry', d, as('child', ...kids()), { stage: 'completed', outcome: 'icpc' });
    d = addWorkingDays(start, 15);
    ev(h, src, 'cp_conference', d, [...as('child', ...kids()), ...as('parent', f.mother)], {
      conference: 'initial',
      outcome: 'cp_plan',
      category: rng.pick(['neglect', 'emotional', 'physical']),
      invited: ['health_visiting', 'police', 'school', 'housing'],
      attendees: ['health_visiting', 'police', 'school'],
    });
    planKind = 'cp';
  } else {
    ev(h, src, 'assessment', d + 1, as('child', ...kids()), { stage: 'started' });
    d = addWorkingDays(d, rng.int(20, 40));
    ev(h, src, 'assessment', d, as('child', ...kids()), { stage: 'completed', outcome: 'cin', needs: ['parenting', 'home_conditions'], previousHistoryConsidered: true });
  }
  if (d > asOf) return;
  const planId = `${planKind.toUpperCase()}-${h.hid}`;
  ev(h, src, 'plan', d, [...as('child', ...kids()), ...as('parent', f.mother)], { plan: planKind, planId, stage: 'started', needs: ['parenting', 'home_conditions'] });
  allocate(src, d, 'social_worker');
  if (planKind === 'cp') {
    // The core group turns each need into an action with an owner and a date, and most get done.
    for (const [i, need] of ['parenting', 'home_conditions'].entries()) {
      const due = d + rng.int(40, 90);
      const base = { planId, actionId: `${planId}-A${i + 1}`, action: need === 'parenting' ? 'Parenting programme' : 'Home conditions plan with housing', owner: need === 'parenting' ? 'early_help' : 'housing', addresses: [need] };
      ev(h, src, 'plan_action', d + rng.int(5, 20), as('child', ...kids()), { ...base, due: iso(due), status: 'open' });
      if (due - 5 <= asOf) ev(h, src, 'plan_action', due - rng.int(1, 10), as('child', ...kids()), { ...base, due: iso(due), status: rng.chance(0.85) ? 'done' : 'open' });
    }
  }
  const length = planKind === 'cp' ? rng.int(270, 450) : rng.int(180, 365);
  const end = Math.min(asOf, d + length);
  const every = planKind === 'cp' ? [8, 13] : [25, 40];
  for (let v = d + rng.int(3, 8); v < end; v += rng.int(every[0] ?? 10, every[1] ?? 20)) {
    const ch = childrenOn(f, v);
    ev(h, laSource('csc', laOn(f, v)), 'visit', v, [...as('child', ...ch), ...as('parent', f.mother)], { purpose: 'statutory', outcome: 'seen', seen: ch.map((c) => c.pid), seenAlone: rng.chance(0.6) });
  }
  if (planKind === 'cp') {
    for (let cg = addWorkingDays(d, rng.int(5, 9)); cg < end; cg += rng.int(28, 40)) {
      ev(h, laSource('csc', laOn(f, cg)), 'core_group', cg, as('child', ...childrenOn(f, cg)), { planId, invited: ['health_visiting', 'school', 'police'], attendees: ['health_visiting', 'school'] });
    }
    for (let rc = addMonths(d, 3); rc < end; rc = addMonths(rc, 6)) {
      ev(h, laSource('csc', laOn(f, rc)), 'cp_conference', rc, as('child', ...childrenOn(f, rc)), { conference: 'review', outcome: 'continue_plan', attendees: ['health_visiting', 'school'] });
    }
  }
  if (end < asOf) {
    const s2 = laSource('csc', laOn(f, end));
    if (planKind === 'cp') ev(h, s2, 'cp_conference', end, as('child', ...childrenOn(f, end)), { conference: 'review', outcome: 'end_plan', attendees: ['health_visiting', 'school'] });
    ev(h, s2, 'plan', end, as('child', ...childrenOn(f, end)), { plan: planKind, planId, stage: 'ended', reason: planKind === 'cp' ? 'stepped_down' : 'outcomes_met' });
    ev(h, s2, 'case_closed', end + (planKind === 'cp' ? 0 : 0), as('child', ...childrenOn(f, end)), { service: 'csc', reason: planKind === 'cp' ? 'stepped_down' : 'outcomes_met' });
  }
}

/** Police domestic abuse incidents with the mother as victim and a partner as suspect, DASH, sharing, school notification. */
function domesticAbuseHistory(world: World, rng: Rng, f: Family, tier: string): void {
  const h = f.h;
  const asOf = world.asOf;
  const n = tier === 'universal' ? rng.int(1, 2) : rng.int(1, 4);
  let d = world.windowStart + rng.int(0, asOf - world.windowStart - 30);
  for (let i = 0; i < n && d <= asOf; i++) {
    const suspect = partnerOn(f, d) ?? f.fathers[0];
    if (!suspect) return;
    const kids = childrenOn(f, d);
    const present = kids.length > 0 && rng.chance(0.6);
    const addr = homeOn(f, d);
    const minute = rng.int(0, 1439);
    ev(
      h,
      'police-tv',
      'police_incident',
      d,
      [...as('victim', f.mother), ...as('suspect', suspect), ...(present ? as('child_present', ...kids) : [])],
      { category: 'domestic_abuse', childrenPresent: present, childrenSeen: present, sharedWith: present && rng.chance(SERVICE_RATES.sharedWithCsc) ? ['csc'] : [] },
      { minute, address: addr },
    );
    if (rng.chance(SERVICE_RATES.dashDone)) {
      const score = rng.int(2, 9);
      ev(h, 'police-tv', 'da_risk_assessment', d, as('victim', f.mother), { tool: 'dash', score, level: score >= 8 ? 'medium' : 'standard', assessor: 'police' }, { minute: Math.min(1439, minute + 45) });
    }
    if (present) {
      const schoolKids = kids.filter((c) => c.upn);
      const sc = h.registrations.find((r) => schoolKids.some((c) => c.pid === r.pid) && source(r.src).agency === 'school');
      // Operation Encompass: the school hears before the next school day starts —
      // the same morning for an incident in the small hours, on Monday for one at
      // the weekend. (Notifying only when the next day was a school day left
      // every Friday and Saturday incident unnotified: an artefact the rules
      // reported as 1.2 missed notifications per 1,000 children a month.)
      if (sc && rng.chance(SERVICE_RATES.schoolNotified)) {
        const sameMorning = minute < 9 * 60 && !isWeekend(d);
        let nd = sameMorning ? d : d + 1;
        while (isWeekend(nd)) nd++;
        ev(h, 'police-tv', 'school_notification', nd, as('child', ...schoolKids), { scheme: 'operation_encompass', school: sc.src }, { minute: sameMorning ? Math.min(minute + 5, 9 * 60 - 1) : 8 * 60 });
      }
    }
    if (i >= 1 && rng.chance(SERVICE_RATES.refuge)) {
      toRefuge(world, rng, f, d + rng.int(1, 14), suspect);
      return;
    }
    d += rng.int(60, 500);
  }
}

/** The mother and children leave for a refuge (a sealed address) in another authority; the abuser stays, and the relationship ends. */
function toRefuge(world: World, rng: Rng, f: Family, day: Day, abuser: Person): void {
  const h = f.h;
  const asOf = world.asOf;
  if (day >= asOf - 1) return;
  const home = h.residences.find((r) => r.pids.includes(f.mother.pid) && r.from < day && (r.to === null || r.to > day));
  if (!home || home.addr.kind === 'refuge') return;
  const away = home.addr.la === HOME.name ? neighbourLa(rng) : HOME.name;
  const family = home.pids.filter((pid) => pid !== abuser.pid);
  const end = day + rng.int(60, 200);
  const originalTo = home.to;
  home.to = day;
  h.residences.push({ pids: family, addr: makeAddress(world, rng, away, 'refuge'), from: day, to: end < asOf ? end : null });
  if (home.pids.includes(abuser.pid)) h.residences.push({ pids: [abuser.pid], addr: home.addr, from: day, to: originalTo });
  if (end < asOf) {
    // Half go home once the abuser has left or been removed; half are rehoused.
    const back = rng.chance(0.5) ? home.addr : makeAddress(world, rng, home.addr.la, 'temporary');
    h.residences.push({ pids: family, addr: back, from: end, to: originalTo !== null && originalTo > end ? originalTo : null });
    if (originalTo !== null && originalTo <= end) {
      // The family's next home now starts when they leave the refuge.
      // (A home they had already left again by then is kept as a zero-length stay, never ending before it starts.)
      for (const r of h.residences) if (r !== home && r.pids.includes(f.mother.pid) && r.from === originalTo) r.from = r.to !== null && r.to < end ? r.to : end;
    }
  }
  for (const m of h.members) if (m.pid === abuser.pid && (m.to === null || m.to > day)) m.to = day;
  for (const p of f.partners) if (p.p === abuser && (p.to === null || p.to > day)) p.to = day;
  ev(h, laSource('housing', home.addr.la), 'move', day, as('tenant', f.mother), { fromLocalAuthority: home.addr.la, toLocalAuthority: away, kind: 'refuge' });
  ev(h, 'idva-wb', 'da_disclosure', day, [...as('victim', f.mother), ...as('perpetrator', abuser)], { to: 'idva' });
  ev(h, 'idva-wb', 'da_risk_assessment', day + rng.int(0, 3), as('victim', f.mother), { tool: 'dash', score: rng.int(10, 20), level: 'high', assessor: 'idva' });
  const marac = laSource('marac', home.addr.la);
  const referred = day + rng.int(1, 5);
  const who = [...as('victim', f.mother), ...as('perpetrator', abuser)];
  ev(h, marac, 'marac', referred, who, { stage: 'referred', area: home.addr.la, reason: 'dash_high' });
  // Most are heard within the month and transferred to the refuge's MARAC; some transfers are lost (004 §6.85).
  if (rng.chance(0.9)) ev(h, marac, 'marac', referred + rng.int(7, 27), who, { stage: 'heard', area: home.addr.la });
  ev(h, marac, 'marac', referred + rng.int(10, 30), as('victim', f.mother), { stage: 'transfer_sent', area: away });
  if (rng.chance(0.8)) ev(h, laSource('marac', away), 'marac', referred + rng.int(31, 45), who, { stage: 'transfer_received', area: away });
}

export { childrenOn, under5On, adultsOn, partnerOn };
export type { Household };
