// What a rule is, what it returns, and the small toolkit the rules share for
// turning records into conditions over time ("episodes").

import type { z } from 'zod';
import { Calendar, isoDay, isoTime } from './calendar.ts';
import type { Agency, IEvent, PictureIndex, Ref } from './picture.ts';

export interface Citation {
  /** File name in shared/seeds. */
  seed: string;
  /** Paragraphs or learning points, e.g. '§6.86' or 'LP4'. */
  paragraphs: string;
  /** The learning, in a sentence. */
  learning: string;
}

/**
 * Who needs to know. A token is `agency` or `agency:role` (e.g. `csc:team_manager`),
 * `role:<name>` for a role in any agency (e.g. `role:lead_professional`), or a
 * dynamic token resolved from the condition's routing:
 * `{evidence_agency}` (the agencies holding the evidence or named by it, e.g. the
 * agency that received a disclosure), `{csc_if_open}` (CSC, when the child has an
 * open plan), `{each_local_authority}:<agency>` (that agency in every local
 * authority the condition names, e.g. both sides of a move).
 */
export type Recipient = string;

/** Whom the alert is routed to, as computed by the rule (the policy's notify list resolves against it). */
export interface Routing {
  /** Agencies the rule singles out (the receiver of a disclosure, the dissenting agencies). */
  agencies?: Agency[];
  /** Agencies holding the evidence (filled in from the evidence when the rule names none). */
  evidenceAgencies?: Agency[];
  localAuthorities?: string[];
  cscOpen?: boolean;
}

/** A condition that holds (or held) for a subject: one alert's worth. */
export interface Condition {
  rule: string;
  /** The person the alert is about; (rule, subject) is the one-open-alert key. */
  subject: string;
  /** Everyone the condition concerns (subject first). */
  people: string[];
  /** The data time at which the condition first held; for a deadline rule, the moment the deadline passed. */
  raisedAt: string;
  evidence: Ref[];
  /** Plain English naming the threshold and the evidence. */
  explanation: string;
  /** Present when the condition stopped holding at or before asOf. */
  resolvedAt?: string;
  /** The record that resolved it; null when it stopped holding without one (a time window ran out, a plan ended). */
  resolvedBy?: Ref | null;
  resolution?: string;
  routing?: Routing;
}

export type Scope = 'child' | 'victim' | 'mother' | 'person';

export interface RuleContext {
  index: PictureIndex;
  calendar: Calendar;
}

export interface Rule<P extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  title: string;
  statement: string;
  citation: Citation;
  citations: Citation[];
  notify: Recipient[];
  defaults: P;
  /** Validates the rule's `params` in the policy file (every key optional; defaults fill the rest). */
  params: z.ZodType<Partial<P>>;
  scope: Scope;
  /** Pure: conditions (episodes, in time order) for the subject up to `ctx.index.asOf`. */
  evaluate(ctx: RuleContext, subject: string, params: P): Condition[];
}

/** Helper so each rule file is type-checked against its own params; the first citation is the primary one. */
export function defineRule<P extends Record<string, unknown>>(rule: Omit<Rule<P>, 'citation'>): Rule<P> {
  const citation = rule.citations[0];
  if (!citation) throw new Error(`rule ${rule.id} cites no learning`);
  return { ...rule, citation };
}

// ---------------------------------------------------------------- episodes

/** Explanations are built lazily: most triggers are answered in time, and merged occurrences are never shown. */
export type Text = string | (() => string);
const text = (t: Text | undefined): string => (typeof t === 'function' ? t() : (t ?? ''));

/** A condition before it is rendered: times as numbers. */
export interface Episode {
  from: number;
  /** Infinity while holding. */
  to: number;
  evidence: IEvent[];
  /** Extra evidence refs that are not events (relationships). */
  extraRefs?: Ref[];
  people?: string[];
  explanation: Text;
  resolvedBy?: IEvent | Ref | null;
  resolution?: string;
  routing?: Routing;
  /** Set by mergeEpisodes: how many further occurrences were merged in, and the latest one's explanation. */
  merged?: number;
  latest?: Text;
}

export const describe = (e: IEvent): string => `${e.kind} ${e.key} (${e.agency}, ${isoDay(e.t)})`;

export function describeAll(es: readonly IEvent[], max = 6): string {
  const shown = es.slice(0, max).map(describe).join('; ');
  return es.length > max ? `${shown}; and ${es.length - max} more` : shown;
}

/**
 * Merges overlapping or touching episodes into one, because one subject has at
 * most one open alert per rule: the merged episode starts at the earliest start,
 * ends at the latest end (with that end's resolving record) and carries all the
 * evidence.
 */
export function mergeEpisodes(eps: Episode[]): Episode[] {
  if (eps.length <= 1) return eps.map((e) => ({ ...e, evidence: [...e.evidence] }));
  const sorted = [...eps].sort((a, b) => a.from - b.from);
  const out: Episode[] = [];
  let keys = new Set<string>();
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.from <= last.to) {
      for (const x of e.evidence) {
        if (!keys.has(x.key)) {
          keys.add(x.key);
          last.evidence.push(x);
        }
      }
      if (e.extraRefs) last.extraRefs = [...(last.extraRefs ?? []), ...e.extraRefs];
      if (e.people) last.people = [...new Set([...(last.people ?? []), ...e.people])];
      // Keep the explanation bounded: the first occurrence, a count, and the latest.
      last.merged = (last.merged ?? 0) + 1 + (e.merged ?? 0);
      last.latest = e.latest ?? e.explanation;
      if (e.routing) last.routing = mergeRouting(last.routing, e.routing);
      if (e.to > last.to) {
        last.to = e.to;
        last.resolvedBy = e.resolvedBy ?? null;
        last.resolution = e.resolution ?? '';
      }
    } else {
      out.push({ ...e, evidence: [...e.evidence] });
      keys = new Set(e.evidence.map((x) => x.key));
    }
  }
  return out;
}

function mergeRouting(a: Routing | undefined, b: Routing): Routing {
  const r: Routing = {};
  const agencies = [...new Set([...(a?.agencies ?? []), ...(b.agencies ?? [])])];
  const las = [...new Set([...(a?.localAuthorities ?? []), ...(b.localAuthorities ?? [])])];
  if (agencies.length) r.agencies = agencies;
  if (las.length) r.localAuthorities = las;
  if (a?.cscOpen || b.cscOpen) r.cscOpen = true;
  return r;
}

/** Renders episodes as conditions for `subject`, merging overlaps. */
export function toConditions(rule: string, subject: string, eps: Episode[], asOf: number): Condition[] {
  // Most (rule, subject) pairs hold nothing: no arrays to build.
  if (eps.length === 0) return [];
  return mergeEpisodes(eps.filter((e) => e.from <= asOf)).map((e) => {
    const refs: Ref[] = e.evidence.map((x) => x.ref);
    for (const r of e.extraRefs ?? []) if (!refs.some((x) => x.source === r.source && x.id === r.id)) refs.push(r);
    const people = [subject, ...(e.people ?? []).filter((p) => p !== subject)];
    const c: Condition = {
      rule,
      subject,
      people: [...new Set(people)],
      raisedAt: isoTime(e.from),
      evidence: refs,
      explanation: e.merged ? `${text(e.explanation)} Since then, ${e.merged} further occurrence${e.merged > 1 ? 's' : ''}; the latest: ${text(e.latest)}` : text(e.explanation),
    };
    const evidenceAgencies = [...new Set(e.evidence.map((x) => x.agency))];
    c.routing = { ...(e.routing ?? {}), evidenceAgencies };
    if (e.to <= asOf) {
      c.resolvedAt = isoTime(e.to);
      const rb = e.resolvedBy;
      c.resolvedBy = rb ? ('kind' in rb ? rb.ref : rb) : null;
      c.resolution = e.resolution ?? (rb && 'kind' in rb ? `Resolved by ${describe(rb)}.` : 'The condition no longer holds.');
    }
    return c;
  });
}

/**
 * The deadline pattern: a trigger must be followed by a response by `deadline`
 * (the moment it is late). Returns the episode if the response came late or not
 * at all by asOf: it starts at the deadline and ends at the first response after
 * it. `responses` must be in time order; only responses at or after `notBefore`
 * count (by default the trigger's own time).
 */
export function deadlineEpisode(args: {
  trigger: IEvent;
  deadline: number;
  responses: readonly IEvent[];
  asOf: number;
  notBefore?: number;
  explanation: Text;
  evidence?: IEvent[];
  people?: string[];
  routing?: Routing;
  /** Ends the episode without a response (e.g. the plan ended): time and record. */
  endsAt?: { t: number; by: IEvent | null; why: string };
}): Episode | null {
  const { trigger, deadline, responses, asOf } = args;
  if (asOf < deadline) return null;
  const notBefore = args.notBefore ?? trigger.t;
  const first = responses.find((r) => r.t >= notBefore);
  if (first && first.t <= deadline) return null;
  if (args.endsAt && args.endsAt.t <= deadline) return null;
  const ep: Episode = {
    from: deadline,
    to: Infinity,
    evidence: args.evidence ?? [trigger],
    explanation: args.explanation,
  };
  if (args.people) ep.people = args.people;
  if (args.routing) ep.routing = args.routing;
  if (first && (!args.endsAt || first.t <= args.endsAt.t)) {
    ep.to = first.t;
    ep.resolvedBy = first;
    ep.resolution = `Resolved late by ${describe(first)}.`;
  } else if (args.endsAt) {
    ep.to = args.endsAt.t;
    ep.resolvedBy = args.endsAt.by;
    ep.resolution = args.endsAt.why;
  }
  return ep;
}

/**
 * The sliding-window count pattern ("≥ k in W"): the condition holds from the
 * k-th event within a window until the window no longer holds k events, or
 * until a reset record (which also restarts the count).
 * `windowEnd(t)` gives the end of a window that starts at t.
 */
export function windowEpisodes(args: {
  events: readonly IEvent[];
  k: number;
  windowEnd: (t: number) => number;
  resets?: readonly IEvent[];
  asOf: number;
  explain: (counted: IEvent[]) => string;
  people?: (counted: IEvent[]) => string[];
}): Episode[] {
  const { events, k, windowEnd, asOf } = args;
  const resets = args.resets ?? [];
  const out: Episode[] = [];
  let segmentStart = -Infinity;
  let ri = 0;
  const segments: { events: IEvent[]; end: number; reset: IEvent | null }[] = [];
  let cur: IEvent[] = [];
  for (const e of events) {
    while (ri < resets.length && (resets[ri] as IEvent).t <= e.t) {
      const r = resets[ri] as IEvent;
      if (r.t >= segmentStart) {
        segments.push({ events: cur, end: r.t, reset: r });
        cur = [];
        segmentStart = r.t;
      }
      ri++;
    }
    cur.push(e);
  }
  const nextReset = resets.slice(ri).find((r) => r.t >= segmentStart) ?? null;
  segments.push({ events: cur, end: nextReset ? nextReset.t : Infinity, reset: nextReset });
  for (const seg of segments) {
    const es = seg.events;
    for (let i = k - 1; i < es.length; i++) {
      const start = es[i] as IEvent;
      const firstInWindow = es[i - k + 1] as IEvent;
      const expiry = windowEnd(firstInWindow.t);
      if (start.t >= expiry) continue;
      // Extend with the events that keep the window full.
      const counted = es.slice(i - k + 1, i + 1);
      let to = expiry;
      let j = i + 1;
      while (j < es.length && (es[j] as IEvent).t < to) {
        counted.push(es[j] as IEvent);
        to = windowEnd((es[j - k + 1] as IEvent).t);
        j++;
      }
      const ep: Episode = { from: start.t, to, evidence: counted, explanation: () => args.explain(counted) };
      if (args.people) ep.people = args.people(counted);
      if (seg.reset && seg.end <= to) {
        ep.to = seg.end;
        ep.resolvedBy = seg.reset;
        ep.resolution = `Resolved by ${describe(seg.reset)}.`;
      } else if (to <= asOf) {
        ep.resolvedBy = null;
        ep.resolution = `Fewer than ${k} in the window after ${isoDay(to)}.`;
      }
      out.push(ep);
      i = j - 1;
    }
  }
  return out.filter((e) => e.from <= asOf);
}

/**
 * The "not seen for longer than N days" pattern over an interval in which the
 * duty applies: the clock starts at the interval start and restarts at every
 * contact; the condition holds from the end of day `last + allowance` until the
 * next contact or the end of the interval.
 */
export function gapEpisodes(args: {
  from: number;
  to: number;
  allowanceDays: number;
  contacts: readonly IEvent[];
  asOf: number;
  startEvidence: IEvent[];
  explain: (last: IEvent | null, lastT: number) => string;
  endResolution: { by: IEvent | null; why: string };
}): Episode[] {
  const { from, to, allowanceDays, contacts, asOf } = args;
  const out: Episode[] = [];
  let last: IEvent | null = null;
  let lastT = from;
  // Contacts before the interval count: a child seen the day before the plan started was seen.
  for (const c of contacts) if (c.t <= from) last = c;
  if (last) lastT = Math.max(from, last.t);
  const inside = contacts.filter((c) => c.t > from && c.t < to);
  let idx = 0;
  for (;;) {
    const deadline = Math.floor(lastT / 86_400_000) * 86_400_000 + (allowanceDays + 1) * 86_400_000;
    const next = inside[idx];
    const end = Math.min(next ? next.t : Infinity, to);
    if (deadline < end && deadline <= asOf) {
      const ep: Episode = {
        from: deadline,
        to: end,
        evidence: last ? [...args.startEvidence, last] : [...args.startEvidence],
        explanation: ((l: IEvent | null, lt: number) => () => args.explain(l, lt))(last, lastT),
      };
      if (next && next.t <= to) {
        ep.resolvedBy = next;
        ep.resolution = `Seen: ${describe(next)}.`;
      } else if (end < Infinity) {
        ep.resolvedBy = args.endResolution.by;
        ep.resolution = args.endResolution.why;
      }
      out.push(ep);
    }
    if (!next || next.t >= to) break;
    last = next;
    lastT = next.t;
    idx++;
  }
  return out;
}

export { Calendar };
