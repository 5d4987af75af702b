// The closed vocabularies of SEF v1, exactly as listed in docs/design sef.md.
// Tuples (not enums) so that zod, TypeScript and the JSON Schema share one list.

export const SEF_VERSION = 1;

export const RECORD_TYPES = ['source', 'person', 'event', 'relationship'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const AGENCIES = [
  'csc',
  'early_help',
  'police',
  'health_visiting',
  'midwifery',
  'gp',
  'hospital',
  'camhs',
  'adult_mental_health',
  'school',
  'nursery',
  'housing',
  'probation',
  'idva',
  'marac',
  'substance_misuse',
  'youth_justice',
  'adult_social_care',
  'other',
] as const;
export type Agency = (typeof AGENCIES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const ADDRESS_KINDS = ['home', 'temporary', 'refuge', 'hostel', 'care_placement', 'other'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export const RELATIONSHIP_KINDS = [
  'mother',
  'father',
  'parent',
  'step_parent',
  'partner',
  'sibling',
  'carer',
  'household_member',
  'other',
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

// Roles the built-in rules read. Other roles are accepted (with a warning),
// because agencies have their own vocabularies; `father` comes from `pregnancy`.
export const KNOWN_ROLES = [
  'child',
  'parent',
  'carer',
  'victim',
  'suspect',
  'perpetrator',
  'child_present',
  'household_member',
  'adult',
  'mother',
  'baby',
  'tenant',
  'father',
] as const;
export type KnownRole = (typeof KNOWN_ROLES)[number];

// Grouped as in sef.md, so that messages and docs can name the group.
export const EVENT_KIND_GROUPS = {
  childrens_services: [
    'referral',
    'assessment',
    'strategy_discussion',
    'decision_changed',
    's47_enquiry',
    'cp_conference',
    'plan',
    'plan_action',
    'core_group',
    'visit',
    'written_agreement',
    'escalation',
    'case_closed',
    'allocation',
    'transfer',
    'looked_after',
  ],
  health: ['appointment', 'pregnancy', 'service_level', 'gp_registration', 'health_concern'],
  police_domestic_abuse_marac: [
    'police_incident',
    'da_risk_assessment',
    'da_disclosure',
    'intelligence',
    'marac',
    'clares_law',
    'sharing_decision',
    'school_notification',
    'offence',
    'supervision',
  ],
  education_housing: ['enrolment', 'attendance', 'move', 'housing_concern'],
} as const;

export const EVENT_KINDS = [
  ...EVENT_KIND_GROUPS.childrens_services,
  ...EVENT_KIND_GROUPS.health,
  ...EVENT_KIND_GROUPS.police_domestic_abuse_marac,
  ...EVENT_KIND_GROUPS.education_housing,
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A local extension kind (`x-…`): stored and shown, used by no built-in rule. */
export type ExtensionKind = `x-${string}`;

const EVENT_KIND_SET: ReadonlySet<string> = new Set(EVENT_KINDS);

export function isEventKind(s: string): s is EventKind {
  return EVENT_KIND_SET.has(s);
}

export function isExtensionKind(s: string): s is ExtensionKind {
  return s.startsWith('x-') && s.length > 2;
}
