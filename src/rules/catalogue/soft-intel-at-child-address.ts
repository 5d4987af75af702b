import { z } from 'zod';
import { DAY, daysDeadline, isoDay } from '../calendar.ts';
import { knownToServicesAt, nonNegativeInt, positiveInt } from '../common.ts';
import { dataList, dataStr } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = {
  categories: ['drug_supply', 'weapons', 'exploitation'],
  withinDays: 5,
  recentlyLeftDays: 180,
  cscAgencies: ['csc', 'early_help'],
};

export default defineRule({
  id: 'soft-intel-at-child-address',
  title: 'Police intelligence about a child’s address not shared',
  statement:
    'Police intelligence (drug supply, weapons, exploitation) about an address where a child known to services lives, or left within the last 180 days, not shared with CSC within 5 days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.80, §6.104, §6.109', learning: 'Police had soft intelligence that the family home was used for drug dealing; it was not shared with children’s social care.' },
  ],
  notify: ['police', 'csc'],
  defaults,
  params: z.strictObject({ categories: z.array(z.string()).min(1), withinDays: positiveInt, recentlyLeftDays: nonNegativeInt, cscAgencies: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const intel = ix.kind('intelligence').filter((e) => p.categories.includes(String(e.data.category)) && e.addressKey !== null);
    if (intel.length === 0) return [];
    let addresses = ix.addressIntervals(child);
    // Children are often recorded without an address of their own: use their parents'.
    if (addresses.length === 0) addresses = ix.parents(child).flatMap((x) => ix.addressIntervals(x));
    const eps: Episode[] = [];
    for (const e of intel) {
      if (!ix.isChildAt(child, e.t)) continue;
      const home = addresses.find((a) => a.key === e.addressKey && a.from <= e.t && e.t < a.to + p.recentlyLeftDays * DAY);
      if (!home) continue;
      const known = knownToServicesAt(ix, child, e.t);
      if (!known) continue;
      if (dataList(e, 'sharedWith').some((a) => p.cscAgencies.includes(a))) continue;
      const shares = ix.kind('sharing_decision').filter((d) => dataStr(d, 'about') === e.key && d.data.decision === 'shared' && dataList(d, 'with').some((a) => p.cscAgencies.includes(a)));
      const deadline = daysDeadline(e.t, p.withinDays);
      const ep = deadlineEpisode({
        trigger: e, deadline, responses: shares, asOf: ix.asOf, evidence: [e, known],
        explanation: () => `${String(e.data.category).replace('_', ' ')} intelligence (${describe(e)}) about ${home.to <= e.t ? 'an address the child recently left' : 'the child’s address'}; the child is known to services (${describe(known)}); not shared with CSC within ${p.withinDays} days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('soft-intel-at-child-address', child, eps, ix.asOf);
  },
});
