import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { childAndSiblings, planLeading, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { byTime } from '../picture.ts';
import { defineRule, describeAll, toConditions, windowEpisodes } from '../rule.ts';

const defaults = { inWindow: 3, windowMonths: 12, ever: 5 };

export default defineRule({
  id: 'repeat-referrals',
  title: 'Repeat referrals without a plan',
  statement:
    '≥3 referrals about the same child or its siblings in 12 months, or ≥5 ever, with no assessment leading to a plan.',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background', learning: 'Eight referrals to children’s social care about neglect, domestic violence and non-engagement, each assessed in isolation and closed; repeat referrals need a protocol.' },
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP4', learning: 'All cases with multiple referrals are to be discussed in MASH screening.' },
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Summary of known background (2012–2018)', learning: 'Referrals in 2012, 2013, 2014, 2015, 2017 and 2018 each ended without a plan; the history was not considered.' },
  ],
  notify: ['csc:team_manager', 'role:mash'],
  defaults,
  params: z.strictObject({ inWindow: positiveInt, windowMonths: positiveInt, ever: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const family = childAndSiblings(ix, child);
    // Referrals to children's services: an IDVA's or a MARAC's own "referral" records are not these.
    const referrals = ix.ofKinds(family, ['referral']).filter((e) => e.agency === 'csc' || e.agency === 'early_help');
    if (referrals.length < Math.min(p.inWindow, p.ever)) return [];
    // A plan for any of the children answers the family's earlier referrals.
    const resets = family.flatMap((x) => planLeading(ix, x)).sort((a, b) => a.t - b.t);
    const birth = ix.birth(child);
    const explain = (counted: IEvent[], threshold: string) =>
      `${counted.length} referrals about the child or its siblings (threshold: ${threshold}) with no assessment leading to a plan: ${describeAll(counted)}.`;
    const eps = [
      ...windowEpisodes({ events: referrals, k: p.inWindow, windowEnd: (t) => addMonths(t, p.windowMonths), resets, asOf: ix.asOf, explain: (c) => explain(c, `${p.inWindow} in ${p.windowMonths} months`) }),
      // "≥5 ever": a window that never closes, restarted only by a plan.
      ...windowEpisodes({ events: referrals, k: p.ever, windowEnd: () => Infinity, resets, asOf: ix.asOf, explain: (c) => explain(c, `${p.ever} ever`) }),
    ].flatMap((e) => {
      // The condition is about a child: it first holds at the first counted referral once the child is born.
      if (birth !== null && e.from < birth) {
        const after = e.evidence.find((r) => r.t >= birth);
        if (!after || after.t >= e.to) return [];
        e.from = after.t;
      }
      return ix.isChildAt(child, e.from) ? [e] : [];
    });
    for (const e of eps) e.people = [...new Set(e.evidence.flatMap((r) => r.subjects.map((s) => s.person)).filter((x) => family.includes(x)))];
    eps.sort((a, b) => a.from - b.from || byTime(a.evidence[0] as IEvent, b.evidence[0] as IEvent));
    return toConditions('repeat-referrals', child, eps, ix.asOf);
  },
});
