import { z } from 'zod';
import { isoDay } from '../calendar.ts';
import { knownToServicesAt, positiveInt } from '../common.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, gapEpisodes, toConditions } from '../rule.ts';

const defaults = { cpDays: 15, cinDays: 42, earlyHelpDays: 90, universalPlusDays: 90, under5KnownDays: 180 };

const LEVEL_NAMES: Record<string, string> = {
  cp: 'child protection plan',
  cin: 'child in need plan',
  early_help: 'early help plan',
  universal_plus: 'Universal Plus health visiting',
  universal_partnership_plus: 'Universal Partnership Plus health visiting',
};

export default defineRule({
  id: 'child-not-seen',
  title: 'Child not seen',
  statement:
    'A child with an open plan or targeted service not seen by any professional for longer than its level allows: CP 15 days, CIN 42 days, early help or Universal Plus 90 days; any under-5 known to services 180 days.',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.3, §6.11', learning: 'There were gaps of several months when no worker saw the children although they were assessed as vulnerable; Mark and then Lloyd were not seen for significant periods.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background', learning: 'The twins had not been seen by a health visitor for two years; the children were not seen for a year.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§2', learning: 'Mark and Lloyd were not seen for significant periods.' },
  ],
  notify: ['role:lead_professional', 'health_visiting'],
  defaults,
  params: z.strictObject({ cpDays: positiveInt, cinDays: positiveInt, earlyHelpDays: positiveInt, universalPlusDays: positiveInt, under5KnownDays: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const birth = ix.birth(child);
    const adult = ix.birthday(child, 18) ?? Infinity;
    const contacts = ix.seenEvents(child);
    const allowance: Record<string, number> = { cp: p.cpDays, cin: p.cinDays, early_help: p.earlyHelpDays, universal_plus: p.universalPlusDays, universal_partnership_plus: p.universalPlusDays };
    const eps: Episode[] = [];
    for (const inv of ix.involvements(child)) {
      const days = allowance[inv.level];
      if (days === undefined) continue;
      const from = Math.max(inv.from, birth ?? -Infinity);
      const to = Math.min(inv.to, adult);
      if (from >= to) continue;
      const name = LEVEL_NAMES[inv.level] ?? inv.level;
      eps.push(
        ...gapEpisodes({
          from, to, allowanceDays: days, contacts, asOf: ix.asOf, startEvidence: [inv.start],
          explain: (last, lastT) => `Open ${name} (${describe(inv.start)}) allows ${days} days between times the child is seen; ${last ? `last seen ${describe(last)}` : `not seen since the ${name} started on ${isoDay(lastT)}`}.`,
          endResolution: { by: inv.end, why: inv.end ? `The ${name} ended: ${describe(inv.end)}.` : 'The child turned 18.' },
        }),
      );
    }
    if (birth !== null) {
      const known = knownToServicesAt(ix, child, ix.asOf);
      const five = ix.birthday(child, 5) ?? Infinity;
      if (known) {
        const from = Math.max(birth, known.t);
        if (from < five) {
          eps.push(
            ...gapEpisodes({
              from, to: five, allowanceDays: p.under5KnownDays, contacts, asOf: ix.asOf, startEvidence: [known],
              explain: (last) => `An under-5 known to services (${describe(known)}) not seen for more than ${p.under5KnownDays} days; ${last ? `last seen ${describe(last)}` : 'no record of the child being seen'}.`,
              endResolution: { by: null, why: 'The child turned 5.' },
            }),
          );
        }
      }
    }
    return toConditions('child-not-seen', child, eps, ix.asOf);
  },
});
