// Linkage benchmark on the public labelled data in ../shared/data/linkage:
// FEBRL 1–3 (deduplicate), FEBRL 4a↔4b (link two files) and Splink's
// fake_1000 (deduplicate, with clerical labels). Thresholds are chosen from
// the model's own probabilities; labels are read only to score the result.
//
//   npx tsx -e "import('./bench/linkage.ts').then(m=>m.run([]))"
//   … m.run(['dataset3'])   only the named datasets
//   … m.run(['--json'])      one JSON object per dataset
//   … m.run(['demo=5000'])   the demo partnership (src/demo) with 5,000 children

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  blockingRecall,
  candidatePairs,
  chooseThresholds,
  cluster,
  clusterMetrics,
  compile,
  fromFebrlRow,
  fromSefPerson,
  pairMetrics,
  prepare,
  probability,
  scoreIndices,
  scorePairs,
  trainModel,
  truePairsFromLabels,
  PLAIN_POLICY,
  hardConflict,
  reviewCap,
  SEF_CONFIG,
  type BlockingRule,
  type ConflictPolicy,
  type LinkRecord,
  type LinkType,
  type TrainingOptions,
} from '../src/identity/index.ts';

const DATA = process.env.SEEN_LINKAGE_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data', 'linkage');

interface Dataset {
  name: string;
  records: LinkRecord[];
  labels: string[];
  linkType: LinkType;
  comparisons: string[];
  blocking: BlockingRule[];
  training: Pick<TrainingOptions, 'deterministicRules' | 'trainingRules'>;
  policy: ConflictPolicy;
  clerical?: Array<{ a: number; b: number; match: boolean }>;
  /** Per record: a child (role in a household) — for the "no wrong merge involving a child" check. */
  isChild?: boolean[];
}

function readCsv(file: string): Array<Record<string, string>> {
  // trim: FEBRL puts a space before every header and value; csv-parse copes with CRLF (4a) by itself.
  return parse(readFileSync(join(DATA, file), 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

const FEBRL_COMPARISONS = ['given', 'family', 'dob', 'otherId', 'postcode', 'address', 'town'];
const FEBRL_BLOCKING: BlockingRule[] = [
  { name: 'soc_sec_id', parts: ['otherId'] },
  { name: 'dob', parts: ['dob'] },
  { name: 'phonetic names', parts: ['givenPhonetic', 'familyPhonetic'] },
  { name: 'postcode + given initial', parts: ['postcode', 'givenInitial'] },
  { name: 'postcode + family initial', parts: ['postcode', 'familyInitial'] },
  { name: 'birth year + phonetic family', parts: ['birthYear', 'familyPhonetic'] },
  { name: 'initials (any order) + birth day', parts: ['nameInitials', 'birthMonthDay'] },
];
const FEBRL_TRAINING: Dataset['training'] = {
  deterministicRules: [
    { name: 'names + dob', parts: ['given', 'family', 'dob'] },
    { name: 'soc_sec_id + dob', parts: ['otherId', 'dob'] },
  ],
  trainingRules: [
    { name: 'dob', parts: ['dob'] },
    { name: 'given + family', parts: ['given', 'family'] },
    { name: 'soc_sec_id', parts: ['otherId'] },
  ],
};

function febrl(name: string, files: string[]): Dataset {
  const records: LinkRecord[] = [];
  const labels: string[] = [];
  files.forEach((f, s) => {
    for (const row of readCsv(f)) {
      const r = fromFebrlRow(row, files.length > 1 ? `febrl4${'ab'[s]}` : name);
      records.push(r);
      labels.push(r.key.id.split('-')[1] ?? r.key.id); // rec-N-org / rec-N-dup-K: N is the person
    }
  });
  const linkType: LinkType = files.length > 1 ? 'link-only' : 'dedupe';
  return {
    name,
    records,
    labels,
    linkType,
    comparisons: FEBRL_COMPARISONS,
    blocking: FEBRL_BLOCKING,
    training: FEBRL_TRAINING,
    // FEBRL has no sex, no NHS number; 4a and 4b are each free of duplicates.
    policy: { sameSource: linkType === 'link-only' },
  };
}

function fake1000(): Dataset {
  const rows = readCsv('fake_1000.csv');
  const records = rows.map((r) =>
    fromSefPerson({
      source: 'fake_1000',
      id: r.unique_id ?? '',
      name: { given: r.first_name ?? null, family: r.surname ?? null },
      birthDate: r.dob || null,
      addresses: r.city ? [{ town: r.city }] : [],
      emails: r.email ? [r.email] : [],
    }),
  );
  const index = new Map(records.map((r, i) => [r.key.id, i]));
  const clerical = existsSync(join(DATA, 'fake_1000_labels.csv'))
    ? readCsv('fake_1000_labels.csv').flatMap((l) => {
        const a = index.get(l.unique_id_l ?? '');
        const b = index.get(l.unique_id_r ?? '');
        return a === undefined || b === undefined ? [] : [{ a, b, match: Number(l.clerical_match_score) >= 0.5 }];
      })
    : [];
  return {
    name: 'fake_1000',
    records,
    clerical,
    labels: rows.map((r) => r.cluster ?? ''),
    linkType: 'dedupe',
    comparisons: ['given', 'family', 'dob', 'town', 'email'],
    blocking: [
      { name: 'dob', parts: ['dob'] },
      { name: 'email', parts: ['email'] },
      { name: 'phonetic names', parts: ['givenPhonetic', 'familyPhonetic'] },
      { name: 'given + birth year', parts: ['given', 'birthYear'] },
      { name: 'family + birth year', parts: ['familyPhonetic', 'birthYear'] },
      { name: 'initials (any order) + birth day', parts: ['nameInitials', 'birthMonthDay'] },
      { name: 'initials + town', parts: ['givenInitial', 'familyInitial', 'town'] },
      { name: 'phonetic given + town', parts: ['givenPhonetic', 'town'] },
      { name: 'phonetic family + town', parts: ['familyPhonetic', 'town'] },
      { name: 'birth year + town', parts: ['birthYear', 'town'] },
    ],
    training: {
      deterministicRules: [
        { name: 'names + dob', parts: ['given', 'family', 'dob'] },
        { name: 'email', parts: ['email'] },
      ],
      trainingRules: [
        { name: 'dob', parts: ['dob'] },
        { name: 'given + family', parts: ['given', 'family'] },
        { name: 'email', parts: ['email'] },
      ],
    },
    policy: {},
  };
}

/**
 * The demo partnership (src/demo) with its ground truth: person records of
 * every agency, and which records are one person. Children are the people
 * with the role "child" in a household.
 */
async function demo(children: number): Promise<Dataset> {
  const { generateDemo } = await import('../src/demo/index.ts');
  const records: LinkRecord[] = [];
  const truthOf = new Map<string, string>();
  const childPeople = new Set<string>();
  for (const item of generateDemo({ children, seed: 'seen' })) {
    const o = JSON.parse(item.line) as { type: string; [k: string]: unknown };
    if (item.kind === 'line' && o.type === 'person') records.push(fromSefPerson(o as unknown as Parameters<typeof fromSefPerson>[0]));
    else if (item.kind === 'truth' && o.type === 'person') for (const r of o.records as Array<{ source: string; id: string }>) truthOf.set(`${r.source}:${r.id}`, o.person as string);
    else if (item.kind === 'truth' && o.type === 'household') for (const m of o.members as Array<{ person: string; role: string }>) if (m.role === 'child') childPeople.add(m.person);
  }
  const labels = records.map((r) => truthOf.get(`${r.key.source}:${r.key.id}`) ?? `unlabelled:${r.key.source}:${r.key.id}`);
  return {
    name: `demo (${children} children)`,
    records,
    labels,
    linkType: 'dedupe',
    comparisons: SEF_CONFIG.comparisons,
    blocking: SEF_CONFIG.blocking,
    training: SEF_CONFIG.training,
    // The demo's "now" is 2026-11-01: anyone born after 2008-11-01 is a child.
    policy: process.env.SEEN_BENCH_MINORS === '0' ? {} : { minorsBornAfter: '2008-11-01' },
    isChild: labels.map((l) => childPeople.has(l)),
  };
}

const f = (x: number, d = 4): string => x.toFixed(d);

/**
 * Pairs scored per second of CPU time on one core, steady state: the best
 * of five windows after a warm-up. CPU time rather than wall time, because
 * other processes share this machine; it includes the process's garbage
 * collector threads, so it is the full cost of scoring.
 */
function throughput(fn: () => number): number {
  fn(); // warm-up: JIT and caches
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let best = 0;
  for (let w = 0; w < 5; w++) {
    let pairs = 0;
    const t0 = cpu();
    const wall = performance.now();
    while (performance.now() - wall < 500) pairs += fn();
    best = Math.max(best, pairs / Math.max(1e-6, cpu() - t0));
  }
  return best;
}

async function bench(ds: Dataset, json: boolean): Promise<Record<string, unknown>> {
  const n = ds.records.length;
  const counts = ds.linkType === 'link-only' ? (i: number, j: number) => ds.records[i]?.key.source !== ds.records[j]?.key.source : () => true;
  const truth = truePairsFromLabels(ds.labels, counts);
  const t0 = performance.now();
  const set = prepare(ds.records);
  const tPrep = performance.now();
  const params = trainModel(ds.records, { comparisons: ds.comparisons, linkType: ds.linkType, seed: 42, uSampleSize: 1_000_000, ...ds.training }, set);
  const tTrain = performance.now();
  const cands = candidatePairs(ds.records, ds.blocking, { linkType: ds.linkType });
  const tBlock = performance.now();
  const model = compile(params);
  const weights = scorePairs(set, model, cands.left, cands.right);
  const tScore = performance.now();
  const thresholds = chooseThresholds(weights);
  const scored = { left: cands.left, right: cands.right, weights };
  const score = (i: number, j: number): number => scoreIndices(set, model, i, j);
  const result = cluster(set, scored, { thresholds, policy: ds.policy, score });
  const tCluster = performance.now();
  // The same links clustered without the family vetoes (date of birth, sex, different given names).
  const plain = cluster(set, scored, { thresholds, policy: { ...PLAIN_POLICY, sameSource: ds.policy.sameSource ?? false }, score });
  const plainMetrics = clusterMetrics(plain.clusters, n, truth, counts);

  const br = blockingRecall(cands, n, truth);
  // The accept band as defined: above the threshold, no hard conflict, no review cap.
  const acceptable = (k: number): boolean => {
    if (probability(weights[k] as number) < thresholds.accept) return false;
    const i = cands.left[k] as number;
    const j = cands.right[k] as number;
    return hardConflict(set, i, j, ds.policy) === null && reviewCap(set, i, j, ds.policy) === null;
  };
  const pairwise = pairMetrics(cands.left, cands.right, acceptable, n, truth);
  const pairwiseScoreOnly = pairMetrics(cands.left, cands.right, (k) => probability(weights[k] as number) >= thresholds.accept, n, truth);
  const clustered = clusterMetrics(result.clusters, n, truth, counts);
  const inReviewOrAccepted = pairMetrics(cands.left, cands.right, (k) => probability(weights[k] as number) >= thresholds.review, n, truth);
  // Steady-state kernel speed on the candidate pairs, and on random pairs (mostly strangers).
  const candidateRate = throughput(() => scorePairs(set, model, cands.left, cands.right).length);
  const rl = new Uint32Array(100_000);
  const rr = new Uint32Array(100_000);
  let s = 7;
  for (let k = 0; k < rl.length; k++) {
    s = (s * 1103515245 + 12345) >>> 0;
    rl[k] = s % n;
    s = (s * 1103515245 + 12345) >>> 0;
    rr[k] = s % n;
  }
  const randomRate = throughput(() => scorePairs(set, model, rl, rr).length);

  // Wrong merges that matter most: two different children, or a child with an adult.
  let childMerges: { twoChildren: number; childAndAdult: number } | undefined;
  if (ds.isChild) {
    childMerges = { twoChildren: 0, childAndAdult: 0 };
    for (const c of result.clusters)
      for (let x = 0; x < c.length; x++)
        for (let y = x + 1; y < c.length; y++) {
          const i = c[x] as number;
          const j = c[y] as number;
          if (ds.labels[i] === ds.labels[j]) continue;
          const ci = ds.isChild[i] === true;
          const cj = ds.isChild[j] === true;
          if (ci && cj) childMerges.twoChildren++;
          else if (ci || cj) childMerges.childAndAdult++;
        }
  }
  let clericalReport: Record<string, unknown> | undefined;
  if (ds.clerical && ds.clerical.length > 0) {
    const labelled = ds.clerical;
    const score = (clusterOf: Int32Array): Record<string, number> => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let tn = 0;
      for (const c of labelled) {
        const same = clusterOf[c.a] === clusterOf[c.b];
        if (same && c.match) tp++;
        else if (same) fp++;
        else if (c.match) fn++;
        else tn++;
      }
      const p = tp + fp === 0 ? 1 : tp / (tp + fp);
      const r = tp + fn === 0 ? 1 : tp / (tp + fn);
      return { tp, fp, fn, tn, precision: p, recall: r, f1: (2 * p * r) / (p + r) };
    };
    clericalReport = { labelledPairs: labelled.length, safeguardingPolicy: score(result.clusterOf), plainPolicy: score(plain.clusterOf) };
  }
  const out = {
    dataset: ds.name,
    records: n,
    linkType: ds.linkType,
    truePairs: truth.length,
    candidatePairs: cands.left.length,
    blockingRecall: br.recall,
    byRule: cands.byRule,
    lambda: params.lambda,
    thresholds,
    pairwise,
    pairwiseScoreOnly,
    pairwiseIncludingReview: inReviewOrAccepted,
    clustered,
    clusters: result.clusters.length,
    reviewReasons: Object.fromEntries(result.review.reduce((m, r) => m.set(r.reason, (m.get(r.reason) ?? 0) + 1), new Map<string, number>())),
    clusteredPlainPolicy: plainMetrics,
    reviewQueuePlainPolicy: plain.review.length,
    reviewQueue: result.review.length,
    refusedByClustering: result.refused,
    clerical: clericalReport,
    wrongMergesInvolvingChildren: childMerges,
    ms: { prepare: tPrep - t0, train: tTrain - tPrep, block: tBlock - tTrain, score: tScore - tBlock, cluster: tCluster - tScore, total: tCluster - t0 },
    pairsPerSecondCandidates: candidateRate,
    pairsPerSecondRandom: randomRate,
  };
  if (json) console.log(JSON.stringify(out));
  else {
    const m = (x: { precision: number; recall: number; f1: number }): string => `P ${f(x.precision)}  R ${f(x.recall)}  F1 ${f(x.f1)}`;
    console.log(`\n== ${ds.name}: ${n} records, ${ds.linkType}, ${truth.length} true pairs`);
    console.log(`blocking   ${cands.left.length} candidate pairs (${cands.byRule.map((b) => `${b.rule} +${b.newPairs}`).join(', ')}); blocking recall ${f(br.recall)}`);
    console.log(`model      λ ${params.lambda.toExponential(3)}; EM runs ${params.training?.emRuns.map((r) => `${r.rule}: ${r.pairs} pairs/${r.patterns} patterns/${r.iterations} it`).join('; ')}`);
    console.log(`thresholds accept p ≥ ${f(thresholds.accept, 6)}, review p ≥ ${f(thresholds.review, 2)} (model-estimated precision ${f(thresholds.estimatedPrecision, 5)}, recall ${f(thresholds.estimatedRecall)})`);
    console.log(`pairwise   accepted links:        ${m(pairwise)}  (${pairwise.predictedPairs} links: p ≥ accept, no hard conflict, no review cap)`);
    console.log(`           p ≥ accept alone:      ${m(pairwiseScoreOnly)}`);
    console.log(`           accepted + review:     ${m(inReviewOrAccepted)}`);
    console.log(`people     safeguarding policy:   ${m(clustered)}  (${result.clusters.length} clusters; review queue ${result.review.length}; ${result.refused} accepted links refused by clustering)`);
    console.log(`           review reasons: ${[...Object.entries(out.reviewReasons)].map(([k, v]) => `${k} ${v}`).join('; ')}`);
    console.log(`people     plain FS policy:       ${m(plainMetrics)}  (${plain.clusters.length} clusters; review queue ${plain.review.length})`);
    if (clericalReport) console.log(`clerical   ${JSON.stringify(clericalReport)}`);
    if (childMerges) console.log(`children   wrongly merged pairs: two children ${childMerges.twoChildren}, a child and an adult ${childMerges.childAndAdult} (safeguarding policy)`);
    console.log(`time       ${Object.entries(out.ms).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
    console.log(`speed      ${candidateRate.toFixed(0)} candidate pairs/s, ${randomRate.toFixed(0)} random pairs/s (per CPU-second on one core, steady state)`);
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const only = args.filter((a) => !a.startsWith('--'));
  const makers: Array<[string, () => Dataset]> = [
    ['dataset1', () => febrl('dataset1', ['dataset1.csv'])],
    ['dataset2', () => febrl('dataset2', ['dataset2.csv'])],
    ['dataset3', () => febrl('dataset3', ['dataset3.csv'])],
    ['dataset4', () => febrl('dataset4', ['dataset4a.csv', 'dataset4b.csv'])],
    ['fake_1000', fake1000],
  ];
  for (const [name, make] of makers) {
    if (only.length > 0 && !only.includes(name)) continue;
    await bench(make(), json);
  }
  // The demo population: `demo` or `demo=N` (children), default 2,000.
  const d = args.find((a) => a === 'demo' || a.startsWith('demo='));
  if (only.length === 0 || d !== undefined) await bench(await demo(Number(d?.split('=')[1] ?? 2000)), json);
}
