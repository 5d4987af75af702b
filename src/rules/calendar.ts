// Time arithmetic for the rules: days, months, working days and school days.
// Everything is in UTC milliseconds. Agency records are mostly dated to the day
// and the partnership is in England and Wales, so a day is a UTC calendar day;
// the hour or so of British Summer Time is below the precision of the data.

import { ENGLAND_WALES_BANK_HOLIDAYS } from './calendar-data.ts';

export const DAY = 86_400_000;

/** Parses a SEF date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) or ISO date-time to UTC ms; NaN when unreadable. */
/** Digits s[from..to) as a number, or -1 if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function parseTime(s: string): number {
  // Fast path for the two shapes SEF dates nearly always take, `YYYY-MM-DD` and
  // `YYYY-MM-DDTHH:MM:SS(.sss)Z`: the regular expressions and Date.parse below
  // were a tenth of the rules' time on the demo.
  const n = s.length;
  if ((n === 10 || n === 20 || n === 24) && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    if (y >= 0 && mo >= 0 && d >= 0) {
      if (n === 10) return Date.UTC(y, mo - 1, d);
      if (s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(n - 1) === 90 && (n === 20 || s.charCodeAt(19) === 46)) {
        const h = digits(s, 11, 13);
        const mi = digits(s, 14, 16);
        const se = digits(s, 17, 19);
        const ms = n === 24 ? digits(s, 20, 23) : 0;
        if (h >= 0 && h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 60 && ms >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28) return Date.UTC(y, mo - 1, d, h, mi, se, ms);
      }
    }
  }
  if (/^\d{4}$/.test(s)) return Date.UTC(Number(s), 0, 1);
  if (/^\d{4}-\d{2}$/.test(s)) return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, 1);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Date.parse(s);
}

export function startOfDay(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

// Rules format and shift the same few thousand days over and over; Date objects
// dominated the profile, so both are memoised (bounded, and pure).
const dayStrings = new Map<number, string>();
const monthShifts = new Map<number, number>();

function remember<K, V>(m: Map<K, V>, k: K, v: V): V {
  if (m.size > 200_000) m.clear();
  m.set(k, v);
  return v;
}

export function isoDay(t: number): string {
  const day = startOfDay(t);
  return dayStrings.get(day) ?? remember(dayStrings, day, new Date(day).toISOString().slice(0, 10));
}

const timeStrings = new Map<number, string>();

export function isoTime(t: number): string {
  return timeStrings.get(t) ?? remember(timeStrings, t, new Date(t).toISOString());
}

/** Same time of day, `n` calendar months later; clamps to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(t: number, n: number): number {
  if (!Number.isFinite(t)) return t;
  if (n <= -2048 || n >= 2048) return shiftMonths(t, n);
  const day = startOfDay(t);
  const days = day / DAY;
  const key = days * 4096 + (n + 2048);
  let shifted = monthShifts.get(key);
  if (shifted === undefined) {
    // Birthdays are mostly first asked for: shift by arithmetic rather than Date objects where it is exact (years 1000–9999).
    shifted = days >= ARITHMETIC_FROM && days <= ARITHMETIC_TO && Number.isInteger(n) ? shiftDays(days, n) * DAY : shiftMonths(day, n);
    remember(monthShifts, key, shifted);
  }
  return shifted + (t - day);
}

const ARITHMETIC_FROM = Date.UTC(1000, 0, 1) / DAY;
const ARITHMETIC_TO = Date.UTC(9999, 11, 31) / DAY;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The day `n` calendar months after day number `z` (days since 1970-01-01),
 * clamped to the month's last day: the proleptic Gregorian calendar of Date,
 * by H. Hinnant's civil-from-days and days-from-civil. Checked against
 * shiftMonths for every day of 1000–9999 and every n in -300…300 over 1900–2100.
 */
function shiftDays(z: number, n: number): number {
  const { y, m, d } = civilFromDays(z);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const last = nm === 1 && leap ? 29 : (MONTH_DAYS[nm] as number);
  return daysFromCivil(ny, nm + 1, d < last ? d : last);
}

/** Year, month (1–12) and day of day number `z` (days since 1970-01-01): H. Hinnant's civil-from-days, without a Date. */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function shiftMonths(t: number, n: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), last);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

export function addDays(t: number, n: number): number {
  return t + n * DAY;
}

/**
 * The moment a "within N days" deadline has passed: the last millisecond of the
 * calendar day N days after the trigger's day. Agency records are dated to the
 * day, so an action recorded on the last allowed day is in time whatever its
 * hour, and the alert's `raisedAt` carries the date of that last allowed day
 * (e.g. 2017-07-06T23:59:59.999Z: "no referral by the end of 6 July").
 */
export function daysDeadline(trigger: number, days: number): number {
  return endOfDay(startOfDay(trigger) + days * DAY);
}

/** The last millisecond of the day of `t`. */
export function endOfDay(t: number): number {
  return startOfDay(t) + DAY - 1;
}

/** A school holiday pattern: inclusive date ranges (YYYY-MM-DD). */
export interface DateRange {
  from: string;
  to: string;
}

export interface CalendarOptions {
  /** Extra non-working days (local holidays, one-off bank holidays after 2030). */
  extraHolidays?: readonly string[];
  /** When given, replaces the standard school holiday pattern entirely. */
  schoolHolidays?: readonly DateRange[];
}

function easterSunday(y: number): number {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(y, month - 1, day);
}

function nthWeekday(y: number, month0: number, weekday: number, n: number): number {
  let t = Date.UTC(y, month0, 1);
  while (new Date(t).getUTCDay() !== weekday) t += DAY;
  return t + (n - 1) * 7 * DAY;
}

function lastWeekday(y: number, month0: number, weekday: number): number {
  let t = Date.UTC(y, month0 + 1, 0);
  while (new Date(t).getUTCDay() !== weekday) t -= DAY;
  return t;
}

/**
 * The standard school holiday pattern used when a partnership gives none: an
 * approximation of English maintained-school terms (term dates vary by local
 * authority and by school, so the policy file can replace it):
 * Christmas 21 Dec–3 Jan; February half term, the week of the third Monday of
 * February; Easter, Monday before Good Friday to the Friday after Easter Monday;
 * May half term, the week of the last Monday of May; summer 22 Jul–2 Sep;
 * October half term, the week of the last Monday of October.
 */
export function standardSchoolHolidays(year: number): DateRange[] {
  const week = (monday: number): DateRange => ({ from: isoDay(monday), to: isoDay(monday + 4 * DAY) });
  const easter = easterSunday(year);
  return [
    { from: `${year}-01-01`, to: `${year}-01-03` },
    week(nthWeekday(year, 1, 1, 3)),
    { from: isoDay(easter - 6 * DAY), to: isoDay(easter + 5 * DAY) },
    week(lastWeekday(year, 4, 1)),
    { from: `${year}-07-22`, to: `${year}-09-02` },
    week(lastWeekday(year, 9, 1)),
    { from: `${year}-12-21`, to: `${year}-12-31` },
  ];
}

/** Working days and school days. Built once per policy; lookups are O(1) per day. */
export class Calendar {
  private readonly holidays: Set<number>;
  private readonly schoolHolidayRanges: readonly DateRange[] | null;
  private readonly schoolHolidayCache = new Map<number, Set<number>>();

  constructor(options: CalendarOptions = {}) {
    this.holidays = new Set(ENGLAND_WALES_BANK_HOLIDAYS.map(([d]) => parseTime(d)));
    for (const d of options.extraHolidays ?? []) this.holidays.add(parseTime(d));
    this.schoolHolidayRanges = options.schoolHolidays ?? null;
  }

  isWorkingDay(t: number): boolean {
    const day = startOfDay(t);
    const wd = new Date(day).getUTCDay();
    return wd !== 0 && wd !== 6 && !this.holidays.has(day);
  }

  isSchoolDay(t: number): boolean {
    if (!this.isWorkingDay(t)) return false;
    const day = startOfDay(t);
    return !this.schoolHolidaysOf(new Date(day).getUTCFullYear()).has(day);
  }

  private schoolHolidaysOf(year: number): Set<number> {
    let set = this.schoolHolidayCache.get(year);
    if (set) return set;
    set = new Set();
    const ranges = this.schoolHolidayRanges ?? [
      ...standardSchoolHolidays(year - 1),
      ...standardSchoolHolidays(year),
    ];
    for (const r of ranges) {
      for (let t = parseTime(r.from), end = parseTime(r.to); t <= end; t += DAY) {
        if (new Date(t).getUTCFullYear() === year) set.add(t);
      }
    }
    this.schoolHolidayCache.set(year, set);
    return set;
  }

  /** The start of the day that is `n` working days after the day of `t` (the day itself not counted). */
  addWorkingDays(t: number, n: number): number {
    const start = startOfDay(t);
    const key = (start / DAY) * 512 + n;
    const hit = n < 512 ? this.workingCache.get(key) : undefined;
    if (hit !== undefined) return hit;
    let day = start;
    let left = n;
    while (left > 0) {
      day += DAY;
      if (this.isWorkingDay(day)) left--;
    }
    if (n < 512) {
      if (this.workingCache.size > 100_000) this.workingCache.clear();
      this.workingCache.set(key, day);
    }
    return day;
  }

  private readonly workingCache = new Map<number, number>();

  addSchoolDays(t: number, n: number): number {
    let day = startOfDay(t);
    let left = n;
    while (left > 0) {
      day += DAY;
      if (this.isSchoolDay(day)) left--;
    }
    return day;
  }

  /** End of the Nth working day after the trigger's day: the moment a "within N working days" deadline has passed. */
  workingDaysDeadline(trigger: number, n: number): number {
    return endOfDay(this.addWorkingDays(trigger, n));
  }

  schoolDaysDeadline(trigger: number, n: number): number {
    return endOfDay(this.addSchoolDays(trigger, n));
  }

  /** The first school day strictly after the day of `t`. */
  nextSchoolDay(t: number): number {
    return this.addSchoolDays(t, 1);
  }
}
