import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { areNicknames, nicknamePairCount } from './nicknames.ts';
import { editDistance, jaroWinkler, normaliseName, phoneticKey } from './strings.ts';

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
  it('applies no prefix boost below 0.7 and at most four prefix characters', () => {
    // Jaro 0.6667 for these, below the boost threshold: unchanged.
    expect(jaroWinkler('abcd', 'abxy')).toBeCloseTo(2 / 3, 4);
    const long = jaroWinkler('abcdefgh', 'abcdefgx');
    expect(long).toBeLessThan(1);
    expect(long).toBeCloseTo(0.9167 + 4 * 0.1 * (1 - 0.9167), 3);
  });
  it('is symmetric, bounded and 1 only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const x = jaroWinkler(a, b);
        expect(x).toBe(jaroWinkler(b, a));
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        if (x === 1) expect(a).toBe(b);
      }),
    );
  });
  it('copes with strings longer than its scratch buffers', () => {
    const a = 'x'.repeat(500) + 'a';
    expect(jaroWinkler(a, `${a}b`)).toBeGreaterThan(0.99);
  });
});

describe('phoneticKey', () => {
  it.each([
    ['Philips', 'Phillips'],
    ['Philips', 'Filips'],
    ['Catherine', 'Kathryn'],
    ['Stephen', 'Steven'],
    ['Thompson', 'Thomson'],
    ['McDonald', 'MacDonald'],
    ['Smith', 'Smyth'],
    ['Knight', 'Night'],
    ['Christopher', 'Kristofer'],
    ['Leigh', 'Lee'],
  ])('%s sounds like %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
    expect(phoneticKey(a)).not.toBe('');
  });
  it('keeps different names apart', () => {
    expect(phoneticKey('Smith')).not.toBe(phoneticKey('Jones'));
    expect(phoneticKey('Aisha')).not.toBe(phoneticKey('Amelia'));
    expect(phoneticKey('Ann')).not.toBe(phoneticKey('Nan'));
  });
  it('is empty for empty input', () => {
    expect(phoneticKey('')).toBe('');
    expect(phoneticKey('--')).toBe('');
  });
});

describe('nicknames', () => {
  it.each([
    ['bill', 'william'],
    ['peggy', 'margaret'],
    ['liz', 'elizabeth'],
    ['kaz', 'karen'],
    ['bob', 'robert'],
    ['jack', 'john'],
    ['jack', 'jacob'],
    ['sasha', 'alexandra'],
    ['chris', 'christine'],
  ])('%s is %s', (a, b) => {
    expect(areNicknames(a, b)).toBe(true);
    expect(areNicknames(b, a)).toBe(true);
  });
  it('does not make different names nicknames through a shared diminutive', () => {
    expect(areNicknames('john', 'jacob')).toBe(false);
    expect(areNicknames('anna', 'hannah')).toBe(false);
    expect(areNicknames('william', 'william')).toBe(false);
    expect(areNicknames('zebedee', 'william')).toBe(false);
  });
  it('ships a table of several hundred pairs', () => {
    expect(nicknamePairCount()).toBeGreaterThan(300);
  });
});

describe('normaliseName and editDistance', () => {
  it('folds case, accents, apostrophes and hyphens', () => {
    expect(normaliseName(" O'Brien ")).toBe('obrien');
    expect(normaliseName('Smith-Jones')).toBe('smith jones');
    expect(normaliseName('Zoë')).toBe('zoe');
    expect(normaliseName('  ')).toBeNull();
    expect(normaliseName(null)).toBeNull();
  });
  it('counts substitutions, insertions and adjacent transpositions', () => {
    expect(editDistance('1234567', '1234567')).toBe(0);
    expect(editDistance('1234567', '1234568')).toBe(1);
    expect(editDistance('1234567', '1243567')).toBe(1);
    expect(editDistance('1234567', '123456')).toBe(1);
    expect(editDistance('1234567', '7654321', 1)).toBe(2);
  });
});

describe('withinOneEdit', () => {
  it('agrees with the edit distance for one edit', async () => {
    const { withinOneEdit } = await import('./strings.ts');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '2', '3'), maxLength: 7 }), fc.string({ unit: fc.constantFrom('1', '2', '3'), maxLength: 7 }), (a, b) => {
        expect(withinOneEdit(a, b)).toBe(editDistance(a, b, 1) <= 1);
        expect(withinOneEdit(b, a)).toBe(withinOneEdit(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
