import { z } from 'zod';
import { daIncidents, pregnancies } from '../common.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

const defaults = { responseKinds: ['assessment', 'strategy_discussion', 'cp_conference'] };

export default defineRule({
  id: 'da-in-pregnancy',
  title: 'Domestic abuse in pregnancy',
  statement:
    'A domestic abuse incident or disclosure while the victim has an open pregnancy. Resolved by a multi-agency response about the victim or the household’s children afterwards: an assessment, strategy discussion or conference, or a MARAC referral.',
  citations: [
    { seed: '002_a4d3bc36566ddeec.txt', paragraphs: 'LP6', learning: 'A domestic abuse incident when Ms Walker was known to be pregnant was a missed opportunity for MASH partners to assess and plan at the right level.' },
  ],
  notify: ['midwifery', 'csc'],
  defaults,
  params: z.strictObject({ responseKinds: z.array(z.string()).min(1) }).partial(),
  scope: 'victim',
  evaluate({ index: ix }, victim, p) {
    const preg = pregnancies(ix, victim);
    if (preg.length === 0) return [];
    const family = [victim, ...ix.householdEver(victim)];
    const responses = [
      ...ix.ofKinds(family, p.responseKinds),
      ...ix.ofKind(victim, 'marac').filter((e) => e.data.stage === 'referred'),
    ].sort((a, b) => a.t - b.t);
    const eps: Episode[] = [];
    for (const d of daIncidents(ix, victim)) {
      const pg = preg.find((x) => (x.booked ? x.booked.t : x.start) <= d.t && d.t < x.end);
      if (!pg) continue;
      const ep: Episode = {
        from: d.t,
        to: Infinity,
        evidence: pg.booked ? [d, pg.booked] : [d],
        explanation: () => `Domestic abuse (${describe(d)}) while the victim is pregnant${pg.booked ? ` (${describe(pg.booked)})` : ''}.`,
      };
      const r = responses.find((x) => x.t > d.t);
      if (r) {
        ep.to = r.t;
        ep.resolvedBy = r;
        ep.resolution = `Responded to by ${describe(r)}.`;
      }
      eps.push(ep);
    }
    return toConditions('da-in-pregnancy', victim, eps, ix.asOf);
  },
});
