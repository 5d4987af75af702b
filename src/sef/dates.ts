// SEF dates: calendar dates (optionally partial) and ISO 8601 date-times.
// Checked by hand rather than with Date.parse, which silently rolls
// 2019-02-30 over to 2 March and accepts many formats we do not.

import { LIMITS } from './limits.ts';
import { quote } from './text.ts';

export type DatePrecision = 'day' | 'month' | 'year';
export interface PartialDate {
  value: string;
  precision: DatePrecision;
}

/** Which forms a date field accepts. */
export type DateForm =
  | 'partial' // YYYY-MM-DD, YYYY-MM or YYYY (birthDate)
  | 'day' // YYYY-MM-DD
  | 'dayOrDateTime' // YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]
  | 'dateTime'; // date-time only

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Why year/month/day is impossible, or null when it is a real date inside the accepted years. */
function calendarProblem(y: number, m: number | undefined, d: number | undefined): string | null {
  if (y === 0) return 'there is no year 0';
  if (m !== undefined && (m < 1 || m > 12)) return `there is no month ${m}`;
  if (d !== undefined && m !== undefined) {
    if (d < 1) return 'there is no day 0';
    const max = daysInMonth(y, m);
    if (d > max) return `${MONTHS[m - 1]} ${y} has ${max} days`;
  }
  return null;
}

function yearRangeProblem(s: string, y: number): string | null {
  if (y < LIMITS.minYear || y > LIMITS.maxYear) {
    return `${quote(s)} is outside the years SEF accepts (${LIMITS.minYear} to ${LIMITS.maxYear})`;
  }
  return null;
}

const EXAMPLES: Record<DateForm, string> = {
  partial: 'a date like 2019-03-14 (or 2019-03, or 2019 when only the month or year is known)',
  day: 'a date like 2019-03-14',
  dayOrDateTime: 'a date like 2019-03-14 or a date and time like 2019-03-14T09:30:00Z',
  dateTime: 'a date and time like 2019-03-14T09:30:00Z',
};

/** The expected shape in words, for "must be …, got a number". */
export function expectedDate(form: DateForm): string {
  return EXAMPLES[form];
}

/**
 * Parse a possibly partial calendar date. Returns null for anything that is
 * not YYYY-MM-DD, YYYY-MM or YYYY, for impossible dates, and for years
 * outside 1880..2100.
 */
export function parsePartialDate(s: string): PartialDate | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? undefined : Number(m[2]);
  const d = m[3] === undefined ? undefined : Number(m[3]);
  if (calendarProblem(y, mo, d) !== null || yearRangeProblem(s, y) !== null) return null;
  return { value: s, precision: d !== undefined ? 'day' : mo !== undefined ? 'month' : 'year' };
}

/**
 * Check a date string against the accepted form. Returns a message fragment
 * that reads after the field path ("birthDate" + " \"2019-02-30\" is not a
 * real date (February 2019 has 28 days)"), or null when the value is good.
 */
export function dateProblem(s: string, form: DateForm): string | null {
  // The common shapes, a day and a UTC date-time to the second, are read
  // without a regular expression: the import checks every date of every
  // record, and each match allocated its groups. The checks are the same.
  if (s.length === 10 && form !== 'dateTime' && isDay(s)) return partsProblem(s, digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), null);
  if (s.length === 20 && (form === 'dateTime' || form === 'dayOrDateTime') && isDay(s) && isUtcTime(s)) {
    return partsProblem(s, digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), { hh: digits(s, 11, 13), mi: digits(s, 14, 16), ss: digits(s, 17, 19), offset: 'Z' });
  }
  return dateProblemByPattern(s, form);
}

/** dateProblem for any shape (exported for the test that holds the fast paths above to it). */
export function dateProblemByPattern(s: string, form: DateForm): string | null {
  const dm = form === 'dateTime' ? null : DATE_RE.exec(s);
  if (dm) {
    const d = dm[3] === undefined ? undefined : Number(dm[3]);
    if (form !== 'partial' && d === undefined) return `must be ${EXAMPLES[form]}, got ${quote(s)}`;
    return partsProblem(s, Number(dm[1]), dm[2] === undefined ? undefined : Number(dm[2]), d, null);
  }
  const tm = form === 'dateTime' || form === 'dayOrDateTime' ? DATE_TIME_RE.exec(s) : null;
  if (!tm) return `must be ${EXAMPLES[form]}, got ${quote(s)}`;
  const time = { hh: Number(tm[4]), mi: Number(tm[5]), ss: tm[6] === undefined ? 0 : Number(tm[6]), offset: tm[8] };
  return partsProblem(s, Number(tm[1]), Number(tm[2]), Number(tm[3]), time);
}

/** What is wrong with a date (and time) read from s: the calendar, the clock, the offset, then the year's range. */
function partsProblem(
  s: string,
  y: number,
  mo: number | undefined,
  d: number | undefined,
  time: { hh: number; mi: number; ss: number; offset: string | undefined } | null,
): string | null {
  const cal = calendarProblem(y, mo, d);
  if (cal) return `${quote(s)} is not a real date (${cal})`;
  if (time) {
    if (time.hh > 23) return `${quote(s)} is not a real time (there is no hour ${time.hh})`;
    if (time.mi > 59) return `${quote(s)} is not a real time (there is no minute ${time.mi})`;
    if (time.ss > 59) return `${quote(s)} is not a real time (there is no second ${time.ss})`;
    const off = time.offset;
    if (off && off !== 'Z') {
      const oh = Number(off.slice(1, 3));
      const om = Number(off.slice(4, 6));
      if (oh > 14 || om > 59) return `${quote(s)} has an impossible time-zone offset (${off})`;
    }
  }
  return yearRangeProblem(s, y);
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The value of the ASCII digits s[from, to). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** "YYYY-MM-DD" at the start of s. */
function isDay(s: string): boolean {
  return (
    isDigit(s, 0) && isDigit(s, 1) && isDigit(s, 2) && isDigit(s, 3) && s[4] === '-' && isDigit(s, 5) && isDigit(s, 6) && s[7] === '-' && isDigit(s, 8) && isDigit(s, 9)
  );
}

/** "THH:MM:SSZ" after a day. */
function isUtcTime(s: string): boolean {
  return s[10] === 'T' && isDigit(s, 11) && isDigit(s, 12) && s[13] === ':' && isDigit(s, 14) && isDigit(s, 15) && s[16] === ':' && isDigit(s, 17) && isDigit(s, 18) && s[19] === 'Z';
}

/** The calendar day of a valid date or date-time ("2019-06-30T22:14:00Z" → "2019-06-30"), for ordering checks. */
export function dayOf(s: string): string {
  return s.slice(0, 10);
}
