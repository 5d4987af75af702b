import { z } from 'zod';
import { daysDeadline, isoDay, startOfDay } from '../calendar.ts';
import { nonNegativeInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { dataList, dataStr, hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinDays: 1, cscAgencies: ['csc', 'early_help'] };

export default defineRule({
  id: 'police-concern-not-shared',
  title: 'Police concern about a child not shared with CSC',
  statement:
    'A police incident with a child present, or with the child the subject of a welfare check, not shared with CSC within 1 day (by `sharedWith` on the incident, a `sharing_decision` sharing it with CSC, or a police referral about the child).',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§4.15', learning: 'Police called to check on a baby’s welfare did not share the call-out with children’s social care: a missed opportunity to alert children’s agencies.' },
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Summary of known background (2012)', learning: 'A child’s disclosure of being hit was not shared with police: information held by one agency did not reach the other.' },
  ],
  notify: ['police', 'role:mash'],
  defaults,
  params: z.strictObject({ withinDays: nonNegativeInt, cscAgencies: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const incidents = ix.ofKind(child, 'police_incident').filter(
      (e) =>
        hasSubject(e, child, ['child_present']) ||
        (e.data.childrenPresent === true && hasSubject(e, child, ['child'])) ||
        e.data.category === 'welfare_check',
    );
    if (incidents.length === 0) return [];
    const eps: Episode[] = [];
    for (const e of incidents) {
      if (!ix.isChildAt(child, e.t)) continue;
      if (dataList(e, 'sharedWith').some((a) => p.cscAgencies.includes(a))) continue;
      const responses: IEvent[] = [
        ...ix.kind('sharing_decision').filter((d) => dataStr(d, 'about') === e.key && d.data.decision === 'shared' && dataList(d, 'with').some((a) => p.cscAgencies.includes(a))),
        ...ix.ofKind(child, 'referral').filter((r) => r.data.referrer === 'police' || r.agency === 'police'),
      ].sort((a, b) => a.t - b.t);
      const deadline = daysDeadline(e.t, p.withinDays);
      const ep = deadlineEpisode({
        trigger: e,
        deadline,
        responses,
        notBefore: startOfDay(e.t),
        asOf: ix.asOf,
        explanation: () => `Police incident ${e.data.category === 'welfare_check' ? '(welfare check) about' : 'with'} the child (${describe(e)}) not shared with children’s social care within ${p.withinDays} day${p.withinDays === 1 ? '' : 's'} (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('police-concern-not-shared', child, eps, ix.asOf);
  },
});
