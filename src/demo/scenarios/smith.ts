// Smith family (Medway LLR, 2020: shared/seeds/001_…). A young mother who was
// in care; five children under five by three fathers; eight referrals and four
// assessments without a plan; twins not seen by a health visitor for two
// years; partners known to the police; an abrupt move.

import type { Day } from '../dates.ts';
import { as } from '../events.ts';
import type { Household } from '../model.ts';
import type { Rng } from '../rng.ts';
import { ordinaryLife } from '../services.ts';
import type { World } from '../world.ts';
import { asFamily, Scene } from './scene.ts';

export function smith(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2019-11-12', variant, scenario: `smith-${variant}`, review: '001 (Smith family LLR)' });
  const d = (x: string, off = 0): Day => s.d(x, off);
  const g = s.canonical ? 'white_british' : rng.pick(['white_british', 'white_british', 'mixed', 'white_other']);
  const fam = s.family(g, 'Sawyer');
  const mother = s.person({ sex: 'female', group: g, dob: d('1997-03-08'), family: fam, canonicalGiven: 'Stacey', child: false });
  const f1 = s.person({ sex: 'male', group: 'white_british', dob: d('1995-10-02'), family: s.family('white_british', 'Shaw'), canonicalGiven: 'Scott', child: false });
  const f2 = s.person({ sex: 'male', group: rng.pick(['white_british', 'black_caribbean']), dob: d('1992-06-17'), family: s.family('white_british', 'Stone'), canonicalGiven: 'Sean', child: false });
  const f3 = s.person({ sex: 'male', group: 'white_british', dob: d('1990-01-28'), family: s.family('white_british', 'Swift'), canonicalGiven: 'Steven', child: false });
  const kid = (dob: string, given: string, dad: typeof f1, family: string) => {
    const k = s.person({ sex: rng.chance(0.5) ? 'male' : 'female', group: g, dob: d(dob), family, canonicalGiven: given, child: true });
    s.parents(k, mother, dad);
    s.member(k, 'child', k.dob);
    return k;
  };
  const c1 = kid('2014-03-20', 'Sam', f1, fam);
  const c2 = kid('2016-03-01', 'Sky', f2, fam);
  const f3name = f3.surnames[0]?.family ?? fam;
  const t1 = kid('2017-09-25', 'Sid', f3, f3name);
  const t2 = kid('2017-09-25', 'Sol', f3, f3name);
  const c5 = kid('2018-10-05', 'Sage', f3, f3name);
  const kids = [c1, c2, t1, t2, c5];
  s.member(mother, 'mother', d('2013-09-01'));
  s.member(f2, 'partner', d('2015-03-01'), d('2016-06-01'));
  s.member(f3, 'partner', d('2016-09-01'));
  const carePlacement = s.address('Wandlebury', 'care_placement');
  const flat = s.address('Wandlebury');
  const house = s.address('Wandlebury');
  const moveLa = s.canonical ? 'Ravensmere' : rng.pick(['Ravensmere', 'Lambhurst', 'Wandlebury']);
  const after = s.address(moveLa);
  s.live([mother], carePlacement, d('2010-05-04'), d('2013-09-01'));
  s.live([mother, c1, c2], flat, d('2013-09-01'), d('2017-01-10'));
  s.live([f2], flat, d('2015-03-01'), d('2016-06-01'));
  s.live([mother, c1, c2, t1, t2, c5, f3], house, d('2017-01-10'), d('2019-08-20'));
  s.live([mother, c1, c2, t1, t2, c5, f3], after, d('2019-08-20'));
  s.live([f1], s.address('Wandlebury'), d('2012-01-01'));
  s.live([f2], s.address('Ravensmere'), d('2016-06-01'));
  s.live([f3], s.address('Wandlebury'), d('2008-01-01'), d('2016-09-01'));
  const csc = 'csc-wb';
  const police = 'police-tv';
  const hv = 'hv-wb';
  const mw = 'midwifery-stm';
  const gp = 'gp-elmtree';
  const ref = (date: string, children: typeof kids, referrer: string, concerns: string[], outcome: string, cite: string) =>
    s.ev(csc, 'referral', d(date), [...as('child', ...children), ...as('parent', mother)], { referrer, concerns, outcome }, { cite });

  // Mother's own childhood: looked after, then a care leaver.
  s.ev(csc, 'looked_after', d('2010-05-04'), as('child', mother), { stage: 'started', legalStatus: 's20' }, { cite: '001 Background (accommodated by the local authority)' });
  s.ev(csc, 'looked_after', d('2015-03-08'), as('child', mother), { stage: 'ended', legalStatus: 'care_leaver' }, { cite: '001 Background (support as a care leaver)' });
  // First pregnancy at 16; housing; an assessment finds experience of caring for children.
  s.ev(mw, 'pregnancy', d('2013-09-10'), [...as('mother', mother), ...as('baby', c1)], { stage: 'booked', gestationWeeks: 13, expectedDate: s.isoOf(d('2014-03-18')) }, { cite: '001 Background' });
  ref('2013-10-01', [c1], 'midwifery', ['housing'], 'assessment', '001 Background (referral 1)');
  s.ev(csc, 'assessment', d('2013-10-02'), [...as('child', c1), ...as('parent', mother)], { stage: 'started' }, { cite: '001 Background' });
  s.ev(csc, 'assessment', d('2013-11-20'), [...as('child', c1), ...as('parent', mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { cite: '001 Background (assessment 1)' });
  s.ev(mw, 'pregnancy', d('2014-03-20'), [...as('mother', mother), ...as('baby', c1)], { stage: 'birth', gestationWeeks: 40 }, { minute: 9 * 60 });
  ref('2014-09-15', [c1], 'health_visiting', ['neglect'], 'early_help', '001 Background (referral 2, a CAF suggested)');
  ref('2014-12-03', [c1], 'health_visiting', ['non_engagement', 'neglect'], 'nfa', '001 Background (referral 3)');
  s.ev(hv, 'housing_concern', d('2014-12-03'), as('child', c1), { concern: 'conditions' }, { address: flat, cite: '001 Background (appalling state of the home)' });
  s.ev(police, 'police_incident', d('2015-04-11'), [...as('victim', mother), ...as('suspect', f2), ...as('child_present', c1)], { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 23 * 60 + 20, address: flat, cite: '001 Background (arguments; both alleged abuse)' });
  s.ev(police, 'da_risk_assessment', d('2015-04-11'), as('victim', mother), { tool: 'dash', score: 4, level: 'standard', assessor: 'police' }, { minute: 23 * 60 + 55 });
  ref('2015-04-13', [c1], 'police', ['domestic_abuse'], 'assessment', '001 Background (referral 4)');
  s.ev(csc, 'assessment', d('2015-04-14'), [...as('child', c1), ...as('parent', mother)], { stage: 'started' }, { cite: '001 Background (assessment 2)' });
  s.ev(csc, 'assessment', d('2015-06-10'), [...as('child', c1), ...as('parent', mother)], { stage: 'completed', outcome: 'early_help', previousHistoryConsidered: false }, { cite: '001 Background (a CAF, as other professionals involved)' });
  ref('2015-07-08', [c1], 'health_visiting', ['neglect', 'housing'], 'nfa', '001 Background (referral 5)');
  s.ev(hv, 'housing_concern', d('2015-07-08'), as('child', c1), { concern: 'conditions' }, { address: flat, cite: '001 Background (state of the home)' });
  ref('2015-08-19', [c1], 'health_visiting', ['non_engagement'], 'nfa', '001 Background (referral 6: difficulty gaining access)');
  s.ev(mw, 'pregnancy', d('2015-08-04'), [...as('mother', mother), ...as('baby', c2)], { stage: 'booked', gestationWeeks: 11, expectedDate: s.isoOf(d('2016-02-25')) }, { cite: '001 Background' });
  ref('2015-09-23', [c1], 'midwifery', ['parental_mental_health'], 'nfa', "001 Background (referral 7: mother's ability to cope)");
  ref('2015-10-21', [c1, c2], 'midwifery', ['neglect'], 'assessment', '001 Background (referral 8: child in need, second pregnancy)');
  s.ev(csc, 'assessment', d('2015-10-22'), [...as('child', c1, c2), ...as('parent', mother)], { stage: 'started' }, { cite: '001 Background (assessment 3)' });
  s.ev(csc, 'assessment', d('2015-11-30'), [...as('child', c1, c2), ...as('parent', mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { cite: '001 Background (no further action: midwifery involved)' });
  s.ev(mw, 'pregnancy', d('2016-03-01'), [...as('mother', mother), ...as('baby', c2)], { stage: 'birth', gestationWeeks: 40 }, { minute: 17 * 60 });
  ref('2016-04-06', [c1, c2], 'police', ['other'], 'assessment', '001 Background (contact with someone who posed a risk)');
  s.ev(csc, 'assessment', d('2016-04-07'), [...as('child', c1, c2), ...as('parent', mother)], { stage: 'started' }, { cite: '001 Background (assessment 4)' });
  s.ev(csc, 'assessment', d('2016-05-20'), [...as('child', c1, c2), ...as('parent', mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { cite: '001 Background (case closed; HV and PA to support)' });
  s.ev(csc, 'case_closed', d('2016-05-20'), as('child', c1, c2), { service: 'csc', reason: 'nfa' }, { cite: '001 Background' });
  // Partners known to the police (001 Findings): F3 for drug supply.
  s.ev(police, 'offence', d('2016-02-15'), as('suspect', f3), { category: 'drug_supply', stage: 'conviction' }, { cite: '001 Findings (one partner involved in drug supply)' });
  // Twins: no pre-birth assessment; concerns about the home from health and housing.
  s.ev(mw, 'pregnancy', d('2017-03-28'), [...as('mother', mother), ...as('baby', t1, t2)], { stage: 'booked', gestationWeeks: 12, expectedDate: s.isoOf(d('2017-10-24')) }, { cite: '001 Background (pre-birth assessment not deemed necessary)' });
  s.ev(hv, 'housing_concern', d('2017-05-16'), as('child', c1, c2), { concern: 'conditions' }, { address: house, cite: '001 Background (health recorded the poor state of the home)' });
  s.ev('housing-wb', 'housing_concern', d('2017-06-27'), as('tenant', mother), { concern: 'conditions' }, { address: house, cite: '001 Background (housing recorded the poor state of the home)' });
  s.ev(mw, 'pregnancy', d('2017-09-25'), [...as('mother', mother), ...as('baby', t1, t2)], { stage: 'birth', gestationWeeks: 33 }, { minute: 3 * 60 + 10, cite: '001 Findings (premature twins)' });
  s.ev(hv, 'visit', d('2017-10-09'), [...as('child', t1, t2), ...as('parent', mother)], { purpose: 'new_birth', outcome: 'seen', seen: [t1.pid, t2.pid, c2.pid] }, { cite: '001 Background' });
  s.ev(hv, 'service_level', d('2017-10-09'), as('child', t1, t2), { service: 'health_visiting', level: 'universal_plus', contactEveryDays: 42 }, { cite: '001 Findings' });
  for (const [i, day] of ['2017-10-09', '2018-01-22', '2018-05-14', '2018-08-20'].entries())
    s.ev(hv, 'allocation', d(day), as('child', t1, t2), { role: 'health_visitor', worker: `HV-${5100 + i * 7}` }, { cite: '001 Findings (many changes of health visitor)' });
  for (const day of ['2017-11-20', '2017-12-18'])
    for (const t of [t1, t2]) s.ev(gp, 'appointment', d(day), as('child', t), { service: 'immunisation', outcome: 'was_not_brought' }, { cite: '001 Findings (missed immunisations)' });
  s.ev(hv, 'visit', d('2017-12-12'), [...as('child', t1, t2), ...as('parent', mother)], { purpose: 'review', outcome: 'no_access' }, { cite: '001 Background (home visits not followed up)' });
  s.ev(hv, 'visit', d('2018-02-27'), [...as('child', t1, t2), ...as('parent', mother)], { purpose: 'review', outcome: 'no_access' }, { cite: '001 Background' });
  s.ev(hv, 'visit', d('2018-04-24'), [...as('child', t1, t2, c1, c2), ...as('parent', mother)], { purpose: 'review', outcome: 'seen', seen: [c1.pid, c2.pid] }, { text: 'Older children seen; no record of seeing the twins.', cite: '001 Background' });
  s.ev(hv, 'appointment', d('2018-10-01'), as('child', t1, t2), { service: 'development_review', outcome: 'was_not_brought' }, { cite: '001 Findings (missed developmental reviews)' });
  // The fifth child; the new birth visit does not mention the others.
  s.ev(mw, 'pregnancy', d('2018-03-20'), [...as('mother', mother), ...as('baby', c5)], { stage: 'booked', gestationWeeks: 12, expectedDate: s.isoOf(d('2018-10-02')) }, { cite: '001 Background' });
  s.ev(mw, 'pregnancy', d('2018-10-05'), [...as('mother', mother), ...as('baby', c5)], { stage: 'birth', gestationWeeks: 39 }, { minute: 20 * 60 });
  s.ev(hv, 'visit', d('2018-10-18'), [...as('child', c5), ...as('parent', mother)], { purpose: 'new_birth', outcome: 'seen', seen: [c5.pid] }, { text: 'Home clean.', cite: '001 Background (no mention of the other children)' });
  s.ev(hv, 'visit', d('2019-08-01'), [...as('child', c1, c2, t1, t2), ...as('parent', mother)], { purpose: 'review', outcome: 'seen', seen: [c1.pid, c2.pid] }, { text: 'Older two seen, clean; twins not seen; home untidy.', cite: '001 Background (twins not seen by a health visitor for 2 years)' });
  // School, nursery, and the abrupt move.
  const school = 'school-wandle-primary';
  const nursery = 'nursery-little-acorns';
  s.ev(school, 'enrolment', d('2018-09-04'), [...as('child', c1), ...as('parent', mother)], { setting: 'school', stage: 'enrolled' }, { cite: '001 Background' });
  s.ev(nursery, 'enrolment', d('2019-04-23'), [...as('child', c2), ...as('parent', mother)], { setting: 'nursery', stage: 'enrolled' }, { cite: '001 Background' });
  s.ev('housing-wb', 'move', d('2019-08-20'), as('tenant', mother), { fromLocalAuthority: 'Wandlebury', toLocalAuthority: moveLa, kind: 'permanent' }, { address: after, cite: '001 Background (the family moved abruptly)' });
  s.ev(school, 'enrolment', d('2019-09-09'), as('child', c1), { setting: 'school', stage: 'removed_from_roll', destination: 'unknown' }, { cite: '001 Background (taken out of school)' });
  s.ev(nursery, 'enrolment', d('2019-09-09'), as('child', c2), { setting: 'nursery', stage: 'removed_from_roll', destination: 'unknown' }, { cite: '001 Background (taken out of nursery)' });
  // Trigger: three months without contact; an anonymous report of a child crying.
  s.h.trigger = s.ev(police, 'police_incident', d('2019-11-12'), [...as('adult', mother, f3), ...as('child_present', ...kids)], { category: 'neglect', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 21 * 60 + 5, address: after, text: 'Anonymous report of a child crying; five children removed under police protection.', cite: '001 Trigger event' });
  for (const k of kids) s.ev('hospital-stm', 'health_concern', d('2019-11-13'), as('child', k), { concern: 'development_delay' }, { cite: '001 Trigger event (CP medical: neglect, developmental delay)' });
  for (const a of [mother, f3]) s.ev(police, 'offence', d('2019-11-13'), as('suspect', a), { category: 'other', stage: 'arrest' }, { text: 'Child cruelty (neglect).', cite: '001 Trigger event' });
  ordinaryLife(world, rng, asFamily(s, mother, kids, [f1, f2, f3], [{ p: f3, from: d('2016-09-01'), to: null }], g, 'social_rent'), false, { health: false, clean: true, education: false });
  for (const [rule, where] of Object.entries({
    'repeat-referrals': '001 Background (eight referrals); Recommendations (protocol for repeat referrals)',
    'repeat-assessments-no-intervention': '001 Background (fourth assessment); Recommendations',
    'was-not-brought': '001 Findings (missed appointments); Recommendations (missed appointments protocol)',
    'child-not-seen': '001 Background (twins not seen for 2 years)',
    'no-access-visits': '001 Background (attempted home visits not followed up)',
    'siblings-not-considered': '001 Background (new birth visit: no mention of the other children)',
    'home-conditions-recurring': '001 Findings (concerns went away when the home was cleaned)',
    'pre-birth-history': '001 Background (no pre-birth assessment for twins)',
    'parent-care-history': '001 Background (mother known to CSC as a child); Recommendations',
    'professional-turnover': '001 Findings (many changes of health visitor)',
    'removed-from-roll': '001 Background (abrupt move, no contact for 3 months)',
    'universal-plus-drift': '001 Findings',
  })) s.cite(rule, where);
  return s.h;
}
