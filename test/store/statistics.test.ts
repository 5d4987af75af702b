import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { generateDemo } from '../../src/demo/index.ts';
import { followImport } from '../../src/people/after-import.ts';
import { evaluateAlerts } from '../../src/people/alerts.ts';
import { refreshStatistics } from '../../src/store/statistics.ts';
import type { Store } from '../../src/store/database.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText } from '../support/store-helpers.ts';

const tuples = async (store: Store, table: string) =>
  Number((await sql<{ n: number }>`select reltuples::float8 as n from pg_class where oid = ${table}::regclass`.execute(store.db)).rows[0]!.n);

describeEachEngine("the planner's statistics after an import", (store, engine) => {
  it.runIf(engine === 'postgres')('on a server, come with settings for short reads: no JIT, no parallel workers, cheap random reads', async () => {
    const setting = async (name: string) => (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(store().db)).rows[0]!.v;
    expect(await setting('jit')).toBe('off');
    expect(await setting('max_parallel_workers_per_gather')).toBe('0');
    expect(Number(await setting('random_page_cost'))).toBeCloseTo(1.1);
  });

  it('are gathered after an import that grows the store, and left alone after a small one', async () => {
    // Never analysed: the planner would size every lookup from defaults.
    expect(await tuples(store(), 'event_subject')).toBeLessThan(0);
    const text = [...generateDemo({ children: 30, seed: 'statistics' })].filter((i) => i.kind === 'line').map((i) => i.line).join('\n');
    const report = await importText(store(), text, 'demo.jsonl');
    expect(report.imported).toBeGreaterThan(500);
    await followImport(store(), report, { actor: 'tester', evaluate: false });
    const events = await tuples(store(), 'event_subject');
    expect(events).toBeGreaterThan(0);
    const columns = await sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = 'event_subject' and attname = 'person_id'`.execute(store().db);
    expect(columns.rows[0]!.n).toBe(1);
    // Ten more records in a store of hundreds: nothing to redo.
    expect(await refreshStatistics(store().db, 10)).toBe(false);
    // As many again as it holds: gathered again.
    expect(await refreshStatistics(store().db, report.imported)).toBe(true);
  });

  it('are gathered for the remembered households and the alerts after a full evaluation rewrites them', async () => {
    const text = [...generateDemo({ children: 30, seed: 'statistics' })].filter((i) => i.kind === 'line').map((i) => i.line).join('\n');
    const report = await importText(store(), text, 'demo.jsonl');
    await followImport(store(), report, { actor: 'tester', evaluate: false });
    const analysed = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = ${table}`.execute(store().db)).rows[0]!.n);
    expect(await analysed('alert_household')).toBe(0);
    const full = await evaluateAlerts(store().db, { asOf: '2026-11-01T00:00:00Z', actor: 'tester' });
    expect(full.raised).toBeGreaterThan(0);
    // Without them, an import's re-evaluation plans its household lookup as a scan of the whole table.
    expect(await analysed('alert_household')).toBeGreaterThan(0);
    expect(await analysed('alert')).toBeGreaterThan(0);
    expect(await tuples(store(), 'alert_household')).toBeGreaterThan(500);
  });
});
