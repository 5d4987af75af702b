import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { dataStr } from '../picture.ts';
import { defineRule, describeAll, toConditions, windowEpisodes } from '../rule.ts';

const defaults = { changes: 3, windowMonths: 12, roles: ['social_worker', 'health_visitor'] };

export default defineRule({
  id: 'professional-turnover',
  title: 'Professional turnover',
  statement: '≥3 changes of allocated social worker or health visitor for a child in 12 months (after the child’s first allocation, each newly allocated worker in either role is a change).',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Findings and learning', learning: 'The family history was lost between a high number of changes of health visitor and delayed allocation.' },
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.28, §6.46', learning: 'Changes of social worker at transfer, and a core group membership that changed three times in eight months, lost the history.' },
  ],
  notify: ['csc:team_manager', 'health_visiting:team_manager'],
  defaults,
  params: z.strictObject({ changes: positiveInt, windowMonths: positiveInt, roles: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    // After the child's first allocation, each new worker in a counted role is a change for the child:
    // a social worker allocated when the case moves to a long-term team is one (004 §6.28).
    const current = new Map<string, string>();
    const changes: IEvent[] = [];
    let allocated = false;
    for (const a of ix.ofKind(child, 'allocation')) {
      const role = dataStr(a, 'role') ?? '';
      if (!p.roles.includes(role)) continue;
      const worker = dataStr(a, 'worker') ?? a.key;
      if (allocated && current.get(role) !== worker) changes.push(a);
      current.set(role, worker);
      allocated = true;
    }
    if (changes.length < p.changes) return [];
    const eps = windowEpisodes({
      events: changes, k: p.changes, windowEnd: (t) => addMonths(t, p.windowMonths), asOf: ix.asOf,
      explain: (c) => `${c.length} changes of allocated ${p.roles.join(' or ').replace(/_/g, ' ')} in ${p.windowMonths} months (threshold ${p.changes}): ${describeAll(c)}.`,
    }).filter((e) => ix.isChildAt(child, e.from));
    return toConditions('professional-turnover', child, eps, ix.asOf);
  },
});
