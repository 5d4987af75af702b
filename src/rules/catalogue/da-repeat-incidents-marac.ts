import { z } from 'zod';
import { addMonths, isoDay, daysDeadline, startOfDay } from '../calendar.ts';
import { daIncidents, maracStage, positiveInt } from '../common.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describeAll, toConditions } from '../rule.ts';

const defaults = { count: 3, windowMonths: 12, referralWithinDays: 5, policeReportsOnly: false };

export default defineRule({
  id: 'da-repeat-incidents-marac',
  title: 'Repeat domestic abuse incidents not referred to MARAC',
  statement:
    '≥3 domestic abuse incidents about the same victim in 12 months known to any agency (police reports and disclosures; `policeReportsOnly` counts police reports only, as the Wandsworth protocol does) and no MARAC referral within 5 days of the incident that reaches the threshold. Incidents within 12 months after a MARAC referral are left to `marac-repeat`.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.86', learning: 'Repeat incidents were not referred to MARAC; the protocol says three or more police domestic abuse reports in 12 months are referred (SafeLives escalation criterion).' },
  ],
  notify: ['police', 'idva', 'marac:coordinator'],
  defaults,
  params: z.strictObject({ count: positiveInt, windowMonths: positiveInt, referralWithinDays: positiveInt, policeReportsOnly: z.boolean() }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const incidents = daIncidents(ix, victim, p.policeReportsOnly);
    if (incidents.length < p.count) return [];
    const referrals = maracStage(ix, victim, ['referred']);
    const eps: Episode[] = [];
    for (const d of incidents) {
      const lastRef = referrals.filter((r) => r.t <= d.t).pop();
      if (lastRef && addMonths(lastRef.t, p.windowMonths) >= d.t) continue;
      const counted = incidents.filter((x) => x.t <= d.t && addMonths(x.t, p.windowMonths) > d.t && (!lastRef || x.t > lastRef.t));
      if (counted.length < p.count) continue;
      const deadline = daysDeadline(d.t, p.referralWithinDays);
      const ep = deadlineEpisode({
        trigger: d,
        deadline,
        responses: referrals,
        notBefore: startOfDay(d.t),
        asOf: ix.asOf,
        evidence: counted,
        explanation: () => `${counted.length} domestic abuse incidents about this victim in ${p.windowMonths} months (threshold ${p.count}${p.policeReportsOnly ? ', police reports only' : ''}) and no MARAC referral within ${p.referralWithinDays} days of the last (by ${isoDay(deadline - 1)}): ${describeAll(counted)}.`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('da-repeat-incidents-marac', victim, eps, ix.asOf);
  },
});
