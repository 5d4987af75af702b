import { z } from 'zod';
import { addMonths, isoDay } from '../calendar.ts';
import { nonNegativeInt, positiveInt } from '../common.ts';
import type { IEvent, Interval, PictureIndex } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, gapEpisodes, toConditions } from '../rule.ts';

// `under5Known: 'open'` (the default since the demo measurement of 2026-12-01):
// an under-5 counts as known to services while it or someone in its household
// has open involvement (a plan, targeted health visiting, a MARAC case). The
// older reading, 'recent' (any children's services, MARAC, IDVA or police
// domestic abuse record in the last 12 months), fired on ordinary families:
// the Healthy Child Programme itself leaves gaps longer than 180 days (from
// the 1-year review to the 2–2½-year review, from then to the pre-school
// booster), so one signposted referral made every under-5 in the family due
// an alert six months later — 3.6 alerts per 1,000 children a month on the
// demo, most of the catalogue's load, and on the near-miss control families.
// The reviews' children (001: the twins unseen for two years) were unseen
// while services were open to the family.
const defaults = { cpDays: 15, cinDays: 42, earlyHelpDays: 90, universalPlusDays: 90, under5KnownDays: 180, under5Known: 'open' as 'open' | 'recent', under5KnownForMonths: 12 };

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
    'A child with an open plan or targeted service not seen by any professional for longer than its level allows: CP 15 days, CIN 42 days, early help or Universal Plus 90 days; any under-5 known to services 180 days (known: while the child or someone in its household has open involvement — a plan, targeted health visiting or a MARAC case; `under5Known: recent` widens it to any children’s social care, early help, MARAC or IDVA record, or police domestic abuse incident, about the child or its household in the last 12 months; `under5KnownDays: 0` switches this part off).',
  citations: [
    { seed: '004_dafda9c8eee178c5.txt', paragraphs: '§1.3, §6.11', learning: 'There were gaps of several months when no worker saw the children although they were assessed as vulnerable; Mark and then Lloyd were not seen for significant periods.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Summary of known background', learning: 'The twins had not been seen by a health visitor for two years; the children were not seen for a year.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§2', learning: 'Mark and Lloyd were not seen for significant periods.' },
  ],
  notify: ['role:lead_professional', 'health_visiting'],
  defaults,
  params: z
    .strictObject({ cpDays: positiveInt, cinDays: positiveInt, earlyHelpDays: positiveInt, universalPlusDays: positiveInt, under5KnownDays: nonNegativeInt, under5Known: z.enum(['open', 'recent']), under5KnownForMonths: positiveInt })
    .partial(),
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
    if (birth !== null && p.under5KnownDays > 0) {
      const five = ix.birthday(child, 5) ?? Infinity;
      const known = p.under5Known === 'open' ? openPeriods(ix, child) : knownPeriods(ix, child, p.under5KnownForMonths);
      for (const k of known) {
        const from = Math.max(birth, k.from);
        const to = Math.min(five, k.to);
        if (from >= to) continue;
        eps.push(
          ...gapEpisodes({
            from, to, allowanceDays: p.under5KnownDays, contacts, asOf: ix.asOf, startEvidence: [k.first],
            explain: (last) => `An under-5 known to services (${describe(k.first)}) not seen for more than ${p.under5KnownDays} days; ${last ? `last seen ${describe(last)}` : 'no record of the child being seen'}.`,
            endResolution: {
              by: null,
              why: to === five ? 'The child turned 5.' : p.under5Known === 'open' ? 'No one in the household has open involvement any more.' : `No children’s services record about the family for ${p.under5KnownForMonths} months.`,
            },
          }),
        );
      }
    }
    return toConditions('child-not-seen', child, eps, ix.asOf);
  },
});

const KNOWN_AGENCIES = new Set(['csc', 'early_help', 'marac', 'idva']);
// Per index, so a household's records are sorted out once for all its children (and dropped with the index).
const knownCache = new WeakMap<PictureIndex, Map<string, IEvent[]>>();

/** Periods in which the child is "known to services": 12 months (by default) after each such record about the child or its household. */
function knownPeriods(ix: PictureIndex, child: string, months: number): (Interval & { first: IEvent })[] {
  let perPerson = knownCache.get(ix);
  if (!perPerson) {
    perPerson = new Map();
    knownCache.set(ix, perPerson);
  }
  const records: IEvent[] = [];
  for (const p of [child, ...ix.householdEver(child)]) {
    let mine = perPerson.get(p);
    if (!mine) {
      mine = ix.of(p).filter((e) => KNOWN_AGENCIES.has(e.agency) || (e.kind === 'police_incident' && e.data.category === 'domestic_abuse'));
      perPerson.set(p, mine);
    }
    records.push(...mine);
  }
  records.sort((a, b) => a.t - b.t);
  const out: (Interval & { first: IEvent })[] = [];
  for (const r of records) {
    const end = addMonths(r.t, months);
    const last = out[out.length - 1];
    if (last && r.t <= last.to) last.to = Math.max(last.to, end);
    else out.push({ from: r.t, to: end, first: r });
  }
  return out;
}

/**
 * Periods in which the child or someone in its household (while they are
 * linked) has open involvement: a plan, targeted health visiting, a MARAC case.
 */
function openPeriods(ix: PictureIndex, child: string): (Interval & { first: IEvent })[] {
  const spans: (Interval & { first: IEvent })[] = [];
  const add = (person: string, from: number, to: number) => {
    for (const i of ix.involvements(person)) {
      const f = Math.max(i.from, from);
      const t = Math.min(i.to, to);
      if (f < t) spans.push({ from: f, to: t, first: i.start });
    }
    for (const c of ix.maracCases(person)) {
      const f = Math.max(c.from, from);
      const t = Math.min(c.to, to);
      if (f < t) spans.push({ from: f, to: t, first: c.referral });
    }
  };
  add(child, -Infinity, Infinity);
  for (const l of ix.householdLinks(child)) add(l.other, l.from, l.to);
  spans.sort((a, b) => a.from - b.from);
  const out: (Interval & { first: IEvent })[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}
