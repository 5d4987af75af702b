import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, isValidUpn } from '../sef/index.ts';
import { nhsNumber, transposeDigits, upn } from './ids.ts';
import { addWorkingDays, dayOf, iso, receptionStart, weekday } from './dates.ts';

describe('identifiers', () => {
  it('makes valid, unique NHS numbers', () => {
    const seen = new Set<string>();
    for (let n = 1; n <= 50_000; n++) {
      const x = nhsNumber(n, 12_345);
      expect(isValidNhsNumber(x)).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(50_000);
  });

  it('makes valid, unique UPNs', () => {
    const seen = new Set<string>();
    for (let n = 1; n <= 20_000; n++) {
      const x = upn(n, 887, 2019);
      expect(isValidUpn(x)).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(20_000);
  });

  it('swaps two adjacent digits', () => {
    expect(transposeDigits('1234567890', 3)).toBe('1235467890');
  });
});

describe('dates', () => {
  it('writes days like Date does', () => {
    for (const d of [-1, 0, 59, 11_016, 17_897, 20_000, 20_758]) expect(iso(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
    expect(dayOf('2026-11-01')).toBe(Date.UTC(2026, 10, 1) / 86_400_000);
  });

  it('counts working days over weekends', () => {
    const fri = dayOf('2019-07-26');
    expect(weekday(fri)).toBe(5);
    expect(iso(addWorkingDays(fri, 1))).toBe('2019-07-29');
    expect(iso(addWorkingDays(fri, 5))).toBe('2019-08-02');
  });

  it('starts reception in the September after the fourth birthday', () => {
    expect(iso(receptionStart(dayOf('2015-02-11')))).toBe('2019-09-02');
    expect(iso(receptionStart(dayOf('2015-09-01')))).toBe('2020-09-02');
  });
});
