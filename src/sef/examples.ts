// Synthetic SEF v1 examples (no real people): one good record per record
// type and per event kind, and for each kind a broken variant with the path
// the problem must be reported at. Used by the tests and the docs.

import type { EventKind } from './vocab.ts';

type Json = Record<string, unknown>;

export const exampleSource: Json = {
  type: 'source',
  id: 'police-met',
  agency: 'police',
  name: 'Metropolitan Police',
  localAuthority: 'Wandsworth',
};

export const examplePerson: Json = {
  type: 'person',
  source: 'police-met',
  id: 'NOM-55102',
  name: { given: 'Aisha', middle: 'Grace', family: 'Adeyemi' },
  aliases: [{ given: 'Aisha', family: 'Okafor' }],
  birthDate: '1997-03-14',
  sex: 'female',
  nhsNumber: '9434765919',
  upn: null,
  addresses: [
    { line1: 'Flat 3, 12 Acre Road', town: 'London', postcode: 'SW18 2AB', from: '2018-05-01', to: null, kind: 'home', sealed: false },
  ],
  phones: ['07700 900123'],
  recordedAt: '2019-02-01T10:00:00Z',
};

export const exampleRelationship: Json = {
  type: 'relationship',
  source: 'csc-wandsworth',
  id: 'REL-1',
  from: 'C-1',
  to: 'A-1',
  kind: 'mother',
  start: '2018-04-02',
  end: null,
};

export const exampleEvent: Json = {
  type: 'event',
  source: 'police-met',
  id: 'CAD-2019-0630-114',
  kind: 'police_incident',
  at: '2019-06-30T22:14:00Z',
  subjects: [
    { person: 'NOM-55102', role: 'victim' },
    { person: 'NOM-55103', role: 'suspect' },
    { person: 'NOM-55104', role: 'child_present' },
  ],
  address: { line1: 'Flat 3, 12 Acre Road', postcode: 'SW18 2AB' },
  data: { category: 'domestic_abuse', childrenPresent: true, childrenSeen: false, sharedWith: [] },
  text: "Call to check on a baby's welfare; woman says the call was malicious.",
};

export interface KindExample {
  /** a full `data` for the kind */
  data: Json;
  /** a `data` with one thing wrong, and where the problem is reported */
  bad: { data: Json; path: string };
  /** fields other than data the event needs (intelligence needs an address) */
  extra?: Json;
}

export const kindExamples = {
  referral: {
    data: { referrer: 'school', concerns: ['neglect', 'domestic_abuse'], outcome: 'assessment' },
    bad: { data: { concerns: ['neglect', 'bullying'] }, path: 'data.concerns[1]' },
  },
  assessment: {
    data: { stage: 'completed', outcome: 'cin', needs: ['housing', 'parenting'], previousHistoryConsidered: false },
    bad: { data: { outcome: 'cin' }, path: 'data.stage' },
  },
  strategy_discussion: {
    data: { decision: 's47', attendees: ['csc', 'police', 'health_visiting'] },
    bad: { data: { decision: 's47', attendees: ['csc', 'cops'] }, path: 'data.attendees[1]' },
  },
  decision_changed: {
    data: { from: 's47', to: 'nfa', partnersInformed: false },
    bad: { data: { from: 's47', to: 'closed' }, path: 'data.to' },
  },
  s47_enquiry: {
    data: { stage: 'completed', outcome: 'icpc' },
    bad: { data: { stage: 'finished' }, path: 'data.stage' },
  },
  cp_conference: {
    data: { conference: 'initial', outcome: 'cp_plan', category: 'neglect', invited: ['gp', 'school'], attendees: ['school'] },
    bad: { data: { conference: 'initial', category: 'physical_abuse' }, path: 'data.category' },
  },
  plan: {
    data: { plan: 'cp', planId: 'CP-7', stage: 'started', reason: 'neglect', dissent: ['police'], needs: ['home_conditions'] },
    bad: { data: { planId: 'CP-7', stage: 'started' }, path: 'data.plan' },
  },
  plan_action: {
    data: { planId: 'CP-7', actionId: 'A-1', action: 'Weekly home visit', owner: 'health_visiting', due: '2019-08-01', status: 'open', addresses: ['home_conditions'] },
    bad: { data: { planId: 'CP-7', due: '2019-02-30' }, path: 'data.due' },
  },
  core_group: {
    data: { planId: 'CP-7', invited: ['gp', 'school'], attendees: ['school'] },
    bad: { data: { invited: 'gp' }, path: 'data.invited' },
  },
  visit: {
    data: { purpose: 'statutory', outcome: 'seen', seen: ['C-1'], seenAlone: true },
    bad: { data: { outcome: 'seen', seenAlone: 'yes' }, path: 'data.seenAlone' },
  },
  written_agreement: {
    data: { stage: 'made', sharedWith: ['police'], terms: 'Mr X will not visit the family home.' },
    bad: { data: { sharedWith: ['police'] }, path: 'data.stage' },
  },
  escalation: {
    data: { stage: 'raised', by: 'school', about: 'Case closed while concerns remain' },
    bad: { data: { stage: 'raised', by: 'headteacher' }, path: 'data.by' },
  },
  case_closed: {
    data: { service: 'early_help', reason: 'non_engagement' },
    bad: { data: { service: 'police' }, path: 'data.service' },
  },
  allocation: {
    data: { role: 'social_worker', worker: 'W-042' },
    bad: { data: { role: 'manager' }, path: 'data.role' },
  },
  transfer: {
    data: { service: 'csc', fromLocalAuthority: 'Wandsworth', toLocalAuthority: 'Croydon', stage: 'sent' },
    bad: { data: { service: 'csc' }, path: 'data.stage' },
  },
  looked_after: {
    data: { stage: 'started', legalStatus: 'C2' },
    bad: { data: { stage: 'begun' }, path: 'data.stage' },
  },
  appointment: {
    data: { service: 'immunisation', outcome: 'was_not_brought' },
    bad: { data: { outcome: 'dna' }, path: 'data.outcome' },
  },
  pregnancy: {
    data: { stage: 'booked', gestationWeeks: 12, expectedDate: '2020-01-10' },
    bad: { data: { stage: 'booked', gestationWeeks: 60 }, path: 'data.gestationWeeks' },
  },
  service_level: {
    data: { service: 'health_visiting', level: 'universal_plus', contactEveryDays: 28 },
    bad: { data: { level: 'universal_plus', contactEveryDays: 2.5 }, path: 'data.contactEveryDays' },
  },
  gp_registration: {
    data: { stage: 'deregistered', practice: 'Acre Road Surgery' },
    bad: { data: { practice: 'Acre Road Surgery' }, path: 'data.stage' },
  },
  health_concern: {
    data: { concern: 'faltering_growth' },
    bad: { data: { concern: 'growth' }, path: 'data.concern' },
  },
  police_incident: {
    data: { category: 'domestic_abuse', childrenPresent: true, childrenSeen: false, sharedWith: [] },
    bad: { data: { category: 'domestic_abuse', childrenPresent: 'Y' }, path: 'data.childrenPresent' },
  },
  da_risk_assessment: {
    data: { tool: 'dash', score: 14, level: 'high', professionalJudgementHigh: false, assessor: 'police' },
    bad: { data: { tool: 'dash', score: -1 }, path: 'data.score' },
  },
  da_disclosure: {
    data: { to: 'gp' },
    bad: { data: { to: 'friend' }, path: 'data.to' },
  },
  intelligence: {
    data: { category: 'drug_supply', grading: 'unverified' },
    extra: { address: { line1: '4 Mill Lane', postcode: 'sw18 4xx' } },
    bad: { data: { category: 'drug_supply', grading: 'rumour' }, path: 'data.grading' },
  },
  marac: {
    data: { stage: 'heard', area: 'Wandsworth', reason: 'dash_high' },
    bad: { data: { area: 'Wandsworth' }, path: 'data.stage' },
  },
  clares_law: {
    data: { route: 'right_to_ask', outcome: 'disclosed' },
    bad: { data: { route: 'ask' }, path: 'data.route' },
  },
  sharing_decision: {
    data: { about: 'police-met:CAD-2019-0630-114', decision: 'not_shared', with: ['school'], reason: 'Disclosure would put the victim at risk.' },
    bad: { data: { decision: 'not_shared', with: ['school'] }, path: 'data.reason' },
  },
  school_notification: {
    data: { scheme: 'operation_encompass', school: 'school-st-marys' },
    bad: { data: { scheme: 'operation_encompass', school: "St Mary's" }, path: 'data.school' },
  },
  offence: {
    data: { category: 'violence', stage: 'charge' },
    bad: { data: { category: 'violence' }, path: 'data.stage' },
  },
  supervision: {
    data: { stage: 'started', riskOfSeriousHarm: 'high', domesticAbusePerpetrator: true },
    bad: { data: { stage: 'started', riskOfSeriousHarm: 'extreme' }, path: 'data.riskOfSeriousHarm' },
  },
  enrolment: {
    data: { setting: 'school', stage: 'removed_from_roll', destination: 'unknown' },
    bad: { data: { setting: 'college', stage: 'enrolled' }, path: 'data.setting' },
  },
  attendance: {
    data: { from: '2019-09-01', to: '2019-12-20', percent: 71.5 },
    bad: { data: { from: '2019-09-01', to: '2019-12-20', percent: 171.5 }, path: 'data.percent' },
  },
  move: {
    data: { fromLocalAuthority: 'Wandsworth', toLocalAuthority: 'Croydon', kind: 'temporary' },
    extra: { address: { line1: 'Room 4, 1 Station Road', postcode: 'CR0 1AA' } },
    bad: { data: { kind: 'holiday' }, path: 'data.kind' },
  },
  housing_concern: {
    data: { concern: 'overcrowding' },
    bad: { data: { concern: ['overcrowding'] }, path: 'data.concern' },
  },
} as const satisfies Record<EventKind, KindExample>;

/** A complete event record of the given kind. */
export function eventExample(kind: EventKind, data?: Json): Json {
  const ex: KindExample = kindExamples[kind];
  return {
    type: 'event',
    source: 'csc-wandsworth',
    id: `EV-${kind}`,
    kind,
    at: '2019-07-01',
    subjects: [{ person: 'C-1', role: 'child' }],
    ...(ex.extra ?? {}),
    data: data ?? ex.data,
  };
}
