import { z } from 'zod';
import { daysDeadline, isoDay } from '../calendar.ts';
import { cscPlanOpenAt, positiveInt } from '../common.ts';
import type { IEvent } from '../picture.ts';
import { dataList, dataStr, hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { deadlineEpisode, defineRule, describe, toConditions } from '../rule.ts';

const defaults = {
  withinDays: 5,
  relevantKinds: ['police_incident', 'intelligence', 'health_concern', 'housing_concern'],
  cscAgencies: ['csc', 'early_help'],
};

export default defineRule({
  id: 'not-shared-without-reason',
  title: 'Information not shared, or withheld without a reason',
  statement:
    'A `not_shared` decision with no reason; or a safeguarding-relevant record from a non-CSC agency (police incident, intelligence, health concern, housing concern) about a child with an open CSC plan, or about a member of its household, neither shared with CSC nor covered by a `sharing_decision` within 5 days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§4.15, §6.104', learning: 'A police welfare call-out and soft intelligence were not shared with children’s social care.' },
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Summary of known background; Findings', learning: 'A child’s disclosure was not shared; health knew nothing of the referrals to children’s services.' },
  ],
  notify: ['{evidence_agency}:safeguarding_lead'],
  defaults,
  params: z.strictObject({ withinDays: positiveInt, relevantKinds: z.array(z.string()).min(1), cscAgencies: z.array(z.string()).min(1) }).partial(),
  scope: 'person',
  evaluate({ index: ix }, person, p) {
    const eps: Episode[] = [];
    const decisions = ix.kind('sharing_decision');
    const about = (e: IEvent) => decisions.filter((d) => dataStr(d, 'about') === e.key);
    // (a) decisions not to share, without a reason, about this person.
    for (const d of decisions) {
      if (d.data.decision !== 'not_shared' || dataStr(d, 'reason')) continue;
      const target = ix.byKey.get(dataStr(d, 'about') ?? '');
      if (!hasSubject(d, person) && !(target && hasSubject(target, person))) continue;
      const ep: Episode = { from: d.t, to: Infinity, evidence: target ? [d, target] : [d], routing: { agencies: [d.agency] }, explanation: () => `Decision not to share ${dataStr(d, 'about') ?? 'a record'} recorded without a reason (${describe(d)}).` };
      const fix = decisions.find((x) => x.t >= d.t && x !== d && dataStr(x, 'about') === dataStr(d, 'about') && (x.data.decision === 'shared' || !!dataStr(x, 'reason')));
      if (fix) {
        ep.to = fix.t;
        ep.resolvedBy = fix;
        ep.resolution = `Decision recorded: ${describe(fix)}.`;
      }
      eps.push(ep);
    }
    // (b) relevant records about a child with an open CSC plan (or its household), not shared.
    if (ix.involvements(person).some((i) => i.level === 'cp' || i.level === 'cin')) {
      const people = [person, ...ix.householdEver(person)];
      for (const e of ix.ofKinds(people, p.relevantKinds)) {
        if (p.cscAgencies.includes(e.agency) || !cscPlanOpenAt(ix, person, e.t) || !ix.isChildAt(person, e.t)) continue;
        if (!hasSubject(e, person) && !e.subjects.some((s) => ix.inHouseholdAt(person, s.person, e.t))) continue;
        if (dataList(e, 'sharedWith').some((a) => p.cscAgencies.includes(a))) continue;
        const deadline = daysDeadline(e.t, p.withinDays);
        const ep = deadlineEpisode({
          trigger: e, deadline, responses: about(e), asOf: ix.asOf, routing: { agencies: [e.agency] },
          explanation: () => `${describe(e)} concerns a child with an open CSC plan (or its household) and was neither shared with CSC nor covered by a sharing decision within ${p.withinDays} days (by ${isoDay(deadline - 1)}).`,
        });
        if (ep) eps.push(ep);
      }
    }
    return toConditions('not-shared-without-reason', person, eps, ix.asOf);
  },
});
