import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { explainRecords, linkImported, listPeople, rebuildLinks } from '../../src/people/linking.ts';
import { lastRun, termKeysOf } from '../../src/people/link-store.ts';
import { fromSefPerson } from '../../src/identity/index.ts';
import { listReview, recordDecision } from '../../src/people/review.ts';
import { nhsCheckDigit } from '../../src/sef/identifiers.ts';
import { buildApp } from '../../src/server/app.ts';
import type { Store } from '../../src/store/database.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines, loadDemo } from '../support/store-helpers.ts';

const who = { actor: 'reviewer@test', channel: 'cli' as const, purpose: 'test' };
const ref = (k: string) => ({ source: k.slice(0, k.indexOf(':')), id: k.slice(k.indexOf(':') + 1) });

/** A valid NHS number from a seed (synthetic: mod-11 check digit computed). */
function nhs(seed: number): string {
  for (let n = seed; ; n++) {
    const nine = String(900000000 + (n % 99999999)).padStart(9, '0');
    const check = nhsCheckDigit(nine);
    if (check !== null) return nine + String(check);
  }
}

async function personOf(store: Store, key: string): Promise<string | null> {
  const { source, id } = ref(key);
  const row = await sql<{ person_id: string }>`
    select rp.person_id from person p join resolved_person rp on rp.record_id = p.record_id where p.source = ${source} and p.local_id = ${id}`.execute(store.db);
  return row.rows[0]?.person_id ?? null;
}

/** The kept term counts are what counting the linked records' terms gives (after a rebuild, new records, corrections). */
async function expectTermCountsAgree(store: Store): Promise<void> {
  const linked = await sql<{ body: Parameters<typeof fromSefPerson>[0] }>`
    select r.body from record r where r.type = 'person' and exists (select 1 from link_key k where k.record_id = r.id)`.execute(store.db);
  const expected = new Map<number, number>();
  for (const r of linked.rows) for (const k of termKeysOf(fromSefPerson(r.body))) expected.set(k, (expected.get(k) ?? 0) + 1);
  const kept = await sql<{ key: number; records: number }>`select key, records from link_term where records > 0`.execute(store.db);
  expect(new Map(kept.rows.map((r) => [Number(r.key), r.records]))).toEqual(expected);
}


const source = { type: 'source', id: 'tst-gp', agency: 'gp', name: 'Test surgery' };
const person = (id: string, given: string, family: string, birthDate: string, extra: Record<string, unknown> = {}) => ({
  type: 'person',
  source: 'tst-gp',
  id,
  name: { given, family },
  birthDate,
  sex: 'female',
  addresses: [{ line1: '7 Quillon Row', town: 'Wandlebury', postcode: 'WB7 3QQ', from: '2020-01-01', to: null, kind: 'home', sealed: false }],
  ...extra,
});

describeEachEngine('the review queue and reviewers\u2019 decisions', (store) => {
  it('links on the first import when there is no run, queues uncertain pairs, and obeys decisions now and after a rebuild', async () => {
    const importId = (await loadDemo(store(), { children: 60, seed: 'review-test' })).importId;
    // No linkage run yet: the import's linking is a full rebuild.
    const first = await linkImported(store(), importId);
    expect(first.rebuilt).toBeDefined();
    expect(first.linked).toBeGreaterThan(0);
    expect(first.changedPeople.length).toBe(first.rebuilt!.people);
    const keys = Number((await sql<{ n: number }>`select count(*)::int as n from link_key`.execute(store().db)).rows[0]!.n);
    expect(keys).toBeGreaterThan(first.linked * 5);

    const queue = await listReview(store().db, who);
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.items.length).toBe(Math.min(queue.total, 100));
    const probabilities = queue.items.map((i) => i.probability);
    expect(probabilities).toEqual([...probabilities].sort((x, y) => y - x));
    expect(JSON.stringify(queue)).not.toMatch(/line1|postcode/);

    // A queued pair decided as a match is one person at once, and stays so.
    const item = queue.items[0]!;
    const a = `${item.a.source}:${item.a.id}`;
    const b = `${item.b.source}:${item.b.id}`;
    const joined = await recordDecision(store(), ref(a), ref(b), 'match', 'same mother: confirmed with the health visitor', who);
    const conflicted = joined.conflict !== null;
    if (!conflicted) {
      expect(joined.samePerson).toBe(true);
      expect(await personOf(store(), a)).toBe(await personOf(store(), b));
    }
    const after = await listReview(store().db, who);
    expect(after.items.some((i) => `${i.a.source}:${i.a.id}` === a && `${i.b.source}:${i.b.id}` === b)).toBe(false);

    // A linked pair decided as a non-match is split at once.
    const people = await listPeople(store().db);
    const multi = people.find((p) => p.records.length >= 3)!;
    const x = `${multi.records[0]!.source}:${multi.records[0]!.id}`;
    const y = `${multi.records[1]!.source}:${multi.records[1]!.id}`;
    const split = await recordDecision(store(), ref(x), ref(y), 'non-match', 'different dates of birth on the birth certificates', who);
    expect(split.samePerson).toBe(false);
    expect(split.changedPeople.length).toBeGreaterThanOrEqual(2);
    expect(await personOf(store(), x)).not.toBe(await personOf(store(), y));

    // A rebuild re-derives everything from the records, and obeys both decisions.
    const report = await rebuildLinks(store(), 'tester');
    expect(report.decisions).toBe(2);
    expect(await personOf(store(), x)).not.toBe(await personOf(store(), y));
    if (!conflicted) expect(await personOf(store(), a)).toBe(await personOf(store(), b));
    const partition = (await listPeople(store().db)).flatMap((p) => p.records);
    expect(new Set(partition.map((r) => `${r.source}:${r.id}`)).size).toBe(report.records);

    // Explained: the decision is shown with the pair.
    const explained = await explainRecords(store().db, ref(x), ref(y), who);
    expect('missing' in explained).toBe(false);
    if (!('missing' in explained)) {
      expect(explained.samePerson).toBe(false);
      expect(explained.decision).toMatchObject({ decision: 'non-match', by: 'reviewer@test', reason: 'different dates of birth on the birth certificates' });
    }

    // Decisions are never changed or deleted in place.
    await expect(sql`delete from link_decision`.execute(store().db)).rejects.toThrow(/cannot be changed or deleted/);
    await expect(sql`update link_decision set decision = 'match'`.execute(store().db)).rejects.toThrow(/cannot be changed or deleted/);
  }, 300_000);

  it('refuses to join two records with different valid NHS numbers on a match decision, and says so', async () => {
    await importText(
      store(),
      lines(source, person('T-1', 'Orlaith', 'Penhaligon', '2016-04-09', { nhsNumber: nhs(11) }), person('T-2', 'Orlaith', 'Penhaligon', '2016-04-09', { nhsNumber: nhs(5000) })),
    );
    await linkImported(store(), (await store().db.selectFrom('import_run').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
    expect(await personOf(store(), 'tst-gp:T-1')).not.toBe(await personOf(store(), 'tst-gp:T-2'));
    const result = await recordDecision(store(), ref('tst-gp:T-1'), ref('tst-gp:T-2'), 'match', 'looks like a duplicate', who);
    expect(result.samePerson).toBe(false);
    expect(result.conflict).toMatch(/NHS/);
    const report = await rebuildLinks(store(), 'tester');
    expect(report.conflictingDecisions).toEqual([expect.objectContaining({ a: ref('tst-gp:T-1'), b: ref('tst-gp:T-2'), conflict: expect.stringMatching(/NHS/) })]);
    expect(await personOf(store(), 'tst-gp:T-1')).not.toBe(await personOf(store(), 'tst-gp:T-2'));
  }, 300_000);

  it('links an import incrementally through the blocking index, honouring decisions, and the API serves the queue', async () => {
    // A new agency's record of a person known to one agency (same NHS number, name and date of birth).
    const known = (
      await sql<{ body: Record<string, unknown> & { name: { given: string; family: string }; birthDate: string; nhsNumber: string } }>`
        select r.body from record r join resolved_person rp on rp.record_id = r.id
        where r.type = 'person' and r.body->>'nhsNumber' is not null and r.body->>'birthDate' ~ '^\\d{4}-\\d{2}-\\d{2}$' and r.source <> 'tst-gp'
          and (select count(*) from resolved_person o where o.person_id = rp.person_id) = 1
        order by r.id limit 1`.execute(store().db)
    ).rows[0]!.body;
    const knownKey = `${known.source as string}:${known.id as string}`;
    const before = await personOf(store(), knownKey);
    const copy = { ...known, source: 'tst-gp', id: 'NEW-1' };
    const stranger = person('NEW-2', 'Zephyrine', 'Quartermaine', '2011-12-30', { nhsNumber: nhs(777) });
    const runsBefore = (await store().db.selectFrom('linkage_run').select('id').execute()).length;
    const imported = await importText(store(), lines(source, copy, stranger), 'new.sef.jsonl');
    const linked = await linkImported(store(), imported.importId);
    expect(linked).toMatchObject({ linked: 2, newPeople: 1 });
    expect(linked.rebuilt).toBeUndefined();
    expect((await store().db.selectFrom('linkage_run').select('id').execute()).length).toBe(runsBefore);
    expect(await personOf(store(), 'tst-gp:NEW-1')).toBe(before);
    expect(await personOf(store(), 'tst-gp:NEW-2')).toBe('person:tst-gp:NEW-2');
    expect(linked.changedPeople).toEqual(expect.arrayContaining([before, 'person:tst-gp:NEW-2']));
    // Again for the same import: nothing left to do.
    expect(await linkImported(store(), imported.importId)).toMatchObject({ linked: 0, changedPeople: [] });

    // An import whose linking never ran (the process stopped) is linked with the next one.
    const skipped = await importText(store(), lines({ ...known, source: 'tst-gp', id: 'NEW-3' }), 'skipped.sef.jsonl');
    expect(skipped.imported).toBe(1);
    const next = await importText(store(), lines(person('NEW-4', 'Quillon', 'Farthingale', '1990-02-03')), 'next.sef.jsonl');
    expect(await linkImported(store(), next.importId)).toMatchObject({ linked: 2 });
    expect(await personOf(store(), 'tst-gp:NEW-3')).toBe(before);
    const unlinked = await sql<{ n: number }>`select count(*)::int as n from import_run where linked_at is null`.execute(store().db);
    expect(unlinked.rows[0]!.n).toBe(0);
    // On a server, an import cut short stays "running"; importing the same file again completes it, linking included.
    const cut = await importText(store(), lines({ ...known, source: 'tst-gp', id: 'NEW-5' }), 'cut-short.sef.jsonl');
    await sql`update import_run set status = 'running', linked_at = null where id = ${cut.importId}`.execute(store().db);
    const resumed = await importText(store(), lines({ ...known, source: 'tst-gp', id: 'NEW-5' }), 'cut-short.sef.jsonl');
    expect(resumed.unchanged).toBe(1);
    expect(await linkImported(store(), resumed.importId)).toMatchObject({ linked: 1 });
    expect(await personOf(store(), 'tst-gp:NEW-5')).toBe(before);

    // A reviewer says the new record is someone else; a correction of it re-links it, and the decision holds.
    await recordDecision(store(), ref('tst-gp:NEW-1'), ref(knownKey), 'non-match', 'the surgery registered the wrong patient', who);
    expect(await personOf(store(), 'tst-gp:NEW-1')).not.toBe(await personOf(store(), knownKey));
    const corrected = await importText(store(), lines({ ...copy, phones: ['07700 900456'] }), 'correction.sef.jsonl');
    expect(corrected.updated).toBe(1);
    const relinked = await linkImported(store(), corrected.importId);
    expect(relinked.linked).toBe(1);
    expect(await personOf(store(), 'tst-gp:NEW-1')).not.toBe(await personOf(store(), knownKey));
    await expectTermCountsAgree(store());
    // A renamed record moves its count from the old name to the new.
    const renamed = await importText(store(), lines({ ...stranger, name: { given: 'Zephyrine', family: 'Ashcombe-Quartermaine' } }), 'rename.sef.jsonl');
    expect((await linkImported(store(), renamed.importId)).linked).toBe(1);
    await expectTermCountsAgree(store());

    // An index built under other blocking rules (an older Seen's) is not trusted: the next import links everyone again.
    expect((await lastRun(store().db))!.currentRules).toBe(true);
    await sql`update linkage_run set blocking_rules = ${'[]'} where id = (select max(id) from linkage_run)`.execute(store().db);
    const afterUpgrade = await importText(store(), lines(person('NEW-6', 'Ottoline', 'Bramblewick', '1985-07-09')), 'upgrade.sef.jsonl');
    expect((await linkImported(store(), afterUpgrade.importId)).rebuilt).toBeDefined();
    expect((await lastRun(store().db))!.currentRules).toBe(true);

    // Through the API: an import links, the queue and decisions need a named caller.
    const app = await buildApp(store());
    try {
      const refused = await app.inject({ method: 'GET', url: '/api/review' });
      expect(refused.statusCode).toBe(400);
      const audited = await sql<{ n: number }>`select count(*)::int as n from audit_event where action = 'linkage.review.list'`.execute(store().db);
      const listed = await app.inject({ method: 'GET', url: '/api/review?limit=5', headers: { 'x-seen-user': 'api-reviewer' } });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.length).toBeLessThanOrEqual(5);
      const auditedAfter = await sql<{ n: number }>`select count(*)::int as n from audit_event where action = 'linkage.review.list'`.execute(store().db);
      expect(auditedAfter.rows[0]!.n).toBe(audited.rows[0]!.n + 1);

      const upload = await app.inject({
        method: 'POST',
        url: '/api/imports?file=api.sef.jsonl',
        headers: { 'x-seen-user': 'api-importer', 'content-type': 'application/x-ndjson' },
        payload: lines(person('API-1', 'Zephyrine', 'Quartermaine', '2011-12-30', { nhsNumber: nhs(777) })),
      });
      expect(upload.statusCode).toBe(200);
      expect(upload.json().linking).toMatchObject({ linked: 1, newPeople: 0 });
      expect(await personOf(store(), 'tst-gp:API-1')).toBe('person:tst-gp:NEW-2');

      const decided = await app.inject({
        method: 'POST',
        url: '/api/review/decisions',
        headers: { 'x-seen-user': 'api-reviewer' },
        payload: { a: 'tst-gp:API-1', b: 'tst-gp:NEW-2', decision: 'non-match', reason: 'twins registered under one number by mistake' },
      });
      expect(decided.statusCode).toBe(200);
      expect(decided.json()).toMatchObject({ samePerson: false, conflict: null, decision: { by: 'api-reviewer', decision: 'non-match' } });
      const missing = await app.inject({ method: 'POST', url: '/api/review/decisions', headers: { 'x-seen-user': 'api-reviewer' }, payload: { a: 'tst-gp:NOPE', b: 'tst-gp:NEW-2', decision: 'match', reason: 'x' } });
      expect(missing.statusCode).toBe(404);
      const decisions = await app.inject({ method: 'GET', url: '/api/review/decisions', headers: { 'x-seen-user': 'api-reviewer' } });
      expect(decisions.json()).toEqual(expect.arrayContaining([expect.objectContaining({ a: ref('tst-gp:NEW-2'), b: ref('tst-gp:API-1'), decision: 'non-match' })]));
    } finally {
      await app.close();
    }
  }, 300_000);
});
