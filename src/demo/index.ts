// `seen demo`: a synthetic partnership written as SEF, streamed household by
// household, deterministic for a seed, with the ground truth beside it.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { backgroundHousehold } from './background.ts';
import { corruptLine } from './corrupt.ts';
import { dayOf, iso, type Day } from './dates.ts';
import type { Household } from './model.ts';
import { expectedAlerts } from './oracle.ts';
import { SOURCES } from './partnership.ts';
import { project, type ProjectStats } from './project.ts';
import { plantSchedule, type Planted } from './scenarios/index.ts';
import { World } from './world.ts';

export interface DemoOptions {
  children: number;
  seed: string | number;
  /** share of lines deliberately broken, default 0 */
  corruption?: number;
  /** data 'now', default '2026-11-01' */
  asOf?: string;
}

export type DemoItem = { kind: 'line'; line: string } | { kind: 'truth'; line: string };

export interface DemoStats {
  records: number;
  people: number;
  children: number;
  households: number;
  planted: number;
  controls: number;
  expectedAlerts: number;
  corrupted: number;
  /** identifiers deliberately mistyped so that their check fails (the parser warns about each) */
  invalidIdentifiers: number;
}

export const DEFAULTS = { children: 5000, seed: 'seen', asOf: '2026-11-01', historyYears: 8 } as const;

function childrenIn(h: Household, asOf: Day): number {
  let n = 0;
  for (const p of h.persons) if (p.child && p.dob <= asOf && asOf - p.dob < 18 * 365.25) n++;
  return n;
}

/** The generator and the counters it fills in as it runs. */
export function demoStream(opts: DemoOptions): { items: Generator<DemoItem, void>; stats: DemoStats } {
  const stats: DemoStats = { records: 0, people: 0, children: 0, households: 0, planted: 0, controls: 0, expectedAlerts: 0, corrupted: 0, invalidIdentifiers: 0 };
  return { items: run(opts, stats), stats };
}

export function generateDemo(opts: DemoOptions): Generator<DemoItem> {
  return demoStream(opts).items;
}

function* run(opts: DemoOptions, stats: DemoStats): Generator<DemoItem, void> {
  if (!Number.isInteger(opts.children) || opts.children < 0) throw new Error(`children must be a whole number ≥ 0, got ${opts.children}`);
  const asOfIso = opts.asOf ?? DEFAULTS.asOf;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfIso) || iso(dayOf(asOfIso)) !== asOfIso) throw new Error(`asOf must be a date YYYY-MM-DD, got ${asOfIso}`);
  const corruption = opts.corruption ?? 0;
  if (!(corruption >= 0 && corruption <= 1)) throw new Error(`corruption must be between 0 and 1, got ${corruption}`);
  const world = new World({ seed: String(opts.seed), asOf: dayOf(asOfIso), historyYears: DEFAULTS.historyYears, children: opts.children });
  const corruptRng = world.rng.fork('corrupt');
  const pstats: ProjectStats = { invalidIdentifiers: 0 };

  yield { kind: 'truth', line: JSON.stringify({ type: 'meta', generator: 'seen demo', version: 1, seed: String(opts.seed), children: opts.children, asOf: asOfIso, windowStart: iso(world.windowStart), corruption }) };
  for (const s of SOURCES) {
    const line = JSON.stringify({ type: 'source', id: s.id, agency: s.agency, name: s.name, localAuthority: s.localAuthority });
    stats.records++;
    yield { kind: 'line', line };
  }

  const schedule = plantSchedule(opts.children);
  // Planted families are spread through the file, not bunched at its start.
  const households = Math.max(1, Math.round(opts.children / 1.8));
  const gap = Math.max(1, Math.floor(households / (schedule.length + 1)));
  let next = 0;
  let i = 0;
  while (stats.children < opts.children || next < schedule.length) {
    const rng = world.rng.fork(`h${i}`);
    let h: Household;
    let planted: Planted | undefined;
    if (next < schedule.length && (i % gap === gap - 1 || stats.children >= opts.children)) {
      planted = schedule[next];
      next++;
    }
    if (planted) h = planted.build(world, rng, planted.variant);
    else h = backgroundHousehold(world, rng);
    i++;
    const out = project(world, rng.fork('project'), h, pstats);
    stats.households++;
    stats.children += childrenIn(h, world.asOf);
    for (const line of out.lines) {
      stats.records++;
      if (corruption > 0 && corruptRng.chance(corruption)) {
        const c = corruptLine(corruptRng, line);
        stats.corrupted++;
        yield { kind: 'line', line: c.line };
        yield { kind: 'truth', line: JSON.stringify({ type: 'corrupted', source: c.source, id: c.id, how: c.how }) };
      } else yield { kind: 'line', line };
    }
    for (const t of out.truth) yield { kind: 'truth', line: t };
    yield {
      kind: 'truth',
      line: JSON.stringify({
        type: 'household',
        household: h.hid,
        members: h.members.map((m) => ({ person: m.pid, role: m.role, from: iso(m.from), to: m.to === null ? null : iso(m.to) })),
        ...(h.scenario ? { scenario: h.scenario } : {}),
      }),
    };
    if (h.scenario && h.control) {
      stats.controls++;
      yield { kind: 'truth', line: JSON.stringify({ type: 'control', household: h.hid, scenario: h.scenario, review: h.review, nearMiss: h.nearMiss ?? [] }) };
    } else if (h.scenario) {
      stats.planted++;
      const t = h.trigger;
      yield {
        kind: 'truth',
        line: JSON.stringify({ type: 'scenario', household: h.hid, scenario: h.scenario, review: h.review, ...(t ? { trigger: { date: iso(t.day), source: t.src, id: t.id } } : {}) }),
      };
      for (const a of expectedAlerts(h, world.asOf)) {
        stats.expectedAlerts++;
        yield {
          kind: 'truth',
          line: JSON.stringify({
            type: 'expected_alert',
            rule: a.rule,
            person: a.pid,
            household: h.hid,
            records: a.evidence.map((e) => ({ source: e.src, id: e.id })),
            earliest: iso(a.earliest),
            scenario: h.scenario,
            review: h.citations?.[a.rule] ?? h.review,
          }),
        };
      }
    }
  }
  stats.people = world.people;
  stats.invalidIdentifiers = pstats.invalidIdentifiers;
}

async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** Writes the demo to `out` (and the truth to `truth`), respecting back-pressure. */
export async function writeDemo(
  opts: DemoOptions & { out: NodeJS.WritableStream; truth?: NodeJS.WritableStream },
): Promise<{ records: number; people: number; children: number }> {
  const { items, stats } = demoStream(opts);
  let buf = '';
  let tbuf = '';
  for (const item of items) {
    if (item.kind === 'line') {
      buf += item.line + '\n';
      if (buf.length > 1 << 20) {
        await write(opts.out, buf);
        buf = '';
      }
    } else if (opts.truth) {
      tbuf += item.line + '\n';
      if (tbuf.length > 1 << 20) {
        await write(opts.truth, tbuf);
        tbuf = '';
      }
    }
  }
  if (buf) await write(opts.out, buf);
  if (opts.truth && tbuf) await write(opts.truth, tbuf);
  return { records: stats.records, people: stats.people, children: stats.children };
}

/** Writes to files; resolves when both are flushed and closed. */
export async function writeDemoFiles(opts: DemoOptions & { out: string; truth?: string }): Promise<{ records: number; people: number; children: number }> {
  const out = createWriteStream(opts.out);
  const truth = opts.truth ? createWriteStream(opts.truth) : undefined;
  const { out: _o, truth: _t, ...rest } = opts;
  const r = await writeDemo({ ...rest, out, ...(truth ? { truth } : {}) });
  await Promise.all([new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res()))), truth ? new Promise<void>((res, rej) => truth.end((e?: Error | null) => (e ? rej(e) : res()))) : Promise.resolve()]);
  return r;
}

/** `seen demo [--children N] [--seed S] [--out FILE] [--truth FILE] [--corrupt RATE] [--as-of DATE] [--load]` */
export function parseDemoArgs(argv: string[]): DemoOptions & { out?: string; truth?: string; load: boolean } {
  const o: DemoOptions & { out?: string; truth?: string; load: boolean } = { children: DEFAULTS.children, seed: DEFAULTS.seed, load: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--children': {
        const v = value();
        const n = Number(v.replace(/_/g, ''));
        if (!Number.isInteger(n) || n < 0) throw new Error(`--children must be a whole number, got ${JSON.stringify(v)}`);
        o.children = n;
        break;
      }
      case '--seed':
        o.seed = value();
        break;
      case '--out':
        o.out = value();
        break;
      case '--truth':
        o.truth = value();
        break;
      case '--corrupt': {
        const v = value();
        const r = Number(v);
        if (!(r >= 0 && r <= 1)) throw new Error(`--corrupt must be a share between 0 and 1, got ${JSON.stringify(v)}`);
        o.corruption = r;
        break;
      }
      case '--as-of': {
        const v = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || iso(dayOf(v)) !== v) throw new Error(`--as-of must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
        o.asOf = v;
        break;
      }
      case '--load':
        o.load = true;
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(a)} (seen demo [--children N] [--seed S] [--out FILE] [--truth FILE] [--corrupt RATE] [--as-of DATE] [--load])`);
    }
  }
  return o;
}
