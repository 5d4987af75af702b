// Near-miss controls must raise nothing; planted copies must raise their pattern.

import { describe, expect, it } from 'vitest';
import { dayOf } from '../../src/demo/dates.ts';
import { expectedAlerts } from '../../src/demo/oracle.ts';
import { SCENARIOS } from '../../src/demo/scenarios/index.ts';
import { World } from '../../src/demo/world.ts';

describe('scenario families', () => {
  const world = new World({ seed: 'controls', asOf: dayOf('2026-11-01'), historyYears: 8 });
  for (const s of SCENARIOS) {
    it(`${s.scenario}: ${s.scenario.includes('control') ? 'no alert in 40 copies' : 'alerts in every one of 40 copies'}`, () => {
      for (let v = 1; v <= 40; v++) {
        const h = s.build(world, world.rng.fork(`${s.scenario}/${v}`), v);
        const alerts = expectedAlerts(h, world.asOf);
        if (h.control) {
          expect(alerts.map((a) => a.rule), `${s.scenario} copy ${v}`).toEqual([]);
          expect(h.nearMiss?.length).toBeGreaterThan(0);
        } else {
          expect(alerts.length).toBeGreaterThan(5);
          for (const a of alerts) expect(a.earliest).toBeLessThanOrEqual(world.asOf);
        }
      }
    });
  }
});
