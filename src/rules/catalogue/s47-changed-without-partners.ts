import { z } from 'zod';
import type { Agency } from '../picture.ts';
import { dataList } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

const defaults = { to: ['s17', 'nfa'] };

export default defineRule({
  id: 's47-changed-without-partners',
  title: 'Section 47 decision changed without partners',
  statement:
    'A strategy decision of `s47` changed to `s17`/`nfa` without `partnersInformed`. Resolved by a later strategy discussion about the child (the partners reconvened).',
  citations: [
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP5', learning: 'A multi-agency decision to proceed to section 47 was changed to section 17 without partner agencies being informed or consulted, preventing challenge.' },
  ],
  notify: ['{evidence_agency}'],
  defaults,
  params: z.strictObject({ to: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const eps: Episode[] = [];
    const strategies = ix.ofKind(child, 'strategy_discussion');
    for (const e of ix.ofKind(child, 'decision_changed')) {
      if (e.data.from !== 's47' || !p.to.includes(String(e.data.to)) || e.data.partnersInformed === true) continue;
      const sd = strategies.filter((s) => s.t <= e.t && s.data.decision === 's47').pop();
      const agencies = sd ? (dataList(sd, 'attendees') as Agency[]).filter((a) => a !== 'csc') : [];
      const ep: Episode = {
        from: e.t,
        to: Infinity,
        evidence: sd ? [e, sd] : [e],
        routing: { agencies },
        explanation: () => `The s47 decision${sd ? ` of ${describe(sd)}` : ''} was changed to ${String(e.data.to)} without the partners being informed: ${describe(e)}.`,
      };
      const next = strategies.find((s) => s.t > e.t);
      if (next) {
        ep.to = next.t;
        ep.resolvedBy = next;
        ep.resolution = `Partners reconvened: ${describe(next)}.`;
      }
      eps.push(ep);
    }
    return toConditions('s47-changed-without-partners', child, eps, ix.asOf);
  },
});
