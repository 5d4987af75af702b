import { describe, expect, it } from 'vitest';
import { dateProblem, dateProblemByPattern, daysInMonth, parsePartialDate, type DateForm } from './dates.ts';

describe('parsePartialDate', () => {
  it('reads day, month and year precision', () => {
    expect(parsePartialDate('2019-03-14')).toEqual({ value: '2019-03-14', precision: 'day' });
    expect(parsePartialDate('2019-03')).toEqual({ value: '2019-03', precision: 'month' });
    expect(parsePartialDate('2019')).toEqual({ value: '2019', precision: 'year' });
  });

  it('accepts 29 February only in leap years', () => {
    expect(parsePartialDate('2020-02-29')?.precision).toBe('day');
    expect(parsePartialDate('2000-02-29')?.precision).toBe('day'); // divisible by 400
    expect(parsePartialDate('2019-02-29')).toBeNull();
    expect(parsePartialDate('1900-02-29')).toBeNull(); // divisible by 100, not 400
  });

  it.each(['2019-02-30', '2019-04-31', '2019-13-01', '2019-00-10', '2019-01-00', '0000', '0000-01-01', '2019-1-5', '14/03/2019', '2019-03-14T10:00:00Z', '', ' 2019', '20190314'])(
    'rejects %j',
    (s) => {
      expect(parsePartialDate(s)).toBeNull();
    },
  );

  it('rejects years outside 1880..2100 and accepts the bounds', () => {
    expect(parsePartialDate('1879-12-31')).toBeNull();
    expect(parsePartialDate('2101')).toBeNull();
    expect(parsePartialDate('1880-01-01')?.precision).toBe('day');
    expect(parsePartialDate('2100-12')?.precision).toBe('month');
  });

  it('knows the length of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe('dateProblem', () => {
  it('gives the plain reason a date is impossible', () => {
    expect(dateProblem('2019-02-30', 'partial')).toBe('"2019-02-30" is not a real date (February 2019 has 28 days)');
    expect(dateProblem('2020-02-30', 'day')).toBe('"2020-02-30" is not a real date (February 2020 has 29 days)');
    expect(dateProblem('2019-13-01', 'day')).toBe('"2019-13-01" is not a real date (there is no month 13)');
    expect(dateProblem('0000-01-01', 'day')).toBe('"0000-01-01" is not a real date (there is no year 0)');
    expect(dateProblem('2019-06-00', 'day')).toBe('"2019-06-00" is not a real date (there is no day 0)');
    expect(dateProblem('1850-01-01', 'day')).toBe('"1850-01-01" is outside the years SEF accepts (1880 to 2100)');
  });

  it('accepts partial dates only where the form allows them', () => {
    expect(dateProblem('2019-03', 'partial')).toBeNull();
    expect(dateProblem('2019-03', 'day')).toBe('must be a date like 2019-03-14, got "2019-03"');
    expect(dateProblem('2019', 'dayOrDateTime')).toMatch(/^must be a date like 2019-03-14 or a date and time/);
  });

  it('accepts date-times with or without seconds, fraction and offset where allowed', () => {
    for (const s of ['2019-06-30T22:14:00Z', '2019-06-30T22:14Z', '2019-06-30T22:14:00.123+01:00', '2019-06-30T22:14:00']) {
      expect(dateProblem(s, 'dayOrDateTime')).toBeNull();
      expect(dateProblem(s, 'dateTime')).toBeNull();
    }
    expect(dateProblem('2019-06-30', 'dayOrDateTime')).toBeNull();
    expect(dateProblem('2019-06-30', 'dateTime')).toBe('must be a date and time like 2019-03-14T09:30:00Z, got "2019-06-30"');
    expect(dateProblem('2019-06-30T22:14:00Z', 'day')).toBe('must be a date like 2019-03-14, got "2019-06-30T22:14:00Z"');
    expect(dateProblem('2019-06-30T22:14:00Z', 'partial')).toMatch(/^must be a date like 2019-03-14/);
  });

  it('rejects impossible times and offsets', () => {
    expect(dateProblem('2019-06-30T24:00:00Z', 'dateTime')).toBe('"2019-06-30T24:00:00Z" is not a real time (there is no hour 24)');
    expect(dateProblem('2019-06-30T10:60:00Z', 'dateTime')).toMatch(/no minute 60/);
    expect(dateProblem('2019-06-30T10:00:61Z', 'dateTime')).toMatch(/no second 61/);
    expect(dateProblem('2019-06-30T10:00:00+15:00', 'dateTime')).toMatch(/impossible time-zone offset/);
    expect(dateProblem('2019-02-29T10:00:00Z', 'dateTime')).toMatch(/February 2019 has 28 days/);
    expect(dateProblem('2019-06-30 10:00:00', 'dateTime')).toMatch(/^must be a date and time/);
  });

  // dateProblem reads the common shapes by hand; the patterns are the reference.
  it('reads a day and a UTC date-time by hand exactly as by pattern', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (chars: string) => chars[Math.floor(rnd() * chars.length)]!;
    const forms: DateForm[] = ['partial', 'day', 'dayOrDateTime', 'dateTime'];
    for (let i = 0; i < 20_000; i++) {
      const d = () => pick('0123456789');
      const near = () => (rnd() < 0.9 ? d() : pick('x-:T Z0'));
      const day = `${pick('12')}${pick('089')}${near()}${near()}${rnd() < 0.95 ? '-' : '/'}${pick('01')}${near()}-${pick('0123')}${near()}`;
      const s = rnd() < 0.5 ? day : `${day}${rnd() < 0.95 ? 'T' : ' '}${pick('012')}${near()}:${pick('0123456')}${near()}:${pick('0123456')}${near()}${rnd() < 0.9 ? 'Z' : 'z'}`;
      for (const form of forms) expect([s, form, dateProblem(s, form)]).toEqual([s, form, dateProblemByPattern(s, form)]);
    }
  });

  it('never echoes a huge value in full', () => {
    const msg = dateProblem('9'.repeat(1_000_000), 'day') ?? '';
    expect(msg.length).toBeLessThan(200);
  });
});
