import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { importFile } from '../src/ingest/importer.ts';
import { copyRow } from '../src/store/bulk.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { syntheticSef } from '../test/support/synthetic-sef.ts';

/**
 * Import throughput on both engines, beside a raw COPY of the same rows into
 * a bare table measured in the same run (the machine is shared and noisy:
 * only ratios taken side by side mean much).
 *
 *   npm run bench -- import [--events N] [--batch N] [--database-url URL]
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { events: { type: 'string' }, batch: { type: 'string' }, 'database-url': { type: 'string' } } });
  const events = Number(values.events ?? 200_000);
  const people = Math.round(events / 10);
  const batchSize = Number(values.batch ?? 5000);
  const adminUrl = values['database-url'] ?? process.env.SEEN_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

  const work = mkdtempSync(join(tmpdir(), 'seen-bench-import-'));
  const file = join(work, 'events.sef.jsonl');
  const lines = [...syntheticSef({ people, events, seed: 42, prefix: 'B' })];
  writeFileSync(file, lines.join('\n') + '\n');
  const records = lines.length;
  console.log(`import benchmark: ${records.toLocaleString('en-GB')} SEF records (${events.toLocaleString('en-GB')} events, ${people.toLocaleString('en-GB')} people), batches of ${batchSize}`);

  const results: { engine: string; raw: number; seen: number; again: number }[] = [];
  try {
    for (const engine of ['postgres', 'pglite'] as const) {
      let store: Store;
      let cleanup = async () => {};
      if (engine === 'postgres') {
        const name = `seen_bench_${process.pid}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        try {
          await admin.connect();
        } catch {
          console.log(`postgres: server at ${adminUrl} unreachable, skipped`);
          continue;
        }
        await admin.query(`drop database if exists ${name}`);
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        store = await openStore({ databaseUrl: url.toString() });
        cleanup = async () => {
          const a = new pg.Client({ connectionString: adminUrl });
          await a.connect();
          await a.query(`drop database if exists ${name} with (force)`);
          await a.end();
        };
      } else {
        store = await openStore({ dataDir: join(work, 'pglite') });
      }
      try {
        const raw = await rawCopy(store, lines, batchSize);
        const started = performance.now();
        const report = await importFile(store, file, { actor: 'bench', channel: 'bench', batchSize });
        const seen = records / ((performance.now() - started) / 1000);
        if (report.imported !== records) throw new Error(`expected ${records} imported, got ${JSON.stringify(report)}`);
        const againStarted = performance.now();
        const again = await importFile(store, file, { actor: 'bench', channel: 'bench', batchSize });
        if (again.unchanged !== records) throw new Error(`expected every record unchanged, got ${JSON.stringify(again)}`);
        results.push({ engine, raw, seen, again: records / ((performance.now() - againStarted) / 1000) });
      } finally {
        await store.close();
        await cleanup();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log('\nengine    raw COPY rows/s   seen import records/s   ratio   re-import (unchanged) records/s');
  for (const r of results) {
    console.log(
      `${r.engine.padEnd(9)} ${Math.round(r.raw).toLocaleString('en-GB').padStart(15)}   ${Math.round(r.seen).toLocaleString('en-GB').padStart(21)}   ${(r.seen / r.raw).toFixed(2).padStart(5)}   ${Math.round(r.again).toLocaleString('en-GB').padStart(10)}`,
    );
  }
  console.log('\ntargets: ≥ 50,000 events/s into PostgreSQL, and ≥ 0.5 of the raw COPY rate');
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
