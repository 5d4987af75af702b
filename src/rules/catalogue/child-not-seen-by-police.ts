import { z } from 'zod';
import { hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

export default defineRule({
  id: 'child-not-seen-by-police',
  title: 'Child present at a police incident but not seen',
  statement: 'A police incident where a child was present but `childrenSeen` is false. Resolved when the child is next seen by any professional.',
  citations: [
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Trigger event', learning: 'Officers did not enter the house and the children’s condition was not seen; two days later they were found in conditions that needed police protection.' },
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§4.15', learning: 'Police saw a woman and child but did not check who they were, and there is no information that Mark was seen.' },
  ],
  notify: ['police:supervisor'],
  defaults: {},
  params: z.strictObject({}).partial(),
  scope: 'child',
  evaluate({ index: ix }, child) {
    const seen = ix.seenEvents(child);
    const eps: Episode[] = [];
    for (const e of ix.ofKind(child, 'police_incident')) {
      const present = hasSubject(e, child, ['child_present']) || (e.data.childrenPresent === true && hasSubject(e, child, ['child']));
      if (!present || e.data.childrenSeen !== false || !ix.isChildAt(child, e.t)) continue;
      const ep: Episode = { from: e.t, to: Infinity, evidence: [e], explanation: () => `The child was present at ${describe(e)} but officers recorded that the children were not seen.` };
      const next = seen.find((s) => s.t > e.t);
      if (next) {
        ep.to = next.t;
        ep.resolvedBy = next;
        ep.resolution = `The child was seen: ${describe(next)}.`;
      }
      eps.push(ep);
    }
    return toConditions('child-not-seen-by-police', child, eps, ix.asOf);
  },
});
