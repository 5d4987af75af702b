// The `data` of each SEF v1 event kind. Unknown keys are kept (loose
// objects). A field is required only when the event means nothing, or the
// opposite, without it (a plan "started" vs "ended"); see
// docs/sef-validation.md for each decision.

import { z } from 'zod';
import { agency, bool, code, date, idString, line, list, number, oneOf, opt, shortLine, sourceName, wholeNumber, type Normalised } from './fields.ts';
import { LIMITS } from './limits.ts';
import type { EventKind } from './vocab.ts';

const agencies = () => opt(list(agency()));
const codes = () => opt(list(code()));
const STARTED_COMPLETED = ['started', 'completed'] as const;
const STARTED_ENDED = ['started', 'ended'] as const;

// "source:id" of another record, as in sharing_decision.about.
const recordRef = () =>
  line(LIMITS.id * 2 + 1).superRefine((v, ctx) => {
    const i = v.indexOf(':');
    if (i < 1 || i === v.length - 1 || !/^[a-z0-9][a-z0-9._-]*$/.test(v.slice(0, i)))
      ctx.addIssue({ code: 'custom', message: `must name a record as "source:id" (like "police-met:CAD-1"), got ${JSON.stringify(v.slice(0, 40))}`, input: v });
  });

const referral = z.looseObject({
  referrer: opt(agency()),
  concerns: opt(
    list(
      oneOf([
        'neglect',
        'physical_abuse',
        'emotional_abuse',
        'sexual_abuse',
        'domestic_abuse',
        'housing',
        'parental_mental_health',
        'substance_misuse',
        'non_engagement',
        'other',
      ]),
    ),
  ),
  outcome: opt(oneOf(['nfa', 'signpost', 'early_help', 'assessment', 'strategy_discussion'])),
});

const assessment = z.looseObject({
  stage: oneOf(STARTED_COMPLETED),
  outcome: opt(oneOf(['nfa', 'early_help', 'cin', 'strategy_discussion', 'cp_conference'])),
  needs: codes(),
  previousHistoryConsidered: opt(bool()),
});

const strategyDiscussion = z.looseObject({
  decision: opt(oneOf(['s47', 's17', 'nfa'])),
  attendees: agencies(),
});

const DECISIONS = ['s47', 's17', 'nfa', 'cp', 'cin', 'early_help'] as const;
const decisionChanged = z.looseObject({
  from: opt(oneOf(DECISIONS)),
  to: oneOf(DECISIONS),
  partnersInformed: opt(bool()),
});

const s47Enquiry = z.looseObject({
  stage: oneOf(STARTED_COMPLETED),
  outcome: opt(oneOf(['icpc', 'cin', 'nfa'])),
});

const cpConference = z.looseObject({
  conference: opt(oneOf(['initial', 'review'])),
  outcome: opt(oneOf(['cp_plan', 'continue_plan', 'end_plan', 'cin', 'no_plan'])),
  category: opt(oneOf(['neglect', 'physical', 'emotional', 'sexual'])),
  invited: agencies(),
  attendees: agencies(),
});

const plan = z.looseObject({
  plan: oneOf(['cp', 'cin', 'early_help']),
  planId: opt(idString()),
  stage: oneOf(STARTED_ENDED),
  reason: opt(line()),
  dissent: agencies(),
  needs: codes(),
});

const planAction = z.looseObject({
  planId: opt(idString()),
  actionId: opt(idString()),
  action: opt(line()),
  owner: opt(agency()),
  due: opt(date('day')),
  status: opt(oneOf(['open', 'done', 'dropped'])),
  addresses: codes(),
});

const coreGroup = z.looseObject({
  planId: opt(idString()),
  invited: agencies(),
  attendees: agencies(),
});

const visit = z.looseObject({
  purpose: opt(oneOf(['statutory', 'assessment', 'new_birth', 'review', 'early_help', 'welfare', 'other'])),
  outcome: opt(oneOf(['seen', 'not_seen', 'no_access'])),
  seen: opt(list(idString())),
  seenAlone: opt(bool()),
});

const writtenAgreement = z.looseObject({
  stage: oneOf(['made', 'breached', 'ended']),
  sharedWith: agencies(),
  terms: opt(line(LIMITS.text)),
});

const escalation = z.looseObject({
  stage: oneOf(['raised', 'resolved']),
  by: opt(agency()),
  about: opt(line()),
});

const caseClosed = z.looseObject({
  service: opt(oneOf(['csc', 'early_help'])),
  reason: opt(oneOf(['nfa', 'non_engagement', 'moved', 'stepped_down', 'outcomes_met', 'other'])),
});

const allocation = z.looseObject({
  role: opt(oneOf(['social_worker', 'health_visitor', 'lead_professional', 'idva', 'other'])),
  worker: opt(idString()),
});

const transfer = z.looseObject({
  service: opt(code()),
  fromLocalAuthority: opt(shortLine()),
  toLocalAuthority: opt(shortLine()),
  stage: oneOf(['sent', 'received']),
});

const lookedAfter = z.looseObject({
  stage: oneOf(STARTED_ENDED),
  legalStatus: opt(code()),
});

const appointment = z.looseObject({
  service: opt(
    oneOf([
      'immunisation',
      'development_review',
      'dental',
      'antenatal',
      'postnatal',
      'gp',
      'hospital',
      'camhs',
      'mental_health',
      'other',
    ]),
  ),
  outcome: opt(oneOf(['attended', 'was_not_brought', 'did_not_attend', 'cancelled_by_family', 'cancelled_by_service'])),
});

const pregnancy = z.looseObject({
  stage: oneOf(['booked', 'birth', 'ended']),
  gestationWeeks: opt(number(0, 45)),
  expectedDate: opt(date('day')),
});

const serviceLevel = z.looseObject({
  // sef.md lists "health_visiting, …": an open list, so a free code.
  service: opt(code()),
  level: oneOf(['universal', 'universal_plus', 'universal_partnership_plus']),
  contactEveryDays: opt(wholeNumber(1, 3660)),
});

const gpRegistration = z.looseObject({
  stage: oneOf(['registered', 'deregistered']),
  practice: opt(shortLine()),
});

const healthConcern = z.looseObject({
  concern: opt(oneOf(['development_delay', 'injury', 'faltering_growth', 'parental_mental_health', 'substance_misuse', 'other'])),
});

const policeIncident = z.looseObject({
  category: opt(oneOf(['domestic_abuse', 'welfare_check', 'violence', 'drugs', 'missing_person', 'neglect', 'other'])),
  childrenPresent: opt(bool()),
  childrenSeen: opt(bool()),
  sharedWith: agencies(),
});

const daRiskAssessment = z.looseObject({
  tool: opt(oneOf(['dash', 'dara', 'darac', 'other'])),
  score: opt(wholeNumber(0, 1000)),
  level: opt(oneOf(['standard', 'medium', 'high'])),
  professionalJudgementHigh: opt(bool()),
  assessor: opt(agency()),
});

const daDisclosure = z.looseObject({
  to: opt(agency()),
});

const intelligence = z.looseObject({
  category: opt(oneOf(['drug_supply', 'drug_use', 'violence', 'weapons', 'exploitation', 'other'])),
  grading: opt(oneOf(['unverified', 'corroborated'])),
});

const marac = z.looseObject({
  stage: oneOf(['referred', 'heard', 'transfer_sent', 'transfer_received', 'closed']),
  area: opt(shortLine()),
  reason: opt(oneOf(['dash_high', 'repeat_incidents', 'professional_judgement', 'escalation'])),
});

const claresLaw = z.looseObject({
  route: opt(oneOf(['right_to_ask', 'right_to_know'])),
  outcome: opt(oneOf(['disclosed', 'not_disclosed'])),
});

const sharingDecision = z
  .looseObject({
    about: opt(recordRef()),
    decision: oneOf(['shared', 'not_shared']),
    with: agencies(),
    reason: opt(line(LIMITS.text)),
  })
  .superRefine((d, ctx) => {
    // The duty to share: not sharing must be justified on the record.
    if (d.decision === 'not_shared' && (d.reason == null || d.reason.trim() === ''))
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when the decision is "not_shared"', input: d.reason });
  });

const schoolNotification = z.looseObject({
  scheme: opt(oneOf(['operation_encompass'])),
  school: opt(sourceName()),
});

const offence = z.looseObject({
  category: opt(oneOf(['violence', 'domestic_abuse', 'drug_supply', 'sexual', 'other'])),
  stage: oneOf(['arrest', 'charge', 'conviction']),
});

const supervision = z.looseObject({
  stage: oneOf(STARTED_ENDED),
  riskOfSeriousHarm: opt(oneOf(['low', 'medium', 'high', 'very_high'])),
  domesticAbusePerpetrator: opt(bool()),
});

const enrolment = z.looseObject({
  setting: opt(oneOf(['school', 'nursery', 'childminder'])),
  stage: oneOf(['enrolled', 'removed_from_roll']),
  destination: opt(shortLine()),
});

const attendance = z
  .looseObject({
    from: opt(date('day')),
    to: opt(date('day')),
    percent: number(0, 100),
  })
  .superRefine((d, ctx) => {
    if (d.from && d.to && d.to < d.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `${JSON.stringify(d.to)} is before from (${d.from})`, input: d.to });
  });

const move = z.looseObject({
  fromLocalAuthority: opt(shortLine()),
  toLocalAuthority: opt(shortLine()),
  kind: opt(oneOf(['temporary', 'refuge', 'permanent', 'management_transfer'])),
});

const housingConcern = z.looseObject({
  concern: opt(oneOf(['conditions', 'overcrowding', 'arrears', 'unauthorised_occupant', 'drug_activity', 'other'])),
});

/** The `data` schema of every v1 kind. */
const dataSchemas = {
  referral,
  assessment,
  strategy_discussion: strategyDiscussion,
  decision_changed: decisionChanged,
  s47_enquiry: s47Enquiry,
  cp_conference: cpConference,
  plan,
  plan_action: planAction,
  core_group: coreGroup,
  visit,
  written_agreement: writtenAgreement,
  escalation,
  case_closed: caseClosed,
  allocation,
  transfer,
  looked_after: lookedAfter,
  appointment,
  pregnancy,
  service_level: serviceLevel,
  gp_registration: gpRegistration,
  health_concern: healthConcern,
  police_incident: policeIncident,
  da_risk_assessment: daRiskAssessment,
  da_disclosure: daDisclosure,
  intelligence,
  marac,
  clares_law: claresLaw,
  sharing_decision: sharingDecision,
  school_notification: schoolNotification,
  offence,
  supervision,
  enrolment,
  attendance,
  move,
  housing_concern: housingConcern,
} as const satisfies Record<EventKind, z.ZodType>;

export type EventDataSchemas = typeof dataSchemas;

/** The `data` schema of every v1 kind (named "Data.<kind>" in the JSON Schema). */
export const eventDataSchemas = Object.fromEntries(
  Object.entries(dataSchemas).map(([k, s]) => [k, s.meta({ id: `Data.${k}` })]),
) as unknown as EventDataSchemas;
/** The normalised `data` of a kind, e.g. EventData<'plan'>. */
export type EventData<K extends EventKind> = Normalised<z.output<EventDataSchemas[K]>>;

const dataKeys = Object.fromEntries(Object.entries(dataSchemas).map(([k, s]) => [k, Object.keys(s.shape)])) as unknown as Record<
  EventKind,
  readonly string[]
>;

/** The fields SEF v1 defines in the `data` of a kind. */
export function dataFieldsOf(kind: EventKind): readonly string[] {
  return dataKeys[kind];
}

/** Kinds whose `data` has at least one required field (so `data` itself must be present). */
export const KINDS_WITH_REQUIRED_DATA: readonly EventKind[] = (Object.keys(eventDataSchemas) as EventKind[]).filter(
  (k) => !eventDataSchemas[k].safeParse({}).success,
);
