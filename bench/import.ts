import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { importFile } from '../src/ingest/importer.ts';
import { copyRow } from '../src/store/bulk.ts';
import type { Store } from '../src/store/database.ts';
import { openBenchStore } from './targets.ts';
import { syntheticSef } from '../test/support/synthetic-sef.ts';

/**
 * Import throughput on both engines, beside a raw COPY of the same rows into
 * a bare table measured in the same run (the machine is shared and noisy:
 * only ratios taken side by side mean much). CPU seconds are printed too
 * (this process, all its threads, and on a local server the database's
 * backends), which other work on the machine disturbs less than wall time.
 *
 *   npm run bench -- import [--events N] [--batch N] [--rounds R]   (server: SEEN_BENCH_DATABASE_URL)
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { events: { type: 'string' }, batch: { type: 'string' }, rounds: { type: 'string' } } });
  const events = Number(values.events ?? 200_000);
  const people = Math.round(events / 10);
  const batchSize = Number(values.batch ?? 5000);
  const rounds = Math.max(1, Number(values.rounds ?? 3));

  const work = mkdtempSync(join(tmpdir(), 'seen-bench-import-'));
  const file = join(work, 'events.sef.jsonl');
  const lines = [...syntheticSef({ people, events, seed: 42, prefix: 'B' })];
  writeFileSync(file, lines.join('\n') + '\n');
  const records = lines.length;
  console.log(`import benchmark: ${records.toLocaleString('en-GB')} SEF records (${events.toLocaleString('en-GB')} events, ${people.toLocaleString('en-GB')} people), batches of ${batchSize}`);

  const results: Result[] = [];
  let serverDown = false;
  try {
    // Rounds take turns between the engines, each into a fresh store, so
    // that a slow spell of this shared machine falls on both.
    const turns = Array.from({ length: rounds }, (_, round) => (['postgres', 'pglite'] as const).map((engine) => ({ round, engine }))).flat();
    for (const { round, engine } of turns) {
      if (engine === 'postgres' && serverDown) continue;
      const target = await openBenchStore(engine, join(work, `pglite-${round}`));
      if (!target) {
        console.log(`postgres: server unreachable, skipped`);
        serverDown = true;
        continue;
      }
      const store = target.store;
      try {
        const rawStart = await cpu(store);
        const raw = await rawCopy(store, lines, batchSize);
        const rawCpu = since(rawStart, await cpu(store));
        const cpuStart = await cpu(store);
        const started = performance.now();
        const report = await importFile(store, file, { actor: 'bench', channel: 'bench', batchSize });
        const seconds = (performance.now() - started) / 1000;
        const importCpu = since(cpuStart, await cpu(store));
        const seen = records / seconds;
        if (report.imported !== records) throw new Error(`expected ${records} imported, got ${JSON.stringify(report)}`);
        const againStarted = performance.now();
        const again = await importFile(store, file, { actor: 'bench', channel: 'bench', batchSize });
        if (again.unchanged !== records) throw new Error(`expected every record unchanged, got ${JSON.stringify(again)}`);
        results.push({ engine, raw, seen, events: events / seconds, again: records / ((performance.now() - againStarted) / 1000), rawCpu, cpu: importCpu });
      } finally {
        await target.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log(`\neach engine's middle round of ${rounds} by ratio to raw COPY (all rounds' ratios in brackets)`);
  console.log('engine    raw COPY rows/s   seen import records/s   events/s   ratio to raw COPY   re-import (unchanged) records/s');
  const middle: Result[] = [];
  for (const engine of ['postgres', 'pglite']) {
    const own = results.filter((r) => r.engine === engine).sort((a, b) => a.seen / a.raw - b.seen / b.raw);
    if (own.length > 0) middle.push({ ...own[Math.floor((own.length - 1) / 2)]!, ratios: own.map((r) => r.seen / r.raw) });
  }
  for (const r of middle) {
    console.log(
      `${r.engine.padEnd(9)} ${Math.round(r.raw).toLocaleString('en-GB').padStart(15)}   ${Math.round(r.seen).toLocaleString('en-GB').padStart(21)}   ${Math.round(r.events).toLocaleString('en-GB').padStart(8)}   ${(r.seen / r.raw).toFixed(2).padStart(17)}   ${Math.round(r.again).toLocaleString('en-GB').padStart(10)}   [${(r.ratios ?? []).map((x) => x.toFixed(2)).join(', ')}]`,
    );
  }
  console.log('\nCPU seconds of those rounds (this process + database backends):');
  for (const r of middle) {
    const db = (c: Cpu) => (c.db === null ? 'n/a' : c.db.toFixed(2));
    console.log(`${r.engine.padEnd(9)} raw COPY ${r.rawCpu.node.toFixed(2)} + ${db(r.rawCpu)}   import ${r.cpu.node.toFixed(2)} + ${db(r.cpu)}`);
  }
  console.log('\ntargets: ≥ 50,000 events/s into PostgreSQL, and ≥ 0.5 of the raw COPY rate');
}

interface Result {
  engine: string;
  raw: number;
  seen: number;
  events: number;
  again: number;
  rawCpu: Cpu;
  cpu: Cpu;
  ratios?: number[];
}

interface Cpu {
  node: number;
  /** The server's backends for this database (null when they cannot be read: PGlite runs in this process, or the server is elsewhere). */
  db: number | null;
  pids: Map<number, number>;
}

async function cpu(store: Store): Promise<Cpu> {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1e6;
  if (store.engine !== 'postgres') return { node, db: null, pids: new Map() };
  const pids = new Map<number, number>();
  const rows = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(store.db);
  try {
    for (const { pid } of rows.rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      pids.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in clock ticks of 1/100 s
    }
  } catch {
    return { node, db: null, pids };
  }
  return { node, db: 0, pids };
}

function since(start: Cpu, end: Cpu): Cpu {
  let db: number | null = start.db === null || end.db === null ? null : 0;
  if (db !== null) for (const [pid, t] of end.pids) db += t - (start.pids.get(pid) ?? 0);
  return { node: end.node - start.node, db, pids: new Map() };
}

/** The same SEF records, COPYed as JSON documents into a bare table, in the same batches. */
async function rawCopy(store: Store, lines: string[], batchSize: number): Promise<number> {
  await store.bulk((s) => s.query('create table if not exists bench_raw (body jsonb)').then(() => undefined));
  const started = performance.now();
  for (let i = 0; i < lines.length; i += batchSize) {
    let text = '';
    for (const line of lines.slice(i, i + batchSize)) text += copyRow([line]);
    await store.bulk((s) => s.copyIn('bench_raw', ['body'], text));
  }
  const rate = lines.length / ((performance.now() - started) / 1000);
  await store.bulk((s) => s.query('drop table bench_raw').then(() => undefined));
  return rate;
}
