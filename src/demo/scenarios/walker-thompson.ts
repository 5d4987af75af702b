// Walker-Thompson family (7-point briefing: shared/seeds/002_…). A large
// Traveller family in an overcrowded home; missed appointments; repeated
// referrals passed to an early help service the family had not engaged with;
// a section 47 decision changed without partners; a step-down not challenged;
// domestic abuse in pregnancy reported by the eldest child.

import type { Day } from '../dates.ts';
import { as } from '../events.ts';
import type { Household, Person } from '../model.ts';
import type { Rng } from '../rng.ts';
import { ordinaryLife } from '../services.ts';
import type { World } from '../world.ts';
import { asFamily, Scene } from './scene.ts';

export function walkerThompson(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2021-02-15', variant, scenario: `walker-thompson-${variant}`, review: '002 (Walker-Thompson 7-point briefing)' });
  const d = (x: string, off = 0): Day => s.d(x, off);
  const g = s.canonical ? 'traveller' : rng.pick(['traveller', 'traveller', 'irish', 'white_british']);
  const mfam = s.family(g, 'Walker');
  const ffam = s.family(g, 'Thompson');
  const mother = s.person({ sex: 'female', group: g, dob: d('1988-02-11'), family: mfam, canonicalGiven: 'Bridget', child: false });
  const father = s.person({ sex: 'male', group: g, dob: d('1985-07-04'), family: ffam, canonicalGiven: 'Patrick', child: false });
  const names = ['Kathleen', 'John', 'Mary', 'Michael', 'Margaret', 'Tommy', 'Nora'];
  const dobs = ['2006-11-20', '2008-06-02', '2010-01-15', '2011-09-30', '2014-04-08', '2019-03-12', '2021-02-15'];
  const kids: Person[] = dobs.map((dob, i) => {
    const k = s.person({ sex: i % 2 === 0 ? 'female' : 'male', group: g, dob: d(dob), family: `${mfam}-${ffam}`, canonicalGiven: names[i] ?? 'Baby', child: true });
    s.parents(k, mother, father);
    s.member(k, 'child', k.dob);
    return k;
  });
  const [k1, k2, k3, k4, k5, k6, k7] = kids as [Person, Person, Person, Person, Person, Person, Person];
  const schoolKids = [k1, k2, k3, k4, k5];
  s.member(mother, 'mother', d('2006-01-01'));
  s.member(father, 'father', d('2006-01-01'));
  const old = s.address('Wandlebury');
  const home = s.address('Wandlebury');
  const temp = s.address('Wandlebury', 'temporary');
  s.live([mother, father, k1, k2, k3, k4], old, d('2006-01-01'), d('2012-04-16'));
  s.live([mother, father, ...kids], home, d('2012-04-16'), d('2021-02-22'));
  s.live([mother, father, ...kids], temp, d('2021-02-22'));
  const csc = 'csc-wb';
  const eh = 'eh-wb';
  const hv = 'hv-wb';
  const gp = 'gp-riverside';
  const police = 'police-tv';

  // Housing: a two-bedroom home for a family of seven, from 2012.
  s.reg('housing-wb', mother, d('2012-04-16'));
  s.reg('housing-wb', father, d('2012-04-16'));
  s.ev('housing-wb', 'housing_concern', d('2012-04-16'), as('tenant', mother), { concern: 'overcrowding' }, { address: home, text: 'Moving from 3 to 2 bedrooms; advised the home is too small.', cite: '002 The family' });
  // LP1: not brought to appointments.
  for (const [day, k, svc] of [
    ['2016-06-14', k5, 'dental'],
    ['2019-05-07', k6, 'immunisation'],
    ['2019-06-04', k6, 'immunisation'],
    ['2019-07-02', k6, 'immunisation'],
    ['2020-03-10', k6, 'development_review'],
    ['2020-09-15', k5, 'dental'],
  ] as const)
    s.ev(svc === 'development_review' ? hv : gp, 'appointment', d(day), as('child', k), { service: svc, outcome: 'was_not_brought' }, { cite: '002 LP1 (not brought: dental, immunisations)' });
  // LP4: early help, non-engagement, referrals passed back to early help.
  s.ev(csc, 'referral', d('2018-11-05'), [...as('child', ...kids.slice(0, 5)), ...as('parent', mother)], { referrer: 'school', concerns: ['neglect', 'housing'], outcome: 'early_help' }, { cite: '002 The family (Early Help, November 2018)' });
  s.ev(csc, 'assessment', d('2018-11-06'), [...as('child', ...schoolKids), ...as('parent', mother)], { stage: 'started' }, { cite: '002 LP7 (single assessment 2018)' });
  s.ev(csc, 'assessment', d('2018-12-04'), [...as('child', ...schoolKids), ...as('parent', mother)], { stage: 'completed', outcome: 'early_help', previousHistoryConsidered: true }, { cite: '002 LP4, LP7' });
  s.ev(eh, 'plan', d('2018-12-10'), [...as('child', ...schoolKids), ...as('parent', mother)], { plan: 'early_help', planId: 'EH-2018-3310', stage: 'started' }, { cite: '002 LP4' });
  s.ev(eh, 'visit', d('2019-01-15'), [...as('child', ...schoolKids), ...as('parent', mother)], { purpose: 'early_help', outcome: 'no_access' }, { cite: '002 LP4 (difficulties engaging the family)' });
  s.ev(eh, 'visit', d('2019-02-12'), [...as('child', ...schoolKids), ...as('parent', mother)], { purpose: 'early_help', outcome: 'no_access' }, { cite: '002 LP4' });
  s.ev(eh, 'plan', d('2019-04-30'), as('child', ...schoolKids), { plan: 'early_help', planId: 'EH-2018-3310', stage: 'ended', reason: 'non_engagement' }, { cite: '002 LP4' });
  s.ev(eh, 'case_closed', d('2019-04-30'), as('child', ...schoolKids), { service: 'early_help', reason: 'non_engagement' }, { cite: '002 LP4' });
  s.ev(hv, 'housing_concern', d('2019-09-10'), as('child', k6), { concern: 'overcrowding' }, { address: home, cite: '002 LP2' });
  s.ev(csc, 'referral', d('2019-09-16'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { referrer: 'health_visiting', concerns: ['neglect', 'housing'], outcome: 'assessment' }, { cite: '002 LP4 (multiple referrals)' });
  s.ev(csc, 'assessment', d('2019-09-17'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { stage: 'started' }, { cite: '002 LP4' });
  s.ev(csc, 'visit', d('2019-09-24'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { purpose: 'assessment', outcome: 'seen', seen: kids.slice(0, 6).map((k) => k.pid) }, { cite: '002 LP3 (sleeping arrangements not seen)' });
  s.ev(csc, 'assessment', d('2019-10-25'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { stage: 'completed', outcome: 'early_help', previousHistoryConsidered: false }, { cite: '002 LP4 (non-engagement not taken into account)' });
  s.ev(eh, 'housing_concern', d('2019-12-03'), as('child', ...kids.slice(0, 6)), { concern: 'conditions' }, { address: home, cite: '002 LP2' });
  s.ev('housing-wb', 'housing_concern', d('2020-03-03'), as('tenant', mother), { concern: 'arrears' }, { address: home, cite: '002 LP2 (arrears before rehousing)' });
  s.ev('housing-wb', 'housing_concern', d('2020-03-03'), as('tenant', mother), { concern: 'conditions' }, { address: home, cite: '002 LP2 (repairs needed)' });
  s.ev(csc, 'referral', d('2020-02-04'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { referrer: 'school', concerns: ['neglect'], outcome: 'nfa' }, { cite: '002 LP4, LP5 (referrals not challenged by the referrer)' });
  // LP5: strategy discussion decides s47; changed to s17 without partners; CIN; step-down not challenged.
  s.ev(csc, 'referral', d('2020-05-11'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { referrer: 'school', concerns: ['neglect'], outcome: 'strategy_discussion' }, { text: 'Supervision of the children.', cite: '002 LP5' });
  s.ev(csc, 'strategy_discussion', d('2020-05-13'), as('child', ...kids.slice(0, 6)), { decision: 's47', attendees: ['csc', 'police', 'school', 'health_visiting'] }, { cite: '002 LP5' });
  s.ev(csc, 'decision_changed', d('2020-05-15'), as('child', ...kids.slice(0, 6)), { from: 's47', to: 's17', partnersInformed: false }, { cite: '002 LP5 (partners not informed or consulted)' });
  s.ev(csc, 'assessment', d('2020-06-19'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { stage: 'completed', outcome: 'cin', previousHistoryConsidered: true, needs: ['neglect', 'housing'] }, { cite: '002 The family (CIN 2020)' });
  s.ev(csc, 'plan', d('2020-06-22'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { plan: 'cin', planId: 'CIN-2020-1772', stage: 'started', needs: ['neglect', 'housing'] }, { cite: '002 The family' });
  for (const day of ['2020-07-14', '2020-08-18', '2020-09-22', '2020-10-27'])
    s.ev(csc, 'visit', d(day), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { purpose: 'statutory', outcome: 'seen', seen: kids.slice(0, 6).map((k) => k.pid) }, { cite: '002 LP3' });
  s.ev('midwifery-stm', 'pregnancy', d('2020-07-20'), [...as('mother', mother), ...as('baby', k7)], { stage: 'booked', gestationWeeks: 12, expectedDate: s.isoOf(d('2021-02-12')) }, { cite: '002 LP6' });
  s.ev(csc, 'plan', d('2020-11-30'), as('child', ...kids.slice(0, 6)), { plan: 'cin', planId: 'CIN-2020-1772', stage: 'ended', reason: 'stepped_down', dissent: ['health_visiting', 'school'] }, { cite: '002 LP5 (partners wanted CIN to continue; not escalated)' });
  // LP6: the eldest calls the police; the mother is pregnant.
  s.ev(police, 'police_incident', d('2021-01-12'), [...as('victim', mother), ...as('suspect', father), ...as('child_present', ...kids.slice(0, 6))], { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 19 * 60 + 35, address: home, text: 'Call from the eldest child: scared, mother being hit, home being smashed up.', cite: '002 LP6' });
  s.ev(police, 'da_risk_assessment', d('2021-01-12'), as('victim', mother), { tool: 'dash', score: 10, level: 'medium', assessor: 'police' }, { minute: 20 * 60 + 30, cite: '002 LP6' });
  s.ev(csc, 'referral', d('2021-01-13'), [...as('child', ...kids.slice(0, 6)), ...as('parent', mother)], { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'early_help' }, { cite: '002 LP6 (a missed opportunity for the MASH)' });
  s.ev(eh, 'escalation', d('2021-02-10'), as('child', ...kids.slice(0, 6)), { stage: 'raised', by: 'early_help', about: 'Safety of a newborn in the home' }, { cite: '002 Good practice (escalation by early help and health visitor)' });
  s.h.trigger = s.ev('midwifery-stm', 'pregnancy', d('2021-02-15'), [...as('mother', mother), ...as('baby', k7)], { stage: 'birth', gestationWeeks: 40 }, { minute: 5 * 60 + 20, cite: '002 The family (the seventh child)' });
  s.ev('housing-wb', 'move', d('2021-02-22'), as('tenant', mother, father), { fromLocalAuthority: 'Wandlebury', toLocalAuthority: 'Wandlebury', kind: 'temporary' }, { address: temp, cite: '002 The family (moved out for repairs)' });
  ordinaryLife(world, rng, asFamily(s, mother, kids, [father], [{ p: father, from: d('2006-01-01'), to: null }], g, 'social_rent'), false, { health: false, clean: true });
  for (const [rule, where] of Object.entries({
    'was-not-brought': '002 LP1',
    'home-conditions-recurring': '002 LP2',
    'repeat-referrals': '002 LP4',
    'early-help-non-engagement-history': '002 LP4',
    'no-access-visits': '002 LP4',
    's47-changed-without-partners': '002 LP5',
    'step-down-dissent-not-escalated': '002 LP5',
    'da-in-pregnancy': '002 LP6',
    'children-present-school-notify': '002 LP6 (the child called the police)',
    'repeat-assessments-no-intervention': '002 LP4',
  })) s.cite(rule, where);
  return s.h;
}
