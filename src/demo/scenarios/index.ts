// The planted families and their near-miss controls, and where they go.

import type { Household } from '../model.ts';
import type { Rng } from '../rng.ts';
import type { World } from '../world.ts';
import { lloydMarkControl, smithControl, walkerThompsonControl, williamsControl } from './controls.ts';
import { lloydMark } from './lloyd-mark.ts';
import { smith } from './smith.ts';
import { walkerThompson } from './walker-thompson.ts';
import { williams } from './williams.ts';

export interface Planted {
  scenario: string;
  variant: number;
  build: (world: World, rng: Rng, variant: number) => Household;
}

export const SCENARIOS: readonly { scenario: string; build: Planted['build'] }[] = [
  { scenario: 'lloyd-mark', build: lloydMark },
  { scenario: 'williams', build: williams },
  { scenario: 'smith', build: smith },
  { scenario: 'walker-thompson', build: walkerThompson },
  { scenario: 'lloyd-mark-control', build: lloydMarkControl },
  { scenario: 'williams-control', build: williamsControl },
  { scenario: 'smith-control', build: smithControl },
  { scenario: 'walker-thompson-control', build: walkerThompsonControl },
];

/**
 * How many copies of each: at least three (so that every demo has several
 * of each pattern, with variation), then one per 1,000 requested children
 * (about 0.17% of households per pattern, 1.4% for all eight; small enough not
 * to distort base rates). Copy 0 is never planted: it is the canonical review timeline
 * kept for test/scenarios, so copies start at 1.
 */
export function plantSchedule(children: number): Planted[] {
  if (children === 0) return [];
  const copies = Math.max(3, Math.floor(children / 1000));
  const out: Planted[] = [];
  for (let v = 1; v <= copies; v++) for (const s of SCENARIOS) out.push({ scenario: s.scenario, variant: v, build: s.build });
  return out;
}
