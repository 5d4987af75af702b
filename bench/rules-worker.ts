// Worker thread of bench/rules.ts: parses a batch of households (one JSON
// text), builds and evaluates each household's picture, and returns the score
// with the time spent in each step.
import { parentPort } from 'node:worker_threads';
import { emptyScore, pictureOfParsed, scoreHousehold, type ParsedHousehold } from '../src/demo/pictures.ts';
import type { Policy } from '../src/rules/policy.ts';
import type { SefRec } from '../src/rules/scenario-picture.ts';

export interface Batch {
  sources: string[];
  /** `householdsJson` of the batch, UTF-8 */
  households: Uint8Array;
  policy: Policy;
  asOf: string;
  windowStart: string;
}

export interface BatchResult {
  score: ReturnType<typeof emptyScore>;
  /** wall time of this thread per step (process.cpuUsage would count every thread of the process) */
  parseMs: number;
  evaluateMs: number;
}

let sources: SefRec[] | null = null;

export function runBatch(b: Batch): BatchResult {
  let t = performance.now();
  sources ??= b.sources.map((l) => JSON.parse(l) as SefRec);
  const hs = JSON.parse(Buffer.from(b.households.buffer, b.households.byteOffset, b.households.byteLength).toString('utf8')) as ParsedHousehold[];
  const parseMs = performance.now() - t;
  t = performance.now();
  const score = emptyScore();
  for (const h of hs) scoreHousehold(score, pictureOfParsed(sources, h), h, b.policy, b.asOf, b.windowStart);
  return { score, parseMs, evaluateMs: performance.now() - t };
}

parentPort?.on('message', (b: Batch) => parentPort?.postMessage(runBatch(b)));
