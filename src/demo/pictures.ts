// The demo as the rules see it with perfect linkage: one Picture per true
// household, built from the agencies' SEF records and the demo's ground truth
// (which records are the same person), and a score of the rule catalogue
// against the oracle: recall of the planted families' expected alerts, alerts
// on near-miss control families, and the load per rule. Used by
// `npm run bench -- rules` and test/demo. Pure: everything stays in memory.

import { evaluatePicture } from '../rules/engine.ts';
import type { Picture } from '../rules/picture.ts';
import type { Policy } from '../rules/policy.ts';
import { pictureFromRecords, type SefRec } from '../rules/scenario-picture.ts';
import { demoStream, type DemoOptions, type DemoStats } from './index.ts';

/** One true household as plain data (cheap to send to a worker thread). */
export interface DemoHousehold {
  hid: string;
  /** its SEF records (person, relationship, event), as JSON lines */
  lines: string[];
  /** ground truth: true person id → the records that are that person */
  people: Record<string, { source: string; id: string }[]>;
  scenario?: string;
  control: boolean;
  nearMiss: string[];
  /** the oracle's expected alerts (planted families only); `person` is a true person id */
  expected: { rule: string; person: string; earliest: string }[];
}

/**
 * Streams the demo's households. The SEF source declarations come first in
 * the file (returned in `sources`, filled before the first household); each
 * household's records and truth lines follow one another, ending with its
 * `household` truth line and then its scenario lines.
 */
export function demoHouseholds(opts: DemoOptions): { households: Generator<DemoHousehold, void>; sources: string[]; stats: DemoStats } {
  const { items, stats } = demoStream(opts);
  const sources: string[] = [];
  return { households: run(items, sources), sources, stats };
}

function* run(items: Generator<{ kind: 'line' | 'truth'; line: string }, void>, sources: string[]): Generator<DemoHousehold, void> {
  let lines: string[] = [];
  let people: Record<string, { source: string; id: string }[]> = {};
  let pending: DemoHousehold | null = null;
  for (const item of items) {
    if (item.kind === 'line') {
      if (pending) {
        yield pending;
        pending = null;
      }
      if (item.line.startsWith('{"type":"source"')) sources.push(item.line);
      else lines.push(item.line);
      continue;
    }
    const o = JSON.parse(item.line) as Record<string, unknown>;
    switch (o.type) {
      case 'person':
        people[String(o.person)] = o.records as { source: string; id: string }[];
        break;
      case 'household':
        if (pending) yield pending;
        pending = { hid: String(o.household), lines, people, control: false, nearMiss: [], expected: [] };
        if (typeof o.scenario === 'string') pending.scenario = o.scenario;
        lines = [];
        people = {};
        break;
      case 'control':
        if (pending) {
          pending.control = true;
          pending.nearMiss = (o.nearMiss as string[]) ?? [];
        }
        break;
      case 'expected_alert':
        pending?.expected.push({ rule: String(o.rule), person: String(o.person), earliest: String(o.earliest) });
        break;
    }
  }
  if (pending) yield pending;
}

/** The household's picture, with true person ids as resolved ids (perfect linkage). */
export function pictureOf(sources: readonly SefRec[], h: DemoHousehold): Picture {
  return pictureFromRecords(sources, JSON.parse(`[${h.lines.join(',')}]`) as SefRec[], h.people);
}

/** A household with its records parsed (one line of `householdsJsonLines`). */
export type ParsedHousehold = Omit<DemoHousehold, 'lines'> & { records: SefRec[] };

/**
 * Households as JSON Lines, one household a line with its records inline: a
 * compact form to hold a large demo in a Buffer (off the JavaScript heap) and
 * hand to a worker thread. The worker parses each household just before
 * evaluating it, so its records die young with its picture: parsing a whole
 * batch at once kept 500 households alive through every collection (a third
 * of the worker's time was the garbage collector copying them).
 */
export function householdsJsonLines(hs: readonly DemoHousehold[]): string {
  // JSON text never holds a raw newline (JSON.stringify escapes it), so a newline ends a household.
  return hs.map(({ lines, ...meta }) => `${JSON.stringify(meta).slice(0, -1)},"records":[${lines.join(',')}]}`).join('\n');
}

export function pictureOfParsed(sources: readonly SefRec[], h: ParsedHousehold): Picture {
  return pictureFromRecords(sources, h.records, h.people);
}

export interface RuleLoad {
  /** conditions (alert episodes) over the whole history */
  raised: number;
  /** raised in the window (the last `months` before asOf) */
  inWindow: number;
  /** holding at asOf: the open alerts a partnership would start with */
  open: number;
  /** holding at asOf and raised in the window: the recent part of that backlog */
  openInWindow: number;
  /** raised in the window on planted families */
  plantedInWindow: number;
  /** on planted families, whole history */
  planted: number;
}

export interface DemoScore {
  households: number;
  perRule: Record<string, RuleLoad>;
  expected: number;
  found: number;
  /** expected alerts not raised: `scenario household rule person earliest` */
  misses: string[];
  /** alerts on control families: `scenario household rule person raisedAt` */
  controlAlerts: string[];
}

export function emptyScore(): DemoScore {
  return { households: 0, perRule: {}, expected: 0, found: 0, misses: [], controlAlerts: [] };
}

/**
 * Evaluates the policy over one household as of `asOf` and adds to `score`.
 * An expected alert is found when the rule raised a condition for that person
 * (its date is the oracle's business: the scenario tests check dates).
 */
export function scoreHousehold(score: DemoScore, picture: Picture, h: Pick<DemoHousehold, 'hid' | 'scenario' | 'control' | 'expected'>, policy: Policy, asOf: string, windowStart: string): void {
  const ev = evaluatePicture(picture, asOf, policy);
  score.households++;
  const planted = h.scenario !== undefined && !h.control;
  const got = new Set<string>();
  for (const c of ev.conditions) {
    got.add(`${c.rule}|${c.subject}`);
    let r = score.perRule[c.rule];
    if (!r) {
      r = { raised: 0, inWindow: 0, open: 0, openInWindow: 0, plantedInWindow: 0, planted: 0 };
      score.perRule[c.rule] = r;
    }
    r.raised++;
    const inWindow = c.raisedAt >= windowStart;
    if (inWindow) r.inWindow++;
    if (!c.resolvedAt) {
      r.open++;
      if (inWindow) r.openInWindow++;
    }
    if (planted) {
      r.planted++;
      if (inWindow) r.plantedInWindow++;
    }
    if (h.control) score.controlAlerts.push(`${h.scenario} ${h.hid} ${c.rule} ${c.subject} ${c.raisedAt}`);
  }
  for (const e of h.expected) {
    score.expected++;
    if (got.has(`${e.rule}|${e.person}`)) score.found++;
    else score.misses.push(`${h.scenario} ${h.hid} ${e.rule} ${e.person} ${e.earliest}`);
  }
}

export function mergeScores(into: DemoScore, from: DemoScore): DemoScore {
  into.households += from.households;
  into.expected += from.expected;
  into.found += from.found;
  into.misses.push(...from.misses);
  into.controlAlerts.push(...from.controlAlerts);
  for (const [rule, r] of Object.entries(from.perRule)) {
    const t = (into.perRule[rule] ??= { raised: 0, inWindow: 0, open: 0, openInWindow: 0, plantedInWindow: 0, planted: 0 });
    t.raised += r.raised;
    t.inWindow += r.inWindow;
    t.open += r.open;
    t.openInWindow += r.openInWindow ?? 0;
    t.plantedInWindow += r.plantedInWindow;
    t.planted += r.planted;
  }
  return into;
}
