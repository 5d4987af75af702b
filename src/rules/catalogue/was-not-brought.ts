import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { cscPlanOpenAt, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, describeAll, toConditions } from '../rule.ts';

const defaults = { count: 2, windowMonths: 12 };
const MISSED = new Set(['was_not_brought', 'did_not_attend']);

export default defineRule({
  id: 'was-not-brought',
  title: 'Was not brought',
  statement:
    '≥2 `was_not_brought`/`did_not_attend` child health appointments in 12 months, or any missed immunisation plus a missed development review. Resolved when the child next attends an appointment (the count then restarts).',
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
    const appts = ix.ofKind(child, 'appointment');
    const eps: Episode[] = [];
    let missed: IEvent[] = [];
    let open: Episode | null = null;
    for (const a of appts) {
      if (!ix.isChildAt(child, a.t)) continue;
      if (a.data.outcome === 'attended') {
        if (open) {
          open.to = a.t;
          open.resolvedBy = a;
          open.resolution = `The child was brought: ${describe(a)}.`;
          open = null;
        }
        missed = [];
        continue;
      }
      if (!MISSED.has(String(a.data.outcome))) continue;
      missed.push(a);
      if (open) {
        open.evidence.push(a);
        continue;
      }
      const inWindow = missed.filter((m) => addMonths(m.t, p.windowMonths) > a.t);
      const imm = inWindow.filter((m) => m.data.service === 'immunisation');
      const dev = inWindow.filter((m) => m.data.service === 'development_review');
      let why: string | null = null;
      if (inWindow.length >= p.count) why = `${inWindow.length} missed child health appointments within ${p.windowMonths} months (threshold ${p.count})`;
      else if (imm.length > 0 && dev.length > 0) why = 'a missed immunisation and a missed development review';
      if (why) {
        open = { from: a.t, to: Infinity, evidence: [...inWindow], explanation: () => `${why}: ${describeAll(inWindow)}.` };
        if (cscPlanOpenAt(ix, child, a.t)) open.routing = { cscOpen: true };
        eps.push(open);
      }
    }
    return toConditions('was-not-brought', child, eps, ix.asOf);
  },
});
