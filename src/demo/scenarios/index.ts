import type { Household } from '../model.ts';
import type { Rng } from '../rng.ts';
import type { World } from '../world.ts';

export interface Planted {
  scenario: string;
  variant: number;
  build: (world: World, rng: Rng, variant: number) => Household;
}

export function plantSchedule(children: number): Planted[] {
  void children;
  return [];
}
