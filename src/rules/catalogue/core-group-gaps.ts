import { z } from 'zod';
import { DAY, addMonths, daysDeadline, isoDay, startOfDay } from '../calendar.ts';
import { daIncidents, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { dataList, dataStr } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, describeAll, toConditions, windowEpisodes } from '../rule.ts';

const defaults = {
  firstWithinWorkingDays: 10,
  nextWithinDays: 42,
  membershipChanges: 3,
  membershipWindowMonths: 8,
  afterMoveWithinWorkingDays: 10,
  concernLookbackMonths: 24,
};

export default defineRule({
  id: 'core-group-gaps',
  title: 'Core group gaps',
  statement:
    'For a child on a CP plan: no core group within 10 working days of the initial conference or within 6 weeks of the last; a key agency absent (housing when there is a housing concern, police or IDVA when there is domestic abuse, in the household in the last 24 months); membership changed ≥3 times in 8 months; not reconvened within 10 working days of a move.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.31, §6.37, §6.46', learning: 'Housing, a key agency, was absent from the core group; the next core group was nearly four months later; membership changed three times in eight months; core groups should reconvene whenever a family moves.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§4–5', learning: 'Core groups must monitor progress, meet before each conference and have key agencies represented.' },
  ],
  notify: ['csc:social_worker', 'csc:conference_chair'],
  defaults,
  params: z
    .strictObject({
      firstWithinWorkingDays: positiveInt,
      nextWithinDays: positiveInt,
      membershipChanges: positiveInt,
      membershipWindowMonths: positiveInt,
      afterMoveWithinWorkingDays: positiveInt,
      concernLookbackMonths: positiveInt,
    })
    .partial(),
  scope: 'child',
  evaluate({ index: ix, calendar }, child, p) {
    const eps: Episode[] = [];
    for (const plan of ix.involvements(child)) {
      if (plan.level !== 'cp') continue;
      const planId = dataStr(plan.start, 'planId');
      const endsAt = plan.to < Infinity ? { t: plan.to, by: plan.end, why: 'The CP plan ended.' } : undefined;
      const groups = ix
        .kind('core_group')
        .filter((g) => (planId && dataStr(g, 'planId') === planId) || (!dataStr(g, 'planId') && g.subjects.some((s) => s.person === child)))
        .filter((g) => g.t >= startOfDay(plan.from) && g.t < plan.to);
      // (a) first core group after the initial conference.
      const icpc =
        ix.ofKind(child, 'cp_conference').filter((c) => c.data.conference === 'initial' && c.t <= plan.from && c.t >= plan.from - 14 * DAY).pop() ?? plan.start;
      const first = calendar.workingDaysDeadline(icpc.t, p.firstWithinWorkingDays);
      const a = deadlineEpisode({
        trigger: icpc, deadline: first, responses: groups, asOf: ix.asOf, endsAt,
        explanation: () => `No core group within ${p.firstWithinWorkingDays} working days of the initial conference (${describe(icpc)}; by ${isoDay(first - 1)}).`,
      });
      if (a) eps.push(a);
      // (b) gaps between core groups.
      for (const g of groups) {
        const next = daysDeadline(g.t, p.nextWithinDays);
        const b = deadlineEpisode({
          trigger: g, deadline: next, responses: groups.filter((x) => x.t > g.t), asOf: ix.asOf, endsAt,
          explanation: () => `No core group within ${p.nextWithinDays / 7} weeks of the last (${describe(g)}; by ${isoDay(next - 1)}).`,
        });
        if (b) eps.push(b);
      }
      // (c) key agencies absent.
      const household = [child, ...ix.householdEver(child)];
      const allHousing = ix.ofKinds(household, ['housing_concern', 'referral']).filter((e) => e.kind === 'housing_concern' || dataList(e, 'concerns').includes('housing'));
      const allDa = household.flatMap((h) => daIncidents(ix, h));
      for (const g of groups) {
        const since = addMonths(g.t, -p.concernLookbackMonths);
        const attendees = dataList(g, 'attendees');
        const housingConcerns = allHousing.filter((e) => e.t >= since && e.t <= g.t);
        const da = allDa.filter((e) => e.t >= since && e.t <= g.t);
        const gaps: { agency: string; concern: IEvent[]; ok: (x: IEvent) => boolean }[] = [];
        if (housingConcerns.length > 0 && !attendees.includes('housing')) gaps.push({ agency: 'housing', concern: housingConcerns, ok: (x) => dataList(x, 'attendees').includes('housing') });
        if (da.length > 0 && !attendees.includes('police') && !attendees.includes('idva')) gaps.push({ agency: 'police or IDVA', concern: da, ok: (x) => dataList(x, 'attendees').some((y) => y === 'police' || y === 'idva') });
        for (const gap of gaps) {
          const ep: Episode = {
            from: g.t,
            to: Infinity,
            evidence: [g, ...gap.concern.slice(-3)],
            explanation: () => `Core group ${describe(g)} without ${gap.agency}, although the household has ${describeAll(gap.concern, 3)}.`,
          };
          const fix = groups.find((x) => x.t > g.t && gap.ok(x));
          if (fix) {
            ep.to = fix.t;
            ep.resolvedBy = fix;
            ep.resolution = `${gap.agency} attended ${describe(fix)}.`;
          } else if (endsAt) {
            ep.to = endsAt.t;
            ep.resolvedBy = endsAt.by;
            ep.resolution = endsAt.why;
          }
          eps.push(ep);
        }
      }
      // (d) membership churn.
      const changes: IEvent[] = [];
      let prev: string | null = null;
      for (const g of groups) {
        const set = [...new Set(dataList(g, 'attendees'))].sort().join(',');
        if (prev !== null && set !== prev) changes.push(g);
        prev = set;
      }
      const churn = windowEpisodes({
        events: changes, k: p.membershipChanges, windowEnd: (t) => addMonths(t, p.membershipWindowMonths), asOf: ix.asOf,
        explain: (c) => `Core group membership changed ${c.length} times within ${p.membershipWindowMonths} months (threshold ${p.membershipChanges}): ${describeAll(c)}.`,
      });
      for (const c of churn) if (c.from < plan.to) eps.push(c);
      // (e) moves without a reconvened core group.
      for (const m of ix.ofKinds(household, ['move'])) {
        if (m.t < plan.from || m.t >= plan.to) continue;
        const deadline = calendar.workingDaysDeadline(m.t, p.afterMoveWithinWorkingDays);
        const e = deadlineEpisode({
          trigger: m, deadline, responses: groups, asOf: ix.asOf, endsAt,
          explanation: () => `The family moved (${describe(m)}) and the core group did not reconvene within ${p.afterMoveWithinWorkingDays} working days (by ${isoDay(deadline - 1)}).`,
        });
        if (e) eps.push(e);
      }
    }
    return toConditions('core-group-gaps', child, eps, ix.asOf);
  },
});
