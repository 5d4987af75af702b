import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { chronology } from '../../src/people/chronology.ts';
import { listPeople, rebuildLinks } from '../../src/people/linking.ts';
import { describeEachEngine } from '../support/engines.ts';
import { loadDemo } from '../support/store-helpers.ts';
import { buildApp } from '../../src/server/app.ts';

describeEachEngine('linking the stored records into people', (store) => {
  it('partitions every person record into people, and the chronology widens to the whole person', async () => {
    await loadDemo(store(), { children: 80, seed: 'linking-test' });

    const before = await listPeople(store().db);
    const report = await rebuildLinks(store(), 'tester');
    expect(report.records).toBe(before.length);
    const people = await listPeople(store().db);
    expect(people.length).toBe(report.people);
    expect(people.length).toBeLessThan(before.length);
    const keys = people.flatMap((p) => p.records.map((r) => `${r.source}:${r.id}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(report.records);

    // Read a few records at a time, the rebuild makes the same people.
    const partition = (ps: typeof people) => ps.map((p) => p.records.map((r) => `${r.source}:${r.id}`).sort().join(' ')).sort();
    const paged = await rebuildLinks(store(), 'tester', { readPage: 7 });
    expect(paged.records).toBe(report.records);
    expect(partition(await listPeople(store().db))).toEqual(partition(people));

    // A rebuild loads its tables bare and then indexes them: every index and constraint is back.
    const indexes = await sql<{ name: string }>`select indexname as name from pg_indexes where tablename in ('resolved_person', 'link_key') order by 1`.execute(store().db);
    expect(indexes.rows.map((r) => r.name)).toEqual(['link_key_pkey', 'link_key_record', 'resolved_person_person', 'resolved_person_pkey']);
    const fks = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = 'resolved_person'::regclass and contype = 'f'`.execute(store().db);
    expect(fks.rows.map((r) => r.name)).toEqual(['resolved_person_linkage_run_id_fkey']);

    // Linked on two threads, as a large store is: the same model, thresholds and people.
    const lastRun = async () => await store().db.selectFrom('linkage_run').select(['params', 'thresholds']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const inlineRun = await lastRun();
    expect(report.trainedOnWorker).toBe(false);
    expect(report.pairsScoredOnWorker).toBe(0);
    expect(report.blockedOnWorker).toBe(false);
    const parallel = await rebuildLinks(store(), 'tester', { parallelFrom: 0 });
    expect(parallel.trainedOnWorker).toBe(true);
    expect(parallel.blockedOnWorker).toBe(true);
    expect(await lastRun()).toEqual(inlineRun);
    expect(partition(await listPeople(store().db))).toEqual(partition(people));

    // A person with records at several agencies: their chronology holds every agency's events.
    const multi = people.find((p) => new Set(p.records.map((r) => r.source)).size >= 3)!;
    expect(multi).toBeDefined();
    const who = { actor: 'tester', channel: 'cli' as const, purpose: 'test' };
    const whole = await chronology(store().db, multi.records[0]!, who);
    expect(whole!.records.map((r) => `${r.source}:${r.id}`).sort()).toEqual(multi.records.map((r) => `${r.source}:${r.id}`).sort());

    // Explained, through the API: the two records of one person match with high probability.
    const app = await buildApp(store());
    try {
      const [x, y] = multi.records;
      const res = await app.inject({ method: 'GET', url: `/api/explain?a=${x!.source}:${x!.id}&b=${y!.source}:${y!.id}`, headers: { 'x-seen-user': 'tester' } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.samePerson).toBe(true);
      expect(body.explanation.probability).toBeGreaterThan(0.5);
      expect(body.explanation.comparisons.map((c: { comparison: string }) => c.comparison)).toEqual(expect.arrayContaining(['given', 'family', 'dob', 'sex', 'nhs', 'postcode']));
      const sum = body.explanation.priorWeight + body.explanation.comparisons.reduce((t: number, c: { weight: number; tfAdjustment: number }) => t + c.weight + c.tfAdjustment, 0);
      expect(sum).toBeCloseTo(body.explanation.totalWeight, 6);
      const listed = await app.inject({ method: 'GET', url: '/api/people', headers: { 'x-seen-user': 'tester' } });
      expect(listed.json()).toHaveLength(people.length);
    } finally {
      await app.close();
    }
  }, 240_000);
});
