import { describe, expect, it } from 'vitest';
import { Interner, PairMemo, SimilarityCache } from './prepare.ts';
import { jaroWinkler } from './strings.ts';
import { mulberry32 } from './prng.ts';

describe('PairMemo', () => {
  it('holds what a Map would, through growing and emptying at its limit', () => {
    const rnd = mulberry32(5);
    const memo = new PairMemo(5_000);
    const reference = new Map<string, number>();
    for (let n = 0; n < 40_000; n++) {
      const lo = Math.floor(rnd() * 3_000);
      const hi = Math.floor(rnd() * 70_000_000);
      const got = memo.get(lo, hi);
      const want = reference.get(`${lo},${hi}`);
      // Emptied at the limit: what it still has is right.
      if (got !== undefined) expect(got).toBe(want);
      const value = rnd();
      memo.set(lo, hi, value);
      if (memo.size === 1) reference.clear();
      reference.set(`${lo},${hi}`, value);
      expect(memo.get(lo, hi)).toBe(value);
      expect(memo.size).toBeLessThanOrEqual(5_000);
    }
    // Every pair it holds, and only those, are the ones set since it was last emptied.
    let held = 0;
    for (const [key, value] of reference) {
      const [lo, hi] = key.split(',').map(Number) as [number, number];
      expect(memo.get(lo, hi)).toBe(value);
      held++;
    }
    expect(memo.size).toBe(held);
  });
});

describe('SimilarityCache', () => {
  it('gives Jaro-Winkler exactly at and above its floor, asked again or not', () => {
    const names = new Interner();
    const words = ['smith', 'smyth', 'smithe', 'jones', 'johns', 'jonas', 'leah', 'lea', 'leigh', 'marston', 'marsden', 'martson', 'aisha', 'ayesha', 'asha'];
    for (const w of words) names.id(w);
    const cache = new SimilarityCache(names);
    for (let round = 0; round < 2; round++)
      for (let a = 0; a < words.length; a++)
        for (let b = 0; b < words.length; b++) {
          const exact = jaroWinkler(words[a]!, words[b]!);
          const got = cache.jw(a, b);
          if (exact >= cache.floor) expect(got).toBe(exact);
          else expect(got).toBeLessThan(cache.floor);
        }
  });
});
