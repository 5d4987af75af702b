import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { cscPlanOpenAt, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describeAll, toConditions, windowEpisodes } from '../rule.ts';

const defaults = { count: 2, windowMonths: 12 };
const MISSED = new Set(['was_not_brought', 'did_not_attend']);

export default defineRule({
  id: 'was-not-brought',
  title: 'Was not brought',
  statement:
    '≥2 `was_not_brought`/`did_not_attend` child health appointments in 12 months, or any missed immunisation plus a missed development review (within the same 12 months). Holds while the window holds them: attending one appointment in between does not answer a pattern of missed ones.',
  citations: [
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP1', learning: 'Children were repeatedly not taken to appointments, including dental and immunisations; medical neglect should be considered as an indicator of wider neglect.' },
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Findings and learning', learning: 'Guidance on missed appointments was not followed and children’s services did not know of the missed appointments.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Findings and learning', learning: 'The children had missed immunisations and developmental reviews but were not seen on visits; no multi-agency response to missed appointments.' },
  ],
  notify: ['gp', 'health_visiting', '{csc_if_open}'],
  defaults,
  params: z.strictObject({ count: positiveInt, windowMonths: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const missed = ix.ofKind(child, 'appointment').filter((a) => MISSED.has(String(a.data.outcome)) && ix.isChildAt(child, a.t));
    if (missed.length === 0) return [];
    const windowEnd = (t: number) => addMonths(t, p.windowMonths);
    const eps: Episode[] = windowEpisodes({
      events: missed, k: p.count, windowEnd, asOf: ix.asOf,
      explain: (c) => `${c.length} missed child health appointments within ${p.windowMonths} months (threshold ${p.count}): ${describeAll(c)}.`,
    });
    // A missed immunisation and a missed development review: the pair holds while both are in the window.
    for (const m of missed) {
      const recent = missed.filter((x) => x.t <= m.t && windowEnd(x.t) > m.t);
      const imm = recent.filter((x) => x.data.service === 'immunisation').pop();
      const dev = recent.filter((x) => x.data.service === 'development_review').pop();
      if (!imm || !dev || (m !== imm && m !== dev)) continue;
      const pair: IEvent[] = imm.t <= dev.t ? [imm, dev] : [dev, imm];
      const to = Math.min(windowEnd(imm.t), windowEnd(dev.t));
      const ep: Episode = { from: m.t, to, evidence: pair, explanation: () => `A missed immunisation and a missed development review within ${p.windowMonths} months: ${describeAll(pair)}.` };
      if (to <= ix.asOf) {
        ep.resolvedBy = null;
        ep.resolution = 'The missed appointments are now more than the window apart or old.';
      }
      eps.push(ep);
    }
    for (const e of eps) if (cscPlanOpenAt(ix, child, e.from)) e.routing = { cscOpen: true };
    return toConditions('was-not-brought', child, eps, ix.asOf);
  },
});
