import { z } from 'zod';
import { cscPlanOpenAt, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, describeAll, toConditions } from '../rule.ts';

const defaults = { consecutive: 2 };

/** Whether a visit saw the child: listed in `seen`, or outcome `seen` when the visit lists nobody. */
function sawChild(e: IEvent, child: string): boolean {
  const seen = e.data.seen;
  return Array.isArray(seen) ? seen.includes(child) : e.data.outcome === 'seen';
}

export default defineRule({
  id: 'no-access-visits',
  title: 'Consecutive visits without seeing the child',
  statement:
    '≥2 consecutive home visits `not_seen`/`no_access` for a child (a visit that saw others but not this child counts). Resolved by the next visit that sees the child.',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background', learning: 'A number of attempted home visits were not followed up; the children were not seen for a year.' },
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Summary of known background (2018)', learning: 'Early help could not reach the mother and she would not let workers into the home.' },
  ],
  notify: ['{evidence_agency}', '{csc_if_open}'],
  defaults,
  params: z.strictObject({ consecutive: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const eps: Episode[] = [];
    let failed: IEvent[] = [];
    let open: Episode | null = null;
    for (const e of ix.ofKind(child, 'visit')) {
      if (sawChild(e, child)) {
        if (open) {
          open.to = e.t;
          open.resolvedBy = e;
          open.resolution = `The child was seen: ${describe(e)}.`;
          open = null;
        }
        failed = [];
        continue;
      }
      if (!ix.isChildAt(child, e.t)) continue;
      failed.push(e);
      if (open) {
        open.evidence.push(e);
        continue;
      }
      if (failed.length >= p.consecutive) {
        const counted = [...failed];
        open = {
          from: e.t,
          to: Infinity,
          evidence: counted,
          explanation: () => `${counted.length} consecutive visits without seeing the child (threshold ${p.consecutive}): ${describeAll(counted)}.`,
          routing: { agencies: [...new Set(counted.map((f) => f.agency))], cscOpen: cscPlanOpenAt(ix, child, e.t) },
        };
        eps.push(open);
      }
    }
    return toConditions('no-access-visits', child, eps, ix.asOf);
  },
});
