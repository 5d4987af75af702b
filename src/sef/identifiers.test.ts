import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidNhsNumber,
  isValidUpn,
  nhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  postcodeParts,
  upnCheckLetter,
} from './identifiers.ts';

/** A synthetic NHS number: nine chosen digits plus their check digit (null when the nine cannot take one). */
function makeNhs(nine: string): string | null {
  const c = nhsCheckDigit(nine);
  return c === null ? null : `${nine}${c}`;
}

describe('NHS number', () => {
  it("accepts the NHS's documented test number in any common spacing", () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(normaliseNhsNumber(' 943 476 5919 ')).toBe('9434765919');
  });

  it('computes the modulus 11 check digit', () => {
    // 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11-2 = 9
    expect(nhsCheckDigit('943476591')).toBe(9);
    const made = ['999000001', '999123456', '400000000', '700000012'].map(makeNhs).filter((n) => n !== null);
    expect(made.length).toBeGreaterThan(2);
    for (const n of made) expect(isValidNhsNumber(n)).toBe(true);
  });

  it('rejects every wrong check digit', () => {
    for (let d = 0; d <= 9; d++) {
      if (d === 9) continue;
      expect(isValidNhsNumber(`943476591${d}`)).toBe(false);
      expect(normaliseNhsNumber(`943476591${d}`)).toBeNull();
    }
  });

  it('rejects numbers whose check digit would be 10', () => {
    // find nine digits with remainder 1 (check 10): no tenth digit makes them valid
    let nine = '';
    for (let i = 100000000; i < 100000100; i++) {
      if (nhsCheckDigit(String(i)) === null) {
        nine = String(i);
        break;
      }
    }
    expect(nine).not.toBe('');
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`${nine}${d}`)).toBe(false);
  });

  it('rejects placeholder numbers made of one repeated digit, though they pass modulus 11', () => {
    for (let d = 0; d <= 9; d++) {
      const n = String(d).repeat(10);
      expect(nhsCheckDigit(n.slice(0, 9))).toBe(d);
      expect(isValidNhsNumber(n)).toBe(false);
    }
  });

  it('rejects wrong lengths, letters and other separators', () => {
    for (const s of ['943476591', '94347659190', '943476591X', '943.476.5919', '', 'nine four three']) {
      expect(isValidNhsNumber(s)).toBe(false);
    }
  });
});

describe('UPN', () => {
  it('accepts a UPN whose first letter is the DfE check letter', () => {
    const rest = '801200005001';
    const letter = upnCheckLetter(rest);
    // 8*2+0*3+1*4+2*5+0*6+0*7+0*8+0*9+5*10+0*11+0*12+1*13 = 93; 93 mod 23 = 1 → B
    expect(letter).toBe('B');
    expect(isValidUpn(`B${rest}`)).toBe(true);
    expect(isValidUpn(`b ${rest}`)).toBe(true);
    expect(isValidUpn(`A${rest}`)).toBe(false);
  });

  it('handles temporary UPNs ending in a letter', () => {
    const rest = '20612345678A'; // synthetic
    const letter = upnCheckLetter(rest);
    expect(letter).not.toBeNull();
    expect(isValidUpn(`${letter}${rest}`)).toBe(true);
  });

  it('never uses I, O or S as check letter and rejects them', () => {
    for (let i = 0; i < 500; i++) {
      const rest = String(100000000000 + i * 7919).slice(0, 12);
      const letter = upnCheckLetter(rest) ?? '';
      expect('IOS'.includes(letter)).toBe(false);
      expect(isValidUpn(`${letter}${rest}`)).toBe(true);
    }
    expect(isValidUpn('I801200005001')).toBe(false);
  });

  it('rejects wrong lengths and letters in the middle', () => {
    for (const s of ['B80120000500', 'B8012000050011', 'B80120A005001', '', '1801200005001']) expect(isValidUpn(s)).toBe(false);
  });
});

describe('postcodes', () => {
  it.each([
    ['sw182ab', 'SW18 2AB'],
    ['SW18 2AB', 'SW18 2AB'],
    ['  sw18   2ab ', 'SW18 2AB'],
    ['m11ae', 'M1 1AE'],
    ['b338th', 'B33 8TH'],
    ['cr26xh', 'CR2 6XH'],
    ['dn551pt', 'DN55 1PT'],
    ['w1a1aa', 'W1A 1AA'],
    ['ec1a1bb', 'EC1A 1BB'],
    ['gir0aa', 'GIR 0AA'],
  ])('normalises %j to %j', (raw, want) => {
    expect(normalisePostcode(raw)).toBe(want);
  });

  it('keeps anything that is not a UK postcode as written, trimmed', () => {
    expect(normalisePostcode(' 75008 Paris ')).toBe('75008 Paris');
    expect(normalisePostcode('SW18')).toBe('SW18');
    expect(normalisePostcode('D02 X285')).toBe('D02 X285'); // Irish Eircode
    expect(normalisePostcode('NFA')).toBe('NFA');
  });

  it('splits a postcode into unit, sector, district and area', () => {
    expect(postcodeParts('sw182ab')).toEqual({ unit: 'SW18 2AB', sector: 'SW18 2', district: 'SW18', area: 'SW' });
    expect(postcodeParts('W1A 1AA')).toEqual({ unit: 'W1A 1AA', sector: 'W1A 1', district: 'W1A', area: 'W' });
    expect(postcodeParts('M1 1AE')).toEqual({ unit: 'M1 1AE', sector: 'M1 1', district: 'M1', area: 'M' });
    expect(postcodeParts('75008 Paris')).toBeNull();
    expect(postcodeParts('SW18')).toBeNull();
  });
});

describe('identifier properties', () => {
  it('every nine digits with a check digit make a valid NHS number, unless all digits repeat; any one changed digit breaks it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (nine, pos, delta) => {
        const n = makeNhs(nine);
        if (n === null) return;
        expect(isValidNhsNumber(n)).toBe(!/^(\d)\1{9}$/.test(n));
        const changed = `${n.slice(0, pos)}${(Number(n[pos]) + delta) % 10}${n.slice(pos + 1)}`;
        expect(isValidNhsNumber(changed)).toBe(false); // modulus 11 catches every single-digit error
      }),
      { numRuns: 1_000 },
    );
  });

  it('normalisePostcode is idempotent and postcodeParts agrees with it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-zA-Z]{1,2}\d[a-zA-Z\d]? ?\d[a-zA-Z]{2}$/)), (raw) => {
        const once = normalisePostcode(raw);
        expect(normalisePostcode(once)).toBe(once);
        const parts = postcodeParts(raw);
        if (parts) expect(parts.unit).toBe(once);
      }),
      { numRuns: 1_000 },
    );
  });
});
