import { z } from 'zod';
import { isoTime, startOfDay } from '../calendar.ts';
import { nonNegativeInt } from '../common.ts';
import { hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = { schoolAgeFrom: 4, schoolAgeTo: 16, schoolStartsAt: '09:00' };

export default defineRule({
  id: 'children-present-school-notify',
  title: 'School not told of domestic abuse with a child present',
  statement:
    'A domestic abuse incident with a school-age child present (on a school or nursery roll, or aged 4–16 with a record held by a school or nursery: a school to tell) and no `school_notification` before the start of the next school day.',
  citations: [
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP6', learning: 'The eldest child called the police herself, scared, while her mother was being hit; schools need to know the next morning (Operation Encompass).' },
  ],
  notify: ['police', 'school'],
  defaults,
  params: z.strictObject({ schoolAgeFrom: nonNegativeInt, schoolAgeTo: nonNegativeInt, schoolStartsAt: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM') }).partial(),
  scope: 'child',
  evaluate({ index: ix, calendar }, child, p) {
    const incidents = ix.ofKind(child, 'police_incident').filter(
      (e) => e.data.category === 'domestic_abuse' && (hasSubject(e, child, ['child_present']) || (e.data.childrenPresent === true && hasSubject(e, child, ['child']))),
    );
    if (incidents.length === 0) return [];
    const notifications = ix.ofKind(child, 'school_notification');
    const [hh, mm] = p.schoolStartsAt.split(':').map(Number);
    const startOffset = ((hh ?? 9) * 60 + (mm ?? 0)) * 60_000;
    const eps: Episode[] = [];
    for (const e of incidents) {
      const age = ix.ageAt(child, e.t);
      const rolls = ix.ofKind(child, 'enrolment').filter((x) => x.t <= e.t);
      const onRoll = rolls[rolls.length - 1]?.data.stage === 'enrolled';
      // Without a roll record, a child of school age whom a school or nursery holds a record of: there is a school to tell.
      const knownToSchool = ix.person(child)?.records.some((r) => r.agency === 'school' || r.agency === 'nursery') ?? false;
      const schoolAge = age !== null && age >= p.schoolAgeFrom && age <= p.schoolAgeTo;
      if (!onRoll && !(schoolAge && knownToSchool)) continue;
      // The first school-day start strictly after the incident (a date-only incident may have been late in the day).
      const dateOnly = e.at.length === 10;
      let day = startOfDay(e.t);
      if (dateOnly || !calendar.isSchoolDay(day) || e.t >= day + startOffset) day = calendar.nextSchoolDay(day);
      const deadline = day + startOffset;
      const ep = deadlineEpisode({
        trigger: e,
        deadline,
        responses: notifications,
        notBefore: startOfDay(e.t),
        asOf: ix.asOf,
        explanation: () => `Domestic abuse incident with the child present (${describe(e)}) and no school notification before the next school day starts (${isoTime(deadline)}).`,
      });
      if (ep) eps.push(ep);
    }
    return toConditions('children-present-school-notify', child, eps, ix.asOf);
  },
});

