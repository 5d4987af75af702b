// SEF v1: the public contract of Seen's interchange format. Read SEF with
// parseLine/parseRecord (validated, normalised, plain-English problems);
// rules and limits are documented in docs/sef-validation.md.

export { SEF_VERSION, RECORD_TYPES, AGENCIES, SEXES, ADDRESS_KINDS, RELATIONSHIP_KINDS, KNOWN_ROLES, EVENT_KINDS, EVENT_KIND_GROUPS, isEventKind, isExtensionKind } from './vocab.ts';
export type { RecordType, Agency, Sex, AddressKind, RelationshipKind, KnownRole, EventKind, ExtensionKind } from './vocab.ts';
export { LIMITS } from './limits.ts';
export { parsePartialDate, dateProblem, daysInMonth, isLeapYear } from './dates.ts';
export type { PartialDate, DatePrecision, DateForm } from './dates.ts';
export {
  isValidNhsNumber,
  normaliseNhsNumber,
  nhsCheckDigit,
  isValidUpn,
  upnCheckLetter,
  normalisePostcode,
  postcodeParts,
  isUkPostcode,
} from './identifiers.ts';
export { eventDataSchemas, KINDS_WITH_REQUIRED_DATA, dataFieldsOf } from './kinds.ts';
export type { EventData, EventDataSchemas } from './kinds.ts';
export {
  nameSchema,
  addressSchema,
  subjectSchema,
  sourceRecordSchema,
  personRecordSchema,
  relationshipRecordSchema,
  eventSchemas,
  extensionEventSchema,
  eventRecordSchema,
  sefRecordSchema,
} from './records.ts';
export type {
  SefName,
  SefAddress,
  SefSubject,
  SourceRecord,
  PersonRecord,
  RelationshipRecord,
  EventRecord,
  KnownEventRecord,
  ExtensionEventRecord,
  EventRecordOf,
  SefRecord,
  SefRecordInput,
} from './records.ts';
export type { RecordProblem } from './problems.ts';
export { formatPath } from './problems.ts';
export { parseLine, parseRecord, readKey } from './parse.ts';
export type { RecordKey, ParseResult } from './parse.ts';
export { contentHash, canonicalJson } from './hash.ts';
export { sefJsonSchema } from './json-schema.ts';
