import { z } from 'zod';
import { addMonths, parseTime } from '../calendar.ts';
import { agencySchema, positiveInt } from '../common.ts';
import type { Agency, IEvent, Interval, PictureIndex, Ref } from '../picture.ts';
import { hasSubject } from '../picture.ts';
import type { Episode } from '../rule.ts';
import { defineRule, describe, toConditions } from '../rule.ts';

// Tuned on the demo (2026-12-01, `npm run bench -- rules`): as first written
// the rule held for every child known to a school or health visitor whose
// father was on the tenancy but not in the school's records — 836 alerts
// open at once for 5,000 children, none of which resolved, and on near-miss
// control families. The reviews' adults (000, 001, 003 §3 Mr D) were unknown
// to the professionals *working with a family known to children's services*;
// so by default (`requireInvolvement`) the condition holds only while the
// child is: an open plan, targeted health visiting or MARAC case of the child
// or a parent, or a children's social care or early help record about the
// child in the last `workingWindowMonths`. It ends when the adult stops
// sharing the child's address, and an adult named in a police record that was
// shared with a working agency (`sharedWith`) is known to that agency.
const defaults = {
  linkingAgencies: ['police', 'housing', 'probation'] as Agency[],
  workingAgencies: ['csc', 'early_help', 'health_visiting', 'midwifery', 'school', 'nursery'] as Agency[],
  workingWindowMonths: 12,
  requireInvolvement: true,
  involvementAgencies: ['csc', 'early_help'] as Agency[],
};

interface Link {
  t: number;
  /** when the link ended (the adult or the child left the address); Infinity while it holds */
  until: number;
  evidence: IEvent[];
  refs: Ref[];
  how: string;
}

export default defineRule({
  id: 'unknown-adult-in-household',
  title: 'Adult in the household unknown to the agencies working with the child',
  statement:
    'An adult linked to the child’s address or household by another agency (police, housing, probation) who is absent from the records of the agencies working with the child (those with a record about the child in the last 12 months), while the child is known to children’s services (an open plan, targeted health visiting or MARAC case of the child or a parent, or a children’s social care or early help record about the child in the last 12 months). Resolves when one of those agencies records the adult (or receives a record naming the adult), when the adult no longer shares the child’s address, or when children’s services are no longer involved.',
  citations: [
    { seed: '000_916965cb9a9cd511.txt', paragraphs: 'Findings and learning', learning: 'Fathers and other significant adults were missing from the records of all agencies.' },
    { seed: '001_664b905551fdd777.txt', paragraphs: 'Findings and learning', learning: 'Little was known about the mother’s partners, yet all were known to police.' },
    { seed: '003_d1c93e928156e57c.txt', paragraphs: '§3 (Mr D)', learning: 'Agencies were not aware of Ms A’s relationship with Mr D, who had a history of drug misuse and violence.' },
  ],
  notify: ['role:lead_professional', 'csc'],
  defaults,
  params: z
    .strictObject({ linkingAgencies: z.array(agencySchema), workingAgencies: z.array(agencySchema), workingWindowMonths: positiveInt, requireInvolvement: z.boolean(), involvementAgencies: z.array(agencySchema) })
    .partial(),
  scope: 'child',
  evaluate({ index: ix }, child, p) {
    const working = ix.of(child).filter((e) => p.workingAgencies.includes(e.agency));
    if (working.length === 0) return [];
    const involved = p.requireInvolvement ? involvement(ix, child, p.involvementAgencies, p.workingWindowMonths) : [{ from: -Infinity, to: Infinity }];
    if (involved.length === 0) return [];
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
          const until = Math.min(ca.to, aa.to);
          if (from < until) note(a, { t: from, until, evidence: [], refs: [], how: `${aa.agency} records the adult at the child’s address` });
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
        const until = r.end ? parseTime(r.end) : Infinity;
        note(a, { t, until: Number.isNaN(until) ? Infinity : until, evidence: [], refs: [r.ref], how: `${r.agency} records the adult as ${r.kind} (${r.ref.source}:${r.ref.id})` });
      }
    }
    // Events of a linking agency naming the adult with the child, or at the child's address.
    for (const e of linkingEvents(ix, p.linkingAgencies)) {
      const withChild = hasSubject(e, child);
      const atAddress = e.addressKey !== null && ix.holdsAddressAt(child, e.addressKey, e.t);
      if (!withChild && !atAddress) continue;
      for (const s of e.subjects) {
        if (s.person === child || parents.has(s.person)) continue;
        note(s.person, { t: e.t, until: Infinity, evidence: [e], refs: [], how: `${describe(e)} names the adult ${withChild ? 'with the child' : 'at the child’s address'}` });
      }
    }
    const eps: Episode[] = [];
    const workingAgencies = new Set(working.map((e) => e.agency));
    for (const [a, link] of links) {
      const person = ix.person(a);
      if (person?.records.some((r) => workingAgencies.has(r.agency))) continue;
      const first = working.find((w) => addMonths(w.t, p.workingWindowMonths) >= link.t);
      if (!first) continue;
      const known = knownAt(ix, a, workingAgencies);
      for (const span of involved) {
        const from = Math.max(link.t, first.t, span.from);
        if (from >= span.to || from >= link.until) continue;
        if (!ix.isChildAt(child, from) || !ix.isAdultAt(a, from)) continue;
        if (known && known.t <= from) break;
        const ep: Episode = {
          from,
          to: Infinity,
          evidence: [...link.evidence, first],
          extraRefs: link.refs,
          people: [a],
          explanation: () => `An adult (${a}) is linked to the child’s household: ${link.how}; the agencies working with the child (${[...workingAgencies].join(', ')}) have no record of this adult.`,
        };
        const ends = [
          { t: known ? known.t : Infinity, by: known, why: known ? `The adult is now in the records of an agency working with the child: ${describe(known)}.` : '' },
          { t: link.until, by: null, why: 'The adult is no longer linked to the child’s household: the address or relationship that linked them has ended.' },
          { t: span.to, by: null, why: `Children’s services are no longer involved with the child (no open involvement, and no ${p.involvementAgencies.join(' or ')} record for ${p.workingWindowMonths} months).` },
        ].sort((x, y) => x.t - y.t);
        const end = ends[0];
        if (end && end.t < Infinity) {
          ep.to = end.t;
          ep.resolvedBy = end.by;
          ep.resolution = end.why;
        }
        eps.push(ep);
      }
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

/** The first record that puts the adult in front of a working agency: its own record, or a shared record naming the adult. */
function knownAt(ix: PictureIndex, adult: string, working: ReadonlySet<Agency>): IEvent | undefined {
  for (const e of ix.of(adult)) {
    if (working.has(e.agency)) return e;
    const shared = e.data.sharedWith;
    if (Array.isArray(shared) && shared.some((x) => typeof x === 'string' && working.has(x as Agency))) return e;
  }
  return undefined;
}

/**
 * Periods in which children's services are involved with the child: open
 * involvement of the child or a parent (plan, targeted health visiting, MARAC
 * case), or within `months` of a record of `agencies` about the child.
 */
function involvement(ix: PictureIndex, child: string, agencies: readonly Agency[], months: number): Interval[] {
  const spans: Interval[] = [];
  for (const who of [child, ...ix.parents(child)]) {
    for (const i of ix.involvements(who)) spans.push({ from: i.from, to: i.to });
    for (const c of ix.maracCases(who)) spans.push({ from: c.from, to: c.to });
  }
  for (const e of ix.of(child)) if (agencies.includes(e.agency)) spans.push({ from: e.t, to: addMonths(e.t, months) });
  spans.sort((x, y) => x.from - y.from);
  const out: Interval[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}
