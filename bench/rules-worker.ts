// Worker thread of bench/rules.ts: takes a batch of households (JSON Lines),
// parses, builds and evaluates each household's picture in turn, and returns
// the score with the time spent in each step.
import { parentPort } from 'node:worker_threads';
import { emptyScore, pictureOfParsed, scoreHousehold, type ParsedHousehold } from '../src/demo/pictures.ts';
import type { Policy } from '../src/rules/policy.ts';
import type { SefRec } from '../src/rules/scenario-picture.ts';

export interface Batch {
  sources: string[];
  /** `householdsJsonLines` of the batch, UTF-8 */
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
  const text = Buffer.from(b.households.buffer, b.households.byteOffset, b.households.byteLength).toString('utf8');
  let parseMs = performance.now() - t;
  let evaluateMs = 0;
  const score = emptyScore();
  // One household at a time: parsed just before it is evaluated, so its records are garbage with its picture.
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const t0 = performance.now();
    const h = JSON.parse(text.slice(at, end)) as ParsedHousehold;
    const t1 = performance.now();
    scoreHousehold(score, pictureOfParsed(sources, h), h, b.policy, b.asOf, b.windowStart);
    t = performance.now();
    parseMs += t1 - t0;
    evaluateMs += t - t1;
    at = end + 1;
  }
  return { score, parseMs, evaluateMs };
}

parentPort?.on('message', (b: Batch) => parentPort?.postMessage(runBatch(b)));
