import { z } from 'zod';
import { isoDay, startOfDay } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { Agency } from '../picture.ts';
import { dataList } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinWorkingDays: 5 };

export default defineRule({
  id: 'step-down-dissent-not-escalated',
  title: 'Step-down with dissent not escalated',
  statement:
    'A plan ended or stepped down while an agency recorded dissent (`dissent` on the plan record, or on a conference that ended the plan or stepped it down to CIN), and no `escalation` (stage `raised`) about the child follows within 5 working days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.7, §6.51, §6.112', learning: 'The health visitor and children’s centre dissented from ending the CP plan but did not use the escalation policy; the boys were not seen again before Lloyd’s death.' },
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP5', learning: 'Partners thought the case should stay open to child in need but the step-down was not challenged or escalated.' },
  ],
  notify: ['{evidence_agency}', 'role:safeguarding_lead'],
  defaults,
  params: z.strictObject({ withinWorkingDays: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix, calendar }, child, p) {
    const escalations = ix.ofKind(child, 'escalation').filter((e) => e.data.stage === 'raised');
    const eps: Episode[] = [];
    const stepDowns = ix.ofKinds([child], ['plan', 'cp_conference']).filter(
      (e) => (e.kind === 'plan' ? e.data.stage === 'ended' : e.data.outcome === 'end_plan' || e.data.outcome === 'cin') && dataList(e, 'dissent').length > 0,
    );
    for (const e of stepDowns) {
      const dissent = dataList(e, 'dissent');
      const deadline = calendar.workingDaysDeadline(e.t, p.withinWorkingDays);
      const ep = deadlineEpisode({
        trigger: e,
        deadline,
        responses: escalations,
        notBefore: startOfDay(e.t),
        asOf: ix.asOf,
        routing: { agencies: dissent as Agency[] },
        explanation: () => `${e.kind === 'plan' ? `${String(e.data.plan ?? '').toUpperCase()} plan ended` : 'Conference stepped the plan down'} with dissent from ${dissent.join(', ')} (${describe(e)}); no escalation within ${p.withinWorkingDays} working days (by ${isoDay(deadline - 1)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('step-down-dissent-not-escalated', child, eps, ix.asOf);
  },
});
