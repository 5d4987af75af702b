// `npm run bench -- linkage-store [--children 20000] [--sample 200] [--engines pglite,postgres] [--keep DIR]`
// Incremental linking against a stored partnership: loads the demo with N
// children into a fresh store, links it from scratch (`seen link --rebuild`),
// then imports `sample` new person records (half another agency's copy of
// someone already known, half invented strangers) and links each one on its
// own, as an import does, through the blocking index. Prints the rebuild time
// and the latency of linking one new record (median, 95th percentile, max).
// `--keep DIR` keeps the embedded store in DIR and reuses it next time; on
// the server, `--keep NAME` keeps the database seen_keep_NAME.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'kysely';
import { writeDemo } from '../src/demo/index.ts';
import { mulberry32 } from '../src/identity/index.ts';
import { importStream } from '../src/ingest/importer.ts';
import { lastRun } from '../src/people/link-store.ts';
import { linkRecord, rebuildLinks } from '../src/people/linking.ts';
import type { Store } from '../src/store/database.ts';
import { refreshStatistics } from '../src/store/statistics.ts';
import { openBenchStore } from './targets.ts';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
};

async function loadAndLink(store: Store, engine: string, children: number): Promise<void> {
  let t = performance.now();
  const pipe = new PassThrough({ highWaterMark: 1 << 20 });
  const importing = importStream(store, pipe, { fileName: 'demo', actor: 'bench', channel: 'bench' });
  const written = await writeDemo({ children, seed: 'linkage-store-bench', out: pipe });
  pipe.end();
  const loaded = await importing;
  // As an import's follow-up does: statistics for the rows just loaded.
  await refreshStatistics(store.db, loaded.imported + loaded.updated);
  console.log(`${engine}: loaded ${written.records.toLocaleString('en-GB')} records in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const rebuilt = await rebuildLinks(store, 'bench');
  const keys = (await sql<{ n: number }>`select count(*)::int as n from link_key`.execute(store.db)).rows[0]!.n;
  console.log(
    `${engine}: rebuild linked ${rebuilt.records.toLocaleString('en-GB')} person records into ${rebuilt.people.toLocaleString('en-GB')} people in ${((performance.now() - t) / 1000).toFixed(1)} s ` +
      `(reading ${rebuilt.timings.read.toFixed(1)} s, linkage ${rebuilt.timings.link.toFixed(1)} s, storing people, review queue and ${keys.toLocaleString('en-GB')} blocking-index rows ${rebuilt.timings.write.toFixed(1)} s; ` +
      `${rebuilt.reviewPairs.toLocaleString('en-GB')} pairs for review)`,
  );
}

async function linkNewRecords(store: Store, engine: string, sample: number): Promise<void> {
  // New records: known people seen by a new agency, and strangers.
  const rand = mulberry32(7);
  const bodies = (await sql<{ body: Record<string, unknown> }>`select body from record where type = 'person' order by id`.execute(store.db)).rows.map((r) => r.body);
  const newSource = `bench-new-${Date.now()}`;
  const lines = [JSON.stringify({ type: 'source', id: newSource, agency: 'gp', name: 'Benchmark surgery' })];
  for (let i = 0; i < sample; i++) {
    const base = bodies[Math.floor(rand() * bodies.length)]!;
    const copy: Record<string, unknown> = { ...base, source: newSource, id: `NEW-${i}` };
    delete copy.recordedAt;
    if (i % 2 === 1) {
      copy.name = { given: `Qirel${i}`, family: `Vantrobe${i}` };
      copy.birthDate = `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
      delete copy.nhsNumber;
      delete copy.upn;
      delete copy.aliases;
      copy.phones = [];
    }
    lines.push(JSON.stringify(copy));
  }
  const report = await importStream(store, Readable.from([Buffer.from(lines.join('\n') + '\n')]), { fileName: newSource, actor: 'bench', channel: 'bench' });
  const ids = (await sql<{ id: number }>`select id from record where import_id = ${report.importId} and type = 'person' order by id`.execute(store.db)).rows.map((r) => Number(r.id));
  const run = (await lastRun(store.db))!;
  const times: number[] = [];
  const cpu: number[] = [];
  const candidates: number[] = [];
  const compared: number[] = [];
  let joined = 0;
  let reviewed = 0;
  for (const id of ids) {
    const s = performance.now();
    const c = process.cpuUsage();
    const one = await linkRecord(store.db, run, id);
    times.push(performance.now() - s);
    const dc = process.cpuUsage(c);
    cpu.push((dc.user + dc.system) / 1000);
    if (!one) continue;
    if (!one.newPerson) joined++;
    reviewed += one.review;
    candidates.push(one.candidates);
    compared.push(one.compared);
  }
  console.log(
    `${engine}: linked ${ids.length} new records one at a time (${joined} joined a known person, ${ids.length - joined} started a new one, ${reviewed} pairs queued for review): ` +
      `median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms wall (target p95 < 20 ms); ` +
      `this process's CPU per record: median ${quantile(cpu, 0.5).toFixed(1)} ms, p95 ${quantile(cpu, 0.95).toFixed(1)} ms (the rest is waiting: for the database server, or for a core on a shared machine); ` +
      `candidates scored per record: median ${quantile(candidates, 0.5)}, max ${Math.max(...candidates)}; records of possible people compared: median ${quantile(compared, 0.5)}, max ${Math.max(...compared)}`,
  );
}

export async function run(args: string[]): Promise<void> {
  let children = 20_000;
  let sample = 200;
  let engines: ('pglite' | 'postgres')[] = ['pglite', 'postgres'];
  let keep: string | null = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--children') children = Number(String(args[++i]).replace(/_/g, ''));
    else if (args[i] === '--sample') sample = Number(args[++i]);
    else if (args[i] === '--engines') engines = String(args[++i]).split(',') as typeof engines;
    else if (args[i] === '--keep') keep = String(args[++i]);
  }
  const os = await import('node:os');
  console.log(`seen linkage-store benchmark — node ${process.version}, ${os.cpus().length} CPUs, load average ${(os.loadavg()[0] ?? 0).toFixed(1)}; demo of ${children.toLocaleString('en-GB')} children, ${sample} new records`);
  for (const engine of engines) {
    const reuse = keep !== null;
    const dir = reuse && engine === 'pglite' ? (keep as string) : mkdtempSync(join(tmpdir(), 'seen-linkage-store-'));
    const opened = await openBenchStore(engine, dir, reuse ? { keep: keep as string } : {});
    if (!opened) {
      console.log(`${engine}: no server, skipped`);
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    try {
      if (reuse && (await lastRun(opened.store.db)) !== null) console.log(`${engine}: reusing the linked store kept as ${keep} (${opened.store.location})`);
      else await loadAndLink(opened.store, engine, children);
      await linkNewRecords(opened.store, engine, sample);
    } finally {
      await opened.close();
      if (!reuse || engine !== 'pglite') rmSync(dir, { recursive: true, force: true });
    }
  }
}
