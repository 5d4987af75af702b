// The ground-truth oracle: for a planted or control family, the alerts that
// the rules in shared/design/rules.md (default thresholds) should raise, and
// the data time at which each condition first holds. It reads the true events
// (who really was who), not the agencies' records, so it says what a
// partnership that linked everything correctly would have known.
//
// Rules that depend on which adults agencies *know* to be in the household
// (unknown-adult-in-household, adult-risk-in-household) are not computed
// here: they are asserted by the hand-written scenario files instead.

import { addWorkingDays, nextSchoolDay, type Day } from './dates.ts';
import type { ExpectedAlert, Household, Person, TrueEvent } from './model.ts';
import { residenceOn } from './model.ts';
import { source } from './partnership.ts';

const YEAR = 365;
const CHILD_ROLES = new Set(['child', 'child_present', 'baby']);
const DA_CATEGORIES = new Set(['domestic_abuse']);

export const ORACLE_RULES = [
  'da-repeat-incidents-marac',
  'marac-repeat',
  'high-risk-da-marac',
  'da-without-risk-assessment',
  'marac-referral-no-outcome',
  'marac-transfer-lost',
  'da-in-pregnancy',
  'children-present-school-notify',
  'police-concern-not-shared',
  'child-not-seen-by-police',
  'was-not-brought',
  'no-access-visits',
  'repeat-referrals',
  'repeat-assessments-no-intervention',
  'early-help-non-engagement-history',
  'home-conditions-recurring',
  's47-changed-without-partners',
  'step-down-dissent-not-escalated',
  'cross-boundary-move',
  'removed-from-roll',
  'late-booking',
  'pre-birth-history',
  'child-not-seen',
  'siblings-not-considered',
  'soft-intel-at-child-address',
  'written-agreement-unshared',
  'core-group-gaps',
  'cp-plan-actions-dropped',
  'parent-care-history',
  'professional-turnover',
  'universal-plus-drift',
  'not-shared-without-reason',
] as const;

function agencyOf(e: TrueEvent): string {
  return source(e.src).agency;
}

function time(e: TrueEvent): number {
  return e.day * 1440 + (e.minute ?? 0);
}

function subjectsIn(e: TrueEvent, roles: Set<string> | string): string[] {
  return e.subjects.filter((s) => (typeof roles === 'string' ? s.role === roles : roles.has(s.role))).map((s) => s.pid);
}

export function expectedAlerts(h: Household, asOf: Day): ExpectedAlert[] {
  const out: ExpectedAlert[] = [];
  const ev = h.events.filter((e) => e.day <= asOf).sort((a, b) => time(a) - time(b));
  const persons = new Map(h.persons.map((p) => [p.pid, p]));
  const isChildOn = (pid: string, d: Day) => {
    const p = persons.get(pid);
    return p !== undefined && p.child && p.dob <= d && d - p.dob < 18 * 365.25;
  };
  const isMinorOn = (pid: string, d: Day) => {
    const p = persons.get(pid);
    return p !== undefined && p.dob <= d && d - p.dob < 18 * 365.25;
  };
  const childrenOn = (d: Day): Person[] =>
    h.persons.filter((p) => p.child && p.dob <= d && d - p.dob < 18 * 365.25 && h.members.some((m) => m.pid === p.pid && m.from <= d && (m.to === null || m.to > d)));
  const add = (rule: string, pid: string, evidence: TrueEvent[], earliest: Day) => {
    if (earliest > asOf) return; // not yet due at the data's "now"
    const died = persons.get(pid)?.died;
    if (died !== undefined && earliest > died) return;
    out.push({ rule, pid, evidence, earliest });
  };
  const of = (kind: string, pred: (e: TrueEvent) => boolean = () => true) => ev.filter((e) => e.kind === kind && pred(e));

  // ---------------------------------------------------------- domestic abuse
  const daEvents = ev.filter((e) => (e.kind === 'police_incident' && DA_CATEGORIES.has(String(e.data.category))) || e.kind === 'da_disclosure');
  const maracReferred = of('marac', (e) => e.data.stage === 'referred');
  const victims = [...new Set(daEvents.flatMap((e) => subjectsIn(e, 'victim')))];
  for (const v of victims) {
    const mine = daEvents.filter((e) => subjectsIn(e, 'victim').includes(v));
    const refs = maracReferred.filter((m) => subjectsIn(m, 'victim').includes(v));
    // da-repeat-incidents-marac: the third (or later) incident in 12 months with no referral within 5 days.
    for (let i = 2; i < mine.length; i++) {
      const t = mine[i] as TrueEvent;
      const win = mine.filter((e) => e.day > t.day - YEAR && time(e) <= time(t));
      if (win.length < 3) continue;
      const first = win[0] as TrueEvent;
      if (refs.some((r) => r.day >= first.day && r.day <= t.day + 5)) continue;
      add('da-repeat-incidents-marac', v, win.slice(-3), t.day + 5);
      break;
    }
    // marac-repeat: abuse within 12 months of the victim's last referral, no repeat referral within 5 days.
    for (const t of mine) {
      const last = refs.filter((r) => r.day < t.day).at(-1);
      if (!last || t.day - last.day > YEAR) continue;
      if (refs.some((r) => r.day >= t.day && r.day <= t.day + 5)) continue;
      add('marac-repeat', v, [last, t], t.day + 5);
      break;
    }
    // da-without-risk-assessment: no DASH/DARA/DARAC for the victim within 7 days.
    const ras = of('da_risk_assessment', (e) => subjectsIn(e, 'victim').includes(v));
    for (const t of mine) {
      if (ras.some((r) => r.day >= t.day && r.day <= t.day + 7)) continue;
      add('da-without-risk-assessment', v, [t], t.day + 7);
    }
    // da-in-pregnancy: abuse while the victim's pregnancy is open.
    const preg = of('pregnancy', (e) => subjectsIn(e, 'mother').includes(v));
    for (const t of mine) {
      const booked = preg.filter((p) => p.data.stage === 'booked' && p.day <= t.day).at(-1);
      if (!booked) continue;
      const baby = subjectsIn(booked, 'baby')[0];
      const ended = preg.some((p) => p.data.stage !== 'booked' && p.day >= booked.day && p.day <= t.day && (baby === undefined || subjectsIn(p, 'baby').includes(baby)));
      if (ended) continue;
      add('da-in-pregnancy', v, [booked, t], t.day);
      break;
    }
  }
  // high-risk-da-marac
  for (const r of of('da_risk_assessment')) {
    const high = Number(r.data.score ?? 0) >= 14 || r.data.level === 'high' || r.data.professionalJudgementHigh === true;
    if (!high) continue;
    for (const v of subjectsIn(r, 'victim')) {
      // A referral already made in the month before (on professional judgement, say) answers it too.
      if (maracReferred.some((m) => subjectsIn(m, 'victim').includes(v) && m.day >= r.day - 30 && m.day <= r.day + 5)) continue;
      add('high-risk-da-marac', v, [r], r.day + 5);
    }
  }
  // marac-referral-no-outcome and marac-transfer-lost
  for (const m of maracReferred) {
    for (const v of subjectsIn(m, 'victim')) {
      const heard = of('marac', (e) => e.data.stage === 'heard' && subjectsIn(e, 'victim').includes(v) && e.day >= m.day);
      if (!heard.some((x) => x.day <= m.day + 28)) add('marac-referral-no-outcome', v, [m], m.day + 28);
      const closed = of('marac', (e) => e.data.stage === 'closed' && subjectsIn(e, 'victim').includes(v) && e.day >= m.day).at(0);
      const moves = ev.filter(
        (e) =>
          ((e.kind === 'move' && e.data.fromLocalAuthority !== e.data.toLocalAuthority) || (e.kind === 'marac' && e.data.stage === 'transfer_sent')) &&
          e.subjects.some((s) => s.pid === v) &&
          e.day >= m.day &&
          (closed === undefined || e.day < closed.day),
      );
      const mv = moves[0];
      if (mv) {
        const got = of('marac', (e) => e.data.stage === 'transfer_received' && subjectsIn(e, 'victim').includes(v) && e.day >= mv.day && e.day <= mv.day + 28);
        if (got.length === 0) add('marac-transfer-lost', v, [m, mv], mv.day + 28);
      }
    }
  }
  // Police incidents: children present.
  for (const inc of of('police_incident')) {
    const present = inc.subjects.filter((s) => (s.role === 'child_present' || (s.role === 'child' && inc.data.category === 'welfare_check')) && isChildOn(s.pid, inc.day)).map((s) => s.pid);
    if (present.length === 0) continue;
    const shared = (Array.isArray(inc.data.sharedWith) && (inc.data.sharedWith as string[]).includes('csc')) ||
      of('sharing_decision', (s) => s.data.decision === 'shared' && Array.isArray(s.data.with) && (s.data.with as string[]).includes('csc') && s.day >= inc.day && s.day <= inc.day + 1 && s.data.about === `${inc.src}:${inc.id ?? ''}`).length > 0;
    for (const c of present) {
      if (!shared) add('police-concern-not-shared', c, [inc], inc.day + 1);
      if (inc.subjects.some((s) => s.pid === c && s.role === 'child_present') && inc.data.childrenSeen === false) add('child-not-seen-by-police', c, [inc], inc.day);
    }
    if (DA_CATEGORIES.has(String(inc.data.category))) {
      const schoolAge = present.filter((c) => {
        const p = persons.get(c);
        return p !== undefined && inc.day - p.dob >= 4 * 365.25 && inc.day - p.dob < 16 * 365.25 && p.upn !== undefined;
      });
      const due = nextSchoolDay(inc.day);
      for (const c of schoolAge) {
        const notified = of('school_notification', (n) => n.subjects.some((s) => s.pid === c) && n.day >= inc.day && n.day < due + 1).length > 0;
        if (!notified) add('children-present-school-notify', c, [inc], due);
      }
    }
  }

  // ------------------------------------------------------------ health
  const childIds = h.persons.filter((p) => p.child).map((p) => p.pid);
  for (const c of childIds) {
    const missed = of('appointment', (e) => e.subjects.some((s) => s.pid === c) && (e.data.outcome === 'was_not_brought' || e.data.outcome === 'did_not_attend'));
    for (let i = 0; i < missed.length; i++) {
      const t = missed[i] as TrueEvent;
      const prev = missed.slice(0, i).filter((e) => e.day > t.day - YEAR);
      const imm = [...prev, t].find((e) => e.data.service === 'immunisation');
      const dev = [...prev, t].find((e) => e.data.service === 'development_review');
      if (prev.length >= 1) {
        add('was-not-brought', c, [prev[prev.length - 1] as TrueEvent, t], t.day);
        break;
      }
      if (imm && dev) {
        add('was-not-brought', c, [imm, dev], t.day);
        break;
      }
    }
  }

  // ----------------------------------------------------------- visits
  const seenEvents = (c: string) =>
    ev.filter(
      (e) =>
        (e.kind === 'visit' && ((Array.isArray(e.data.seen) && (e.data.seen as string[]).includes(c)) || (e.data.outcome === 'seen' && !Array.isArray(e.data.seen) && e.subjects.some((s) => s.pid === c)))) ||
        (e.kind === 'appointment' && e.data.outcome === 'attended' && e.subjects.some((s) => s.pid === c)) ||
        (e.kind === 'police_incident' && e.data.childrenSeen === true && e.subjects.some((s) => s.pid === c && s.role === 'child_present')),
    );
  for (const c of childIds) {
    const visits = of('visit', (e) => e.subjects.some((s) => s.pid === c && CHILD_ROLES.has(s.role)));
    let run: TrueEvent[] = [];
    for (const v of visits) {
      const notSeen = v.data.outcome === 'not_seen' || v.data.outcome === 'no_access' || (Array.isArray(v.data.seen) && !(v.data.seen as string[]).includes(c));
      if (notSeen) run.push(v);
      else run = [];
      if (run.length === 2) add('no-access-visits', c, [...run], v.day);
    }
  }

  // child-not-seen: open plan or targeted service and no professional has seen the child for longer than the level allows.
  const limits: Record<string, number> = { cp: 15, cin: 42, early_help: 90, universal_plus: 90 };
  const plans = of('plan');
  for (const c of childIds) {
    const seen = seenEvents(c).map((e) => e.day);
    const periods: { level: string; from: Day; to: Day; ev: TrueEvent }[] = [];
    for (const p of plans.filter((e) => e.data.stage === 'started' && e.subjects.some((s) => s.pid === c))) {
      const end = plans.find((e) => e.data.stage === 'ended' && e.data.planId === p.data.planId && e.day >= p.day);
      periods.push({ level: String(p.data.plan), from: p.day, to: end ? end.day : asOf, ev: p });
    }
    for (const s of of('service_level', (e) => e.subjects.some((x) => x.pid === c) && (e.data.level === 'universal_plus' || e.data.level === 'universal_partnership_plus'))) {
      const next = of('service_level', (e) => e.subjects.some((x) => x.pid === c) && e.day > s.day).at(0);
      periods.push({ level: 'universal_plus', from: s.day, to: next ? next.day : asOf, ev: s });
    }
    for (const per of periods) {
      const limit = limits[per.level];
      if (limit === undefined) continue;
      // Stricter levels overlapping this period take precedence; evaluate each period on its own.
      let clock = Math.max(per.from, ...seen.filter((d) => d <= per.from));
      for (const d of [...seen.filter((x) => x > per.from && x <= per.to), per.to]) {
        const due = clock + limit + 1;
        if (due <= d && due <= per.to) {
          add('child-not-seen', c, [per.ev], due);
          break;
        }
        clock = d;
      }
    }
  }

  // siblings-not-considered: a visit or assessment about one child; an under-5 in the household not seen within 30 days.
  for (const e of ev.filter((x) => (x.kind === 'visit' || (x.kind === 'assessment' && x.data.stage === 'started')) && ['csc', 'early_help', 'health_visiting', 'midwifery'].includes(agencyOf(x)))) {
    const about = subjectsIn(e, CHILD_ROLES);
    if (about.length === 0) continue;
    for (const s of childrenOn(e.day)) {
      if (about.includes(s.pid) || e.day - s.dob >= 5 * 365.25) continue;
      const seenBy = seenEvents(s.pid).some((x) => x.day >= e.day && x.day <= e.day + 30);
      if (!seenBy) {
        add('siblings-not-considered', s.pid, [e], e.day + 30);
      }
    }
  }

  // -------------------------------------------------- children's services
  // Referrals to children's services (an IDVA's or a MARAC's own referral records are not these).
  const refs = of('referral', (e) => agencyOf(e) === 'csc' || agencyOf(e) === 'early_help');
  const startedPlans = plans.filter((p) => p.data.stage === 'started' && (p.data.plan === 'cin' || p.data.plan === 'cp'));
  const parentsOf = (c: string) => {
    const pa = h.parentage.find((x) => x.child === c);
    return [pa?.mother, pa?.father].filter((x): x is string => x !== undefined);
  };
  const family = (c: string) => {
    const mine = parentsOf(c);
    return new Set([c, ...h.parentage.filter((x) => parentsOf(x.child).some((p) => mine.includes(p))).map((x) => x.child)]);
  };
  for (const c of childIds) {
    const fam = family(c);
    const about = refs.filter((r) => r.subjects.some((s) => s.role === 'child' && fam.has(s.pid)));
    for (let i = 0; i < about.length; i++) {
      const r = about[i] as TrueEvent;
      // A child who has left the household (the eldest gone to live with his father) is not re-counted.
      if (!isChildOn(c, r.day) || !h.members.some((m) => m.pid === c && m.from <= r.day && (m.to === null || m.to > r.day))) continue;
      // Referrals count from the last plan that an assessment led to: a plan answers the earlier ones.
      const lastPlan = startedPlans.filter((p) => p.day <= r.day && p.subjects.some((s) => fam.has(s.pid))).at(-1);
      const before = about.slice(0, i + 1).filter((x) => lastPlan === undefined || x.day > lastPlan.day);
      const in12 = before.filter((x) => x.day > r.day - YEAR);
      const counted = in12.length >= 3 ? in12 : before.length >= 5 ? before : null;
      if (!counted) continue;
      add('repeat-referrals', c, counted.slice(-5), r.day);
      break;
    }
  }
  const weak = of('assessment', (e) => e.data.stage === 'completed' && (e.data.outcome === 'nfa' || e.data.outcome === 'early_help'));
  for (let i = 1; i < weak.length; i++) {
    const t = weak[i] as TrueEvent;
    const prev = weak.slice(0, i).filter((e) => e.day > t.day - 2 * YEAR).at(-1);
    if (!prev) continue;
    for (const c of subjectsIn(t, 'child')) add('repeat-assessments-no-intervention', c, [prev, t], t.day);
    break;
  }
  const ehClosedNonEngagement = of('case_closed', (e) => e.data.service === 'early_help' && e.data.reason === 'non_engagement');
  for (const t of ev.filter((e) => (e.kind === 'referral' && e.data.outcome === 'early_help') || (e.kind === 'assessment' && e.data.stage === 'completed' && e.data.outcome === 'early_help'))) {
    const closed = ehClosedNonEngagement.filter((c) => c.day < t.day && c.day >= t.day - 2 * YEAR).at(-1);
    if (!closed) continue;
    for (const c of subjectsIn(t, 'child')) add('early-help-non-engagement-history', c, [closed, t], t.day);
  }
  const homeConcerns = of('housing_concern', (e) => e.data.concern === 'conditions' || e.data.concern === 'overcrowding');
  for (let i = 2; i < homeConcerns.length; i++) {
    const t = homeConcerns[i] as TrueEvent;
    const win = homeConcerns.slice(0, i + 1).filter((e) => e.day > t.day - 2 * YEAR);
    if (win.length < 3) continue;
    for (const c of childrenOn(t.day)) add('home-conditions-recurring', c.pid, win.slice(-3), t.day);
    break;
  }
  for (const d of of('decision_changed', (e) => e.data.from === 's47' && (e.data.to === 's17' || e.data.to === 'nfa') && e.data.partnersInformed !== true)) {
    for (const c of subjectsIn(d, 'child')) add('s47-changed-without-partners', c, [d], d.day);
  }
  for (const p of ev.filter((e) => (e.kind === 'plan' && e.data.stage === 'ended') || (e.kind === 'cp_conference' && e.data.outcome === 'end_plan'))) {
    const dissent = p.data.dissent;
    if (!Array.isArray(dissent) || dissent.length === 0) continue;
    const due = addWorkingDays(p.day, 5);
    if (of('escalation', (e) => e.data.stage === 'raised' && e.day >= p.day && e.day <= due).length > 0) continue;
    for (const c of subjectsIn(p, 'child')) add('step-down-dissent-not-escalated', c, [p], due);
  }
  // cross-boundary-move: open plan / MARAC / early help / universal plus, a move to another authority, no transfer received within 10 working days.
  for (const m of of('move', (e) => e.data.fromLocalAuthority !== undefined && e.data.fromLocalAuthority !== e.data.toLocalAuthority)) {
    const open =
      plans.some((p) => p.data.stage === 'started' && p.day <= m.day && !plans.some((q) => q.data.stage === 'ended' && q.data.planId === p.data.planId && q.day <= m.day)) ||
      of('service_level', (s) => s.day <= m.day && s.data.level !== 'universal').length > 0 ||
      maracReferred.some((r) => r.day <= m.day && !of('marac', (x) => x.data.stage === 'closed' && x.day >= r.day && x.day <= m.day).length);
    if (!open) continue;
    const due = addWorkingDays(m.day, 10);
    if (of('transfer', (t) => t.data.stage === 'received' && t.day >= m.day && t.day <= due).length > 0) continue;
    for (const c of childrenOn(m.day)) add('cross-boundary-move', c.pid, [m], due);
  }
  for (const r of of('enrolment', (e) => e.data.stage === 'removed_from_roll' && e.data.destination === 'unknown')) {
    for (const c of r.subjects.map((s) => s.pid).filter((p) => isChildOn(p, r.day))) add('removed-from-roll', c, [r], r.day);
  }

  // ----------------------------------------------------------- pregnancy
  const knownBefore = (d: Day) => ev.some((e) => e.day < d && (['csc', 'early_help', 'marac', 'idva'].includes(agencyOf(e)) || (e.kind === 'police_incident' && e.data.category === 'domestic_abuse')));
  for (const b of of('pregnancy', (e) => e.data.stage === 'booked')) {
    const mother = subjectsIn(b, 'mother')[0];
    if (!mother) continue;
    const gest = Number(b.data.gestationWeeks ?? 0);
    if (gest > 20 && knownBefore(b.day)) add('late-booking', mother, [b], b.day);
    const history = ev.filter(
      (e) =>
        e.day < b.day &&
        e.subjects.some((s) => s.pid === mother || (s.role === 'child' && h.parentage.some((pa) => pa.child === s.pid && pa.mother === mother))) &&
        ((e.kind === 'plan' && (e.data.plan === 'cp' || e.data.plan === 'cin')) ||
          (e.kind === 'cp_conference' && e.data.outcome === 'cp_plan') ||
          e.kind === 'looked_after' ||
          (e.kind === 'police_incident' && e.data.category === 'domestic_abuse' && subjectsIn(e, 'victim').includes(mother)) ||
          (e.kind === 'case_closed' && e.data.reason === 'non_engagement')),
    );
    if (history.length === 0) continue;
    const baby = subjectsIn(b, 'baby')[0];
    const at24 = b.day + Math.max(0, (24 - gest) * 7);
    const prebirth = of('assessment', (a) => a.data.stage === 'started' && a.day <= at24 && a.subjects.some((s) => s.pid === baby));
    if (prebirth.length === 0) add('pre-birth-history', mother, [history[history.length - 1] as TrueEvent, b], at24);
  }

  // ------------------------------------------------------ intelligence, sharing, agreements
  for (const i of of('intelligence', (e) => ['drug_supply', 'weapons', 'exploitation'].includes(String(e.data.category)))) {
    if (!i.address) continue;
    const addr = i.address;
    const kids = childrenOn(i.day).filter((c) => residenceOn(h, c.pid, i.day)?.addr.line1 === addr.line1 && residenceOn(h, c.pid, i.day)?.addr.postcode === addr.postcode);
    const known = kids.filter((c) => ev.some((e) => e.day <= i.day && ['csc', 'early_help'].includes(agencyOf(e)) && e.subjects.some((s) => s.pid === c.pid)));
    const shared = of('sharing_decision', (s) => s.data.about === `${i.src}:${i.id ?? ''}` && s.data.decision === 'shared' && s.day <= i.day + 5).length > 0;
    if (shared) continue;
    for (const c of known) add('soft-intel-at-child-address', c.pid, [i], i.day + 5);
  }
  for (const w of of('written_agreement')) {
    const kids = subjectsIn(w, 'child');
    if (w.data.stage === 'made' && (!Array.isArray(w.data.sharedWith) || w.data.sharedWith.length === 0)) for (const c of kids) add('written-agreement-unshared', c, [w], w.day);
    if (w.data.stage === 'breached') {
      const due = addWorkingDays(w.day, 5);
      const followed = ev.some((e) => (e.kind === 'strategy_discussion' || e.kind === 'cp_conference' || e.kind === 'core_group') && e.day >= w.day && e.day <= due);
      if (!followed) for (const c of kids) add('written-agreement-unshared', c, [w], due);
    }
  }
  // not-shared-without-reason: a safeguarding record from a non-CSC agency about a child on an open CSC plan, not shared within 5 days.
  for (const e of ev.filter((x) => ['police_incident', 'intelligence', 'health_concern', 'housing_concern'].includes(x.kind) && agencyOf(x) !== 'csc')) {
    const shared = (Array.isArray(e.data.sharedWith) && (e.data.sharedWith as string[]).includes('csc')) || of('sharing_decision', (s) => s.data.about === `${e.src}:${e.id ?? ''}` && s.day <= e.day + 5).length > 0;
    if (shared) continue;
    const about = e.subjects.map((s) => s.pid).filter((p) => isChildOn(p, e.day));
    const kids = about.length > 0 ? about : e.kind === 'intelligence' || e.kind === 'housing_concern' ? childrenOn(e.day).filter((c) => residenceOn(h, c.pid, e.day)?.addr.line1 === e.address?.line1).map((c) => c.pid) : [];
    for (const c of kids) {
      const open = startedPlans.some((p) => p.subjects.some((s) => s.pid === c) && p.day <= e.day && !plans.some((q) => q.data.stage === 'ended' && q.data.planId === p.data.planId && q.day <= e.day));
      if (open) add('not-shared-without-reason', c, [e], e.day + 5);
    }
  }

  // -------------------------------------------------------- CP plans, core groups
  for (const p of plans.filter((x) => x.data.plan === 'cp' && x.data.stage === 'started')) {
    const planId = p.data.planId;
    const end = plans.find((q) => q.data.stage === 'ended' && q.data.planId === planId && q.day >= p.day)?.day ?? asOf;
    const kids = subjectsIn(p, 'child');
    const groups = of('core_group', (g) => g.day >= p.day && g.day <= end && (g.data.planId === undefined || g.data.planId === planId));
    const firstDue = addWorkingDays(p.day, 10);
    const gapHits: [TrueEvent[], Day][] = [];
    if (!groups.some((g) => g.day <= firstDue) && firstDue <= end) gapHits.push([[p], firstDue]);
    let last: TrueEvent | undefined;
    for (const g of [...groups, undefined]) {
      const at = g ? g.day : end;
      if (last && at - last.day > 42 && last.day + 43 <= end) gapHits.push([[last], last.day + 43]);
      if (g) last = g;
    }
    const da = daEvents.some((e) => e.day <= end);
    const housing = ev.some((e) => e.kind === 'housing_concern' && e.day <= end);
    for (const g of groups) {
      const att = Array.isArray(g.data.attendees) ? (g.data.attendees as string[]) : [];
      if ((housing && !att.includes('housing')) || (da && !att.includes('police') && !att.includes('idva'))) gapHits.push([[g], g.day]);
    }
    if (gapHits.length > 0) {
      const [evid, at] = gapHits.sort((a, b) => a[1] - b[1])[0] as [TrueEvent[], Day];
      for (const c of kids) add('core-group-gaps', c, evid, at);
    }
    // cp-plan-actions-dropped
    const actions = of('plan_action', (a) => a.data.planId === planId);
    const needs = Array.isArray(p.data.needs) ? (p.data.needs as string[]) : [];
    const hits: [TrueEvent, Day][] = [];
    for (const n of needs) {
      const covered = actions.some((a) => a.day <= p.day + 42 && Array.isArray(a.data.addresses) && (a.data.addresses as string[]).includes(n));
      if (!covered && p.day + 42 <= end) hits.push([p, p.day + 42]);
    }
    for (const a of actions) {
      if (a.data.status === 'dropped' && !a.data.reason) hits.push([a, a.day]);
    }
    const latest = new Map<string, TrueEvent>();
    for (const a of actions) latest.set(String(a.data.actionId), a);
    for (const a of latest.values()) {
      if (a.data.status !== 'done' && a.data.status !== 'dropped' && typeof a.data.due === 'string') {
        const due = Math.floor(Date.parse(a.data.due) / 86_400_000) + 1;
        if (due <= end) hits.push([a, due]);
      }
    }
    if (hits.length > 0) {
      const [e, at] = hits.sort((a, b) => a[1] - b[1])[0] as [TrueEvent, Day];
      for (const c of kids) add('cp-plan-actions-dropped', c, [e], at);
    }
  }

  // parent-care-history: the parent was looked after or on a plan as a child, and the assessment does not record it.
  for (const a of of('assessment', (e) => e.data.stage === 'completed' && e.data.previousHistoryConsidered !== true)) {
    const kids = subjectsIn(a, 'child');
    const parents = new Set(h.parentage.filter((pa) => kids.includes(pa.child)).flatMap((pa) => [pa.mother, pa.father]).filter((x): x is string => !!x));
    for (const pid of parents) {
      const care = ev.find(
        (e) =>
          e.day < a.day &&
          e.subjects.some((s) => s.pid === pid) &&
          (e.kind === 'looked_after' || ((e.kind === 'plan' || (e.kind === 'cp_conference' && e.data.outcome === 'cp_plan')) && isMinorOn(pid, e.day))),
      );
      if (care) {
        add('parent-care-history', pid, [care, a], a.day);
      }
    }
  }

  // professional-turnover: 3 or more changes of allocated worker in 12 months.
  for (const c of childIds) {
    const alloc = of('allocation', (e) => e.subjects.some((s) => s.pid === c) && (e.data.role === 'social_worker' || e.data.role === 'health_visitor'));
    for (let i = 3; i < alloc.length; i++) {
      const t = alloc[i] as TrueEvent;
      const changes = alloc.slice(1, i + 1).filter((e) => e.day > t.day - YEAR);
      if (changes.length >= 3) {
        add('professional-turnover', c, changes.slice(-3), t.day);
        break;
      }
    }
  }
  // universal-plus-drift: no health visiting contact for longer than contactEveryDays + 50%.
  for (const s of of('service_level', (e) => e.data.level !== 'universal' && typeof e.data.contactEveryDays === 'number')) {
    const limit = Math.floor(Number(s.data.contactEveryDays) * 1.5);
    const next = of('service_level', (e) => e.day > s.day && e.subjects.some((x) => s.subjects.some((y) => y.pid === x.pid))).at(0);
    const end = next ? next.day : asOf;
    for (const c of subjectsIn(s, 'child')) {
      const contacts = ev
        .filter((e) => agencyOf(e) === 'health_visiting' && e.day >= s.day && e.day <= end && e.subjects.some((x) => x.pid === c) && ((e.kind === 'visit' && e.data.outcome === 'seen') || (e.kind === 'appointment' && e.data.outcome === 'attended')))
        .map((e) => e.day);
      let clock = s.day;
      for (const d of [...contacts, end]) {
        if (clock + limit + 1 <= d && clock + limit + 1 <= end) {
          add('universal-plus-drift', c, [s], clock + limit + 1);
          break;
        }
        clock = d;
      }
    }
  }

  // One alert per rule, person and earliest day.
  const seenKeys = new Set<string>();
  return out.filter((a) => {
    const k = `${a.rule}|${a.pid}|${a.earliest}`;
    if (seenKeys.has(k)) return false;
    seenKeys.add(k);
    return true;
  });
}
