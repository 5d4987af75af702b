// Calendar arithmetic on whole UTC days. The generator thinks in days
// (an integer since 1970-01-01): cheap, exact, and what agencies record.

import { civilFromDays } from '../rules/calendar.ts';

export type Day = number;
const MS = 86_400_000;

export function dayOf(iso: string): Day {
  return Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS);
}

const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of a day, without a Date (the generator's hottest path). */
export function iso(d: Day): string {
  const { y, m, d: day } = civilFromDays(d);
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(day)}`;
}

/** A datetime on day d at the given minute of the day, as SEF writes it. */
export function isoAt(d: Day, minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60) % 24;
  const m = minuteOfDay % 60;
  return `${iso(d)}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
}

export function year(d: Day): number {
  return new Date(d * MS).getUTCFullYear();
}

export function month(d: Day): number {
  return new Date(d * MS).getUTCMonth() + 1;
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(d: Day): number {
  return (d + 4) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(d: Day): boolean {
  const w = weekday(d);
  return w === 0 || w === 6;
}

/** n working days after d (Monday to Friday; bank holidays are not modelled). */
export function addWorkingDays(d: Day, n: number): Day {
  let x = d;
  let left = n;
  while (left > 0) {
    x++;
    if (!isWeekend(x)) left--;
  }
  return x;
}

/** The next weekday after d. */
export function nextWeekday(d: Day): Day {
  return addWorkingDays(d, 1);
}

/** Same day of month n months later, clamped to the month's end. */
export function addMonths(d: Day, n: number): Day {
  const dt = new Date(d * MS);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + n;
  const day = dt.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m, Math.min(day, last)) / MS);
}

export function addYears(d: Day, n: number): Day {
  return addMonths(d, 12 * n);
}

/** Whole years of age on day `on` for someone born on `born`. */
export function ageOn(born: Day, on: Day): number {
  const b = new Date(born * MS);
  const o = new Date(on * MS);
  let a = o.getUTCFullYear() - b.getUTCFullYear();
  if (o.getUTCMonth() < b.getUTCMonth() || (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate())) a--;
  return a;
}

/** 1 September of the school year in which a child born on `born` starts reception (the September after its 4th birthday). */
export function receptionStart(born: Day): Day {
  const y = year(born);
  const bornAfterAugust = month(born) >= 9;
  return dayOf(`${y + (bornAfterAugust ? 5 : 4)}-09-0${firstSchoolDayOffset(y + (bornAfterAugust ? 5 : 4))}`);
}

// Schools start on the first weekday on or after 2 September.
function firstSchoolDayOffset(y: number): number {
  for (let dd = 2; dd <= 8; dd++) if (!isWeekend(dayOf(`${y}-09-0${dd}`))) return dd;
  return 2;
}

/** 1 September-ish start of year 7 for a child born on `born`. */
export function secondaryStart(born: Day): Day {
  return addYears(receptionStart(born), 7);
}

export function isSchoolDay(d: Day): boolean {
  if (isWeekend(d)) return false;
  const m = month(d);
  const dd = new Date(d * MS).getUTCDate();
  // Summer holiday (late July to start of September) and the two-week winter
  // break; half terms are ignored. Coarse, but deadlines are documented so.
  if (m === 8 || (m === 7 && dd > 22) || (m === 9 && dd < 2)) return false;
  if ((m === 12 && dd > 20) || (m === 1 && dd < 3)) return false;
  return true;
}

export function nextSchoolDay(d: Day): Day {
  let x = d + 1;
  while (!isSchoolDay(x)) x++;
  return x;
}
