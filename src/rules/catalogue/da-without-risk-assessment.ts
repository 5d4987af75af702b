import { z } from 'zod';
import { daysDeadline, isoDay, startOfDay } from '../calendar.ts';
import { agencySchema, daIncidents, positiveInt } from '../common.ts';
import type { Agency } from '../picture.ts';
import { dataStr, hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinDays: 7 };

export default defineRule({
  id: 'da-without-risk-assessment',
  title: 'Domestic abuse without a risk assessment',
  statement:
    'A disclosure of domestic abuse to any professional, or a police domestic abuse incident, with no risk assessment (DASH, DARA or DARAC) for that victim within 7 days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.89, Recommendation 8a', learning: 'No DASH was completed after Ms A disclosed abuse, coercive control and fear at the conference; risk assessment tools should be used on all disclosures.' },
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§4.15', learning: 'A police call to check on a baby’s welfare with a denied domestic dispute: no DASH was done.' },
  ],
  notify: ['{evidence_agency}'],
  defaults,
  params: z.strictObject({ withinDays: positiveInt }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const incidents = daIncidents(ix, victim);
    if (incidents.length === 0) return [];
    const assessments = ix.ofKind(victim, 'da_risk_assessment').filter((a) => hasSubject(a, victim, ['victim']));
    const eps: Episode[] = [];
    for (const d of incidents) {
      const deadline = daysDeadline(d.t, p.withinDays);
      const to = d.kind === 'da_disclosure' ? dataStr(d, 'to') : undefined;
      const receiver = (to && agencySchema.safeParse(to).success ? to : d.agency) as Agency;
      const ep = deadlineEpisode({
        trigger: d,
        deadline,
        responses: assessments,
        notBefore: startOfDay(d.t),
        asOf: ix.asOf,
        routing: { agencies: [receiver] },
        explanation: () => `${d.kind === 'da_disclosure' ? 'Disclosure of domestic abuse' : 'Police domestic abuse incident'} (${describe(d)}) with no DASH/DARA/DARAC risk assessment for the victim within ${p.withinDays} days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('da-without-risk-assessment', victim, eps, ix.asOf);
  },
});
