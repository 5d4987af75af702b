import { describe, expect, it } from 'vitest';
import { Calendar, addMonths, daysDeadline, isoDay, isoTime, parseTime } from '../calendar.ts';

const cal = new Calendar();
const d = parseTime;

describe('calendar', () => {
  it('knows England and Wales bank holidays 2010–2030, including one-offs and substitutes', () => {
    for (const h of ['2011-04-29', '2012-06-05', '2020-05-08', '2022-09-19', '2023-05-08', '2021-12-27', '2021-12-28', '2030-12-25']) expect(cal.isWorkingDay(d(h)), h).toBe(false);
    expect(cal.isWorkingDay(d('2020-05-04'))).toBe(true); // the early May holiday moved to VE day
    expect(cal.isWorkingDay(d('2019-01-02'))).toBe(true);
  });
  it('counts working days over weekends and holidays', () => {
    expect(isoDay(cal.addWorkingDays(d('2018-12-14'), 10))).toBe('2019-01-02');
    expect(isoTime(cal.workingDaysDeadline(d('2019-07-25'), 5))).toBe('2019-08-01T23:59:59.999Z');
  });
  it('approximates school days outside the standard holiday pattern', () => {
    expect(cal.isSchoolDay(d('2019-08-12'))).toBe(false); // summer
    expect(cal.isSchoolDay(d('2019-02-19'))).toBe(false); // February half term
    expect(cal.isSchoolDay(d('2019-04-16'))).toBe(false); // Easter
    expect(cal.isSchoolDay(d('2019-03-05'))).toBe(true);
    expect(isoDay(cal.nextSchoolDay(d('2019-12-20')))).toBe('2020-01-06');
  });
  it('lets a partnership replace the school holidays and add local holidays', () => {
    const local = new Calendar({ schoolHolidays: [{ from: '2019-03-04', to: '2019-03-08' }], extraHolidays: ['2019-03-11'] });
    expect(local.isSchoolDay(d('2019-03-05'))).toBe(false);
    expect(local.isSchoolDay(d('2019-08-12'))).toBe(true);
    expect(local.isWorkingDay(d('2019-03-11'))).toBe(false);
  });
  it('adds months and day deadlines at day granularity', () => {
    expect(isoDay(addMonths(d('2019-01-31'), 1))).toBe('2019-02-28');
    expect(isoTime(daysDeadline(d('2018-06-30T22:14:00Z'), 1))).toBe('2018-07-01T23:59:59.999Z');
  });
});
