import { z } from 'zod';
import { daysDeadline, isoDay } from '../calendar.ts';
import { maracStage, positiveInt } from '../common.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinDays: 28, outcomeStages: ['heard', 'closed'] };

export default defineRule({
  id: 'marac-referral-no-outcome',
  title: 'MARAC referral not heard',
  statement: 'A MARAC referral not heard within 28 days (a `heard` or `closed` MARAC record for the victim is the outcome).',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.85, §6.32', learning: 'A referral to MARAC is on file with no outcome recorded, and the MARAC has no record of receiving it.' },
  ],
  notify: ['marac:coordinator'],
  defaults,
  params: z.strictObject({ withinDays: positiveInt, outcomeStages: z.array(z.string()).min(1) }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const referrals = maracStage(ix, victim, ['referred']);
    if (referrals.length === 0) return [];
    const outcomes = maracStage(ix, victim, p.outcomeStages);
    const eps: Episode[] = [];
    for (const r of referrals) {
      const deadline = daysDeadline(r.t, p.withinDays);
      const ep = deadlineEpisode({
        trigger: r,
        deadline,
        responses: outcomes,
        asOf: ix.asOf,
        explanation: () => `MARAC referral ${describe(r)} not heard within ${p.withinDays} days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('marac-referral-no-outcome', victim, eps, ix.asOf);
  },
});
