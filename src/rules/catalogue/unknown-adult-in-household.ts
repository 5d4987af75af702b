import { z } from 'zod';
import { addMonths, parseTime } from '../calendar.ts';
import { agencySchema, positiveInt } from '../common.ts';
import type { Agency, IEvent, PictureIndex, Ref } from '../picture.ts';
import { hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

const defaults = {
  linkingAgencies: ['police', 'housing', 'probation'] as Agency[],
  workingAgencies: ['csc', 'early_help', 'health_visiting', 'midwifery', 'school', 'nursery'] as Agency[],
  workingWindowMonths: 12,
};

interface Link {
  t: number;
  evidence: IEvent[];
  refs: Ref[];
  how: string;
}

export default defineRule({
  id: 'unknown-adult-in-household',
  title: 'Adult in the household unknown to the agencies working with the child',
  statement:
    'An adult linked to the child’s address or household by another agency (police, housing, probation) who is absent from the records of the agencies working with the child (those with a record about the child in the last 12 months). Resolves when one of those agencies records the adult.',
  citations: [
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Findings and learning', learning: 'Fathers and other significant adults were missing from the records of all agencies.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Findings and learning', learning: 'Little was known about the mother’s partners, yet all were known to police.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§3 (Mr D)', learning: 'Agencies were not aware of Ms A’s relationship with Mr D, who had a history of drug misuse and violence.' },
  ],
  notify: ['role:lead_professional', 'csc'],
  defaults,
  params: z.strictObject({ linkingAgencies: z.array(agencySchema), workingAgencies: z.array(agencySchema), workingWindowMonths: positiveInt }).partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const working = ix.of(child).filter((e) => p.workingAgencies.includes(e.agency));
    if (working.length === 0) return [];
    const childAddr = ix.addressIntervals(child);
    const parents = new Set(ix.parents(child));
    const links = new Map<string, Link>();
    const note = (a: string, l: Link) => {
      const cur = links.get(a);
      if (!cur || l.t < cur.t) links.set(a, l);
    };
    for (const [a] of ix.people) {
      if (a === child || parents.has(a)) continue;
      // An address held for the adult by a linking agency, overlapping the child's.
      for (const aa of ix.addressIntervals(a)) {
        if (!aa.agency || !p.linkingAgencies.includes(aa.agency)) continue;
        for (const ca of childAddr) {
          if (ca.key !== aa.key) continue;
          const from = Math.max(ca.from, aa.from);
          if (from < Math.min(ca.to, aa.to)) note(a, { t: from, evidence: [], refs: [], how: `${aa.agency} records the adult at the child’s address` });
        }
      }
    }
    // Relationships recorded by a linking agency with the child or its parents.
    for (const who of [child, ...parents]) {
      for (const r of ix.relationshipsOf(who)) {
        if (!p.linkingAgencies.includes(r.agency)) continue;
        const a = r.from === who ? r.to : r.from;
        if (a === child || parents.has(a)) continue;
        const t = r.start ? parseTime(r.start) : (working[0] as IEvent).t;
        note(a, { t, evidence: [], refs: [r.ref], how: `${r.agency} records the adult as ${r.kind} (${r.ref.source}:${r.ref.id})` });
      }
    }
    // Events of a linking agency naming the adult with the child, or at the child's address.
    for (const e of linkingEvents(ix, p.linkingAgencies)) {
      const withChild = hasSubject(e, child);
      const atAddress = e.addressKey !== null && ix.addressesAt(child, e.t).includes(e.addressKey);
      if (!withChild && !atAddress) continue;
      for (const s of e.subjects) {
        if (s.person === child || parents.has(s.person)) continue;
        note(s.person, { t: e.t, evidence: [e], refs: [], how: `${describe(e)} names the adult ${withChild ? 'with the child' : 'at the child’s address'}` });
      }
    }
    const eps: Episode[] = [];
    for (const [a, link] of links) {
      const person = ix.person(a);
      const workingAgencies = new Set(working.map((e) => e.agency));
      if (person?.records.some((r) => workingAgencies.has(r.agency))) continue;
      const first = working.find((w) => addMonths(w.t, p.workingWindowMonths) >= link.t);
      if (!first) continue;
      const from = Math.max(link.t, first.t);
      if (!ix.isChildAt(child, from) || !ix.isAdultAt(a, from)) continue;
      const known = ix.of(a).find((e) => workingAgencies.has(e.agency));
      if (known && known.t <= from) continue;
      const ep: Episode = {
        from,
        to: Infinity,
        evidence: [...link.evidence, first],
        extraRefs: link.refs,
        people: [a],
        explanation: () => `An adult (${a}) is linked to the child’s household: ${link.how}; the agencies working with the child (${[...workingAgencies].join(', ')}) have no record of this adult.`,
      };
      if (known) {
        ep.to = known.t;
        ep.resolvedBy = known;
        ep.resolution = `The adult is now in the records of an agency working with the child: ${describe(known)}.`;
      }
      eps.push(ep);
    }
    return toConditions('unknown-adult-in-household', child, eps, ix.asOf);
  },
});

// The linking agencies' events, sorted out once per index for all the household's children.
const linkingCache = new WeakMap<PictureIndex, Map<string, IEvent[]>>();

function linkingEvents(ix: PictureIndex, agencies: readonly Agency[]): IEvent[] {
  let byList = linkingCache.get(ix);
  if (!byList) {
    byList = new Map();
    linkingCache.set(ix, byList);
  }
  const key = agencies.join(',');
  let v = byList.get(key);
  if (!v) {
    v = ix.events.filter((e) => agencies.includes(e.agency));
    byList.set(key, v);
  }
  return v;
}
