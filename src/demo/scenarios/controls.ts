// Near-miss control families: they look like the planted ones (the same
// kinds of records, agencies and histories) but each stays just inside the
// protocol: one incident fewer, a risk assessment done, a referral made in
// time, partners told. The oracle must find nothing in them (a test checks),
// and neither should the rules.

import { addWorkingDays, nextSchoolDay, type Day } from '../dates.ts';
import { as } from '../events.ts';
import type { Household, Person } from '../model.ts';
import type { Rng } from '../rng.ts';
import { ordinaryLife } from '../services.ts';
import { pickGroup, type World } from '../world.ts';
import { asFamily, Scene } from './scene.ts';

function cast(s: Scene, rng: Rng, anchor: Day, ages: number[], opts: { partnerLives: boolean }) {
  const g = s.canonical ? 'white_british' : pickGroup(rng).id;
  const fam = s.family(g, 'Carter');
  const eldestAge = Math.max(...ages);
  const mother = s.person({ sex: 'female', group: g, dob: anchor - Math.round((eldestAge + rng.int(20, 30)) * 365.25), family: fam, child: false });
  const father = s.person({ sex: 'male', group: g, dob: mother.dob - rng.int(0, 2000), family: s.family(g, 'Carter'), child: false });
  const kids: Person[] = ages.map((a, i) => {
    const k = s.person({ sex: rng.chance(0.5) ? 'male' : 'female', group: g, dob: i > 0 && ages[i - 1] === a ? (s.h.persons.at(-1)?.dob ?? anchor) : anchor - Math.round(a * 365.25) - rng.int(0, 200), family: fam, child: true });
    s.parents(k, mother, father);
    s.member(k, 'child', k.dob);
    return k;
  });
  const start = Math.min(...kids.map((k) => k.dob)) - rng.int(100, 900);
  s.member(mother, 'mother', start);
  const home = s.address('Wandlebury');
  s.live([mother, ...kids], home, start);
  if (opts.partnerLives) {
    s.member(father, 'father', start);
    s.live([father], home, start);
  } else {
    s.member(father, 'father', start, kids.at(-1)?.dob ?? start);
    s.live([father], home, start, kids.at(-1)?.dob ?? start);
    s.live([father], s.address('Ravensmere'), kids.at(-1)?.dob ?? start);
  }
  // Good practice, which the controls stand for: a father living in the home is
  // in the records of the agencies working with the family (000, 001), so
  // their referrals, assessments and visits name him beside the mother.
  const parents = opts.partnerLives ? [mother, father] : [mother];
  return { g, mother, father, kids, home, parents };
}

/** 004 near miss: two domestic abuse incidents in twelve months, each risk-assessed, shared and notified; a high-risk DASH referred to MARAC in time and heard. */
export function lloydMarkControl(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2019-08-27', variant, scenario: `lloyd-mark-control-${variant}`, review: '004', control: true, nearMiss: ['da-repeat-incidents-marac', 'da-without-risk-assessment', 'high-risk-da-marac', 'marac-referral-no-outcome', 'police-concern-not-shared', 'child-not-seen-by-police', 'children-present-school-notify'] });
  const t0 = s.d('2018-10-16');
  const c = cast(s, rng, t0, [7, 2], { partnerLives: false });
  const ex = s.person({ sex: 'male', group: c.g, dob: c.mother.dob - rng.int(-800, 2500), family: s.family(c.g, 'Cole'), child: false });
  s.live([ex], s.address('Wandlebury'), c.mother.dob + 6570);
  const police = 'police-tv';
  const school = 'school-kestrel-park-primary';
  s.reg(school, c.kids[0] as Person, t0 - 400);
  const incident = (day: Day, score: number, level: string) => {
    const inc = s.ev(police, 'police_incident', day, [...as('victim', c.mother), ...as('suspect', ex), ...as('child_present', ...c.kids)], { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 20 * 60, address: c.home });
    s.ev(police, 'da_risk_assessment', day + 1, as('victim', c.mother), { tool: 'dash', score, level, assessor: 'police' });
    // Every child present is notified: the younger one may be on a nursery roll by then (Operation Encompass covers nurseries).
    s.ev(police, 'school_notification', nextSchoolDay(day), as('child', ...c.kids), { scheme: 'operation_encompass', school }, { minute: 8 * 60 });
    return inc;
  };
  incident(t0, 6, 'standard');
  s.ev('csc-wb', 'referral', t0 + 1, [...as('child', ...c.kids), ...as('parent', c.mother)], { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'early_help' });
  const eh = 'eh-wb';
  s.ev(eh, 'plan', t0 + 8, [...as('child', ...c.kids), ...as('parent', c.mother)], { plan: 'early_help', planId: `EHC-${s.h.hid}`, stage: 'started' });
  for (let v = t0 + 15; v < t0 + 130; v += 28) s.ev(eh, 'visit', v, [...as('child', ...c.kids), ...as('parent', c.mother)], { purpose: 'early_help', outcome: 'seen', seen: c.kids.map((k) => k.pid) });
  s.ev(eh, 'plan', t0 + 130, as('child', ...c.kids), { plan: 'early_help', planId: `EHC-${s.h.hid}`, stage: 'ended', reason: 'outcomes_met' });
  s.ev(eh, 'case_closed', t0 + 130, as('child', ...c.kids), { service: 'early_help', reason: 'outcomes_met' });
  const t1 = t0 + rng.int(200, 330);
  incident(t1, 15, 'high');
  s.ev('marac-wb', 'marac', t1 + 3, [...as('victim', c.mother), ...as('perpetrator', ex)], { stage: 'referred', area: 'Wandlebury', reason: 'dash_high' });
  s.ev('marac-wb', 'marac', t1 + 20, [...as('victim', c.mother), ...as('perpetrator', ex)], { stage: 'heard', area: 'Wandlebury' });
  s.ev('idva-wb', 'visit', t1 + 6, as('adult', c.mother), { purpose: 'other', outcome: 'seen' });
  s.ev('marac-wb', 'marac', t1 + 120, as('victim', c.mother), { stage: 'closed', area: 'Wandlebury' });
  s.h.trigger = s.h.events.find((e) => e.kind === 'police_incident');
  ordinaryLife(world, rng, asFamily(s, c.mother, c.kids, [c.father], [], c.g, 'private_rent'), false, { clean: true });
  return s.h;
}

/** 001 near miss: two referrals in twelve months (not three), twins seen at every visit, one missed immunisation (not two). */
export function smithControl(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2019-11-12', variant, scenario: `smith-control-${variant}`, review: '001', control: true, nearMiss: ['repeat-referrals', 'was-not-brought', 'siblings-not-considered', 'no-access-visits'] });
  const t0 = s.d('2019-01-15');
  const c = cast(s, rng, t0, [4, 1.5, 1.5], { partnerLives: true });
  const hv = 'hv-wb';
  const t1 = c.kids[1] as Person;
  s.ev('csc-wb', 'referral', t0, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { referrer: 'health_visiting', concerns: ['neglect'], outcome: 'signpost' });
  s.ev(hv, 'visit', t0 + 7, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { purpose: 'review', outcome: 'no_access' });
  s.ev(hv, 'visit', t0 + 9, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { purpose: 'review', outcome: 'seen', seen: c.kids.map((k) => k.pid) });
  s.ev('csc-wb', 'referral', t0 + rng.int(120, 300), [...as('child', ...c.kids), ...as('parent', ...c.parents)], { referrer: 'school', concerns: ['neglect'], outcome: 'nfa' });
  s.ev('gp-elmtree', 'appointment', t0 + 30, as('child', t1), { service: 'immunisation', outcome: 'was_not_brought' });
  s.ev('gp-elmtree', 'appointment', t0 + 44, as('child', t1), { service: 'immunisation', outcome: 'attended' });
  s.h.trigger = s.h.events[0];
  ordinaryLife(world, rng, asFamily(s, c.mother, c.kids, [c.father], [{ p: c.father, from: c.mother.dob + 7000, to: null }], c.g, 'social_rent'), false, { clean: true });
  return s.h;
}

/** 000 near miss: a police welfare check where officers see the children and share the same day; one referral and one assessment, history considered; two home-conditions concerns in two years (not three). */
export function williamsControl(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2020-04-20', variant, scenario: `williams-control-${variant}`, review: '000', control: true, nearMiss: ['police-concern-not-shared', 'child-not-seen-by-police', 'home-conditions-recurring', 'repeat-assessments-no-intervention'] });
  const t0 = s.d('2020-04-20');
  const c = cast(s, rng, t0, [3, 2], { partnerLives: false });
  const police = 'police-tv';
  s.ev('housing-wb', 'housing_concern', t0 - 500, as('tenant', c.mother), { concern: 'conditions' }, { address: c.home });
  s.reg('housing-wb', c.mother, t0 - 900);
  s.h.trigger = s.ev(police, 'police_incident', t0, [...as('adult', c.mother), ...as('child_present', ...c.kids)], { category: 'welfare_check', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 15 * 60, address: c.home });
  s.ev(police, 'housing_concern', t0, as('child_present', ...c.kids), { concern: 'conditions', sharedWith: ['csc'] }, { address: c.home });
  s.ev('csc-wb', 'referral', t0, [...as('child', ...c.kids), ...as('parent', c.mother)], { referrer: 'police', concerns: ['neglect'], outcome: 'assessment' });
  s.ev('csc-wb', 'assessment', t0 + 1, [...as('child', ...c.kids), ...as('parent', c.mother)], { stage: 'started' });
  s.ev('csc-wb', 'visit', t0 + 2, [...as('child', ...c.kids), ...as('parent', c.mother)], { purpose: 'assessment', outcome: 'seen', seen: c.kids.map((k) => k.pid) });
  s.ev('csc-wb', 'assessment', addWorkingDays(t0, 25), [...as('child', ...c.kids), ...as('parent', c.mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: true });
  ordinaryLife(world, rng, asFamily(s, c.mother, c.kids, [c.father], [], c.g, 'social_rent'), false, { clean: true });
  return s.h;
}

/** 002 near miss: a section 47 decision changed with partners informed; a step-down with dissent escalated in three working days; early help's non-engagement closure more than two years before the next referral. */
export function walkerThompsonControl(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2021-02-15', variant, scenario: `walker-thompson-control-${variant}`, review: '002', control: true, nearMiss: ['s47-changed-without-partners', 'step-down-dissent-not-escalated', 'early-help-non-engagement-history', 'child-not-seen'] });
  const t0 = s.d('2020-05-11');
  const c = cast(s, rng, t0, [12, 9, 7], { partnerLives: true });
  const csc = 'csc-wb';
  const eh = 'eh-wb';
  s.ev(eh, 'plan', t0 - 1000, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { plan: 'early_help', planId: `EHW-${s.h.hid}`, stage: 'started' });
  for (let v = t0 - 990; v < t0 - 930; v += 30) s.ev(eh, 'visit', v, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { purpose: 'early_help', outcome: 'seen', seen: c.kids.map((k) => k.pid) });
  s.ev(eh, 'plan', t0 - 900, as('child', ...c.kids), { plan: 'early_help', planId: `EHW-${s.h.hid}`, stage: 'ended', reason: 'non_engagement' });
  s.ev(eh, 'case_closed', t0 - 900, as('child', ...c.kids), { service: 'early_help', reason: 'non_engagement' });
  s.h.trigger = s.ev(csc, 'referral', t0, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { referrer: 'school', concerns: ['neglect'], outcome: 'strategy_discussion' });
  s.ev(csc, 'strategy_discussion', t0 + 2, as('child', ...c.kids), { decision: 's47', attendees: ['csc', 'police', 'school'] });
  s.ev(csc, 'decision_changed', t0 + 4, as('child', ...c.kids), { from: 's47', to: 's17', partnersInformed: true });
  s.ev(csc, 'assessment', t0 + 5, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { stage: 'started' });
  s.ev(csc, 'assessment', t0 + 38, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { stage: 'completed', outcome: 'cin', previousHistoryConsidered: true });
  const planId = `CINW-${s.h.hid}`;
  s.ev(csc, 'plan', t0 + 40, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { plan: 'cin', planId, stage: 'started' });
  for (let v = t0 + 41; v < t0 + 220; v += 28) s.ev(csc, 'visit', v, [...as('child', ...c.kids), ...as('parent', ...c.parents)], { purpose: 'statutory', outcome: 'seen', seen: c.kids.map((k) => k.pid) });
  const end = t0 + 220;
  s.ev(csc, 'plan', end, as('child', ...c.kids), { plan: 'cin', planId, stage: 'ended', reason: 'stepped_down', dissent: ['school'] });
  s.ev('school-osier-lane-primary', 'escalation', addWorkingDays(end, 3), as('child', ...c.kids), { stage: 'raised', by: 'school', about: 'Step-down from child in need' });
  ordinaryLife(world, rng, asFamily(s, c.mother, c.kids, [c.father], [{ p: c.father, from: c.mother.dob + 7000, to: null }], c.g, 'social_rent'), false, { clean: true });
  return s.h;
}
