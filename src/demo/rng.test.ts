import { describe, expect, it } from 'vitest';
import { Rng, WeightedTable } from './rng.ts';

describe('Rng', () => {
  it('gives the same stream for the same seed and a different one for another', () => {
    const a = new Rng('seed-1');
    const b = new Rng('seed-1');
    const c = new Rng('seed-2');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('forks independent streams that do not depend on how much the parent was used', () => {
    const a = new Rng('s');
    const b = new Rng('s');
    for (let i = 0; i < 100; i++) b.next();
    expect(a.fork('h7').next()).toBe(b.fork('h7').next());
    expect(a.fork('h7').next()).not.toBe(a.fork('h8').next());
  });

  it('draws integers in range and picks by weight', () => {
    const r = new Rng('w');
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
      counts[r.weighted([['a', 3], ['b', 1]] as const)]++;
    }
    expect(counts.a / 20_000).toBeGreaterThan(0.72);
    expect(counts.a / 20_000).toBeLessThan(0.78);
    const t = new WeightedTable([['x', 1], ['y', 0], ['z', 1]] as const);
    for (let i = 0; i < 1000; i++) expect(t.pick(r)).not.toBe('y');
  });
});
