import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { childAndSiblings, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

const defaults = { lookbackMonths: 24 };

export default defineRule({
  id: 'early-help-non-engagement-history',
  title: 'Back to early help after non-engagement',
  statement:
    'A referral or assessment ends `early_help` when early help previously closed for `non_engagement` within 24 months. Resolved by a later assessment recording that previous history was considered, or by a CIN/CP plan.',
  citations: [
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP4', learning: 'Referrals were repeatedly passed to early help although early help had already failed to engage the family; liaison with early help about recent non-engagement should be part of every assessment.' },
  ],
  notify: ['role:mash', 'early_help'],
  defaults,
  params: z.strictObject({ lookbackMonths: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const family = childAndSiblings(ix, child);
    const closures = ix.ofKinds(family, ['case_closed']).filter((e) => e.data.service === 'early_help' && e.data.reason === 'non_engagement');
    if (closures.length === 0) return [];
    const triggers = ix.ofKinds(family, ['referral', 'assessment']).filter(
      (e) => e.data.outcome === 'early_help' && (e.kind === 'referral' || e.data.stage === 'completed'),
    );
    const responses = ix
      .ofKinds([child], ['assessment', 'plan'])
      .filter((e) => (e.kind === 'assessment' && e.data.previousHistoryConsidered === true) || (e.kind === 'plan' && e.data.stage === 'started' && (e.data.plan === 'cp' || e.data.plan === 'cin')));
    const eps: Episode[] = [];
    for (const t of triggers) {
      if (!ix.isChildAt(child, t.t)) continue;
      const prior = closures.filter((c) => c.t < t.t && addMonths(c.t, p.lookbackMonths) >= t.t);
      const last = prior[prior.length - 1];
      if (!last) continue;
      const ep: Episode = {
        from: t.t,
        to: Infinity,
        evidence: [t, last],
        explanation: () => `${describe(t)} ended in early help although early help closed for non-engagement ${describeShort(last)}, within ${p.lookbackMonths} months.`,
      };
      const r = responses.find((x: IEvent) => x.t > t.t);
      if (r) {
        ep.to = r.t;
        ep.resolvedBy = r;
        ep.resolution = `Resolved by ${describe(r)}.`;
      }
      eps.push(ep);
    }
    return toConditions('early-help-non-engagement-history', child, eps, ix.asOf);
  },
});

function describeShort(e: IEvent): string {
  return `(${describe(e)})`;
}
