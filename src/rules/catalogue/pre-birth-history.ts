import { z } from 'zod';
import { isoDay } from '../calendar.ts';
import { positiveInt, pregnancies } from '../common.ts';
import type { IEvent, PictureIndex } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, describeAll, toConditions } from '../rule.ts';

const defaults = { byGestationWeeks: 24 };

/** Records that make a history relevant to an unborn child: CP/CIN involvement, care, domestic abuse, non-engagement. */
export function historyFactors(ix: PictureIndex, person: string, before: number): IEvent[] {
  const out: IEvent[] = [];
  for (const e of ix.of(person)) {
    if (e.t >= before) break;
    const f =
      (e.kind === 'plan' && (e.data.plan === 'cp' || e.data.plan === 'cin') && e.data.stage === 'started') ||
      (e.kind === 'cp_conference' && e.data.outcome === 'cp_plan') ||
      (e.kind === 'looked_after' && e.data.stage === 'started') ||
      (e.kind === 'police_incident' && e.data.category === 'domestic_abuse') ||
      e.kind === 'da_disclosure' ||
      (e.kind === 'marac' && e.data.stage === 'referred') ||
      (e.kind === 'case_closed' && e.data.reason === 'non_engagement') ||
      (e.kind === 'referral' && Array.isArray(e.data.concerns) && e.data.concerns.includes('non_engagement'));
    if (f) out.push(e);
  }
  return out;
}

export default defineRule({
  id: 'pre-birth-history',
  title: 'No pre-birth assessment despite history',
  statement:
    'A pregnancy booked (or a birth) where the mother or a household adult has prior CP/CIN involvement, care history, domestic abuse or non-engagement, and no pre-birth assessment (an assessment about the mother or unborn child started during the pregnancy) is open by 24 weeks. A booking after 24 weeks raises at booking; a birth without booking raises at birth.',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background (twins)', learning: 'A pre-birth assessment was not thought necessary for the twins although health and housing had recorded concerns, and the mother had been known to CSC as a child.' },
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§4.2', learning: 'There was a missed opportunity to consider a child protection approach before Mark’s birth.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§3', learning: 'A child protection approach should have been considered before Mark’s birth.' },
  ],
  notify: ['midwifery', 'csc'],
  defaults,
  params: z.strictObject({ byGestationWeeks: positiveInt }).partial(),
  scope: 'mother',
  evaluate({ index: ix }, mother, p) {
    const eps: Episode[] = [];
    for (const pg of pregnancies(ix, mother)) {
      const trigger = pg.booked ?? pg.endEvent;
      if (!trigger) continue;
      const adults = [mother, ...ix.householdAt(mother, trigger.t).filter((x) => ix.isAdultAt(x, trigger.t))];
      // Involvement as a parent counts too: plans for the mother's older children.
      const olderChildren = ix.childrenOf(mother);
      const childPlans = olderChildren.flatMap((c) => historyFactors(ix, c, trigger.t).filter((e) => e.kind === 'plan' || e.kind === 'cp_conference'));
      const factors = [...adults.flatMap((a) => historyFactors(ix, a, trigger.t)), ...childPlans];
      if (factors.length === 0) continue;
      const babies = [...new Set([pg.booked, pg.endEvent].flatMap((e) => (e ? e.subjects.filter((s) => s.role === 'baby').map((s) => s.person) : [])))];
      // A pre-birth assessment is about the unborn child; when the pregnancy names none, about the mother.
      const about = babies.length > 0 ? babies : [mother];
      const at24 = pg.weeksAt(p.byGestationWeeks);
      // Without a gestation or expected date, booking is taken as 12 weeks (the usual dating scan).
      const deadline = Math.max(trigger.t, at24 ?? (pg.booked ? pg.booked.t + (p.byGestationWeeks - 12) * 7 * 86_400_000 : trigger.t));
      if (ix.asOf < deadline) continue;
      const assessments = ix.ofKinds(about, ['assessment']).filter((a) => a.t >= pg.start);
      const inTime = assessments.find((a) => a.t <= deadline);
      if (inTime) continue;
      const late = assessments.find((a) => a.t > deadline);
      const ep: Episode = {
        from: deadline,
        to: Infinity,
        evidence: [trigger, ...factors],
        people: adults.slice(1),
        explanation: () => `${pg.booked ? 'Pregnancy booked' : 'Birth without a booking'} (${describe(trigger)}) with a history of ${describeAll(factors, 4)}; no pre-birth assessment by ${p.byGestationWeeks} weeks (${isoDay(deadline)}).`,
      };
      if (late) {
        ep.to = late.t;
        ep.resolvedBy = late;
        ep.resolution = `Pre-birth assessment started late: ${describe(late)}.`;
      }
      eps.push(ep);
    }
    return toConditions('pre-birth-history', mother, eps, ix.asOf);
  },
});
