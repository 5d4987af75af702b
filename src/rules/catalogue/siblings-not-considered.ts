import { z } from 'zod';
import { daysDeadline, isoDay, startOfDay } from '../calendar.ts';
import { agencySchema, positiveInt } from '../common.ts';
import type { Agency } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = {
  withinDays: 30,
  kinds: ['visit', 'assessment'],
  agencies: ['csc', 'early_help', 'health_visiting', 'midwifery'] as Agency[],
};

export default defineRule({
  id: 'siblings-not-considered',
  title: 'Under-5 sibling not seen',
  statement:
    'A visit or assessment (started) by children’s services, early help, health visiting or midwifery about one child, where an under-5 in the same household, not named in that record, was not seen within the following 30 days. The alert is about the under-5; it resolves when the under-5 is seen.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.12–6.13, Recommendation 2', learning: 'Services assessing a child or parent must take into account all the children usually resident in the household, especially children under 5; midwives may never have seen Mark.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background', learning: 'At the new birth visit there was no mention of the other children; at the next visit the twins were not seen.' },
  ],
  notify: ['role:lead_professional'],
  defaults,
  params: z.strictObject({ withinDays: positiveInt, kinds: z.array(z.string()).min(1), agencies: z.array(agencySchema).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, u, p) {
    if (ix.birth(u) === null) return [];
    const seen = ix.seenEvents(u);
    const eps: Episode[] = [];
    const done = new Set<string>();
    for (const member of ix.householdEver(u)) {
      for (const kind of p.kinds) {
        for (const e of ix.ofKind(member, kind)) {
          if (done.has(e.key) || !ix.isUnder5At(u, e.t) || !p.agencies.includes(e.agency)) continue;
          // An assessment starts the clock once; a record that names this under-5 is about it (no-access-visits covers it).
          if ((e.kind === 'assessment' && e.data.stage !== 'started') || e.subjects.some((s) => s.person === u)) continue;
          // The record must be about another child of the household at the time.
          const household = ix.householdAt(u, e.t);
          const other = e.subjects.map((s) => s.person).find((x) => x !== u && household.includes(x) && ix.isChildAt(x, e.t));
          if (!other) continue;
          done.add(e.key);
          const ep = deadlineEpisode({
            trigger: e,
            deadline: daysDeadline(e.t, p.withinDays),
            responses: seen,
            notBefore: startOfDay(e.t),
            asOf: ix.asOf,
            people: [other],
            explanation: () => `${describe(e)} was about another child in the household; this under-5 was not seen within ${p.withinDays} days (by ${isoDay(daysDeadline(e.t, p.withinDays) - 1)}).`,
          });
          if (ep) eps.push(ep);
        }
      }
    }
    return toConditions('siblings-not-considered', u, eps, ix.asOf);
  },
});
