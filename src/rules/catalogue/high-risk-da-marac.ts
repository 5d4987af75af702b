import { z } from 'zod';
import { daysDeadline, isoDay, startOfDay } from '../calendar.ts';
import { agencySchema, maracStage, positiveInt } from '../common.ts';
import type { Agency } from '../picture.ts';
import { dataNum, dataStr, hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { minScore: 14, referralWithinDays: 5 };

export default defineRule({
  id: 'high-risk-da-marac',
  title: 'High-risk domestic abuse assessment not referred to MARAC',
  statement:
    'A domestic abuse risk assessment (DASH, DARA or DARAC) with ≥14 risk factors ticked, `level` high, or professional judgement high, and no MARAC referral within 5 days (an open MARAC case for the victim counts as referred).',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.88–6.89, Recommendation 8a', learning: 'Risk high enough to need emergency safe accommodation was not assessed with DASH and not referred to MARAC (SafeLives threshold: 14 ticks, or professional judgement).' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§3', learning: 'The CP plan should have referred Ms A to MARAC for high-risk domestic abuse.' },
  ],
  notify: ['{evidence_agency}', 'marac:coordinator'],
  defaults,
  params: z.strictObject({ minScore: positiveInt, referralWithinDays: positiveInt }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const referrals = maracStage(ix, victim, ['referred']);
    const cases = ix.maracCases(victim);
    const eps: Episode[] = [];
    for (const a of ix.ofKind(victim, 'da_risk_assessment')) {
      if (!hasSubject(a, victim, ['victim'])) continue;
      const score = dataNum(a, 'score');
      const why = [
        score !== undefined && score >= p.minScore ? `${score} risk factors (threshold ${p.minScore})` : null,
        a.data.level === 'high' ? 'level high' : null,
        a.data.professionalJudgementHigh === true ? 'professional judgement high' : null,
      ].filter((x): x is string => x !== null);
      if (why.length === 0) continue;
      if (cases.some((c) => c.from <= a.t && a.t < c.to)) continue;
      const deadline = daysDeadline(a.t, p.referralWithinDays);
      const assessor = (dataStr(a, 'assessor') ?? a.agency) as Agency;
      const ep = deadlineEpisode({
        trigger: a,
        deadline,
        responses: referrals,
        notBefore: startOfDay(a.t),
        asOf: ix.asOf,
        routing: { agencies: agencySchema.safeParse(assessor).success ? [assessor] : [a.agency] },
        explanation: () => `High-risk domestic abuse assessment (${why.join(', ')}): ${describe(a)}; no MARAC referral within ${p.referralWithinDays} days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('high-risk-da-marac', victim, eps, ix.asOf);
  },
});
