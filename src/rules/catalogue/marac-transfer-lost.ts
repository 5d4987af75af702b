import { z } from 'zod';
import { daysDeadline, isoDay } from '../calendar.ts';
import { maracStage, positiveInt } from '../common.ts';
import { dataStr } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinDays: 28 };

export default defineRule({
  id: 'marac-transfer-lost',
  title: 'MARAC case lost in a move',
  statement: 'A victim with an open MARAC case moves to another area and no `transfer_received` follows within 28 days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.85, §6.70', learning: 'Croydon MARAC referred Ms A to Lambeth, which has no record of it; she had moved back to Wandsworth and was never referred there.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§4', learning: 'A revised MARAC transfer protocol became operational from 2022.' },
  ],
  notify: ['{each_local_authority}:marac'],
  defaults,
  params: z.strictObject({ withinDays: positiveInt }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const cases = ix.maracCases(victim);
    if (cases.length === 0) return [];
    const received = maracStage(ix, victim, ['transfer_received']);
    const eps: Episode[] = [];
    for (const m of ix.ofKind(victim, 'move')) {
      const c = cases.find((x) => x.from <= m.t && m.t < x.to);
      if (!c) continue;
      const to = dataStr(m, 'toLocalAuthority');
      const from = c.area ?? dataStr(m, 'fromLocalAuthority') ?? m.localAuthority;
      if (!to || to === from) continue;
      const deadline = daysDeadline(m.t, p.withinDays);
      const ep = deadlineEpisode({
        trigger: m,
        deadline,
        responses: received,
        asOf: ix.asOf,
        evidence: [c.referral, m],
        routing: { localAuthorities: [from ?? 'unknown', to].filter((x) => x !== 'unknown') },
        explanation: () => `The victim moved from ${from ?? 'the MARAC area'} to ${to} (${describe(m)}) with an open MARAC case (${describe(c.referral)}); no transfer was received within ${p.withinDays} days (by ${isoDay(deadline - 1)}).`,
        endsAt: c.to < Infinity ? { t: c.to, by: c.closed, why: 'The MARAC case was closed.' } : undefined,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('marac-transfer-lost', victim, eps, ix.asOf);
  },
});
