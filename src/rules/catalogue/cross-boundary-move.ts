import { z } from 'zod';
import { isoDay } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { dataStr } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinWorkingDays: 10 };

export default defineRule({
  id: 'cross-boundary-move',
  title: 'Move across a local authority boundary without a received transfer',
  statement:
    'A family with an open plan, MARAC case, early help or Universal Plus service moves to another local authority and no `transfer` with stage `received` follows within 10 working days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.70–6.77, Recommendation 6', learning: 'Moves across four boroughs broke the links with midwifery, domestic abuse, early help, social care and pre-school services; history and concern had to be handed over and was lost.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§1', learning: 'Pathways of support were adversely affected by the family moving across boroughs.' },
  ],
  notify: ['{each_local_authority}:csc', '{each_local_authority}:health_visiting'],
  defaults,
  params: z.strictObject({ withinWorkingDays: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix, calendar }, child, p) {
    const family = [child, ...ix.householdEver(child)];
    const moves = ix.ofKinds(family, ['move']);
    if (moves.length === 0) return [];
    const transfers = ix.ofKinds(family, ['transfer']).filter((e) => e.data.stage === 'received');
    const eps: Episode[] = [];
    for (const m of moves) {
      const from = dataStr(m, 'fromLocalAuthority');
      const to = dataStr(m, 'toLocalAuthority');
      if (!from || !to || from === to || !ix.isChildAt(child, m.t)) continue;
      const movers = m.subjects.map((s) => s.person);
      if (!movers.includes(child) && !movers.some((x) => ix.inHouseholdAt(child, x, m.t))) continue;
      const open = family.find((x) => ix.isOpenAt(x, m.t));
      if (!open) continue;
      const deadline = calendar.workingDaysDeadline(m.t, p.withinWorkingDays);
      const ep = deadlineEpisode({
        trigger: m,
        deadline,
        responses: transfers.filter((t: IEvent) => (dataStr(t, 'toLocalAuthority') ?? to) === to),
        asOf: ix.asOf,
        routing: { localAuthorities: [from, to] },
        explanation: () => `The family moved from ${from} to ${to} (${describe(m)}) while ${open === child ? 'the child' : 'a household member'} had open involvement; no transfer was received in ${to} within ${p.withinWorkingDays} working days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('cross-boundary-move', child, eps, ix.asOf);
  },
});
