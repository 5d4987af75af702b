import { z } from 'zod';
import type { IEvent } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

export default defineRule({
  id: 'parent-care-history',
  title: 'Parent’s own care history not recorded in the assessment',
  statement:
    'A parent of a child known to services was looked after or on a CP/CIN plan as a child (linked across time), and an assessment of their child does not record it (`previousHistoryConsidered` is not true). The alert is about the parent, one for all their children’s assessments; it resolves when a later assessment records it.',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background; Findings', learning: 'The mother was known to CSC as a child and accommodated, yet her vulnerability was never assessed in depth for its impact on her parenting.' },
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.2, §3.2–3.3, §6.23', learning: 'Ms A was on a CP plan as a child; the lack of curiosity about her own childhood is hard to explain as it was in the original pre-birth assessment.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§1', learning: 'Ms A had a troubled history due to childhood trauma.' },
  ],
  notify: ['csc:social_worker'],
  defaults: {},
  params: z.strictObject({}).partial(),
  scope: 'person',
  evaluate({ index: ix }, parent) {
    const children = ix.childrenOf(parent);
    if (children.length === 0) return [];
    const history: IEvent[] = [];
    for (const e of ix.of(parent)) {
      const care =
        (e.kind === 'looked_after' && e.data.stage === 'started') ||
        (e.kind === 'plan' && (e.data.plan === 'cp' || e.data.plan === 'cin') && e.data.stage === 'started') ||
        (e.kind === 'cp_conference' && e.data.outcome === 'cp_plan');
      if (care && ix.isChildAt(parent, e.t)) history.push(e);
    }
    if (history.length === 0) return [];
    const eps: Episode[] = [];
    for (const child of children) {
      const assessments = ix.ofKind(child, 'assessment');
      for (const a of assessments) {
        const relevant = history.filter((h) => h.t < a.t);
        // A pre-birth assessment is about the unborn child: it counts.
        if (relevant.length === 0 || ix.isAdultAt(child, a.t)) continue;
        if (a.data.previousHistoryConsidered === true) continue;
        if (a.data.stage !== 'completed' && a.data.previousHistoryConsidered !== false) continue;
        const ep: Episode = {
          from: a.t,
          to: Infinity,
          evidence: [a, ...relevant],
          people: [child],
          explanation: () => `${describe(a)}, an assessment of their child, does not record this parent’s own history as a child: ${relevant.map(describe).join('; ')}.`,
        };
        const fix = assessments.find((x) => x.t > a.t && x.data.previousHistoryConsidered === true);
        if (fix) {
          ep.to = fix.t;
          ep.resolvedBy = fix;
          ep.resolution = `A later assessment records the history: ${describe(fix)}.`;
        }
        eps.push(ep);
      }
    }
    return toConditions('parent-care-history', parent, eps, ix.asOf);
  },
});
