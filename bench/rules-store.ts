// The rules through the store: `npm run bench -- rules-store [--children N] [--engine postgres|pglite] [--rounds R] [--warm-up W] [--keep NAME]`
// (and the store section of `npm run bench -- rules`).
//
// Loads the demo partnership into a fresh store, links it, then prints:
//  - from scratch: every household's picture read from the database,
//    evaluated and every alert written (load / evaluate / write seconds);
//  - incremental: R rounds (default 20) of a 100-record import (copies of
//    existing events, a day later, so every kind and agency appears in
//    proportion) followed by linking and re-evaluation of only the people
//    touched and their households; p50 and p95 of the re-evaluation. W
//    imports before them (default 5) warm the process up, as a server's
//    first imports do; their times are printed apart, and the p95 over all
//    of them beside the steady one.
//
// With --keep NAME (PostgreSQL) the store is kept as the database
// seen_keep_NAME: the first run loads, links and evaluates it as above; later
// runs reuse it and measure only the imports, in a fresh process (a store of
// 100,000 children takes about ten minutes to build).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'kysely';
import { writeDemo } from '../src/demo/index.ts';
import { demoHouseholds } from '../src/demo/pictures.ts';
import { importStream } from '../src/ingest/importer.ts';
import { afterImport } from '../src/people/after-import.ts';
import { alertClock, evaluateAlerts } from '../src/people/alerts.ts';
import { linkImported, rebuildLinks } from '../src/people/linking.ts';
import type { Store } from '../src/store/database.ts';
import { refreshStatistics } from '../src/store/statistics.ts';
import { openBenchStore } from './targets.ts';

export interface RulesStoreArgs {
  children: number;
  seed: string;
  asOf: string;
  engine: 'postgres' | 'pglite';
  rounds: number;
  warmUp: number;
  keep: string | null;
}

export interface RulesStoreResult {
  engine: string;
  records: number;
  /** Null when a kept store was reused: it was loaded and evaluated by an earlier run. */
  fromScratch: null | { seconds: number; loadSeconds: number; evaluateSeconds: number; writeSeconds: number; households: number; subjects: number; raised: number; largestHousehold: number };
  /** Against the demo's oracle, with the store's own record linkage (not the ground truth). */
  oracle: null | { expected: number; found: number; missed: Record<string, number>; controlAlerts: Record<string, number> };
  incremental: { rounds: number; warmUpMs: number[]; evaluateMs: number[]; linkMs: number[]; importMs: number[]; subjects: number[]; readMs: number[]; rulesMs: number[]; writeMs: number[] };
}

export function parseRulesStoreArgs(argv: string[]): RulesStoreArgs {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const engine = value('--engine') ?? 'postgres';
  if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine is postgres or pglite');
  return {
    children: Number(value('--children') ?? 5000),
    seed: value('--seed') ?? 'seen',
    asOf: value('--as-of') ?? '2026-11-01',
    engine,
    rounds: Number(value('--rounds') ?? 20),
    warmUp: Number(value('--warm-up') ?? 5),
    keep: value('--keep') ?? null,
  };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};

export async function runRulesStoreBench(args: RulesStoreArgs): Promise<RulesStoreResult | null> {
  const dir = mkdtempSync(join(tmpdir(), 'seen-rules-bench-'));
  if (args.keep !== null && args.engine !== 'postgres') throw new Error('--keep keeps a database on the PostgreSQL server: use it with --engine postgres');
  const opened = await openBenchStore(args.engine, join(dir, 'data'), args.keep !== null ? { keep: args.keep } : {});
  if (!opened) {
    console.log(`rules through the store: no PostgreSQL server; skipped`);
    return null;
  }
  const { store } = opened;
  try {
    const asOf = `${args.asOf}T00:00:00Z`;
    // A kept store carries on where an earlier run stopped: each step runs
    // unless it has finished (loading again leaves every record unchanged).
    const demoImport = await sql<{ status: string }>`select status from import_run where file_name = 'demo' order by id desc limit 1`.execute(store.db);
    const loaded = demoImport.rows[0]?.status === 'completed';
    const linkageRuns = await sql<{ n: number }>`select count(*)::int as n from linkage_run where finished_at is not null`.execute(store.db);
    let fromScratch: RulesStoreResult['fromScratch'] = null;
    let oracle: RulesStoreResult['oracle'] = null;
    if (!loaded) {
      const pipe = new PassThrough({ highWaterMark: 1 << 20 });
      const importing = importStream(store, pipe, { fileName: 'demo', actor: 'bench', channel: 'bench' });
      await writeDemo({ children: args.children, seed: args.seed, asOf: args.asOf, out: pipe });
      pipe.end();
      const report = await importing;
      // As an import's follow-up does: statistics for the rows just loaded.
      await refreshStatistics(store.db, report.imported + report.updated);
    }
    if (!loaded || !linkageRuns.rows[0]!.n) await rebuildLinks(store, 'bench');
    if ((await alertClock(store.db)).fullAsOf === null) {
      const t0 = performance.now();
      const full = await evaluateAlerts(store.db, { asOf, actor: 'bench' });
      fromScratch = {
        seconds: (performance.now() - t0) / 1000,
        loadSeconds: full.loadSeconds,
        evaluateSeconds: full.evaluateSeconds,
        writeSeconds: full.writeSeconds,
        households: full.households,
        // Re-evaluation reads whole households: one that chains across the partnership makes every import touching it slow.
        largestHousehold: Number((await sql<{ n: number | null }>`select max(n) as n from (select count(*) as n from alert_household group by household) x`.execute(store.db)).rows[0]?.n ?? 0),
        subjects: full.subjects,
        raised: full.raised,
      };
      oracle = await scoreAgainstOracle(store, args);
    } else console.log(`reusing the kept store seen_keep_${args.keep}: loading, linking and the evaluation from scratch were measured when it was built`);
    const records = Number((await sql<{ n: number }>`select count(*)::int as n from record`.execute(store.db)).rows[0]!.n);
    // Each run's imports are new records, also in a kept store.
    const run = Date.now().toString(36);

    const incremental = { rounds: args.rounds, warmUpMs: [] as number[], evaluateMs: [] as number[], linkMs: [] as number[], importMs: [] as number[], subjects: [] as number[], readMs: [] as number[], rulesMs: [] as number[], writeMs: [] as number[] };
    // Every round's events are drawn before the first: drawn round by round,
    // a scan of the whole record table (3.4 s at 250,000 children) came just
    // before each import measured.
    const drawn = await sql<{ body: Record<string, unknown> & { id: string; at: string } }>`
      select body from record where type = 'event' order by md5(id::text || ${run}) limit ${(args.warmUp + args.rounds) * 100}`.execute(store.db);
    for (let round = 1 - args.warmUp; round <= args.rounds; round++) {
      const at0 = (round - 1 + args.warmUp) * 100;
      const text = drawn.rows
        .slice(at0, at0 + 100)
        .map(({ body }) => {
          const at = new Date(Date.parse(body.at.length <= 10 ? `${body.at}T12:00:00Z` : body.at) + 86_400_000).toISOString();
          return JSON.stringify({ ...body, id: `${body.id}-${run}r${round}`, at: body.at.length <= 10 ? at.slice(0, 10) : at });
        })
        .join('\n');
      const ti = performance.now();
      const report = await importStream(store, Readable.from([Buffer.from(text + '\n')]), { fileName: `round-${run}-${round}`, actor: 'bench', channel: 'bench' });
      const tl = performance.now();
      const linked = await linkImported(store, report.importId);
      const te = performance.now();
      const after = await afterImport(store, report.importId, { actor: 'bench', now: asOf, changedPeople: linked.changedPeople });
      const tend = performance.now();
      if (round < 1) {
        incremental.warmUpMs.push(tend - te);
        continue;
      }
      incremental.importMs.push(tl - ti);
      incremental.linkMs.push(te - tl);
      incremental.evaluateMs.push(tend - te);
      incremental.subjects.push(after.alerts.subjects);
      incremental.readMs.push(after.alerts.loadSeconds * 1000);
      incremental.rulesMs.push(after.alerts.evaluateSeconds * 1000);
      incremental.writeMs.push(after.alerts.writeSeconds * 1000);
    }
    return { engine: args.engine, records, fromScratch, oracle, incremental };
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Planted patterns found by the stored alerts (any alert of the rule on a person holding one of the true person's records), and alerts on control families. */
async function scoreAgainstOracle(store: Store, args: RulesStoreArgs): Promise<RulesStoreResult['oracle']> {
  const rows = await sql<{ rule: string; source: string; local_id: string }>`
    select a.rule, p.source, p.local_id from alert a
    join person p on coalesce((select rp.person_id from resolved_person rp where rp.record_id = p.record_id), 'person:' || p.source || ':' || p.local_id) = a.subject`.execute(store.db);
  const rulesOfRecord = new Map<string, Set<string>>();
  for (const r of rows.rows) {
    const k = `${r.source}:${r.local_id}`;
    const set = rulesOfRecord.get(k) ?? new Set<string>();
    set.add(r.rule);
    rulesOfRecord.set(k, set);
  }
  const out: RulesStoreResult['oracle'] = { expected: 0, found: 0, missed: {}, controlAlerts: {} };
  for (const h of demoHouseholds({ children: args.children, seed: args.seed, asOf: args.asOf }).households) {
    if (h.control) {
      for (const records of Object.values(h.people)) {
        for (const r of records) for (const rule of rulesOfRecord.get(`${r.source}:${r.id}`) ?? []) out.controlAlerts[rule] = (out.controlAlerts[rule] ?? 0) + 1;
      }
      continue;
    }
    for (const e of h.expected) {
      out.expected++;
      const records = h.people[e.person] ?? [];
      if (records.some((r) => rulesOfRecord.get(`${r.source}:${r.id}`)?.has(e.rule))) out.found++;
      else out.missed[e.rule] = (out.missed[e.rule] ?? 0) + 1;
    }
  }
  return out;
}

export function printRulesStoreBench(r: RulesStoreResult, children: number): void {
  const f = r.fromScratch;
  console.log(`\nrules through the store (${r.engine}; ${children.toLocaleString('en-GB')} children, ${r.records.toLocaleString('en-GB')} records, linked):`);
  if (f) {
    console.log(
      `  from scratch: ${f.seconds.toFixed(1)} s (read ${f.loadSeconds.toFixed(1)} s, evaluate ${f.evaluateSeconds.toFixed(1)} s in one thread, write ${f.writeSeconds.toFixed(1)} s); ${f.households.toLocaleString('en-GB')} households (the largest ${f.largestHousehold.toLocaleString('en-GB')} person records), ${f.subjects.toLocaleString('en-GB')} subjects, ${f.raised.toLocaleString('en-GB')} alerts stored` +
        `; at this rate 250,000 children would take about ${((f.seconds * 250_000) / children).toFixed(0)} s`,
    );
  }
  const o = r.oracle;
  if (o) {
    console.log(
      `  planted patterns found through the store's own linkage: ${o.found}/${o.expected} (${((100 * o.found) / Math.max(1, o.expected)).toFixed(1)}%)` +
        (Object.keys(o.missed).length ? `; missed: ${Object.entries(o.missed).map(([k, v]) => `${k} ${v}`).join(', ')}` : '') +
        `; alerts on control families (per record of theirs): ${Object.entries(o.controlAlerts).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    );
  }
  const i = r.incremental;
  const ms = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms`;
  if (i.warmUpMs.length) {
    const all = [...i.warmUpMs, ...i.evaluateMs];
    console.log(`  the first ${i.warmUpMs.length} imports warmed the process up (not in the figures below): ${i.warmUpMs.map((e) => `${e.toFixed(0)} ms`).join(', ')}; over all ${all.length} imports: ${ms(all)}`);
  }
  console.log(`  after a 100-record import (${i.rounds} rounds): re-evaluation ${ms(i.evaluateMs)} (target p95 < 200 ms); import ${ms(i.importMs)}; linking ${ms(i.linkMs)}; people re-evaluated per import: median ${quantile(i.subjects, 0.5)}`);
  // What the three phases leave: finding the people an import touched, splitting the picture into households, and bookkeeping.
  const other = i.evaluateMs.map((e, k) => e - i.readMs[k]! - i.rulesMs[k]! - i.writeMs[k]!);
  console.log(`    of the re-evaluation: read ${ms(i.readMs)}; rules ${ms(i.rulesMs)}; write ${ms(i.writeMs)}; the rest (people touched, households, bookkeeping) ${ms(other)}`);
  // Whether the tail is the first imports (a fresh process warming up) or spikes later on.
  const slowest = i.evaluateMs.map((e, k) => ({ e, k })).sort((a, b) => b.e - a.e).slice(0, 5);
  console.log(`    slowest re-evaluations: ${slowest.map(({ e, k }) => `import ${k + 1} ${e.toFixed(0)} ms (read ${i.readMs[k]!.toFixed(0)}, rules ${i.rulesMs[k]!.toFixed(0)}, write ${i.writeMs[k]!.toFixed(0)})`).join('; ')}`);
}

export async function run(argv: string[]): Promise<void> {
  const args = parseRulesStoreArgs(argv);
  const r = await runRulesStoreBench(args);
  if (r) printRulesStoreBench(r, args.children);
}
