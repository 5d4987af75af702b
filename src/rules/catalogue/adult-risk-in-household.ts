import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { positiveInt } from '../common.ts';
import type { IEvent, Ref } from '../picture.ts';
import { hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

// Tuned on the demo (2026-12-01, `npm run bench -- rules`): nearly half of
// this rule's new alerts (52 of 114 a year for 5,000 children; 231 of 688
// open) were the household's own domestic abuse incident that police had
// already shared with children's social care: the alert told CSC what CSC
// held, for ten years, while the domestic abuse rules (risk assessment, MARAC,
// school) dealt with the incident itself. The reviews' adults (004 §1.8,
// 003 §1: Mr D; 001: partners "all known to police") had records the child's
// agencies never saw, so by default (`sharedIncidentsCount: false`) an
// incident shared with CSC (`sharedWith` naming `csc`) is not such a record;
// convictions, intelligence, supervision and unshared incidents still are.
const defaults = {
  offenceCategories: ['violence', 'domestic_abuse', 'drug_supply'],
  incidentCategories: ['domestic_abuse', 'violence'],
  intelligenceCategories: ['drug_supply'],
  minRiskOfSeriousHarm: 'medium',
  lookbackYears: 10,
  sharedIncidentsCount: false,
};
const ROSH = ['low', 'medium', 'high', 'very_high'];

export default defineRule({
  id: 'adult-risk-in-household',
  title: 'Adult with a record of violence, abuse or drug supply in the household',
  statement:
    'An adult in the household with a police record of violence, domestic abuse or drug supply (an incident police shared with children’s social care does not count: CSC already holds it), or under probation supervision with medium-or-higher risk of serious harm. Holds while the adult is linked to the household.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.8, §4.35, §6.105', learning: 'Mr D, with a history of drug misuse and violence, was in the home; no agency knew, so the risk from him could not be assessed.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Findings and learning', learning: 'The mother’s partners were all known to police: domestic abuse allegations and drug supply.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§1', learning: 'Mr D had a history of drug misuse and violence.' },
  ],
  notify: ['csc', 'health_visiting'],
  defaults,
  params: z
    .strictObject({
      offenceCategories: z.array(z.string()),
      incidentCategories: z.array(z.string()),
      intelligenceCategories: z.array(z.string()),
      minRiskOfSeriousHarm: z.enum(['low', 'medium', 'high', 'very_high']),
      lookbackYears: positiveInt,
      sharedIncidentsCount: z.boolean(),
    })
    .partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const birth = ix.birth(child) ?? -Infinity;
    const adulthood = ix.birthday(child, 18) ?? Infinity;
    const minRosh = ROSH.indexOf(p.minRiskOfSeriousHarm);
    const eps: Episode[] = [];
    const risksOf = new Map<string, { from: number; to: number; e: IEvent; what: string; end: IEvent | null }[]>();
    for (const link of ix.householdLinks(child)) {
      const a = link.other;
      const known = risksOf.get(a);
      const risks: { from: number; to: number; e: IEvent; what: string; end: IEvent | null }[] = known ?? [];
      if (!known) risksOf.set(a, risks);
      if (!known) {
      for (const e of ix.of(a)) {
        if (e.kind === 'offence' && p.offenceCategories.includes(String(e.data.category))) risks.push({ from: e.t, to: addMonths(e.t, 12 * p.lookbackYears), e, what: `${String(e.data.category)} ${String(e.data.stage ?? 'offence')}`, end: null });
        else if (e.kind === 'police_incident' && p.incidentCategories.includes(String(e.data.category)) && hasSubject(e, a, ['suspect', 'perpetrator']) && (p.sharedIncidentsCount || !sharedWithCsc(e))) risks.push({ from: e.t, to: addMonths(e.t, 12 * p.lookbackYears), e, what: `suspect in a ${String(e.data.category)} incident`, end: null });
        else if (e.kind === 'intelligence' && p.intelligenceCategories.includes(String(e.data.category))) risks.push({ from: e.t, to: addMonths(e.t, 12 * p.lookbackYears), e, what: `${String(e.data.category)} intelligence`, end: null });
        else if (e.kind === 'supervision' && e.data.stage === 'started') {
          const rosh = ROSH.indexOf(String(e.data.riskOfSeriousHarm));
          if (rosh >= minRosh || e.data.domesticAbusePerpetrator === true) {
            const end = ix.ofKind(a, 'supervision').find((x) => x.t > e.t && x.data.stage === 'ended') ?? null;
            risks.push({ from: e.t, to: end ? end.t : Infinity, e, what: `under probation supervision (risk of serious harm ${String(e.data.riskOfSeriousHarm)}${e.data.domesticAbusePerpetrator === true ? ', domestic abuse perpetrator' : ''})`, end });
          }
        }
      }
      }
      for (const r of risks) {
        const from = Math.max(link.from, r.from, birth);
        const to = Math.min(link.to, r.to, adulthood);
        if (from >= to || !ix.isAdultAt(a, from)) continue;
        const via = 'relationship' in link.via ? `recorded as ${link.via.kind}` : `sharing the child’s address`;
        const ep: Episode = {
          from,
          to,
          evidence: [r.e],
          people: [a],
          explanation: () => `An adult in the household (${a}, ${via}) is ${r.what}: ${describe(r.e)}.`,
        };
        if ('relationship' in link.via && link.via.relationship.source !== 'derived') ep.extraRefs = [link.via.relationship as Ref];
        if (to === link.to) {
          ep.resolvedBy = 'relationship' in link.via && link.via.relationship.source !== 'derived' ? link.via.relationship : null;
          ep.resolution = 'The adult is no longer linked to the household.';
        } else if (to === r.to && r.end) {
          ep.resolvedBy = r.end;
          ep.resolution = `Supervision ended: ${describe(r.end)}.`;
        } else {
          ep.resolvedBy = null;
          ep.resolution = to === adulthood ? 'The child turned 18.' : `The record is older than ${p.lookbackYears} years.`;
        }
        eps.push(ep);
      }
    }
    return toConditions('adult-risk-in-household', child, eps, ix.asOf);
  },
});

function sharedWithCsc(e: IEvent): boolean {
  const s = e.data.sharedWith;
  return Array.isArray(s) && s.includes('csc');
}
