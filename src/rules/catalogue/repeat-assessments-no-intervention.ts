import { z } from 'zod';
import { addMonths } from '../calendar.ts';
import { childAndSiblings, planLeading, positiveInt } from '../common.ts';
import { defineRule, describeAll, toConditions, windowEpisodes } from '../rule.ts';

const defaults = { count: 2, windowMonths: 24, outcomes: ['nfa', 'early_help'] };

export default defineRule({
  id: 'repeat-assessments-no-intervention',
  title: 'Repeat assessments ending without intervention',
  statement: '≥2 completed assessments ending `nfa` or `early_help` in 24 months for the same family.',
  citations: [
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background (the fourth assessment)', learning: 'A fourth assessment found no concerns and the case was closed again; assessments did not address the history or the mother’s vulnerability.' },
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§6.20–6.21', learning: 'Four referrals led to three assessments that each concluded there was no role for social care; nobody stepped back to check the history, so the pattern was missed.' },
  ],
  notify: ['csc:team_manager'],
  defaults,
  params: z.strictObject({ count: positiveInt, windowMonths: positiveInt, outcomes: z.array(z.string()).min(1) }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const family = childAndSiblings(ix, child);
    const done = ix.ofKinds(family, ['assessment']).filter((e) => e.data.stage === 'completed' && p.outcomes.includes(String(e.data.outcome)));
    if (done.length < p.count) return [];
    const eps = windowEpisodes({
      events: done,
      k: p.count,
      windowEnd: (t) => addMonths(t, p.windowMonths),
      resets: family.flatMap((x) => planLeading(ix, x)).sort((a, b) => a.t - b.t),
      asOf: ix.asOf,
      explain: (c) => `${c.length} completed assessments of the family ended ${p.outcomes.join(' or ')} within ${p.windowMonths} months (threshold ${p.count}): ${describeAll(c)}.`,
      people: (c) => c.flatMap((e) => e.subjects.map((s) => s.person)).filter((x) => family.includes(x)),
    // An unborn child counts: pre-birth assessments are about it (004 §4.2).
    }).filter((e) => !ix.isAdultAt(child, e.from));
    return toConditions('repeat-assessments-no-intervention', child, eps, ix.asOf);
  },
});
