import { z } from 'zod';
import { isoDay, startOfDay } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { Agency } from '../picture.ts';
import { dataList, dataStr } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { breachResponseWithinWorkingDays: 5, responseKinds: ['strategy_discussion', 'cp_conference', 'core_group'] };

export default defineRule({
  id: 'written-agreement-unshared',
  title: 'Written agreement not shared, or breach not acted on',
  statement:
    'A written agreement with no partner agency (other than CSC) in `sharedWith`, or a breach not followed by a strategy discussion or plan review (conference or core group) within 5 working days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.110–6.111, Recommendation 12', learning: 'A colleague from another agency saw the excluded family member in the house but did not know of the written agreement; breaches were not followed up.' },
  ],
  notify: ['csc', '{evidence_agency}'],
  defaults,
  params: z.strictObject({ breachResponseWithinWorkingDays: positiveInt, responseKinds: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix, calendar }, child, p) {
    const agreements = ix.ofKind(child, 'written_agreement');
    if (agreements.length === 0) return [];
    const eps: Episode[] = [];
    const partners = (e: (typeof agreements)[number]) => dataList(e, 'sharedWith').filter((a) => a !== 'csc');
    for (const w of agreements) {
      if (w.data.stage === 'made' && partners(w).length === 0) {
        const ep: Episode = { from: w.t, to: Infinity, evidence: [w], explanation: () => `Written agreement ${describe(w)} is not shared with any partner agency.` };
        const fix =
          agreements.find((x) => x.t >= w.t && x !== w && partners(x).length > 0) ??
          ix.kind('sharing_decision').find((d) => d.t >= w.t && dataStr(d, 'about') === w.key && d.data.decision === 'shared');
        if (fix) {
          ep.to = fix.t;
          ep.resolvedBy = fix;
          ep.resolution = `Shared: ${describe(fix)}.`;
        }
        eps.push(ep);
      }
      if (w.data.stage === 'breached') {
        const deadline = calendar.workingDaysDeadline(w.t, p.breachResponseWithinWorkingDays);
        const ep = deadlineEpisode({
          trigger: w, deadline, responses: ix.ofKinds([child], p.responseKinds), notBefore: startOfDay(w.t), asOf: ix.asOf,
          routing: { agencies: partners(w) as Agency[] },
          explanation: () => `Written agreement breached (${describe(w)}) and no strategy discussion or plan review within ${p.breachResponseWithinWorkingDays} working days (by ${isoDay(deadline - 1)}).`,
        });
        if (ep) eps.push(ep);
      }
    }
    return toConditions('written-agreement-unshared', child, eps, ix.asOf);
  },
});
