import { z } from 'zod';
import { daysDeadline, isoDay, parseTime } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { dataList, dataStr } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { needsAddressedWithinDays: 42 };

export default defineRule({
  id: 'cp-plan-actions-dropped',
  title: 'Child protection plan actions dropped or needs unaddressed',
  statement:
    'A CP plan action past due without `done`, or `dropped` without a recorded reason, or an assessed need (from the plan or the assessment before it) that no plan action addresses 6 weeks after the plan started. Holds while the plan is open.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.5, §6.16, §6.32, Recommendation 4', learning: 'The CP plan was not refined to meet the needs and neglect the assessment identified; speech and language referral actions were never progressed.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§3', learning: 'Mark’s needs were identified but not translated into the CP plan or acted on.' },
  ],
  notify: ['csc:social_worker', 'csc:conference_chair'],
  defaults,
  params: z.strictObject({ needsAddressedWithinDays: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const eps: Episode[] = [];
    for (const plan of ix.involvements(child)) {
      if (plan.level !== 'cp') continue;
      const planId = dataStr(plan.start, 'planId');
      const endsAt = plan.to < Infinity ? { t: plan.to, by: plan.end, why: `The CP plan ended: ${plan.end ? describe(plan.end) : ''}.` } : undefined;
      const actions = ix.kind('plan_action').filter((a) => (planId ? dataStr(a, 'planId') === planId : a.subjects.some((s) => s.person === child)) && a.t >= plan.from && a.t < plan.to);
      const byAction = new Map<string, IEvent[]>();
      for (const a of actions) {
        const id = dataStr(a, 'actionId') ?? a.key;
        byAction.set(id, [...(byAction.get(id) ?? []), a]);
      }
      for (const [actionId, versions] of byAction) {
        const first = versions[0] as IEvent;
        const label = `action ${actionId}${dataStr(first, 'action') ? ` “${dataStr(first, 'action')}”` : ''}`;
        const closes = versions.filter((v) => v.data.status === 'done' || (v.data.status === 'dropped' && !!dataStr(v, 'reason')));
        // (a) past due: the due date in force when it passed (a later version may move it).
        let due: number | null = null;
        for (const v of versions) {
          const d = dataStr(v, 'due');
          if (!d) continue;
          const t = parseTime(d);
          if (due === null || v.t < daysDeadline(due, 0)) due = t;
        }
        if (due !== null) {
          const deadline = daysDeadline(due, 0);
          const ep = deadlineEpisode({
            trigger: first, deadline, responses: closes, notBefore: plan.from, asOf: ix.asOf, endsAt,
            evidence: versions.filter((v) => v.t < deadline),
            explanation: () => `CP plan ${label} was due on ${isoDay(due)} and is not done (${describe(first)}).`,
          });
          if (ep) eps.push(ep);
        }
        // (b) dropped without a reason.
        for (const v of versions) {
          if (v.data.status !== 'dropped' || dataStr(v, 'reason')) continue;
          const ep: Episode = { from: v.t, to: Infinity, evidence: [v], explanation: () => `CP plan ${label} was dropped without a recorded reason (${describe(v)}).` };
          const fix = versions.find((x) => x.t > v.t && (x.data.status !== 'dropped' || !!dataStr(x, 'reason')));
          const end = fix ?? (endsAt ? null : undefined);
          if (fix) {
            ep.to = fix.t;
            ep.resolvedBy = fix;
            ep.resolution = `Updated: ${describe(fix)}.`;
          } else if (end === null && endsAt) {
            ep.to = endsAt.t;
            ep.resolvedBy = endsAt.by;
            ep.resolution = endsAt.why;
          }
          eps.push(ep);
        }
      }
      // (c) needs the plan does not address.
      const assessment = ix.ofKind(child, 'assessment').filter((a) => a.data.stage === 'completed' && a.t <= plan.from).pop();
      const needs = [...new Set([...dataList(plan.start, 'needs'), ...(assessment ? dataList(assessment, 'needs') : [])])];
      if (needs.length > 0) {
        const deadline = daysDeadline(plan.from, p.needsAddressedWithinDays);
        const addressedBy = (need: string) => actions.find((a) => dataList(a, 'addresses').includes(need));
        const missing = needs.filter((n) => {
          const a = addressedBy(n);
          return !a || a.t >= deadline;
        });
        if (missing.length > 0 && ix.asOf >= deadline && plan.to > deadline) {
          const fixes = missing.map(addressedBy);
          const all = fixes.every((f) => f !== undefined);
          const last = all ? (fixes as IEvent[]).sort((a, b) => a.t - b.t).pop() : undefined;
          const ep: Episode = {
            from: deadline,
            to: Infinity,
            evidence: assessment ? [plan.start, assessment] : [plan.start],
            explanation: () => `${p.needsAddressedWithinDays} days after the CP plan started (${describe(plan.start)}) no plan action addresses the assessed need${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
          };
          if (last && last.t < plan.to) {
            ep.to = last.t;
            ep.resolvedBy = last;
            ep.resolution = `All needs now addressed; last by ${describe(last)}.`;
          } else if (endsAt) {
            ep.to = endsAt.t;
            ep.resolvedBy = endsAt.by;
            ep.resolution = endsAt.why;
          }
          eps.push(ep);
        }
      }
    }
    return toConditions('cp-plan-actions-dropped', child, eps, ix.asOf);
  },
});
