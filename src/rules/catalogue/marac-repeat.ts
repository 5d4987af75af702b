import { z } from 'zod';
import { addMonths, daysDeadline, isoDay, startOfDay } from '../calendar.ts';
import { DA_PERPETRATOR_ROLES, daIncidents, maracStage, positiveInt } from '../common.ts';
import { subjectsWithRole } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinMonthsOfReferral: 12, referralWithinDays: 5, assumeSamePerpetratorWhenUnrecorded: true };

export default defineRule({
  id: 'marac-repeat',
  title: 'Repeat domestic abuse after a MARAC referral, not re-referred',
  statement:
    'Any domestic abuse by the same perpetrator against a victim within 12 months of the victim’s last MARAC referral, with no repeat referral within 5 days. When either incident records no perpetrator the perpetrator is assumed to be the same (configurable).',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.84–6.86', learning: 'Repeat incidents were not referred to MARAC by police or other agencies; MARAC co-ordination depends on repeat referral (SafeLives repeat criterion).' },
  ],
  notify: ['{evidence_agency}', 'marac:coordinator'],
  defaults,
  params: z.strictObject({ withinMonthsOfReferral: positiveInt, referralWithinDays: positiveInt, assumeSamePerpetratorWhenUnrecorded: z.boolean() }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const referrals = maracStage(ix, victim, ['referred']);
    if (referrals.length === 0) return [];
    const incidents = daIncidents(ix, victim);
    const eps: Episode[] = [];
    for (const d of incidents) {
      const last = referrals.filter((r) => r.t < d.t).pop();
      if (!last || addMonths(last.t, p.withinMonthsOfReferral) < d.t) continue;
      const perps = subjectsWithRole(d, [...DA_PERPETRATOR_ROLES]);
      const before = incidents.filter((x) => x.t <= last.t && addMonths(x.t, 12) >= last.t);
      const prior = new Set([...subjectsWithRole(last, [...DA_PERPETRATOR_ROLES]), ...before.flatMap((x) => subjectsWithRole(x, [...DA_PERPETRATOR_ROLES]))]);
      const same = perps.length === 0 || prior.size === 0 ? p.assumeSamePerpetratorWhenUnrecorded : perps.some((x) => prior.has(x));
      if (!same) continue;
      const deadline = daysDeadline(d.t, p.referralWithinDays);
      const ep = deadlineEpisode({
        trigger: d,
        deadline,
        responses: referrals,
        notBefore: startOfDay(d.t),
        asOf: ix.asOf,
        evidence: [last, d],
        people: perps,
        routing: { agencies: [d.agency] },
        explanation: () => `Domestic abuse (${describe(d)}) within ${p.withinMonthsOfReferral} months of the victim’s MARAC referral (${describe(last)}) and no repeat referral within ${p.referralWithinDays} days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('marac-repeat', victim, eps, ix.asOf);
  },
});
