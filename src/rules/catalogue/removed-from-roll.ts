import { z } from 'zod';
import { DAY, isoDay } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { withinSchoolDays: 20, onRollWithinDaysBeforeMove: 60 };
const SETTINGS = new Set(['school', 'nursery']);

export default defineRule({
  id: 'removed-from-roll',
  title: 'Removed from roll to an unknown destination',
  statement:
    'A child removed from a school or nursery roll with `unknown` destination, or the family moves and no setting records the child within 20 school days (for a child on a roll at, or shortly before, the move). Resolved when a setting enrols or records the child.',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background (abrupt move)', learning: 'The family moved abruptly, the eldest was taken out of school and the second out of nursery; no professional had contact for three months.' },
  ],
  notify: ['role:education_welfare', 'csc'],
  defaults,
  params: z.strictObject({ withinSchoolDays: positiveInt, onRollWithinDaysBeforeMove: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix, calendar }, child, p) {
    const enrolments = ix.ofKind(child, 'enrolment');
    if (enrolments.length === 0) return [];
    const enrolled = enrolments.filter((e) => e.data.stage === 'enrolled');
    const eps: Episode[] = [];
    for (const e of enrolments) {
      if (e.data.stage !== 'removed_from_roll' || !ix.isChildAt(child, e.t)) continue;
      const dest = e.data.destination;
      if (dest !== undefined && dest !== null && dest !== '' && dest !== 'unknown') continue;
      const next = enrolled.find((x) => x.t > e.t);
      const ep: Episode = { from: e.t, to: Infinity, evidence: [e], explanation: () => `${describe(e)}: removed from roll with no known destination.` };
      if (next) {
        ep.to = next.t;
        ep.resolvedBy = next;
        ep.resolution = `Enrolled again: ${describe(next)}.`;
      }
      eps.push(ep);
    }
    const family = [child, ...ix.householdEver(child)];
    for (const m of ix.ofKinds(family, ['move'])) {
      const movers = m.subjects.map((s) => s.person);
      if (!movers.includes(child) && !movers.some((x) => ix.inHouseholdAt(child, x, m.t))) continue;
      const before = enrolments.filter((x) => x.t <= m.t);
      const last = before[before.length - 1];
      if (!last || !SETTINGS.has(String(last.data.setting ?? 'school'))) continue;
      const onRoll = last.data.stage === 'enrolled' || last.t >= m.t - p.onRollWithinDaysBeforeMove * DAY;
      if (!onRoll) continue;
      const from = m.data.fromLocalAuthority;
      const to = m.data.toLocalAuthority;
      const crossBoundary = typeof from === 'string' && typeof to === 'string' && from !== to;
      // A move within the authority while the child stays on its roll is not a gap: the setting still records the child.
      const deadlineAt = calendar.schoolDaysDeadline(m.t, p.withinSchoolDays);
      const removedSince = enrolments.some((x) => x.t >= m.t && x.t < deadlineAt && x.data.stage === 'removed_from_roll');
      if (!crossBoundary && last.data.stage === 'enrolled' && !removedSince) continue;
      // A setting recording the child after the move: a new enrolment, or attendance (from a different setting after a move across a boundary).
      const responses = ix
        .of(child)
        .filter((x: IEvent) => x.t >= m.t && ((x.kind === 'enrolment' && x.data.stage === 'enrolled') || (x.kind === 'attendance' && (!crossBoundary || x.ref.source !== last.ref.source))));
      const deadline = calendar.schoolDaysDeadline(m.t, p.withinSchoolDays);
      const ep = deadlineEpisode({
        trigger: m,
        deadline,
        responses,
        asOf: ix.asOf,
        evidence: [m, last],
        explanation: () => `The family moved (${describe(m)}) and no school or nursery recorded the child within ${p.withinSchoolDays} school days (by ${isoDay(deadline - 1)}); last setting record ${describe(last)}.`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('removed-from-roll', child, eps, ix.asOf);
  },
});
