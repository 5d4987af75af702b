import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { chronology, formatChronology } from '../../src/people/chronology.ts';
import { listQuarantine, retryQuarantine, showQuarantine } from '../../src/ingest/quarantine.ts';
import { recordHistory } from '../../src/ingest/history.ts';
import { importStream } from '../../src/ingest/importer.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines, tableCounts } from '../support/store-helpers.ts';
import { syntheticSef } from '../support/synthetic-sef.ts';

const who = { actor: 'reviewer@test', channel: 'cli' as const, purpose: 'test' };
const source = { type: 'source', id: 'hv-north', agency: 'health_visiting', name: 'North Health Visiting', localAuthority: 'Northshire' };
const mother = {
  type: 'person',
  source: 'hv-north',
  id: 'M-1',
  name: { given: 'Leah', family: 'Marston' },
  birthDate: '1994-05-02',
  sex: 'female',
  addresses: [
    { line1: '4 Orchard Row', town: 'Northtown', postcode: 'ne12ab', from: '2017-01-01', to: '2019-01-31', kind: 'home', sealed: false },
    { line1: 'Safe House, 9 Quiet Close', town: 'Southtown', postcode: 'SO1 9ZZ', from: '2019-02-01', to: null, kind: 'refuge', sealed: true },
  ],
};
const visit = (id: string, at: string, outcome: string) => ({
  type: 'event',
  source: 'hv-north',
  id,
  kind: 'visit',
  at,
  subjects: [{ person: 'M-1', role: 'mother' }, { person: 'C-1', role: 'child' }],
  address: { line1: 'Safe House, 9 Quiet Close', postcode: 'SO1 9ZZ' },
  data: { purpose: 'review', outcome, seen: outcome === 'seen' ? ['C-1'] : [] },
});
const child = { type: 'person', source: 'hv-north', id: 'C-1', name: { given: 'Rory', family: 'Marston' }, birthDate: '2018-11-20', sex: 'male' };

describeEachEngine('importing SEF', (store) => {
  it('imports a file once; the same file again changes nothing and no table grows', async () => {
    const text = [...syntheticSef({ people: 200, events: 800, seed: 7, prefix: 'A' })].join('\n');
    const first = await importText(store(), text, 'a.jsonl', { batchSize: 300 });
    expect(first).toMatchObject({ imported: 1004, unchanged: 0, updated: 0, quarantined: 0 });
    const before = await tableCounts(store().db);
    const second = await importText(store(), text, 'a.jsonl', { batchSize: 300 });
    expect(second).toMatchObject({ imported: 0, unchanged: 1004, updated: 0, quarantined: 0 });
    expect(await tableCounts(store().db)).toEqual(before);
  });

  it('keeps a corrected record as a new current version with the old one in its history', async () => {
    await importText(store(), lines(source, mother, child, visit('V-1', '2019-03-01', 'not_seen')));
    const corrected = await importText(store(), lines(source, mother, child, visit('V-1', '2019-03-01', 'seen')));
    expect(corrected).toMatchObject({ imported: 0, unchanged: 3, updated: 1 });
    const history = await recordHistory(store().db, { source: 'hv-north', type: 'event', id: 'V-1' });
    expect(history.map((v) => [v.version, v.current, (v.body.data as { outcome: string }).outcome])).toEqual([
      [1, false, 'not_seen'],
      [2, true, 'seen'],
    ]);
    const c = await chronology(store().db, { source: 'hv-north', id: 'C-1' }, who);
    expect(c!.entries.find((e) => e.id === 'V-1')!.summary).toMatch(/outcome: seen/);
    const subjects = await sql`select 1 from event_subject s join record r on r.id = s.event_id where r.local_id = 'V-1'`.execute(store().db);
    expect(subjects.rows).toHaveLength(2);
  });

  it('treats a repeated id with different content inside one file as a correction, in file order', async () => {
    const a = { ...child, id: 'C-DUP', name: { given: 'First', family: 'Version' } };
    const b = { ...child, id: 'C-DUP', name: { given: 'Second', family: 'Version' } };
    const report = await importText(store(), lines(source, a, b, a), 'dup.jsonl');
    expect(report).toMatchObject({ imported: 1, updated: 2, unchanged: 1, quarantined: 0 });
    const p = await store().db.selectFrom('person').select('given').where('local_id', '=', 'C-DUP').executeTakeFirstOrThrow();
    expect(p.given).toBe('First');
  });

  // A first load does not look its keys up (batch.ts, FreshKeys); the unique
  // index still catches what it gets wrong, and the batch is written again.
  it('sees a correction in a later batch of a first load, even with no key remembered', async () => {
    for (const [agency, rememberKeys] of [['a', undefined], ['b', 0]] as const) {
      const own = { type: 'source', id: `hv-later-${agency}`, agency: 'health_visiting' };
      const person = (id: string, given = 'Fill') => ({ ...child, source: own.id, id, name: { given, family: 'Version' } });
      const a = person('C-LATER', 'First');
      const b = person('C-LATER', 'Second');
      const text = lines(own, a, person('F-1'), person('F-2'), person('F-3'), b, person('F-4'), a, person('F-5'));
      const report = await importText(store(), text, `later-${agency}.jsonl`, { batchSize: 2, ...(rememberKeys === 0 ? { rememberKeys } : {}) });
      expect(report).toMatchObject({ imported: 7, updated: 2, unchanged: 0, quarantined: 0 });
      const history = await recordHistory(store().db, { source: own.id, type: 'person', id: 'C-LATER' });
      expect(history.map((v) => [v.version, v.current, (v.body.name as { given: string }).given])).toEqual([
        [1, false, 'First'],
        [2, false, 'Second'],
        [3, true, 'First'],
      ]);
    }
    const people = await store().db.selectFrom('person').select('local_id').where('source', 'in', ['hv-later-a', 'hv-later-b']).execute();
    expect(people).toHaveLength(12);
  });

  it('takes a record as new only while nobody else has stored it: an import that writes between two batches of another', async () => {
    // A source of its own, new to the store: the first import takes its keys as new without looking.
    const own = { type: 'source', id: 'hv-race', agency: 'health_visiting' };
    const person = (id: string, given: string) => ({ ...child, source: own.id, id, name: { given, family: 'Race' } });
    const first = new PassThrough();
    const importing = importStream(store(), first, { fileName: 'first.jsonl', actor: 'tester', channel: 'test', batchSize: 2 });
    first.write(lines(own, person('C-R1', 'One'), person('C-R2', 'Two'), person('C-R3', 'Three'), person('C-R4', 'Four')) + '\n');
    const stored = async (id: string) => (await store().db.selectFrom('record').select('id').where('source', '=', own.id).where('local_id', '=', id).execute()).length;
    for (let i = 0; i < 400 && (await stored('C-R1')) === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await stored('C-R1')).toBe(1);
    // Another import stores C-R9 between the first one's batches.
    expect(await importText(store(), lines(own, person('C-R9', 'Theirs')), 'other.jsonl')).toMatchObject({ imported: 1, unchanged: 1 });
    first.end(lines(person('C-R9', 'Mine'), person('C-R5', 'Five')) + '\n');
    expect(await importing).toMatchObject({ imported: 6, updated: 1, unchanged: 0, quarantined: 0 });
    const history = await recordHistory(store().db, { source: own.id, type: 'person', id: 'C-R9' });
    expect(history.map((v) => [v.version, v.current, (v.body.name as { given: string }).given])).toEqual([
      [1, false, 'Theirs'],
      [2, true, 'Mine'],
    ]);
  });

  it('quarantines bad lines with file, line, field and a plain reason, and imports the rest', async () => {
    const text = lines(
      source,
      { ...child, id: 'C-BAD', birthDate: '2019-02-30' },
      '{"type":"person","source":"hv-north","id":"C-TRUNC","name":{"giv',
      { ...visit('V-BAD', '2019-03-01', 'seen'), kind: 'home_visit' },
      { ...child, id: 'C-OK' },
    );
    const report = await importText(store(), text, 'bad.jsonl');
    expect(report).toMatchObject({ imported: 1, unchanged: 1, quarantined: 3 });
    const listing = await listQuarantine(store().db, who);
    const fromFile = listing.entries.filter((e) => e.file === 'bad.jsonl');
    expect(fromFile.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(fromFile[0]!.reason).toMatch(/birthDate.*not a real date/);
    expect(fromFile[0]!.record).toEqual({ source: 'hv-north', type: 'person', id: 'C-BAD' });
    expect(fromFile[1]!.reason).toMatch(/not valid JSON/);
    expect(fromFile[2]!.reason).toMatch(/kind.*home_visit/);
    // Same file again: reported again, stored once.
    const again = await importText(store(), text, 'bad.jsonl');
    expect(again.quarantined).toBe(3);
    expect((await listQuarantine(store().db, who)).entries.filter((e) => e.file === 'bad.jsonl')).toHaveLength(3);
  });

  it('retries a quarantined line with a correction, and a later valid version resolves an entry by itself', async () => {
    await importText(store(), lines(source, { ...child, id: 'C-FIX', birthDate: '2019-13-01' }, { ...child, id: 'C-LATER', sex: 'boy' }), 'fix.jsonl');
    const open = (await listQuarantine(store().db, who)).entries.filter((e) => e.file === 'fix.jsonl');
    expect(open).toHaveLength(2);
    const stillBad = await retryQuarantine(store(), open[0]!.id, { actor: 'fixer', channel: 'cli' });
    expect(stillBad.outcome).toBe('still-invalid');
    const fixed = await retryQuarantine(store(), open[0]!.id, { actor: 'fixer', channel: 'cli', replacement: JSON.stringify({ ...child, id: 'C-FIX', birthDate: '2019-12-01' }) });
    expect(fixed.outcome).toBe('imported');
    expect(await store().db.selectFrom('person').select('birth_date').where('local_id', '=', 'C-FIX').executeTakeFirst()).toEqual({ birth_date: '2019-12-01' });
    await importText(store(), lines({ ...child, id: 'C-LATER', sex: 'male' }), 'later.jsonl');
    const after = (await listQuarantine(store().db, who, { status: 'all' })).entries.filter((e) => e.file === 'fix.jsonl');
    expect(after.map((e) => e.status)).toEqual(['resolved', 'resolved']);
    expect(after[1]!.reason).toMatch(/sex/);
  });

  it('keeps a record that refers to a person not yet seen waiting, and links it when the person arrives', async () => {
    const report = await importText(store(), lines(source, { ...visit('V-WAIT', '2020-01-10', 'seen'), subjects: [{ person: 'C-LATE', role: 'child' }] }), 'wait-1.jsonl');
    expect(report.imported).toBe(1);
    let listing = await listQuarantine(store().db, who);
    const waiting = listing.waiting.find((w) => w.record.id === 'V-WAIT');
    expect(waiting).toMatchObject({ file: 'wait-1.jsonl', line: 2, waitingFor: [{ path: 'subjects[0].person', person: 'hv-north:C-LATE' }] });
    await importText(store(), lines({ ...child, id: 'C-LATE' }), 'wait-2.jsonl');
    listing = await listQuarantine(store().db, who);
    expect(listing.waiting.find((w) => w.record.id === 'V-WAIT')).toBeUndefined();
    const c = await chronology(store().db, { source: 'hv-north', id: 'C-LATE' }, who);
    expect(c!.entries.map((e) => e.id)).toEqual(['V-WAIT']);
  });

  it('imports against an "other" agency, with a warning, a record whose source was never declared', async () => {
    const report = await importText(store(), lines({ ...child, source: 'mystery-system', id: 'X-1' }), 'undeclared.jsonl');
    expect(report.imported).toBe(1);
    expect(report.warnings.some((w) => /mystery-system.*never declared/.test(w.message))).toBe(true);
    const s = await store().db.selectFrom('source').selectAll().where('id', '=', 'mystery-system').executeTakeFirstOrThrow();
    expect(s).toMatchObject({ agency: 'other', declared: false });
  });

  it('reads a datetime without an offset as UK local time, and a date as a date', async () => {
    await importText(store(), lines(source, { ...child, id: 'C-TZ' }, { ...visit('V-BST', '2019-06-30T22:14:00', 'seen'), subjects: [{ person: 'C-TZ', role: 'child' }] }, { ...visit('V-DAY', '2019-12-01', 'seen'), subjects: [{ person: 'C-TZ', role: 'child' }] }));
    const c = await chronology(store().db, { source: 'hv-north', id: 'C-TZ' }, who);
    expect(c!.entries.map((e) => [e.id, e.at, e.precision])).toEqual([
      ['V-BST', '2019-06-30T21:14:00.000Z', 'datetime'],
      ['V-DAY', '2019-12-01', 'date'],
    ]);
  });

  it('reads gzip input', async () => {
    const report = await importText(store(), lines(source, { ...child, id: 'C-GZ' }), 'gz.jsonl.gz', { gzip: true });
    expect(report).toMatchObject({ imported: 1, unchanged: 1, quarantined: 0 });
  });

  it('shows a chronology in time order with agencies, never a sealed address, and audits the read', async () => {
    await importText(store(), lines(source, mother, child, visit('V-2', '2019-04-01', 'seen'), visit('V-3', '2019-02-10', 'no_access')));
    const before = await store().db.selectFrom('audit_event').select('id').where('subject', '=', 'person:hv-north:M-1').execute();
    const c = await chronology(store().db, { source: 'hv-north', id: 'M-1' }, { actor: 'sw-42', channel: 'api', purpose: 'strategy discussion' });
    expect(c!.entries.map((e) => [e.at, e.agency, e.id])).toEqual(
      expect.arrayContaining([
        ['2019-02-10', 'health_visiting', 'V-3'],
        ['2019-04-01', 'health_visiting', 'V-2'],
      ]),
    );
    const ats = c!.entries.map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);
    const text = JSON.stringify(c) + formatChronology(c!);
    expect(text).not.toMatch(/Safe House|Quiet Close|SO1 9ZZ/);
    expect(text).toMatch(/4 Orchard Row/);
    const after = await store().db.selectFrom('audit_event').selectAll().where('subject', '=', 'person:hv-north:M-1').execute();
    expect(after.length).toBe(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({ actor: 'sw-42', channel: 'api', action: 'chronology.read', purpose: 'strategy discussion' });
  });

  it('never shows a sealed address in a quarantined line', async () => {
    const bad = { ...mother, id: 'M-BAD', birthDate: 'yesterday' };
    await importText(store(), lines(bad, '{"type":"person","sealed":true,"addresses":[{"line1":"Safe House'), 'sealed-bad.jsonl');
    const entries = (await listQuarantine(store().db, who)).entries.filter((e) => e.file === 'sealed-bad.jsonl');
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      const detail = await showQuarantine(store().db, e.id, who);
      expect(detail!.rawWithheld).toBe(true);
      expect(detail!.raw).not.toMatch(/Safe House|Quiet Close|SO1 9ZZ/);
    }
  });

  it('refuses to change or delete the audit trail', async () => {
    await chronology(store().db, { source: 'hv-north', id: 'M-1' }, who);
    await expect(sql`update audit_event set actor = 'someone else'`.execute(store().db)).rejects.toThrow(/cannot be changed/);
    await expect(sql`delete from audit_event`.execute(store().db)).rejects.toThrow(/cannot be changed/);
  });

  it('imports the checked-in fixture with its deliberate mistakes quarantined', async () => {
    const report = await importText(store(), readFileSync('test/fixtures/small.sef.jsonl', 'utf8'), 'fixture.jsonl');
    expect(report).toMatchObject({ imported: 8, quarantined: 3 });
  });
});
