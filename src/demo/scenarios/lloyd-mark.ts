// Lloyd and Mark (Wandsworth CSPR, 2022: shared/seeds/004_…; 7-minute
// briefing 003_…). Dates are the review's; `cite` names the paragraph each
// record follows. What each agency would have written down, when.

import type { Day } from '../dates.ts';
import { as } from '../events.ts';
import { ordinaryLife } from '../services.ts';
import type { Household } from '../model.ts';
import type { Rng } from '../rng.ts';
import type { World } from '../world.ts';
import { asFamily, Scene } from './scene.ts';

const NURSERY = 'nursery-wandle-children-s-centre-nursery';
const NURSERY_OUT = 'nursery-ravensmere-day-nursery';

export function lloydMark(world: World, rng: Rng, variant: number): Household {
  const s = new Scene(world, rng, { reviewTrigger: '2019-08-27', variant, scenario: `lloyd-mark-${variant}`, review: '004 (Lloyd and Mark CSPR); 003 (briefing)' });
  const d = (x: string, off = 0): Day => s.d(x, off);
  const family = s.family('white_british', 'Ashford');
  // The refuge is out of borough; which neighbour varies between copies.
  const refugeLa = s.canonical ? 'Ravensmere' : rng.pick(['Ravensmere', 'Lambhurst', 'Croxden']);
  const tempLa = refugeLa === 'Croxden' ? 'Lambhurst' : 'Croxden';

  // §3.1: the family at the time of Lloyd's death.
  const msA = s.person({ sex: 'female', group: 'white_british', dob: d('1990-03-02'), family, canonicalGiven: 'Amy', child: false });
  const uncle = s.person({ sex: 'male', group: 'white_british', dob: d('1993-06-19'), family, canonicalGiven: 'Ryan', child: false });
  const mrB = s.person({ sex: 'male', group: 'black_caribbean', dob: d('1977-01-24'), family: s.family('black_caribbean', 'Brooks'), canonicalGiven: 'Benjamin', child: false });
  const mrD = s.person({ sex: 'male', group: 'white_british', dob: d('1990-05-30'), family: s.family('white_british', 'Dawson'), canonicalGiven: 'Daniel', child: false });
  const mark = s.person({ sex: 'male', group: 'mixed', dob: d('2015-02-11'), family, canonicalGiven: 'Mark', child: true });
  const lloyd = s.person({ sex: 'male', group: 'mixed', dob: d('2018-04-09'), family, canonicalGiven: 'Lloyd', child: true });
  s.parents(mark, msA, mrB);
  s.parents(lloyd, msA); // §3.1: Mr C, Lloyd's father, had no contact with any local service.
  s.member(msA, 'mother', d('2010-01-01'));
  s.member(mark, 'child', mark.dob);
  s.member(lloyd, 'child', lloyd.dob, d('2019-08-28'));
  s.member(mrB, 'father', d('2014-01-01'), d('2018-12-05'));
  s.member(mrD, 'partner', d('2019-08-01')); // §4.35: unknown to every agency
  s.member(uncle, 'relative', d('2016-06-01'), d('2016-11-01')); // §6.110: family member using the flat

  const childhood = s.address('Wandlebury');
  const home1 = s.address('Wandlebury');
  const refuge14 = s.address('Lambhurst', 'refuge');
  const temp14 = s.address('Croxden', 'temporary');
  const home2 = s.address('Wandlebury');
  const temp18 = s.address('Wandlebury', 'temporary');
  const refuge18 = s.address(refugeLa, 'refuge');
  const temp19 = s.address(tempLa, 'temporary');
  const home3 = s.address('Wandlebury', 'temporary');
  const mrBHome = s.address('Wandlebury');
  const mrDHome = s.address('Ravensmere');
  s.live([msA, uncle], childhood, msA.dob, d('2010-01-01'));
  s.live([msA], home1, d('2010-01-01'), d('2014-07-20'));
  s.live([msA], refuge14, d('2014-07-20'), d('2014-09-10'));
  s.live([msA], temp14, d('2014-09-10'), d('2015-01-10'));
  s.live([msA, mark, lloyd], home2, d('2015-01-10'), d('2018-12-07'));
  s.live([msA, mark, lloyd], temp18, d('2018-12-07'), d('2018-12-14'));
  s.live([msA, mark, lloyd], refuge18, d('2018-12-14'), d('2019-03-27'));
  s.live([msA, mark, lloyd], temp19, d('2019-03-27'), d('2019-04-25'));
  s.live([msA, mark, lloyd, mrD], home3, d('2019-04-25'));
  s.live([mrB], mrBHome, d('2005-01-01'));
  s.live([mrD], mrDHome, d('2012-01-01'), d('2019-08-01'));
  const police = 'police-tv';
  const both = () => [...as('child', mark, lloyd)];

  // §3.2–3.3: Ms A's own childhood with children's services.
  s.ev('csc-wb', 'referral', d('1995-06-12'), as('child', msA), { referrer: 'school', concerns: ['neglect', 'domestic_abuse'], outcome: 'assessment' }, { cite: '004 §3.2; 003 §1 (her own troubled history)' });
  s.ev('csc-wb', 'cp_conference', d('2004-05-10'), as('child', msA), { conference: 'initial', outcome: 'cp_plan', category: 'neglect' }, { cite: '004 §3.3; 003 §2 (her own childhood)' });
  s.ev('csc-wb', 'cp_conference', d('2005-06-20'), as('child', msA), { conference: 'review', outcome: 'end_plan', category: 'neglect' }, { cite: '004 §3.3 (a legacy record: conferences only)' });

  // §4.2, §6.83, §6.86, §6.88: pregnancy with Mark; abuse by Mr B; rehoused for her safety.
  s.ev(police, 'police_incident', d('2014-07-02'), [...as('victim', msA), ...as('suspect', mrB)], { category: 'domestic_abuse', childrenPresent: false, sharedWith: [] }, { minute: 23 * 60 + 5, address: home1, cite: '004 §4.2, §6.88' });
  s.ev(police, 'da_risk_assessment', d('2014-07-02'), as('victim', msA), { tool: 'dash', score: 5, level: 'standard', assessor: 'police' }, { minute: 23 * 60 + 50, cite: '004 §6.88 (assessed "Standard")' });
  s.ev('housing-wb', 'move', d('2014-07-20'), as('tenant', msA), { fromLocalAuthority: 'Wandlebury', toLocalAuthority: 'Lambhurst', kind: 'refuge' }, { address: refuge14, cite: '004 §4.2 (rehoused for her own safety)' });
  s.ev('midwifery-stm', 'pregnancy', d('2014-08-05'), [...as('mother', msA), ...as('baby', mark)], { stage: 'booked', gestationWeeks: 13, expectedDate: s.isoOf(d('2015-02-09')) }, { cite: '004 §4.2' });
  s.ev('csc-lx', 'referral', d('2014-08-15'), [...as('child', mark), ...as('parent', msA)], { referrer: 'midwifery', concerns: ['domestic_abuse'], outcome: 'assessment' }, { cite: '004 §4.2 (two boroughs, two assessments)' });
  s.ev('csc-lx', 'assessment', d('2014-08-18'), [...as('child', mark), ...as('parent', msA)], { stage: 'started' }, { cite: '004 §4.2' });
  s.ev('housing-wb', 'move', d('2014-09-10'), as('tenant', msA), { fromLocalAuthority: 'Lambhurst', toLocalAuthority: 'Croxden', kind: 'temporary' }, { address: temp14, cite: '004 §4.2' });
  s.ev('csc-lx', 'assessment', d('2014-09-25'), [...as('child', mark), ...as('parent', msA)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { cite: '004 §4.2 (no liaison between boroughs)' });
  s.ev(police, 'police_incident', d('2014-09-28'), [...as('victim', msA), ...as('suspect', mrB)], { category: 'domestic_abuse', childrenPresent: false, sharedWith: [] }, { minute: 21 * 60 + 40, address: temp14, text: 'Serious assault on a pregnant woman by her ex-partner.', cite: '004 §6.83, §6.88' });
  s.ev(police, 'da_risk_assessment', d('2014-09-28'), as('victim', msA), { tool: 'dash', score: 9, level: 'standard', assessor: 'police' }, { minute: 23 * 60, cite: '004 §6.88' });
  s.ev(police, 'offence', d('2014-09-29'), as('suspect', mrB), { category: 'domestic_abuse', stage: 'arrest' }, { cite: '004 §6.83' });
  s.ev(police, 'police_incident', d('2014-11-12'), [...as('victim', msA), ...as('suspect', mrB)], { category: 'domestic_abuse', childrenPresent: false, sharedWith: [] }, { minute: 2 * 60 + 15, address: temp14, text: 'Ex-partner at the door refusing to leave.', cite: '004 §6.86, §6.88 (third report in twelve months)' });
  s.ev(police, 'da_risk_assessment', d('2014-11-12'), as('victim', msA), { tool: 'dash', score: 6, level: 'standard', assessor: 'police' }, { minute: 3 * 60, cite: '004 §6.88' });
  s.ev('marac-cx', 'marac', d('2014-11-25'), [...as('victim', msA), ...as('perpetrator', mrB)], { stage: 'referred', area: 'Croxden', reason: 'professional_judgement' }, { cite: '004 §6.83 (IDVA after the Croxden assault)' });
  s.ev('marac-cx', 'marac', d('2014-12-09'), [...as('victim', msA), ...as('perpetrator', mrB)], { stage: 'heard', area: 'Croxden' }, { cite: '004 §6.83' });
  s.ev('csc-wb', 'referral', d('2014-12-15'), [...as('child', mark), ...as('parent', msA)], { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'assessment' }, { cite: '004 §4.2' });
  s.ev('csc-wb', 'assessment', d('2014-12-16'), [...as('child', mark), ...as('parent', msA)], { stage: 'started' }, { cite: '004 §4.2 (pre-birth; a CP approach not considered)' });
  s.ev('housing-wb', 'move', d('2015-01-10'), as('tenant', msA), { fromLocalAuthority: 'Croxden', toLocalAuthority: 'Wandlebury', kind: 'permanent' }, { address: home2, cite: '004 §4.2' });
  s.ev('marac-cx', 'marac', d('2015-01-26'), as('victim', msA), { stage: 'transfer_sent', area: 'Lambhurst' }, { cite: '004 §4.2, §6.70, §6.85 (sent to the wrong MARAC; never reached Wandlebury)' });
  s.ev('csc-wb', 'assessment', d('2015-01-20'), [...as('child', mark), ...as('parent', msA)], { stage: 'completed', outcome: 'early_help', previousHistoryConsidered: true }, { cite: '004 §4.2, §6.23' });
  s.ev('eh-wb', 'visit', d('2015-02-02'), [...as('child', mark), ...as('parent', msA)], { purpose: 'early_help', outcome: 'no_access' }, { cite: '004 §4.2 (did not cooperate with Early Help)' });
  s.ev('midwifery-stm', 'pregnancy', d('2015-02-11'), [...as('mother', msA), ...as('baby', mark)], { stage: 'birth', gestationWeeks: 40 }, { minute: 6 * 60 + 12, cite: '004 §4.2' });
  s.ev('eh-wb', 'visit', d('2015-03-03'), [...as('child', mark), ...as('parent', msA)], { purpose: 'early_help', outcome: 'no_access' }, { cite: '004 §4.2' });
  s.ev('eh-wb', 'case_closed', d('2015-04-10'), as('child', mark), { service: 'early_help', reason: 'non_engagement' }, { cite: '004 §4.2' });
  // §4.3–4.5: Universal Plus health visiting, then nobody.
  s.ev('hv-wb', 'visit', d('2015-02-23'), [...as('child', mark), ...as('parent', msA)], { purpose: 'new_birth', outcome: 'seen', seen: [mark.pid] }, { cite: '004 §4.3' });
  s.ev('hv-wb', 'service_level', d('2015-02-23'), as('child', mark), { service: 'health_visiting', level: 'universal_plus', contactEveryDays: 42 }, { cite: '004 §4.3' });
  s.ev('hv-wb', 'appointment', d('2015-04-01'), as('child', mark), { service: 'development_review', outcome: 'attended' }, { cite: '004 §4.3' });
  s.ev('hv-wb', 'visit', d('2015-06-10'), [...as('child', mark), ...as('parent', msA)], { purpose: 'review', outcome: 'seen', seen: [mark.pid] }, { cite: '004 §4.3' });
  s.ev('hv-wb', 'allocation', d('2015-09-15'), as('child', mark), { role: 'lead_professional', worker: 'HV-2207' }, { cite: '004 §4.4 (health visitor takes the lead)' });
  s.ev('csc-wb', 'case_closed', d('2015-09-15'), as('child', mark), { service: 'csc', reason: 'stepped_down' }, { cite: '004 §4.4' });
  // §4.6–4.7: 2016.
  s.ev('hv-wb', 'appointment', d('2016-03-14'), as('child', mark), { service: 'development_review', outcome: 'attended' }, { cite: '004 §4.6 (developing well, 13 months)' });
  s.ev('csc-wb', 'referral', d('2016-03-16'), [...as('child', mark), ...as('parent', msA)], { referrer: 'health_visiting', concerns: ['non_engagement'], outcome: 'nfa' }, { cite: '004 §4.6, §6.20' });
  s.ev(police, 'police_incident', d('2016-07-09'), [...as('suspect', uncle), ...as('child_present', mark)], { category: 'violence', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 22 * 60 + 30, address: home2, text: 'Fight between adults, drink and drugs; toddler in the flat; mother not present.', cite: '004 §4.7' });
  s.ev(police, 'police_incident', d('2016-07-23'), [...as('victim', msA), ...as('suspect', mrB), ...as('child_present', mark)], { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 19 * 60 + 10, address: home2, text: "Third-party call: partner refusing to leave. Woman says it is untrue; declines to assist.", cite: '004 §4.7, §6.88 (no DASH)' });
  s.ev('csc-wb', 'referral', d('2016-07-25'), [...as('child', mark), ...as('parent', msA)], { referrer: 'police', concerns: ['domestic_abuse', 'substance_misuse'], outcome: 'assessment' }, { cite: '004 §4.7, §6.20' });
  s.ev('csc-wb', 'assessment', d('2016-07-26'), [...as('child', mark), ...as('parent', msA)], { stage: 'started' }, { cite: '004 §4.7' });
  s.ev('csc-wb', 'visit', d('2016-08-10'), [...as('child', mark), ...as('parent', msA)], { purpose: 'assessment', outcome: 'seen', seen: [mark.pid] }, { cite: '004 §4.7' });
  s.ev('csc-wb', 'assessment', d('2016-09-05'), [...as('child', mark), ...as('parent', msA)], { stage: 'completed', outcome: 'early_help', previousHistoryConsidered: false, needs: ['parenting', 'unsuitable_visitors'] }, { cite: '004 §4.7, §6.20–6.21' });
  s.ev('hv-wb', 'visit', d('2016-09-28'), [...as('child', mark), ...as('parent', msA)], { purpose: 'review', outcome: 'no_access' }, { cite: '004 §4.7 (avoided meetings)' });
  s.ev('csc-wb', 'visit', d('2016-10-05'), [...as('child', mark), ...as('parent', msA)], { purpose: 'assessment', outcome: 'no_access' }, { cite: '004 §4.7' });
  s.ev('csc-wb', 'written_agreement', d('2016-10-19'), [...as('child', mark), ...as('parent', msA)], { stage: 'made', sharedWith: [], terms: 'Keep unsuitable visitors, including a named family member, away from the home.' }, { cite: '004 §4.7, §6.110–6.111' });
  s.ev('csc-wb', 'case_closed', d('2016-11-21'), as('child', mark), { service: 'csc', reason: 'non_engagement' }, { cite: '004 §4.7, §4.12' });
  // §4.8–4.11: 2017.
  s.ev('hv-wb', 'visit', d('2017-01-16'), [...as('child', mark), ...as('parent', msA)], { purpose: 'review', outcome: 'no_access' }, { cite: '004 §4.8' });
  s.ev('hv-wb', 'appointment', d('2017-03-20'), as('child', mark), { service: 'development_review', outcome: 'was_not_brought' }, { cite: '004 §4.8 (two-year check)' });
  s.ev('hv-wb', 'visit', d('2017-03-07'), [...as('child', mark), ...as('parent', msA)], { purpose: 'review', outcome: 'no_access' }, { cite: '004 §4.8' });
  s.ev('hv-wb', 'visit', d('2017-04-11'), [...as('child', mark), ...as('parent', msA)], { purpose: 'review', outcome: 'no_access' }, { cite: '004 §4.8' });
  s.ev('hv-wb', 'visit', d('2017-05-15'), [...as('child', mark), ...as('parent', msA)], { purpose: 'review', outcome: 'seen', seen: [mark.pid] }, { cite: '004 §4.9' });
  s.ev(police, 'police_incident', d('2017-07-18'), [...as('victim', msA), ...as('suspect', mrB), ...as('child_present', mark)], { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: ['csc', 'idva'] }, { minute: 20 * 60 + 45, address: home2, cite: '004 §4.10' });
  s.ev(police, 'da_risk_assessment', d('2017-07-18'), as('victim', msA), { tool: 'dash', score: 7, level: 'standard', assessor: 'police' }, { minute: 21 * 60 + 30, cite: '004 §4.10, §6.88' });
  s.ev('csc-wb', 'referral', d('2017-07-19'), [...as('child', mark), ...as('parent', msA)], { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'nfa' }, { cite: '004 §4.10, §6.20 (mother did not respond)' });
  s.ev('idva-wb', 'referral', d('2017-07-20'), as('victim', msA), { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'nfa' }, { cite: '004 §4.10' });
  // §4.11–4.13: late booking with Lloyd, birth.
  s.ev('midwifery-stm', 'pregnancy', d('2017-12-12'), [...as('mother', msA), ...as('baby', lloyd)], { stage: 'booked', gestationWeeks: 22, expectedDate: s.isoOf(d('2018-04-16')) }, { cite: '004 §4.11 (late booking at 22 weeks); 003 §2 (avoiding services)' });
  s.ev('midwifery-stm', 'health_concern', d('2017-12-12'), as('mother', msA), { concern: 'substance_misuse' }, { text: 'Declares cannabis use; tests positive. Says domestic abuse is not an issue.', cite: '004 §4.12, §6.104' });
  s.ev('midwifery-stm', 'appointment', d('2018-01-09'), as('mother', msA), { service: 'antenatal', outcome: 'did_not_attend' }, { cite: '004 §4.12' });
  s.ev('midwifery-stm', 'appointment', d('2018-02-06'), as('mother', msA), { service: 'antenatal', outcome: 'did_not_attend' }, { cite: '004 §4.12' });
  s.ev('midwifery-stm', 'pregnancy', d('2018-04-09'), [...as('mother', msA), ...as('baby', lloyd)], { stage: 'birth', gestationWeeks: 39 }, { minute: 14 * 60 + 40, cite: '004 §4.13' });
  for (const [day, cite] of [['2018-05-03', '004 §4.13'], ['2018-05-10', '004 §4.13, §6.12 (Mark not in midwifery records)']] as const)
    s.ev('midwifery-stm', 'visit', d(day), [...as('child', lloyd), ...as('parent', msA)], { purpose: 'other', outcome: 'seen', seen: [lloyd.pid] }, { cite });
  // §4.14: Universal Plus again; new assessment; Mark "at nursery".
  s.ev('hv-wb', 'visit', d('2018-05-21'), [...as('child', lloyd, mark), ...as('parent', msA)], { purpose: 'new_birth', outcome: 'seen', seen: [lloyd.pid] }, { text: 'Mark said to be at nursery 15 hours a week.', cite: '004 §4.14' });
  s.ev('hv-wb', 'service_level', d('2018-05-21'), both(), { service: 'health_visiting', level: 'universal_plus', contactEveryDays: 42 }, { cite: '004 §4.14; 003 §5 (monitoring Universal Plus)' });
  s.ev('hv-wb', 'allocation', d('2018-05-21'), both(), { role: 'health_visitor', worker: 'HV-3119' }, { cite: '004 §4.14' });
  s.ev('hv-wb', 'appointment', d('2018-05-22'), as('child', lloyd), { service: 'development_review', outcome: 'attended' }, { cite: '004 §4.14 (six-week check, no concerns)' });
  s.ev('csc-wb', 'referral', d('2018-05-24'), [...both(), ...as('parent', msA)], { referrer: 'midwifery', concerns: ['neglect'], outcome: 'assessment' }, { text: "Baby in a 'chaotic household', at risk of neglect.", cite: '004 §4.13, §6.20; 003 §1' });
  s.ev('csc-wb', 'assessment', d('2018-05-25'), [...both(), ...as('parent', msA)], { stage: 'started' }, { cite: '004 §4.14' });
  s.ev('csc-wb', 'visit', d('2018-05-30'), [...both(), ...as('parent', msA)], { purpose: 'assessment', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §4.14' });
  s.ev('csc-wb', 'visit', d('2018-06-06'), [...both(), ...as('parent', msA)], { purpose: 'assessment', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { text: 'Joint visit with the health visitor.', cite: '004 §4.14' });
  s.ev('hv-wb', 'allocation', d('2018-06-20'), both(), { role: 'health_visitor', worker: 'HV-3342' }, { cite: '004 §4.14 (a new health visitor); 003 §2 (staff changes)' });
  s.ev(police, 'police_incident', d('2018-06-28'), [...as('adult', msA), ...as('child_present', lloyd)], { category: 'welfare_check', childrenPresent: true, childrenSeen: false, sharedWith: [] }, { minute: 16 * 60 + 20, address: home2, text: "Call to check on a baby's welfare; woman says the call was malicious; identities not checked.", cite: '004 §4.15; 003 §3' });
  s.ev('csc-wb', 'assessment', d('2018-07-20'), [...both(), ...as('parent', msA)], { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { text: 'No role for CSC: mother co-operating with the health visitor.', cite: '004 §4.16, §6.21' });
  s.ev('hv-wb', 'visit', d('2018-07-26'), [...both(), ...as('parent', msA)], { purpose: 'review', outcome: 'seen', seen: [lloyd.pid] }, { cite: '004 §4.17' });
  // §4.17–4.19: nursery, referral, soft intelligence.
  s.ev(NURSERY, 'enrolment', d('2018-09-24'), [...as('child', mark), ...as('parent', msA)], { setting: 'nursery', stage: 'enrolled' }, { cite: '004 §4.17' });
  s.ev('probation-ls', 'supervision', d('2018-03-01'), as('adult', mrB), { stage: 'started', riskOfSeriousHarm: 'medium', domesticAbusePerpetrator: true }, { cite: '004 §4.19 (probation unaware of contact)' });
  s.ev('csc-wb', 'referral', d('2018-10-17'), [...both(), ...as('parent', msA, mrB)], { referrer: 'nursery', concerns: ['neglect', 'substance_misuse'], outcome: 'assessment' }, { text: 'Hungry, dirty, smells strongly of smoke; parents appear disorientated.', cite: '004 §4.18, §6.14; 003 §1' });
  s.ev('csc-wb', 'assessment', d('2018-10-18'), [...both(), ...as('parent', msA, mrB)], { stage: 'started' }, { cite: '004 §4.18' });
  s.ev(police, 'intelligence', d('2018-10-19'), [], { category: 'drug_supply', grading: 'unverified' }, { address: home2, text: 'Anonymous: drug dealing from the address.', cite: '004 §4.19, §6.104, §6.109; 003 §1' });
  s.ev(NURSERY, 'enrolment', d('2018-10-26'), as('child', mark), { setting: 'nursery', stage: 'removed_from_roll', destination: 'unknown' }, { cite: '004 §4.18, §6.72 (mother stopped bringing him)' });
  s.ev('csc-wb', 'visit', d('2018-10-30'), [...both(), ...as('parent', msA)], { purpose: 'assessment', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §4.19' });
  s.ev('csc-wb', 'assessment', d('2018-11-16'), [...both(), ...as('parent', msA, mrB)], { stage: 'completed', outcome: 'strategy_discussion', previousHistoryConsidered: true, needs: ['neglect', 'speech_language', 'parenting', 'substance_misuse', 'domestic_abuse'] }, { cite: '004 §6.24' });
  s.ev('csc-wb', 'strategy_discussion', d('2018-11-20'), both(), { decision: 's47', attendees: ['csc', 'police', 'health_visiting'] }, { cite: '004 §6.14' });
  s.ev('csc-wb', 's47_enquiry', d('2018-11-20'), both(), { stage: 'started' }, { cite: '004 §6.14' });
  s.ev('csc-wb', 's47_enquiry', d('2018-11-30'), both(), { stage: 'completed', outcome: 'icpc' }, { cite: '004 §6.24' });
  // §4.20–4.21: ICPC, disclosure, the outline plan, the move to a refuge.
  const planId = 'CP-2018-5531';
  s.ev('csc-wb', 'cp_conference', d('2018-12-05'), [...both(), ...as('parent', msA, mrB)], { conference: 'initial', outcome: 'cp_plan', category: 'emotional', invited: ['health_visiting', 'nursery', 'police'], attendees: ['health_visiting', 'nursery'] }, { cite: '004 §4.20, §6.25–6.26; 003 §1, §6 (conference split so both parents could attend)' });
  s.ev('csc-wb', 'plan', d('2018-12-05'), [...both(), ...as('parent', msA)], { plan: 'cp', planId, stage: 'started', needs: ['neglect', 'speech_language', 'parenting', 'substance_misuse', 'domestic_abuse'] }, { cite: '004 §4.20, §6.16; 003 §3 (needs not translated into the CP plan)' });
  s.ev('csc-wb', 'da_disclosure', d('2018-12-05'), [...as('victim', msA), ...as('perpetrator', mrB)], { to: 'csc' }, { text: 'After Mr B left the conference: he is abusive and controlling; she is scared of him.', cite: '004 §4.20, §6.26, §6.89; 003 §3 (MARAC not used)' });
  const actions: [string, string, string, string, string][] = [
    ['A1', 'Advice on a non-molestation order', 'domestic_abuse', 'csc', '2019-01-31'],
    ['A2', 'Family Recovery Project parenting course', 'parenting', 'csc', '2019-02-28'],
    ['A3', 'Access to mental health support', 'parenting', 'csc', '2019-02-28'],
    ['A4', 'Work on drug and alcohol use', 'substance_misuse', 'csc', '2019-02-28'],
    ['A5', 'Refer Mark for a speech and language assessment', 'speech_language', 'health_visiting', '2019-01-31'],
  ];
  for (const [actionId, action, need, owner, due] of actions)
    s.ev('csc-wb', 'plan_action', d('2018-12-05'), both(), { planId, actionId, action, owner, due: s.isoOf(d(due)), status: 'open', addresses: [need] }, { cite: '004 §4.20, §6.45, §6.101' });
  s.ev('csc-wb', 'marac', d('2018-12-07'), [...as('victim', msA), ...as('perpetrator', mrB)], { stage: 'referred', area: 'Wandlebury', reason: 'professional_judgement' }, { text: 'Referral recorded on the CSC file; no outcome recorded; the MARAC has no record of it.', cite: '004 §4.21, §6.32; 003 §3' });
  s.ev('housing-wb', 'move', d('2018-12-07'), [...as('tenant', msA), ...both()], { fromLocalAuthority: 'Wandlebury', toLocalAuthority: 'Wandlebury', kind: 'temporary' }, { address: temp18, cite: '004 §4.20' });
  s.ev('housing-wb', 'move', d('2018-12-14'), [...as('tenant', msA), ...both()], { fromLocalAuthority: 'Wandlebury', toLocalAuthority: refugeLa, kind: 'refuge' }, { address: refuge18, cite: '004 §4.20, §6.70; 003 §1' });
  s.ev('hv-wb', 'transfer', d('2018-12-20'), both(), { service: 'health_visiting', fromLocalAuthority: 'Wandlebury', toLocalAuthority: refugeLa, stage: 'sent' }, { cite: '004 §4.21 (change of health visitor)' });
  s.ev('csc-wb', 'core_group', d('2018-12-20'), both(), { planId, invited: ['health_visiting', 'nursery'], attendees: ['health_visiting'] }, { cite: '004 §6.30 (no housing; the plan not refined); 003 §5 (key agencies at core groups)' });
  const hvOut = `hv-${refugeLa === 'Ravensmere' ? 'rv' : refugeLa === 'Lambhurst' ? 'lx' : 'cx'}`;
  s.ev(hvOut, 'transfer', d('2019-01-10'), both(), { service: 'health_visiting', fromLocalAuthority: 'Wandlebury', toLocalAuthority: refugeLa, stage: 'received' }, { cite: '004 §4.21' });
  s.ev(hvOut, 'visit', d('2019-01-15'), [...both(), ...as('parent', msA)], { purpose: 'review', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §4.22' });
  s.ev(NURSERY_OUT, 'enrolment', d('2019-01-14'), [...as('child', mark), ...as('parent', msA)], { setting: 'nursery', stage: 'enrolled' }, { cite: '004 §4.26 (settled into the local nursery)' });
  s.ev(police, 'intelligence', d('2019-01-24'), as('suspect', mrB), { category: 'drug_supply', grading: 'unverified' }, { address: home2, text: 'From the investigation of an assault on Mr B: dealing from the address the family left.', cite: '004 §4.23, §6.80' });
  s.ev('csc-wb', 'allocation', d('2018-12-12'), both(), { role: 'social_worker', worker: 'SW-4410' }, { cite: '004 §6.28 (case moves to the long-term team)' });
  s.ev('csc-wb', 'visit', d('2019-01-22'), [...both(), ...as('parent', msA)], { purpose: 'statutory', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §4.22, §6.18' });
  s.ev('csc-wb', 'core_group', d('2019-02-04'), both(), { planId, invited: ['health_visiting', 'early_help'], attendees: ['health_visiting', 'early_help'] }, { cite: '004 §4.24, §6.31 (a completely new network)' });
  s.ev('csc-wb', 'visit', d('2019-02-14'), [...both(), ...as('parent', msA)], { purpose: 'statutory', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §6.18' });
  s.ev('csc-wb', 'core_group', d('2019-02-26'), both(), { planId, invited: ['health_visiting', 'housing', 'early_help'], attendees: ['early_help'] }, { cite: '004 §4.25 (health visitor and housing absent)' });
  s.ev('csc-wb', 'cp_conference', d('2019-03-05'), [...both(), ...as('parent', msA)], { conference: 'review', outcome: 'continue_plan', category: 'emotional', invited: ['health_visiting', 'housing', 'police', 'nursery', 'early_help'], attendees: ['health_visiting', 'other'] }, { text: 'Inquorate. HV and SW recommend step-down; the chair decides the plans continue.', cite: '004 §4.26, §6.40, §6.44; 003 §6 (chair overruled the step-down)' });
  for (const [actionId] of actions.slice(0, 4))
    s.ev('csc-wb', 'plan_action', d('2019-03-05'), both(), { planId, actionId, status: 'dropped' }, { cite: '004 §6.45 (removed from the plan, not completed)' });
  s.ev('csc-wb', 'visit', d('2019-03-14'), [...both(), ...as('parent', msA)], { purpose: 'statutory', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §6.18' });
  // §4.27: Croxden, then back to Wandlebury.
  s.ev('housing-wb', 'move', d('2019-03-27'), [...as('tenant', msA), ...both()], { fromLocalAuthority: refugeLa, toLocalAuthority: tempLa, kind: 'temporary' }, { address: temp19, cite: '004 §4.27, §6.70; 003 §5 (moves across boundaries)' });
  s.ev(NURSERY_OUT, 'enrolment', d('2019-03-27'), as('child', mark), { setting: 'nursery', stage: 'removed_from_roll', destination: 'unknown' }, { cite: '004 §4.27, §6.72' });
  s.ev(hvOut, 'transfer', d('2019-04-03'), both(), { service: 'health_visiting', fromLocalAuthority: refugeLa, toLocalAuthority: tempLa, stage: 'sent' }, { cite: '004 §6.70 (the new team could not find her)' });
  s.ev('housing-wb', 'move', d('2019-04-25'), [...as('tenant', msA), ...both()], { fromLocalAuthority: tempLa, toLocalAuthority: 'Wandlebury', kind: 'temporary' }, { address: home3, cite: '004 §4.27' });
  s.ev('csc-wb', 'visit', d('2019-04-30'), [...both(), ...as('parent', msA)], { purpose: 'statutory', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { text: 'Says she is not taking drugs or smoking and is not in a relationship.', cite: '004 §4.27' });
  s.ev('gp-riverside', 'appointment', d('2019-05-20'), as('child', lloyd), { service: 'immunisation', outcome: 'was_not_brought' }, { cite: '004 §4.28 (immunisations not up to date); 003 §2 (not brought to appointments)' });
  s.ev('hv-wb', 'allocation', d('2019-05-28'), both(), { role: 'health_visitor', worker: 'HV-3590' }, { cite: '004 §4.32, §6.48 (a new health visitor)' });
  s.ev('csc-wb', 'core_group', d('2019-06-11'), both(), { planId, invited: ['health_visiting'], attendees: ['health_visiting'] }, { cite: '004 §4.28, §6.46 (nearly four months; the children\'s centre not invited)' });
  s.ev('hv-wb', 'visit', d('2019-07-10'), [...both(), ...as('parent', msA)], { purpose: 'review', outcome: 'seen', seen: [mark.pid, lloyd.pid] }, { cite: '004 §4.30' });
  s.ev('hv-wb', 'appointment', d('2019-07-10'), as('child', lloyd), { service: 'development_review', outcome: 'attended' }, { cite: '004 §4.30' });
  s.ev('hv-wb', 'appointment', d('2019-07-08'), as('child', mark), { service: 'other', outcome: 'was_not_brought' }, { text: 'Speech and language therapy.', cite: '004 §4.31' });
  s.ev('csc-wb', 'core_group', d('2019-07-16'), both(), { planId, invited: ['health_visiting'], attendees: ['health_visiting'] }, { cite: '004 §4.31, §6.47' });
  s.ev('csc-wb', 'cp_conference', d('2019-07-25'), [...both(), ...as('parent', msA)], { conference: 'review', outcome: 'end_plan', category: 'emotional', attendees: ['health_visiting', 'early_help'] }, { cite: '004 §4.32, §6.48–6.51' });
  s.ev('csc-wb', 'plan', d('2019-07-25'), both(), { plan: 'cp', planId, stage: 'ended', reason: 'stepped_down', dissent: ['health_visiting', 'early_help'] }, { cite: '004 §4.32, §6.51, §6.112 (dissent minuted, not escalated); 003 §5 (workers to challenge)' });
  s.ev('csc-wb', 'plan', d('2019-07-25'), both(), { plan: 'cin', planId: 'CIN-2019-0871', stage: 'started', needs: ['speech_language', 'camhs'] }, { cite: '004 §4.32 ("robust" CIN plan)' });
  s.ev('csc-wb', 'visit', d('2019-08-06'), [...both(), ...as('parent', msA)], { purpose: 'statutory', outcome: 'no_access' }, { text: 'Mother says they are on holiday.', cite: '004 §4.33; 003 §2 (not seen for significant periods)' });
  s.ev('csc-wb', 'visit', d('2019-08-15'), [...both(), ...as('parent', msA)], { purpose: 'statutory', outcome: 'no_access' }, { cite: '004 §4.33' });
  // §4.35: Mr D's history, in police records under his own address only.
  s.ev(police, 'offence', d('2016-05-10'), as('suspect', mrD), { category: 'violence', stage: 'conviction' }, { address: mrDHome, cite: '004 §4.35; 003 §1, §3 (Mr D unknown to agencies)' });
  s.ev(police, 'offence', d('2017-11-02'), as('suspect', mrD), { category: 'drug_supply', stage: 'arrest' }, { address: mrDHome, cite: '004 §4.35, §6.105' });
  // §4.34: the trigger event.
  lloyd.died = d('2019-08-28');
  s.h.trigger = s.ev('hospital-stm', 'health_concern', d('2019-08-27'), [...as('child', lloyd), ...as('parent', msA)], { concern: 'injury' }, { minute: 7 * 60 + 50, text: 'Brought in in cardiac arrest; bruising to head, face and body.', cite: '004 §4.34; 003 §1' });
  s.share(s.h.trigger, ['csc', 'police'], d('2019-08-27'), '004 §4.34');
  s.ev(police, 'police_incident', d('2019-08-27'), [...as('child', lloyd), ...as('adult', msA), ...as('suspect', mrD), ...as('child_present', mark)], { category: 'violence', childrenPresent: true, childrenSeen: true, sharedWith: ['csc'] }, { minute: 9 * 60, address: home3, cite: '004 §4.34–4.36' });
  s.ev('csc-wb', 'looked_after', d('2019-08-27'), as('child', mark), { stage: 'started', legalStatus: 'police_protection' }, { cite: '004 §4.38' });
  s.ev('csc-wb', 'plan', d('2019-08-28'), as('child', mark), { plan: 'cin', planId: 'CIN-2019-0871', stage: 'ended', reason: 'looked_after' }, { cite: '004 §4.38' });

  // GP lists for everyone (the only ordinary life this family had much of).
  ordinaryLife(world, rng, asFamily(s, msA, [mark, lloyd], [mrB], [{ p: mrB, from: d('2014-01-01'), to: d('2018-12-05') }], 'white_british'), false, { health: false, education: false });
  for (const [rule, where] of Object.entries(CITATIONS)) s.cite(rule, where);
  return s.h;
}

const CITATIONS: Record<string, string> = {
  'da-repeat-incidents-marac': '004 §6.86, §6.88',
  'marac-transfer-lost': '004 §4.2, §6.70, §6.85; 003 §4',
  'marac-referral-no-outcome': '004 §6.32, §6.85',
  'da-without-risk-assessment': '004 §6.88–6.89, Rec 8a',
  'da-in-pregnancy': '004 §6.83, §6.88',
  'late-booking': '004 §4.11, §1.11',
  'pre-birth-history': '004 §4.2, §4.12; 003 §3',
  'police-concern-not-shared': '004 §4.15; 003 §3',
  'child-not-seen-by-police': '004 §4.15',
  'no-access-visits': '004 §4.7–4.8, §4.33',
  'was-not-brought': '004 §4.8, §4.28, §4.31',
  'written-agreement-unshared': '004 §6.110–6.111, Rec 12',
  'repeat-assessments-no-intervention': '004 §6.20–6.21',
  'repeat-referrals': '004 §6.20',
  'early-help-non-engagement-history': '004 §4.2, §4.12',
  'parent-care-history': '004 §3.3, §6.23; 003 §2',
  'soft-intel-at-child-address': '004 §6.104, §6.109',
  'removed-from-roll': '004 §6.72',
  'cross-boundary-move': '004 §6.70–6.77, Rec 6; 003 §1',
  'core-group-gaps': '004 §6.30–6.31, §6.46; 003 §5',
  'cp-plan-actions-dropped': '004 §6.45, Rec 4; 003 §3',
  'step-down-dissent-not-escalated': '004 §6.51, §6.112',
  'child-not-seen': '004 §1.3, §6.11; 003 §2',
  'universal-plus-drift': '004 §6.8–6.10, Rec 1',
  'siblings-not-considered': '004 §6.12, Rec 2',
  'professional-turnover': '004 §6.28, §6.46',
  'not-shared-without-reason': '004 §4.15, §6.104',
};
