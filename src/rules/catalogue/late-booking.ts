import { z } from 'zod';
import { knownToServicesAt, positiveInt, pregnancies } from '../common.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

const defaults = { afterWeeks: 20 };

export default defineRule({
  id: 'late-booking',
  title: 'Late antenatal booking in a family known to services',
  statement:
    'A pregnancy booked after 20 weeks’ gestation, or not booked before birth, where the family is known to services (children’s social care, early help, MARAC, IDVA, probation, a domestic abuse incident, or a Universal Plus service for the mother or her household). A prompt: it stays open until acknowledged and actioned or dismissed.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.11, §4.11', learning: 'Ms A made a late antenatal booking at 22 weeks and avoided ante-natal and post-natal services.' },
  ],
  notify: ['midwifery', 'health_visiting'],
  defaults,
  params: z.strictObject({ afterWeeks: positiveInt }).partial(),
  scope: 'mother',
  evaluate({ index: ix }, mother, p) {
    const eps: Episode[] = [];
    for (const pg of pregnancies(ix, mother)) {
      const trigger = pg.booked ?? pg.endEvent;
      if (!trigger) continue;
      const late = pg.booked ? pg.gestationAtBooking !== null && pg.gestationAtBooking > p.afterWeeks : pg.endEvent?.data.stage === 'birth';
      if (!late) continue;
      const known = knownToServicesAt(ix, mother, trigger.t);
      if (!known) continue;
      eps.push({
        from: trigger.t,
        to: Infinity,
        evidence: [trigger, known],
        explanation: pg.booked
          ? `Antenatal booking at ${pg.gestationAtBooking} weeks (after ${p.afterWeeks}): ${describe(trigger)}; the family is known to services (${describe(known)}).`
          : `Birth with no antenatal booking: ${describe(trigger)}; the family is known to services (${describe(known)}).`,
      });
    }
    return toConditions('late-booking', mother, eps, ix.asOf);
  },
});
