// Worker thread of bench/rules.ts: builds and evaluates the pictures of the
// batches of households it is sent, and returns their score.
import { parentPort } from 'node:worker_threads';
import { emptyScore, pictureOf, scoreHousehold, type DemoHousehold } from '../src/demo/pictures.ts';
import type { Policy } from '../src/rules/policy.ts';
import type { SefRec } from '../src/rules/scenario-picture.ts';

export interface Batch {
  sources: string[];
  households: DemoHousehold[];
  policy: Policy;
  asOf: string;
  windowStart: string;
}

let sources: SefRec[] | null = null;
parentPort?.on('message', (b: Batch) => {
  // Busy time of this thread (process.cpuUsage would count every thread of the process).
  const t = performance.now();
  sources ??= b.sources.map((l) => JSON.parse(l) as SefRec);
  const score = emptyScore();
  for (const h of b.households) scoreHousehold(score, pictureOf(sources, h), h, b.policy, b.asOf, b.windowStart);
  parentPort?.postMessage({ score, busyMs: performance.now() - t });
});
