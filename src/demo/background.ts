// One background household: a family, its ordinary contacts with services,
// and for a minority the work of children's services and the police.

import { as, ev } from './events.ts';
import { buildFamily } from './household.ts';
import type { Household } from './model.ts';
import { source } from './partnership.ts';
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
  // A grandparent who died: the GP list is the one record of it.
  const gm = f.grandparent ? f.h.members.find((m) => m.pid === f.grandparent?.pid) : undefined;
  if (f.grandparent && gm && gm.to !== null) {
    f.grandparent.died = gm.to;
    const gp = f.h.registrations.filter((r) => r.pid === f.grandparent?.pid && source(r.src).agency === 'gp').at(-1);
    if (gp && gm.to + 3 <= world.asOf) ev(f.h, gp.src, 'gp_registration', gm.to + 3, as('adult', f.grandparent), { stage: 'deregistered', practice: source(gp.src).name }, { text: 'Deceased.' });
  }
  return f.h;
}
