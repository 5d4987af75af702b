import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { hasSubject } from '../picture.ts';
import { defineRule, describeAll, toConditions, windowEpisodes } from '../rule.ts';

const defaults = { count: 3, windowMonths: 24, housingConcerns: ['conditions', 'overcrowding'] };

export default defineRule({
  id: 'home-conditions-recurring',
  title: 'Recurring concerns about home conditions',
  statement:
    '≥3 home-conditions or overcrowding concerns (`housing_concern` records of those kinds, from any agency) in 24 months about the same household: the child, a member of its household, or its address. Holds while the window holds 3: a clean home on the day of a visit does not resolve it.',
  citations: [
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Summary of known background (2014, 2015, 2018)', learning: 'Damp, disorganised and unhygienic home conditions were reported in 2014, 2015 and 2018 with no action.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Findings and learning', learning: 'Repeated concerns about the state of the home went away when the home was cleaned.' },
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP2', learning: 'Overcrowding and living conditions were raised numerous times over a significant period without a safeguarding response.' },
  ],
  notify: ['csc', 'housing'],
  defaults,
  params: z.strictObject({ count: positiveInt, windowMonths: positiveInt, housingConcerns: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const household = [child, ...ix.householdEver(child)];
    const candidates = new Map<string, IEvent>();
    for (const e of ix.ofKinds(household, ['housing_concern'])) candidates.set(e.key, e);
    for (const e of ix.kind('housing_concern')) if (e.addressKey) candidates.set(e.key, e);
    const concerns = [...candidates.values()]
      .filter((e) => p.housingConcerns.includes(String(e.data.concern)))
      .filter((e) => hasSubject(e, child) || e.subjects.some((s) => ix.inHouseholdAt(child, s.person, e.t)) || (e.addressKey !== null && ix.holdsAddressAt(child, e.addressKey, e.t)))
      .sort((a, b) => a.t - b.t);
    if (concerns.length < p.count) return [];
    const eps = windowEpisodes({
      events: concerns, k: p.count, windowEnd: (t) => addMonths(t, p.windowMonths), asOf: ix.asOf,
      explain: (c) => `${c.length} concerns about home conditions or overcrowding in ${p.windowMonths} months (threshold ${p.count}): ${describeAll(c)}.`,
    }).filter((e) => ix.isChildAt(child, e.from));
    return toConditions('home-conditions-recurring', child, eps, ix.asOf);
  },
});
