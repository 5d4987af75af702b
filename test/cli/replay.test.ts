import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';

const scenario = 'test/scenarios/walker-thompson';

it('seen replay imports the history month by month through a scratch store and reports when each alert would first have been raised, and its lead time', async () => {
  const out: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: () => {}, env: {}, isTTY: false };
  const code = await main(['replay', `${scenario}.sef.jsonl`, '--people', `${scenario}.expected.json`, '--json'], io);
  expect(code).toBe(0);
  const result = JSON.parse(out.join('\n')) as { lastEvent: string; asOf: string; alerts: { rule: string; raisedAt: string; knownAt: string; leadDays: number; citation: { seed: string } | null }[] };
  const expected = JSON.parse(readFileSync(`${scenario}.expected.json`, 'utf8')) as { alerts: { rule: string; earliest: string }[] };
  // Every rule the review's pattern should trigger is raised, no later than its expected date.
  for (const rule of new Set(expected.alerts.map((a) => a.rule))) {
    const earliestExpected = expected.alerts.filter((a) => a.rule === rule).map((a) => a.earliest).sort()[0]!;
    const raised = result.alerts.filter((a) => a.rule === rule).map((a) => a.raisedAt.slice(0, 10)).sort();
    expect(raised.length, rule).toBeGreaterThan(0);
    expect(raised[0]! <= earliestExpected, `${rule}: raised ${raised[0]} expected by ${earliestExpected}`).toBe(true);
  }
  for (const a of result.alerts) {
    expect(a.citation?.seed).toMatch(/^00[0-4]_/);
    // Never known before the condition held.
    expect(Date.parse(a.knownAt)).toBeGreaterThanOrEqual(Date.parse(a.raisedAt));
    expect(a.leadDays).toBe(Math.floor((Date.parse(`${result.lastEvent.slice(0, 10)}T00:00:00Z`) - Date.parse(a.raisedAt)) / 86_400_000));
  }
  // Most are known at the first month end after the condition held; the rest
  // depend on records that arrived later but speak of earlier dates.
  const prompt = result.alerts.filter((a) => Date.parse(a.knownAt) - Date.parse(a.raisedAt) <= 31 * 86_400_000);
  expect(prompt.length / result.alerts.length).toBeGreaterThan(0.9);
}, 180_000);
