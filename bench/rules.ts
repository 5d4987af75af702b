// `npm run bench -- rules [--children N] [--seed S] [--as-of DATE] [--months M] [--workers N] [--policy FILE]`
//
// The rule catalogue over the demo partnership with perfect linkage (the
// demo's ground truth says which records are the same person). Prints, per
// rule, the alerts raised per 1,000 children per month over the last M months
// (default 12) before --as-of, the alerts open at --as-of (what a partnership
// switching Seen on would start with), and the share on planted families;
// then recall of the oracle's expected alerts, alerts on near-miss control
// families, and the from-scratch evaluation time (every household's picture
// built, indexed and evaluated, spread over worker threads).
//
// `runRulesBench(args)` returns the figures so that the store-side benchmark
// (incremental re-evaluation after a 100-record import, through the database)
// can be added in its own section below without touching this one.

import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULTS } from '../src/demo/index.ts';
import { demoHouseholds, emptyScore, householdsJsonLines, mergeScores, type DemoHousehold, type DemoScore } from '../src/demo/pictures.ts';
import { addMonths, isoTime, parseTime } from '../src/rules/calendar.ts';
import { defaultPolicy, loadPolicy, type Policy } from '../src/rules/policy.ts';
import type { Batch, BatchResult } from './rules-worker.ts';

export interface RulesBenchArgs {
  children: number;
  seed: string;
  asOf: string;
  months: number;
  workers: number;
  policy: Policy;
  policyFile: string | null;
}

export interface RulesBenchResult {
  args: RulesBenchArgs;
  children: number;
  households: number;
  planted: number;
  controls: number;
  score: DemoScore;
  generateSeconds: number;
  /** wall time to build, index and evaluate every household's picture */
  evaluateSeconds: number;
  /** size of the households' records as JSON */
  recordsMB: number;
  /** summed busy (wall) time of the threads parsing the records (JSON.parse): the cost on one core, when cores are not contended */
  parseBusySeconds: number;
  /** the same for building, indexing and evaluating the pictures */
  evaluateBusySeconds: number;
  /** CPU time of the whole process (all threads) while evaluating: the cost, whatever else the machine is doing */
  evaluateCpuSeconds: number;
  /** alerts raised per 1,000 children per month in the window, all rules */
  perThousandPerMonth: number;
}

export function parseRulesBenchArgs(argv: string[]): RulesBenchArgs {
  const a: RulesBenchArgs = { children: DEFAULTS.children, seed: DEFAULTS.seed, asOf: DEFAULTS.asOf, months: 12, workers: availableParallelism(), policy: defaultPolicy(), policyFile: null };
  for (let i = 0; i < argv.length; i++) {
    const v = () => String(argv[++i] ?? '');
    switch (argv[i]) {
      case '--children':
        a.children = Number(v().replace(/_/g, ''));
        break;
      case '--seed':
        a.seed = v();
        break;
      case '--as-of':
        a.asOf = v();
        break;
      case '--months':
        a.months = Number(v());
        break;
      case '--workers':
        a.workers = Math.max(0, Number(v()));
        break;
      case '--policy':
        a.policyFile = v();
        a.policy = loadPolicy(readFileSync(a.policyFile, 'utf8'), a.policyFile);
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (rules [--children N] [--seed S] [--as-of DATE] [--months M] [--workers N] [--policy FILE])`);
    }
  }
  if (!Number.isInteger(a.children) || a.children < 1) throw new Error('--children must be a whole number ≥ 1');
  return a;
}

const BATCH = 500;

/** Evaluates the batches on `workers` threads (0: in this thread), each taking the next batch when done. */
async function evaluate(batches: Batch[], workers: number): Promise<{ score: DemoScore; parseMs: number; evaluateMs: number }> {
  const total = { score: emptyScore(), parseMs: 0, evaluateMs: 0 };
  const add = (r: BatchResult) => {
    mergeScores(total.score, r.score);
    total.parseMs += r.parseMs;
    total.evaluateMs += r.evaluateMs;
  };
  if (workers === 0) {
    const { runBatch } = await import('./rules-worker.ts');
    for (const b of batches) add(runBatch(b));
    return total;
  }
  let next = 0;
  // A worker does not inherit tsx's loader: register it before importing the TypeScript entry.
  const entry = new URL('./rules-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
  // A large young generation: a household's records and picture die young, so fewer scavenges cost less in all
  // (on 12,000 demo households in one thread, collection pauses fell from ~35 to ~22 µs a household with the semi-space of 128 MB rather than 64 MB).
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => new Worker(boot, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 128 } }));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              const b = batches[next++];
              if (b) w.postMessage(b);
              else resolve();
            };
            w.on('message', (r: BatchResult) => {
              add(r);
              give();
            });
            w.on('error', reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return total;
}

export async function runRulesBench(args: RulesBenchArgs): Promise<RulesBenchResult> {
  const asOf = `${args.asOf}T00:00:00.000Z`;
  const windowStart = isoTime(addMonths(parseTime(asOf), -args.months));
  let t = performance.now();
  const { households, sources, stats } = demoHouseholds({ children: args.children, seed: args.seed, asOf: args.asOf });
  // Batches are held as UTF-8 (off the JavaScript heap): 250,000 children's records are a few gigabytes.
  const batches: Batch[] = [];
  let pending: DemoHousehold[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    batches.push({ sources, households: Buffer.from(householdsJsonLines(pending), 'utf8'), policy: args.policy, asOf, windowStart });
    pending = [];
  };
  for (const h of households) {
    pending.push(h);
    if (pending.length === BATCH) flush();
  }
  flush();
  const generateSeconds = (performance.now() - t) / 1000;
  const bytes = batches.reduce((n, b) => n + b.households.byteLength, 0);
  t = performance.now();
  const cpu = process.cpuUsage();
  const { score, parseMs, evaluateMs } = await evaluate(batches, args.workers);
  const evaluateSeconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const inWindow = Object.values(score.perRule).reduce((n, r) => n + r.inWindow, 0);
  return {
    args,
    children: stats.children,
    households: stats.households,
    planted: stats.planted,
    controls: stats.controls,
    score,
    generateSeconds,
    recordsMB: bytes / 1e6,
    evaluateSeconds,
    parseBusySeconds: parseMs / 1000,
    evaluateBusySeconds: evaluateMs / 1000,
    evaluateCpuSeconds: (used.user + used.system) / 1e6,
    perThousandPerMonth: inWindow / args.months / (stats.children / 1000),
  };
}

/** Whether the rule's recipients (as the policy has them) include children's social care or the MASH. */
function tellsCsc(rule: string, policy: Policy): boolean {
  return (policy.rules[rule]?.notify ?? []).some((t) => t === 'csc' || t.startsWith('csc:') || t === 'role:mash' || t === '{csc_if_open}' || t.endsWith(':csc'));
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(0)}%`);

export function printRulesBench(r: RulesBenchResult): void {
  const { args, score } = r;
  const k = r.children / 1000;
  console.log(
    `seen rules benchmark — node ${process.version}, ${availableParallelism()} CPUs, load average ${(loadavg()[0] ?? 0).toFixed(1)}; demo seed "${args.seed}", as of ${args.asOf}, policy ${args.policyFile ?? 'catalogue defaults'}`,
  );
  console.log(`${r.children.toLocaleString('en-GB')} children, ${r.households.toLocaleString('en-GB')} households (${r.planted} planted, ${r.controls} controls); true linkage`);
  console.log(
    `\nalerts per rule over the ${args.months} months before ${args.asOf}: raised per 1,000 children per month, raised, the share on planted families; ` +
      `open at ${args.asOf} (of them raised in those months); and over the whole history (about eight years), raised and the share on planted families. ` +
      `"CSC" marks rules that tell children's social care or the MASH by default.`,
  );
  console.log(
    `${'rule'.padEnd(36)} ${'/1k/month'.padStart(9)} ${'raised'.padStart(6)} ${'planted'.padStart(7)} ${'open'.padStart(6)} ${'recent'.padStart(6)} ${'ever'.padStart(6)} ${'planted'.padStart(7)}  told`,
  );
  const rows = Object.entries(score.perRule).sort((a, b) => b[1].inWindow - a[1].inWindow || b[1].open - a[1].open || a[0].localeCompare(b[0]));
  const sum = { inWindow: 0, planted: 0, open: 0, openInWindow: 0, raised: 0, plantedEver: 0, csc: 0 };
  for (const [rule, x] of rows) {
    const csc = tellsCsc(rule, args.policy);
    sum.inWindow += x.inWindow;
    sum.planted += x.plantedInWindow;
    sum.open += x.open;
    sum.openInWindow += x.openInWindow;
    sum.raised += x.raised;
    sum.plantedEver += x.planted;
    if (csc) sum.csc += x.inWindow;
    console.log(
      `${rule.padEnd(36)} ${(x.inWindow / args.months / k).toFixed(2).padStart(9)} ${String(x.inWindow).padStart(6)} ${pct(x.plantedInWindow, x.inWindow).padStart(7)} ${String(x.open).padStart(6)} ${String(x.openInWindow).padStart(6)} ${String(x.raised).padStart(6)} ${pct(x.planted, x.raised).padStart(7)}  ${csc ? 'CSC' : ''}`,
    );
  }
  console.log(
    `${'all rules'.padEnd(36)} ${(sum.inWindow / args.months / k).toFixed(2).padStart(9)} ${String(sum.inWindow).padStart(6)} ${pct(sum.planted, sum.inWindow).padStart(7)} ${String(sum.open).padStart(6)} ${String(sum.openInWindow).padStart(6)} ${String(sum.raised).padStart(6)} ${pct(sum.plantedEver, sum.raised).padStart(7)}`,
  );
  console.log(
    `  = ${(sum.inWindow / args.months).toFixed(0)} new alerts a month for ${r.children.toLocaleString('en-GB')} children (${(sum.inWindow / args.months / k).toFixed(2)} per 1,000 children a month; ` +
      `${(sum.csc / args.months / k).toFixed(2)} per 1,000 a month to children's social care or the MASH, the rest to police, schools, health and MARAC); ` +
      `${sum.open} open at ${args.asOf}, ${sum.openInWindow} of them raised in the last ${args.months} months`,
  );
  console.log(`\nplanted recall: ${score.found}/${score.expected} expected alerts raised (${pct(score.found, score.expected)})`);
  for (const m of score.misses.slice(0, 20)) console.log(`  missed: ${m}`);
  console.log(`controls: ${score.controlAlerts.length} alerts on ${r.controls} near-miss control families`);
  for (const m of score.controlAlerts.slice(0, 20)) console.log(`  control alert: ${m}`);
  const busy = r.parseBusySeconds + r.evaluateBusySeconds;
  console.log(
    `\nfrom-scratch evaluation of ${r.households.toLocaleString('en-GB')} households (${r.recordsMB.toFixed(0)} MB of records; every picture parsed, built, indexed and all ${Object.keys(args.policy.rules).length} rules evaluated): ` +
      `${r.evaluateSeconds.toFixed(1)} s wall on ${args.workers || 'no'} worker thread(s), ${r.evaluateCpuSeconds.toFixed(1)} s CPU (${((r.evaluateCpuSeconds * 1000) / r.households).toFixed(2)} ms per household)`,
  );
  console.log(
    `  busy time summed over the threads: ${busy.toFixed(1)} s (${((busy * 1000) / r.households).toFixed(2)} ms per household) = parsing the records ${r.parseBusySeconds.toFixed(1)} s + pictures and rules ${r.evaluateBusySeconds.toFixed(1)} s; ` +
      `load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} CPUs (busy time includes waiting for a core on a shared machine)`,
  );
  console.log(`  demo generation ${r.generateSeconds.toFixed(1)} s (not counted); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

export async function run(argv: string[]): Promise<void> {
  const result = await runRulesBench(parseRulesBenchArgs(argv));
  printRulesBench(result);

  // The same rules through the database (re-evaluation after an import, and
  // with the store's own linkage): npm run bench -- rules-store.
}
