// The rows of the normalised tables (person and its lists, event and its
// subjects, relationship, source) that a record brings, as COPY text. Pure:
// it runs in the parse worker on the record it has just validated, so the
// database only stores rows instead of re-reading each record's JSON.
//
// The values are exactly what the database functions of migration 0002
// give (seen_partial_date, seen_event_time), and what `->>` reads from the
// stored body: the stored body is this same normalised record.

import type { PersonRecord, SefRecord, SourceRecord } from '../sef/index.ts';
import { copyField as f } from './copy-text.ts';

/** Tables whose rows start with the record's own id, and the character that marks each one's rows. */
export const OWN_TABLES = { p: 'person', n: 'person_name', a: 'person_address', f: 'person_phone', e: 'event' } as const;
export type OwnRowTable = (typeof OWN_TABLES)[keyof typeof OWN_TABLES];

/**
 * What a record brings, as text that crosses from the parse worker to the
 * writer cheaply (a few strings, no nested objects). COPY text never holds
 * a raw newline inside a field, so newlines can separate its pieces.
 */
export interface DerivedRows {
  /** Rows of OWN_TABLES: each is its table's mark and the row after the record id, ending in a newline. */
  own: string;
  /**
   * Rows that also name people of the record's source, whose ids are only
   * known when written: event_subject rows (text, person) and a
   * relationship row (text, from, to), each piece ending in a newline. The
   * people are COPY-escaped; the row text goes after the record id and
   * before the people's ids (LINKED_COLUMNS put them last).
   */
  linked: string;
  /** An event time without an offset: UK local time, which only the database's time zone rules can place. */
  localTime: boolean;
  /** A source record's row (upserted: a record may have declared it before). */
  source: SourceRow | null;
}

export interface SourceRow {
  id: string;
  agency: string;
  name: string | null;
  local_authority: string | null;
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

/** The derived rows of one validated, normalised record. nhs and upn are the linkable identifiers (null when their check fails). */
export function deriveRows(record: SefRecord, nhs: string | null, upn: string | null): DerivedRows {
  switch (record.type) {
    case 'person':
      return { own: personRows(record, nhs, upn), linked: '', localTime: false, source: null };
    case 'relationship': {
      const r = record;
      const linked = `\t${f(r.source)}\t${f(r.id)}\t${f(r.from)}\t${f(r.to)}\t${f(r.kind)}\t${f(partialDate(r.start))}\t${f(partialDate(r.end))}\t\n${f(r.from)}\n${f(r.to)}\n`;
      return { own: '', linked, localTime: false, source: null };
    }
    case 'source':
      return { own: '', linked: '', localTime: false, source: sourceRow(record) };
    case 'event': {
      const t = eventTime(record.at);
      const source = f(record.source);
      let linked = '';
      const subjects = record.subjects ?? [];
      for (let i = 0; i < subjects.length; i++) {
        const s = subjects[i]!;
        const person = f(s.person);
        linked += `\t${i}\t${source}\t${person}\t${f(s.role)}\t\n${person}\n`;
      }
      return { own: `e\t${source}\t${f(record.kind)}\t${f(t.text)}\t${t.precision}\n`, linked, localTime: t.local, source: null };
    }
  }
}

function personRows(p: PersonRecord, nhs: string | null, upn: string | null): string {
  let rows =
    `p\t${f(p.source)}\t${f(p.id)}\t${f(p.name.given)}\t${f(p.name.middle)}\t${f(p.name.family)}\t${f(p.birthDate)}\t${f(birthPrecision(p.birthDate))}` +
    `\t${f(p.sex)}\t${f(nhs)}\t${f(upn)}\t${p.unborn === true}\t${f(partialDate(p.expectedDate))}\n`;
  const aliases = p.aliases ?? [];
  for (let i = 0; i < aliases.length; i++) {
    const a = aliases[i]!;
    rows += `n\t${i}\talias\t${f(a.given)}\t${f(a.middle)}\t${f(a.family)}\n`;
  }
  const addresses = p.addresses ?? [];
  for (let i = 0; i < addresses.length; i++) {
    const a = addresses[i]!;
    rows += `a\t${i}\t${f(a.line1)}\t${f(a.line2)}\t${f(a.town)}\t${f(a.postcode)}\t${f(partialDate(a.from))}\t${f(partialDate(a.to))}\t${f(a.kind)}\t${a.sealed === true}\n`;
  }
  const phones = p.phones ?? [];
  for (let i = 0; i < phones.length; i++) rows += `f\t${i}\t${f(phones[i])}\n`;
  return rows;
}

function sourceRow(s: SourceRecord): SourceRow {
  return { id: s.id, agency: s.agency, name: s.name ?? null, local_authority: s.localAuthority ?? null };
}

/** Column lists, in the order the rows above are written (the people's ids last, where the writer puts them). */
export const COLUMNS: Record<OwnRowTable | 'event_subject' | 'relationship', readonly string[]> = {
  person: ['record_id', 'source', 'local_id', 'given', 'middle', 'family', 'birth_date', 'birth_date_precision', 'sex', 'nhs_number', 'upn', 'unborn', 'expected_date'],
  person_name: ['person_id', 'ord', 'kind', 'given', 'middle', 'family'],
  person_address: ['person_id', 'ord', 'line1', 'line2', 'town', 'postcode', 'valid_from', 'valid_to', 'kind', 'sealed'],
  person_phone: ['person_id', 'ord', 'phone'],
  event: ['record_id', 'source', 'kind', 'at', 'at_precision'],
  event_subject: ['event_id', 'ord', 'source', 'person_local_id', 'role', 'person_id'],
  relationship: ['record_id', 'source', 'local_id', 'from_local_id', 'to_local_id', 'kind', 'valid_from', 'valid_to', 'from_person_id', 'to_person_id'],
};
