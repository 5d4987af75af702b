// `npm run bench -- demo [--children 5000,250000] [--seed S]`: generation
// speed and memory of the demo partnership. For each size it generates once
// into a counting sink (pure generation) and once into a temporary file
// (generation plus writing), and prints records per second, peak resident
// memory and file size; then imports the file into each engine and prints
// records per second imported (`--import-up-to N` skips larger imports).

import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoStream, writeDemo } from '../src/demo/index.ts';
import { importFile } from '../src/ingest/importer.ts';
import { openBenchStore } from './targets.ts';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/** Peak resident set size of this process so far (kernel's high-water mark). */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export async function run(args: string[]): Promise<void> {
  let sizes = [5_000, 250_000];
  let seed = 'bench';
  // Importing 250,000 children (6.5 million records) takes many minutes per engine.
  let importUpTo = Number.POSITIVE_INFINITY;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--children') sizes = String(args[++i] ?? '').split(',').map((s) => Number(s.replace(/_/g, '')));
    else if (args[i] === '--seed') seed = String(args[++i] ?? seed);
    else if (args[i] === '--import-up-to') importUpTo = Number(args[++i]);
  }
  const load = (await import('node:os')).loadavg()[0] ?? 0;
  console.log(`seen demo benchmark — node ${process.version}, seed "${seed}", ${(await import('node:os')).cpus().length} CPUs, load average ${load.toFixed(1)}`);
  for (const children of sizes) {
    // 1. Counting sink: the generator alone. CPU time is printed beside wall
    // time because this machine is shared: wall time includes waiting for a core.
    let t = performance.now();
    let cpu = process.cpuUsage();
    const { items, stats } = demoStream({ children, seed });
    let bytes = 0;
    let sampled = 0;
    let n = 0;
    for (const item of items) {
      if (item.kind === 'line') bytes += Buffer.byteLength(item.line) + 1;
      if (++n % 200_000 === 0) sampled = Math.max(sampled, process.memoryUsage().rss);
    }
    let secs = (performance.now() - t) / 1000;
    let cpuSecs = cpuSeconds(cpu);
    console.log(
      `${children.toLocaleString('en-GB')} children → ${stats.records.toLocaleString('en-GB')} records (${stats.people.toLocaleString('en-GB')} people, ${stats.households.toLocaleString('en-GB')} households, ${stats.planted} planted, ${stats.controls} controls, ${stats.expectedAlerts.toLocaleString('en-GB')} expected alerts)`,
    );
    console.log(
      `  generate to a counting sink: ${secs.toFixed(1)} s wall (${Math.round(stats.records / secs).toLocaleString('en-GB')} records/s), ${cpuSecs.toFixed(1)} s CPU (${Math.round(stats.records / cpuSecs).toLocaleString('en-GB')} records per CPU-second), ${mb(bytes)} of SEF, RSS sampled max ${mb(sampled)}, peak RSS so far ${mb(peakRss())}`,
    );

    // 2. To a file (and the truth to another), through writeDemo's back-pressure.
    const dir = mkdtempSync(join(tmpdir(), 'seen-demo-bench-'));
    try {
      const file = join(dir, 'demo.sef.jsonl');
      const truthFile = join(dir, 'truth.jsonl');
      const out = createWriteStream(file);
      const truth = createWriteStream(truthFile);
      t = performance.now();
      cpu = process.cpuUsage();
      const r = await writeDemo({ children, seed, out, truth });
      await Promise.all([new Promise<void>((res) => out.end(res)), new Promise<void>((res) => truth.end(res))]);
      secs = (performance.now() - t) / 1000;
      cpuSecs = cpuSeconds(cpu);
      console.log(`  generate to a file: ${secs.toFixed(1)} s wall (${Math.round(r.records / secs).toLocaleString('en-GB')} records/s), ${cpuSecs.toFixed(1)} s CPU, file ${mb(statSync(file).size)}, truth ${mb(statSync(truthFile).size)}, peak RSS so far ${mb(peakRss())}`);

      // 3. Import the file, as `seen demo --load` and `npm start` do.
      if (children <= importUpTo) {
        for (const engine of ['pglite', 'postgres'] as const) {
          const target = await openBenchStore(engine, join(dir, 'pglite'));
          if (!target) {
            console.log(`  import into ${engine}: server unreachable, skipped`);
            continue;
          }
          try {
            t = performance.now();
            const report = await importFile(target.store, file, { actor: 'bench', channel: 'bench' });
            secs = (performance.now() - t) / 1000;
            console.log(
              `  import into ${engine}: ${secs.toFixed(1)} s (${Math.round(r.records / secs).toLocaleString('en-GB')} records/s), ${report.imported.toLocaleString('en-GB')} imported, ${report.quarantined} quarantined, ${report.waiting} waiting`,
            );
          } finally {
            await target.close();
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
