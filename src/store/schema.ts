import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

// Row types of the tables in migrations/. int8 ids are read as numbers (the
// store never approaches 2^53 rows) and dates as 'YYYY-MM-DD' strings, on
// both engines (see database.ts).
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface SourceTable {
  id: string;
  agency: string;
  name: string | null;
  local_authority: string | null;
  declared: boolean;
  updated_at: DefaultTimestamp;
}

export interface ImportRunTable {
  id: Generated<number>;
  file_name: string;
  actor: string;
  channel: string;
  status: 'running' | 'completed' | 'failed';
  started_at: DefaultTimestamp;
  finished_at: Timestamp | null;
  lines: Generated<number>;
  imported: Generated<number>;
  unchanged: Generated<number>;
  updated: Generated<number>;
  quarantined: Generated<number>;
  warnings: ColumnType<ImportWarning[], string | undefined, string>;
  error: string | null;
  /** When the protocols were run over what it brought (0007); null: not yet. */
  alerts_evaluated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When its person records were linked (0009); null: not yet. */
  linked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ImportWarning {
  file: string;
  line: number;
  path: string;
  message: string;
}

export interface RecordTable {
  id: Generated<number>;
  source: string;
  type: 'source' | 'person' | 'event' | 'relationship';
  local_id: string;
  version: number;
  hash: string;
  body: Json<Record<string, unknown>>;
  recorded_at: Timestamp | null;
  import_id: number;
  file_name: string;
  line: number;
  imported_at: DefaultTimestamp;
}

/** Versions that a correction replaced, kept as they were. */
export interface RecordVersionTable {
  record_id: number;
  version: number;
  hash: string;
  body: Json<Record<string, unknown>>;
  recorded_at: Timestamp | null;
  import_id: number;
  file_name: string;
  line: number;
  imported_at: Timestamp;
  superseded_at: DefaultTimestamp;
}

export interface PersonTable {
  record_id: number;
  source: string;
  local_id: string;
  given: string | null;
  middle: string | null;
  family: string | null;
  birth_date: string | null;
  birth_date_precision: string | null;
  sex: string | null;
  nhs_number: string | null;
  upn: string | null;
  unborn: boolean;
  expected_date: string | null;
}

export interface PersonNameTable {
  person_id: number;
  ord: number;
  kind: string;
  given: string | null;
  middle: string | null;
  family: string | null;
}

export interface PersonAddressTable {
  person_id: number;
  ord: number;
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string | null;
  valid_from: string | null;
  valid_to: string | null;
  kind: string | null;
  sealed: boolean;
  /** The household key (seen_address_key), kept by the database. It holds the address: never shown; select ADDRESS_COLUMNS, not all. */
  address_key: GeneratedAlways<string | null>;
}

/** What reading an address means: every column but its household key. */
export const ADDRESS_COLUMNS = ['person_id', 'ord', 'line1', 'line2', 'town', 'postcode', 'valid_from', 'valid_to', 'kind', 'sealed'] as const;

export interface PersonPhoneTable {
  person_id: number;
  ord: number;
  phone: string;
}

export interface EventTable {
  record_id: number;
  source: string;
  kind: string;
  at: Timestamp;
  at_precision: 'date' | 'datetime';
}

export interface EventSubjectTable {
  event_id: number;
  ord: number;
  source: string;
  person_local_id: string;
  person_id: number | null;
  role: string;
}

export interface RelationshipTable {
  record_id: number;
  source: string;
  local_id: string;
  from_local_id: string;
  to_local_id: string;
  from_person_id: number | null;
  to_person_id: number | null;
  kind: string;
  valid_from: string | null;
  valid_to: string | null;
}

export interface QuarantineTable {
  id: Generated<number>;
  file_name: string;
  line: number;
  line_hash: string;
  raw: string;
  raw_bytes: number;
  record_source: string | null;
  record_type: string | null;
  record_local_id: string | null;
  problems: Json<{ path: string; message: string }[]>;
  status: Generated<'open' | 'resolved'>;
  first_import_id: number;
  last_import_id: number;
  quarantined_at: DefaultTimestamp;
  resolved_at: Timestamp | null;
  resolution: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: DefaultTimestamp;
  actor: string;
  channel: string;
  action: string;
  subject: string | null;
  purpose: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface LinkageRunTable {
  id: Generated<number>;
  started_at: DefaultTimestamp;
  finished_at: Timestamp | null;
  actor: string;
  records: number;
  people: number;
  review_pairs: number;
  params: ColumnType<Record<string, unknown>, string, string>;
  thresholds: ColumnType<Record<string, unknown>, string, string>;
  /** Population totals for term frequencies (given, family, postcode), from 0005. */
  term_totals: ColumnType<Record<string, number> | null, string | undefined, string>;
  /** Whether link_term holds this run's term counts (0008). */
  terms_counted: Generated<boolean>;
  /** The blocking rules link_key was built under (0012); null before. */
  blocking_rules: string | null;
}

export interface LinkTermTable {
  key: number;
  records: number;
}

export interface ResolvedPersonTable {
  record_id: number;
  person_id: string;
  linkage_run_id: number;
  /** The record version this row was linked from (0005); null for rows from before. */
  record_version: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A reviewer's decision about two person records (record_a < record_b). Append-only. */
export interface LinkDecisionTable {
  id: Generated<number>;
  record_a: number;
  record_b: number;
  decision: 'match' | 'non-match';
  actor: string;
  channel: string;
  reason: string;
  decided_at: DefaultTimestamp;
}

/** A pair waiting for a reviewer (record_a < record_b). */
export interface LinkReviewTable {
  record_a: number;
  record_b: number;
  weight: number;
  probability: number;
  reason: string;
  linkage_run_id: number;
  queued_at: DefaultTimestamp;
}

/** Hashed blocking keys and terms of linked person records. */
export interface LinkKeyTable {
  key: number;
  record_id: number;
}

export interface AlertTable {
  seq: Generated<number>;
  id: string;
  episode_key: string;
  rule: string;
  subject: string;
  people: Json<string[]>;
  status: 'raised' | 'acknowledged' | 'actioned' | 'dismissed' | 'resolved';
  raised_at: string;
  evidence: Json<{ source: string; id: string }[]>;
  explanation: string;
  routing: Json<Record<string, unknown>> | null;
  notify: Json<Record<string, unknown>[]>;
  resolved_at: string | null;
  resolved_by: Json<{ source: string; id: string }> | null;
  resolution: string | null;
  note: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** Every change of an alert's status: append-only. */
export interface AlertChangeTable {
  id: Generated<number>;
  alert_id: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  at: DefaultTimestamp;
  data_time: string | null;
  note: string | null;
}

export interface AlertClockTable {
  singleton: ColumnType<boolean, boolean | undefined, boolean>;
  as_of: string;
  full_as_of: string | null;
  evaluated_at: DefaultTimestamp;
}

export interface AlertHouseholdTable {
  record_id: number;
  household: number;
}

export interface Database {
  alert: AlertTable;
  alert_household: AlertHouseholdTable;
  alert_change: AlertChangeTable;
  alert_clock: AlertClockTable;
  linkage_run: LinkageRunTable;
  resolved_person: ResolvedPersonTable;
  link_decision: LinkDecisionTable;
  link_term: LinkTermTable;
  link_review: LinkReviewTable;
  link_key: LinkKeyTable;
  source: SourceTable;
  import_run: ImportRunTable;
  record: RecordTable;
  record_version: RecordVersionTable;
  person: PersonTable;
  person_name: PersonNameTable;
  person_address: PersonAddressTable;
  person_phone: PersonPhoneTable;
  event: EventTable;
  event_subject: EventSubjectTable;
  relationship: RelationshipTable;
  quarantine: QuarantineTable;
  audit_event: AuditEventTable;
}
