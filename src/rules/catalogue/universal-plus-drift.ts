import { z } from 'zod';
import { isoDay } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, gapEpisodes, toConditions } from '../rule.ts';

const defaults = { defaultContactEveryDays: 90, tolerance: 0.5 };

export default defineRule({
  id: 'universal-plus-drift',
  title: 'Universal Plus family without health visiting contact',
  statement:
    'A Universal Plus (or higher) health visiting family with no contact for longer than its `contactEveryDays` plus 50%. Contact: a health visiting visit that saw the child (or an attended appointment) with the child or its parent.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.8–6.10, Recommendation 1', learning: 'How Universal Plus families are monitored, at what contact frequency, was unclear; Mark became lost to services on several occasions.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§5', learning: 'The need for better monitoring of family support at the Universal Plus level.' },
  ],
  notify: ['health_visiting:team_lead'],
  defaults,
  params: z.strictObject({ defaultContactEveryDays: positiveInt, tolerance: z.number().nonnegative() }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const levels = ix.involvements(child).filter((i) => i.level === 'universal_plus' || i.level === 'universal_partnership_plus');
    if (levels.length === 0) return [];
    const family = [child, ...ix.parents(child)];
    const contacts = ix
      .ofKinds(family, ['visit', 'appointment'])
      .filter((e: IEvent) => e.agency === 'health_visiting' && (e.kind === 'visit' ? e.data.outcome === 'seen' || (Array.isArray(e.data.seen) && e.data.seen.length > 0) : e.data.outcome === 'attended'))
      .filter((e) => family.some((f) => hasSubject(e, f)));
    const eps: Episode[] = [];
    for (const lv of levels) {
      const every = lv.contactEveryDays ?? p.defaultContactEveryDays;
      const allowance = Math.floor(every * (1 + p.tolerance));
      eps.push(
        ...gapEpisodes({
          from: lv.from, to: lv.to, allowanceDays: allowance, contacts, asOf: ix.asOf, startEvidence: [lv.start],
          explain: (last, lastT) => `Universal Plus health visiting (${describe(lv.start)}) expects contact every ${every} days; none for more than ${allowance} days (${every} + ${Math.round(p.tolerance * 100)}%) since ${last ? describe(last) : isoDay(lastT)}.`,
          endResolution: { by: lv.end, why: lv.end ? `Service level changed: ${describe(lv.end)}.` : '' },
        }),
      );
    }
    return toConditions('universal-plus-drift', child, eps, ix.asOf);
  },
});
