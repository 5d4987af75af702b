// One background household: a family, its ordinary contacts with services,
// and for a minority the work of children's services and the police.

import { buildFamily } from './household.ts';
import type { Household } from './model.ts';
import type { Rng } from './rng.ts';
import { ordinaryLife, servicesLife, SERVICE_RATES } from './services.ts';
import type { World } from './world.ts';

export function backgroundHousehold(world: World, rng: Rng): Household {
  const f = buildFamily(world, rng);
  const tier = rng.weighted(SERVICE_RATES.tier);
  const low = rng.chance(SERVICE_RATES.lowEngagement) || (tier !== 'universal' && rng.chance(0.2));
  ordinaryLife(world, rng, f, low);
  const da = rng.chance(SERVICE_RATES.domesticAbuse[tier] ?? 0);
  if (tier !== 'universal' || da) servicesLife(world, rng, f, tier, da);
  return f.h;
}
