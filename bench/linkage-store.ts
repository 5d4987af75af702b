// `npm run bench -- linkage-store [--children 20000] [--sample 200] [--engines pglite,postgres] [--keep DIR] [--score]`
// Incremental linking against a stored partnership: loads the demo with N
// children into a fresh store, links it from scratch (`seen link --rebuild`),
// then imports `sample` new person records (half another agency's copy of
// someone already known, half invented strangers) and links each one on its
// own, as an import does, through the blocking index. Prints the rebuild time
// and the latency of linking one new record (median, 95th percentile, max).
// `--keep DIR` keeps the embedded store in DIR and reuses it next time; on
// the server, `--keep NAME` keeps the database seen_keep_NAME. `--score`
// scores the people the store's linking made (after the rebuild, before the
// new records) against the demo's truth: pairwise precision and recall, and
// wrong merges of two children or of a child and an adult. The linkage
// benchmark measures the identity code; this measures the store's use of it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'kysely';
import { generateDemo, writeDemo } from '../src/demo/index.ts';
import { mulberry32 } from '../src/identity/index.ts';
import { importStream } from '../src/ingest/importer.ts';
import { lastRun } from '../src/people/link-store.ts';
import { linkRecord, listPeople, rebuildLinks } from '../src/people/linking.ts';
import type { Store } from '../src/store/database.ts';
import { refreshStatistics } from '../src/store/statistics.ts';
import { openBenchStore } from './targets.ts';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
};

const SEED = 'linkage-store-bench';

async function loadAndLink(store: Store, engine: string, children: number): Promise<void> {
  let t = performance.now();
  const pipe = new PassThrough({ highWaterMark: 1 << 20 });
  const importing = importStream(store, pipe, { fileName: 'demo', actor: 'bench', channel: 'bench' });
  const written = await writeDemo({ children, seed: SEED, out: pipe });
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
      `${rebuilt.reviewPairs.toLocaleString('en-GB')} pairs for review; ${rebuilt.pairsScoredOnWorker.toLocaleString('en-GB')} candidate pairs scored on the worker thread${rebuilt.blockedOnWorker ? ', which made them all' : ''}; peak RSS of this process so far ${(process.resourceUsage().maxRSS / 1e6).toFixed(2)} GB)`,
  );
}

/** The store's people scored against the demo's truth (regenerated from its seed). */
async function scoreStore(store: Store, engine: string, children: number): Promise<void> {
  const truthOf = new Map<string, string>();
  const child = new Set<string>();
  for (const item of generateDemo({ children, seed: SEED })) {
    if (item.kind !== 'truth') continue;
    const t = JSON.parse(item.line) as { type: string; person?: string; records?: { source: string; id: string }[]; members?: { person: string; role: string }[] };
    if (t.type === 'person') for (const r of t.records ?? []) truthOf.set(`${r.source}:${r.id}`, t.person!);
    if (t.type === 'household') for (const m of t.members ?? []) if (m.role === 'child') child.add(m.person);
  }
  let predicted = 0;
  let right = 0;
  let twoChildren = 0;
  let childAdult = 0;
  const found = new Map<string, number>();
  for (const p of await listPeople(store.db)) {
    const labels = p.records.map((r) => truthOf.get(`${r.source}:${r.id}`)).filter((l): l is string => l !== undefined);
    for (const l of labels) found.set(l, (found.get(l) ?? 0) + 1);
    for (let x = 0; x < labels.length; x++) {
      for (let y = x + 1; y < labels.length; y++) {
        predicted++;
        if (labels[x] === labels[y]) right++;
        else if (child.has(labels[x]!) && child.has(labels[y]!)) twoChildren++;
        else if (child.has(labels[x]!) || child.has(labels[y]!)) childAdult++;
      }
    }
  }
  let truePairs = 0;
  for (const n of found.values()) truePairs += (n * (n - 1)) / 2;
  console.log(
    `${engine}: the store's people against the demo's truth: precision ${(right / Math.max(1, predicted)).toFixed(4)}, recall ${(right / Math.max(1, truePairs)).toFixed(4)} (targets 0.995 and 0.95); ` +
      `wrong merges of two children ${twoChildren}, of a child and an adult ${childAdult}`,
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
  let score = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--children') children = Number(String(args[++i]).replace(/_/g, ''));
    else if (args[i] === '--sample') sample = Number(args[++i]);
    else if (args[i] === '--engines') engines = String(args[++i]).split(',') as typeof engines;
    else if (args[i] === '--keep') keep = String(args[++i]);
    else if (args[i] === '--score') score = true;
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
      if (score) await scoreStore(opened.store, engine, children);
      await linkNewRecords(opened.store, engine, sample);
    } finally {
      await opened.close();
      if (!reuse || engine !== 'pglite') rmSync(dir, { recursive: true, force: true });
    }
  }
}
