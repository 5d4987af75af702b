// The rows of the normalised tables (person and its lists, event and its
// subjects, relationship, source) that a record brings, as COPY text. Pure:
// it runs in the parse worker on the record it has just validated, so the
// database only stores rows instead of re-reading each record's JSON.
//
// The values are exactly what the database functions of migration 0002
// give (seen_partial_date, seen_event_time), and what `->>` reads from the
// stored body: the stored body is this same normalised record.

import type { PersonRecord, RelationshipRecord, SefRecord, SourceRecord } from '../sef/index.ts';
import { copyField as f } from './copy-text.ts';

/** Tables whose rows start with the record's own id. */
export type OwnRowTable = 'person' | 'person_name' | 'person_address' | 'person_phone' | 'event';
/** Tables whose rows also name people of the record's source (resolved to ids when written). */
export type LinkedRowTable = 'event_subject' | 'relationship';

/** A row that names people: its text is parts[0] + id of people[0] + parts[1] + … (after the record id). */
export interface LinkedRow {
  table: LinkedRowTable;
  parts: string[];
  people: string[];
}

export interface DerivedRows {
  /** COPY rows without the record id that starts each of them (each begins with a tab). */
  own: { table: OwnRowTable; tail: string }[];
  linked: LinkedRow[];
  /** An event time without an offset: UK local time, which only the database's time zone rules can place. */
  localTime: boolean;
  /** A source record's row (upserted: a record may have declared it before). */
  source: { id: string; agency: string; name: string | null; local_authority: string | null } | null;
}

/** seen_partial_date: a partial date's first day ('2019' → '2019-01-01'); a date-time's date. */
export function partialDate(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value.slice(0, 10);
}

const OFFSET = /(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$/;

/**
 * seen_event_time as text for a timestamptz column: a date is midnight UTC,
 * a date-time with an offset is itself, one without is UK local time (read
 * by the database with its time zone set to Europe/London: local is true).
 */
export function eventTime(at: string): { text: string; local: boolean; precision: 'date' | 'datetime' } {
  if (at.length <= 10) return { text: `${partialDate(at)} 00:00:00+00`, local: false, precision: 'date' };
  return { text: at, local: !OFFSET.test(at), precision: 'datetime' };
}

function birthPrecision(birthDate: string | undefined): string | null {
  switch (birthDate?.length) {
    case 10:
      return 'day';
    case 7:
      return 'month';
    case 4:
      return 'year';
    default:
      return null;
  }
}

const NONE: DerivedRows['own'] = [];

/** The derived rows of one validated, normalised record. nhs and upn are the linkable identifiers (null when their check fails). */
export function deriveRows(record: SefRecord, nhs: string | null, upn: string | null): DerivedRows {
  switch (record.type) {
    case 'person':
      return { own: personRows(record, nhs, upn), linked: [], localTime: false, source: null };
    case 'relationship':
      return { own: NONE, linked: [relationshipRow(record)], localTime: false, source: null };
    case 'source':
      return { own: NONE, linked: [], localTime: false, source: sourceRow(record) };
    case 'event': {
      const t = eventTime(record.at);
      const source = f(record.source);
      const linked: LinkedRow[] = (record.subjects ?? []).map((s, i) => ({
        table: 'event_subject',
        parts: [`\t${i}\t${source}\t${f(s.person)}\t`, `\t${f(s.role)}\n`],
        people: [s.person],
      }));
      return { own: [{ table: 'event', tail: `\t${source}\t${f(record.kind)}\t${f(t.text)}\t${t.precision}\n` }], linked, localTime: t.local, source: null };
    }
  }
}

function personRows(p: PersonRecord, nhs: string | null, upn: string | null): DerivedRows['own'] {
  const source = f(p.source);
  const rows: DerivedRows['own'] = [
    {
      table: 'person',
      tail:
        `\t${source}\t${f(p.id)}\t${f(p.name.given)}\t${f(p.name.middle)}\t${f(p.name.family)}\t${f(p.birthDate)}\t${f(birthPrecision(p.birthDate))}` +
        `\t${f(p.sex)}\t${f(nhs)}\t${f(upn)}\t${p.unborn === true}\t${f(partialDate(p.expectedDate))}\n`,
    },
  ];
  (p.aliases ?? []).forEach((a, i) => rows.push({ table: 'person_name', tail: `\t${i}\talias\t${f(a.given)}\t${f(a.middle)}\t${f(a.family)}\n` }));
  (p.addresses ?? []).forEach((a, i) =>
    rows.push({
      table: 'person_address',
      tail:
        `\t${i}\t${f(a.line1)}\t${f(a.line2)}\t${f(a.town)}\t${f(a.postcode)}` +
        `\t${f(partialDate(a.from))}\t${f(partialDate(a.to))}\t${f(a.kind)}\t${a.sealed === true}\n`,
    }),
  );
  (p.phones ?? []).forEach((phone, i) => rows.push({ table: 'person_phone', tail: `\t${i}\t${f(phone)}\n` }));
  return rows;
}

function relationshipRow(r: RelationshipRecord): LinkedRow {
  return {
    table: 'relationship',
    parts: [`\t${f(r.source)}\t${f(r.id)}\t${f(r.from)}\t${f(r.to)}\t`, '\t', `\t${f(r.kind)}\t${f(partialDate(r.start))}\t${f(partialDate(r.end))}\n`],
    people: [r.from, r.to],
  };
}

function sourceRow(s: SourceRecord): DerivedRows['source'] {
  return { id: s.id, agency: s.agency, name: s.name ?? null, local_authority: s.localAuthority ?? null };
}

/** Column lists, in the order the rows above are written. */
export const COLUMNS: Record<OwnRowTable | LinkedRowTable, readonly string[]> = {
  person: ['record_id', 'source', 'local_id', 'given', 'middle', 'family', 'birth_date', 'birth_date_precision', 'sex', 'nhs_number', 'upn', 'unborn', 'expected_date'],
  person_name: ['person_id', 'ord', 'kind', 'given', 'middle', 'family'],
  person_address: ['person_id', 'ord', 'line1', 'line2', 'town', 'postcode', 'valid_from', 'valid_to', 'kind', 'sealed'],
  person_phone: ['person_id', 'ord', 'phone'],
  event: ['record_id', 'source', 'kind', 'at', 'at_precision'],
  event_subject: ['event_id', 'ord', 'source', 'person_local_id', 'person_id', 'role'],
  relationship: ['record_id', 'source', 'local_id', 'from_local_id', 'to_local_id', 'from_person_id', 'to_person_id', 'kind', 'valid_from', 'valid_to'],
};
