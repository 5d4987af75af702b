// Williams family (Medway LLR, 2020: shared/seeds/000_…). Neglect over years;
// repeated referrals that ended without action; fathers missing from every
// agency's records; missed appointments; police did not enter in lockdown.

import type { Day } from '../dates.ts';
import { as } from '../events.ts';
import type { Household } from '../model.ts';
import type { Rng } from '../rng.ts';
import { ordinaryLife } from '../services.ts';
import type { World } from '../world.ts';
import { asFamily, Scene } from './scene.ts';

export function williams(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2020-04-20', variant, scenario: `williams-${variant}`, review: '000 (Williams family LLR)' });
  const d = (x: string, off = 0): Day => s.d(x, off);
  const fam = s.family('white_british', 'Wheeler');
  const mother = s.person({ sex: 'female', group: 'white_british', dob: d('1986-09-14'), family: fam, canonicalGiven: 'Wendy', child: false });
  const father1 = s.person({ sex: 'male', group: 'white_british', dob: d('1983-02-03'), family: s.family('white_british', 'Walsh'), canonicalGiven: 'Warren', child: false });
  const partner = s.person({ sex: 'male', group: rng.pick(['white_british', 'white_other', 'black_caribbean']), dob: d('1988-11-21'), family: s.family('white_british', 'Webb'), canonicalGiven: 'Wayne', child: false });
  const eldest = s.person({ sex: 'male', group: 'white_british', dob: d('2007-05-30'), family: father1.surnames[0]?.family ?? fam, canonicalGiven: 'William', child: true });
  const b = s.person({ sex: rng.chance(0.5) ? 'male' : 'female', group: 'white_british', dob: d('2016-12-01'), family: fam, canonicalGiven: 'Willow', child: true });
  const c = s.person({ sex: rng.chance(0.5) ? 'male' : 'female', group: 'white_british', dob: d('2018-01-15'), family: fam, canonicalGiven: 'Winnie', child: true });
  s.parents(eldest, mother, father1);
  s.parents(b, mother, partner);
  s.parents(c, mother, partner);
  s.member(mother, 'mother', d('2007-01-01'));
  s.member(eldest, 'child', eldest.dob, d('2017-07-10'));
  s.member(b, 'child', b.dob);
  s.member(c, 'child', c.dob);
  s.member(partner, 'partner', d('2016-01-01'), d('2019-06-01'));
  const home = s.address('Wandlebury');
  const f1Home = s.address('Wandlebury');
  const pHome = s.address(rng.chance(0.5) ? 'Wandlebury' : 'Ravensmere');
  s.live([mother, eldest, b, c], home, d('2007-01-01'));
  s.live([partner], home, d('2016-01-01'), d('2019-06-01'));
  s.live([partner], pHome, d('2019-06-01'));
  s.live([father1], f1Home, d('2004-01-01'));
  s.live([eldest], f1Home, d('2017-07-10'));
  const police = 'police-tv';
  const csc = 'csc-wb';

  // Background: two assaults on the mother, not domestic abuse.
  s.ev(police, 'police_incident', d('2006-03-18'), as('victim', mother), { category: 'violence', childrenPresent: false, sharedWith: [] }, { minute: 23 * 60 + 30, cite: '000 Summary (victim of two assaults in 2006)' });
  s.ev(police, 'police_incident', d('2006-08-05'), as('victim', mother), { category: 'violence', childrenPresent: false, sharedWith: [] }, { minute: 1 * 60 + 10, cite: '000 Summary' });
  // 2012–2013: the eldest's disclosures.
  s.ev(csc, 'referral', d('2012-03-14'), [...as('child', eldest), ...as('parent', mother)], { referrer: 'school', concerns: ['physical_abuse'], outcome: 'assessment' }, { text: 'Told his teacher he had been hit and kicked by his mother.', cite: '000 2012 (not shared with the police)' });
  s.ev(csc, 'assessment', d('2012-04-20'), [...as('child', eldest), ...as('parent', mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { cite: '000 2012' });
  s.ev(csc, 'referral', d('2013-02-05'), [...as('child', eldest), ...as('parent', mother)], { referrer: 'school', concerns: ['physical_abuse'], outcome: 'assessment' }, { cite: '000 2013' });
  s.ev(csc, 'assessment', d('2013-03-15'), [...as('child', eldest), ...as('parent', mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { cite: '000 2013' });
  s.ev(csc, 'referral', d('2013-06-10'), [...as('child', eldest), ...as('parent', mother)], { referrer: 'school', concerns: ['physical_abuse'], outcome: 'strategy_discussion' }, { cite: '000 2013' });
  s.ev(csc, 'strategy_discussion', d('2013-06-12'), as('child', eldest), { decision: 's47', attendees: ['csc', 'police'] }, { cite: '000 2013' });
  s.ev(csc, 'visit', d('2013-06-14'), [...as('child', eldest), ...as('parent', mother)], { purpose: 'assessment', outcome: 'seen', seen: [eldest.pid] }, { text: 'Joint visit with police.', cite: '000 2013' });
  s.ev(csc, 'assessment', d('2013-07-18'), [...as('child', eldest), ...as('parent', mother)], { stage: 'completed', outcome: 'cin', needs: ['physical_chastisement'], previousHistoryConsidered: true }, { cite: '000 2013' });
  s.ev(csc, 'plan', d('2013-07-20'), [...as('child', eldest), ...as('parent', mother)], { plan: 'cin', planId: 'CIN-2013-0412', stage: 'started', needs: ['physical_chastisement'] }, { cite: '000 2013' });
  for (const v of ['2013-08-20', '2013-09-24', '2013-10-29'])
    s.ev(csc, 'visit', d(v), [...as('child', eldest), ...as('parent', mother)], { purpose: 'statutory', outcome: 'seen', seen: [eldest.pid] }, { cite: '000 2013' });
  s.ev(csc, 'plan', d('2013-11-30'), as('child', eldest), { plan: 'cin', planId: 'CIN-2013-0412', stage: 'ended', reason: 'outcomes_met' }, { cite: '000 2013' });
  s.ev(csc, 'case_closed', d('2013-11-30'), as('child', eldest), { service: 'csc', reason: 'outcomes_met' }, { cite: '000 2013' });
  // 2014, 2015: home conditions; no action.
  s.ev(csc, 'referral', d('2014-05-12'), [...as('child', eldest), ...as('parent', mother)], { referrer: 'housing', concerns: ['housing', 'neglect'], outcome: 'nfa' }, { text: 'Landlady: home disorganised and damp.', cite: '000 2014' });
  s.ev(csc, 'housing_concern', d('2014-05-12'), as('child', eldest), { concern: 'conditions' }, { address: home, cite: '000 2014' });
  const sch = 'school-st-mary-s-cofe-primary';
  const c15 = s.ev(sch, 'housing_concern', d('2015-10-07'), as('child', eldest), { concern: 'conditions' }, { address: home, text: "Mother's aggressive behaviour; unhygienic home.", cite: '000 2015' });
  s.share(c15, ['csc'], d('2015-10-07'));
  s.ev(csc, 'referral', d('2015-10-07'), [...as('child', eldest), ...as('parent', mother)], { referrer: 'school', concerns: ['neglect', 'housing'], outcome: 'nfa' }, { cite: '000 2015 (no action taken)' });
  // 2016–2017: births; appointments missed; who attended not recorded.
  s.ev('midwifery-stm', 'pregnancy', d('2016-05-20'), [...as('mother', mother), ...as('baby', b)], { stage: 'booked', gestationWeeks: 12, expectedDate: s.isoOf(d('2016-11-28')) }, { cite: '000 Findings (antenatal attendance not recorded)' });
  s.ev('midwifery-stm', 'pregnancy', d('2016-12-01'), [...as('mother', mother), ...as('baby', b)], { stage: 'birth', gestationWeeks: 40 }, { minute: 11 * 60 });
  s.ev('hv-wb', 'visit', d('2016-12-13'), [...as('child', b), ...as('parent', mother)], { purpose: 'new_birth', outcome: 'seen', seen: [b.pid] }, { cite: '000 Findings' });
  s.ev('gp-kingsway', 'appointment', d('2017-01-26'), as('child', b), { service: 'immunisation', outcome: 'was_not_brought' }, { cite: '000 Findings (DNA guidance not followed)' });
  s.ev('gp-kingsway', 'appointment', d('2017-02-23'), as('child', b), { service: 'immunisation', outcome: 'was_not_brought' }, { cite: '000 Findings' });
  s.ev('hv-wb', 'appointment', d('2017-01-19'), as('child', b), { service: 'development_review', outcome: 'was_not_brought' }, { cite: '000 Findings' });
  s.ev(csc, 'referral', d('2017-05-10'), [...as('child', eldest, b), ...as('parent', mother)], { referrer: 'school', concerns: ['physical_abuse'], outcome: 'nfa' }, { text: 'Eldest fears physical chastisement.', cite: '000 2017 (no action taken)' });
  s.ev(csc, 'referral', d('2017-06-20'), [...as('child', eldest, b), ...as('parent', mother)], { referrer: 'school', concerns: ['physical_abuse'], outcome: 'strategy_discussion' }, { cite: '000 2017' });
  s.ev(csc, 'strategy_discussion', d('2017-06-22'), as('child', eldest, b), { decision: 's47', attendees: ['csc', 'police'] }, { cite: '000 2017' });
  s.ev(csc, 'assessment', d('2017-06-23'), [...as('child', eldest, b), ...as('parent', mother)], { stage: 'started' }, { cite: '000 2017' });
  s.ev(csc, 'visit', d('2017-06-29'), [...as('child', eldest, b), ...as('parent', mother)], { purpose: 'assessment', outcome: 'seen', seen: [eldest.pid, b.pid] }, { cite: '000 2017' });
  s.ev(csc, 'assessment', d('2017-08-10'), [...as('child', eldest, b), ...as('parent', mother)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { text: 'Eldest now lives with his father. No concerns for the baby; home conditions fine. Health visitor not contacted.', cite: '000 2017, Findings' });
  s.ev('midwifery-stm', 'pregnancy', d('2017-07-10'), [...as('mother', mother), ...as('baby', c)], { stage: 'booked', gestationWeeks: 14, expectedDate: s.isoOf(d('2018-01-12')) }, { cite: '000 Findings' });
  s.ev('midwifery-stm', 'pregnancy', d('2018-01-15'), [...as('mother', mother), ...as('baby', c)], { stage: 'birth', gestationWeeks: 40 }, { minute: 4 * 60 + 30 });
  s.ev('hv-wb', 'visit', d('2018-01-26'), [...as('child', c), ...as('parent', mother)], { purpose: 'new_birth', outcome: 'seen', seen: [c.pid, b.pid] }, { cite: '000 Findings' });
  // 2018: domestic abuse with both children present; early help refused entry.
  s.ev(police, 'police_incident', d('2018-09-02'), [...as('victim', mother), ...as('suspect', partner), ...as('child_present', b, c)], { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 22 * 60 + 15, address: home, text: 'Mother declines to support a prosecution.', cite: '000 2018' });
  s.ev(police, 'da_risk_assessment', d('2018-09-02'), as('victim', mother), { tool: 'dash', score: 6, level: 'standard', assessor: 'police' }, { minute: 23 * 60, cite: '000 2018' });
  s.ev(csc, 'referral', d('2018-09-04'), [...as('child', b, c), ...as('parent', mother)], { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'early_help' }, { text: 'History not considered.', cite: '000 2018, Findings' });
  const eh = 'eh-wb';
  s.ev(eh, 'plan', d('2018-09-20'), [...as('child', b, c), ...as('parent', mother)], { plan: 'early_help', planId: 'EH-2018-2231', stage: 'started' }, { cite: '000 2018' });
  s.ev(eh, 'visit', d('2018-10-02'), [...as('child', b, c), ...as('parent', mother)], { purpose: 'early_help', outcome: 'no_access' }, { text: 'Unannounced after calls unanswered; mother would not let workers in.', cite: '000 2018' });
  s.ev(eh, 'visit', d('2018-10-16'), [...as('child', b, c), ...as('parent', mother)], { purpose: 'early_help', outcome: 'seen', seen: [b.pid, c.pid] }, { cite: '000 2018' });
  s.ev(eh, 'housing_concern', d('2018-10-16'), as('child', b, c), { concern: 'conditions' }, { address: home, cite: '000 2018 (home conditions a concern)' });
  s.ev(eh, 'visit', d('2018-11-13'), [...as('child', b, c), ...as('parent', mother)], { purpose: 'early_help', outcome: 'seen', seen: [b.pid, c.pid] }, { text: 'Some improvement.', cite: '000 2018' });
  s.ev(eh, 'plan', d('2018-12-18'), as('child', b, c), { plan: 'early_help', planId: 'EH-2018-2231', stage: 'ended', reason: 'outcomes_met' }, { cite: '000 2018' });
  s.ev(eh, 'case_closed', d('2018-12-18'), as('child', b, c), { service: 'early_help', reason: 'outcomes_met' }, { cite: '000 2018' });
  // 2020: the trigger. Officers did not go in "due to the pandemic"; two days later they did.
  s.h.trigger = s.ev(police, 'police_incident', d('2020-04-20'), [...as('adult', mother), ...as('child_present', b, c)], { category: 'welfare_check', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 15 * 60 + 40, address: home, text: 'Two young children naked in the street; mother says she is ill; officers did not enter.', cite: '000 Trigger event' });
  s.ev(csc, 'referral', d('2020-04-20'), [...as('child', b, c), ...as('parent', mother)], { referrer: 'police', concerns: ['neglect'], outcome: 'assessment' }, { text: 'RAG amber; call next day unanswered; letter sent.', cite: '000 Trigger event' });
  s.ev(police, 'police_incident', d('2020-04-22'), [...as('adult', mother), ...as('child_present', b, c)], { category: 'neglect', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 18 * 60, address: home, text: 'Father concerned; entry; children taken into police protection.', cite: '000 Trigger event' });
  s.ev(police, 'offence', d('2020-04-22'), as('suspect', mother), { category: 'other', stage: 'arrest' }, { text: 'Neglect.', cite: '000 Trigger event' });
  s.ev(police, 'housing_concern', d('2020-04-22'), as('child_present', b, c), { concern: 'conditions' }, { address: home, cite: '000 Trigger event' });
  for (const ch of [b, c]) s.ev(csc, 'looked_after', d('2020-04-22'), as('child', ch), { stage: 'started', legalStatus: 'police_protection' }, { cite: '000 Trigger event' });
  // The police know the partner; children's services and health record no father (000 Findings).
  ordinaryLife(world, rng, asFamily(s, mother, [eldest, b, c], [father1, partner], [{ p: partner, from: d('2016-01-01'), to: d('2019-06-01') }], 'white_british', 'private_rent'), false, { health: false, clean: true });
  for (const [rule, where] of Object.entries({
    'repeat-referrals': '000 (2012–2018 history); 001 protocol for repeat referrals',
    'repeat-assessments-no-intervention': '000 (2012, 2013 assessments: no further action)',
    'was-not-brought': '000 Findings (missed appointments)',
    'home-conditions-recurring': '000 (2014, 2015, 2018)',
    'no-access-visits': '000 (early help refused entry)',
    'police-concern-not-shared': '000 Trigger event',
    'siblings-not-considered': '000 Findings (2017 assessment, no contact with health visiting)',
    'parent-care-history': '000 Findings',
  })) s.cite(rule, where);
  return s.h;
}
