// Unrelated families rarely share a home at the same time, at any size of
// partnership: otherwise the household grouping chains strangers together,
// and the benchmarks at scale measure a crowding no partnership has.

import { describe, expect, it } from 'vitest';
import { backgroundHousehold } from '../../src/demo/background.ts';
import { dayOf } from '../../src/demo/dates.ts';
import { World } from '../../src/demo/world.ts';

/** The share of homes held today that another household holds today too. */
function sharedHomes(children: number, households: number): { shared: number; most: number } {
  const world = new World({ seed: 'homes', asOf: dayOf('2026-11-01'), historyYears: 8, children });
  const holders = new Map<string, Set<string>>();
  let residences = 0;
  for (let i = 0; i < households; i++) {
    const h = backgroundHousehold(world, world.rng.fork(`h${i}`));
    for (const r of h.residences) {
      if (r.to !== null) continue;
      residences++;
      const key = `${r.addr.line1.toLowerCase()}|${r.addr.postcode}`;
      const set = holders.get(key) ?? new Set<string>();
      holders.set(key, set.add(h.hid));
    }
  }
  let shared = 0;
  let most = 0;
  for (const set of holders.values()) {
    if (set.size > 1) shared += set.size;
    most = Math.max(most, set.size);
  }
  return { shared: shared / residences, most };
}

describe('demo homes', () => {
  it('are shared by two households as rarely in a partnership of 30,000 children as in one of 5,000', () => {
    // Households as the demo makes them: about 1.8 children each.
    const small = sharedHomes(5000, Math.round(5000 / 1.8));
    const large = sharedHomes(30_000, Math.round(30_000 / 1.8));
    expect(small.shared).toBeLessThan(0.03);
    // With one set of streets for every size, 30,000 children shared 9% of homes.
    expect(large.shared).toBeLessThan(0.03);
    expect(large.most).toBeLessThanOrEqual(3);
  });
});
