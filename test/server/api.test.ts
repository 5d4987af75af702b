import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { describeEachEngine } from '../support/engines.ts';

const fixture = readFileSync('test/fixtures/small.sef.jsonl');
const user = { 'x-seen-user': 'api-tester', 'x-seen-reason': 'test' };

describeEachEngine('the HTTP API', (store, engine) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(store());
  });
  afterAll(async () => app.close());

  it('says it is healthy and on which engine', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', engine });
  });

  it('imports an uploaded file, plain or gzip, and reports the same counts as the CLI', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/imports?file=small.jsonl', headers: { 'content-type': 'application/x-ndjson', ...user }, payload: fixture });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ imported: 8, unchanged: 0, updated: 0, quarantined: 3, file: 'small.jsonl' });
    const again = await app.inject({ method: 'POST', url: '/api/imports?file=small.jsonl', headers: { 'content-type': 'application/gzip', ...user }, payload: gzipSync(fixture) });
    expect(again.json()).toMatchObject({ imported: 0, unchanged: 8, quarantined: 3 });
  });

  it('refuses an upload from nobody: every import and read names who did it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/imports', headers: { 'content-type': 'application/x-ndjson' }, payload: fixture });
    expect(res.statusCode).toBe(400);
  });

  it('serves a chronology without sealed addresses, audited', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/chronology?person=police-test:NOM-1', headers: user });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entries.map((e: { id: string }) => e.id)).toEqual(['CAD-1', 'CAD-2']);
    expect(body.entries[0]).toMatchObject({ agency: 'police', summary: expect.stringMatching(/domestic abuse/) });
    expect(res.body).not.toMatch(/Hidden Lane|CR0 1AA|The Refuge/);
    const audit = await store().db.selectFrom('audit_event').selectAll().where('actor', '=', 'api-tester').where('action', '=', 'chronology.read').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toMatchObject({ channel: 'api', subject: 'person:police-test:NOM-1', purpose: 'test' });
  });

  it('answers 404 for an unknown person and 400 for a malformed reference', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/chronology?person=police-test:NOPE', headers: user })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: '/api/chronology?person=nocolon', headers: user });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/SOURCE:ID/);
  });

  it('lists, shows and retries the quarantine', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/quarantine', headers: user });
    const entries = list.json().entries as { id: number; line: number; reason: string }[];
    expect(entries.map((e) => e.line)).toEqual([9, 10, 12]);
    expect(list.json().waiting[0]).toMatchObject({ record: { id: 'REF-1' }, waitingFor: [{ person: 'csc-test:C-9' }] });
    const shown = await app.inject({ method: 'GET', url: `/api/quarantine/${entries[0]!.id}`, headers: user });
    expect(shown.json()).toMatchObject({ line: 9, problemList: [{ path: 'birthDate' }] });
    const fixed = await app.inject({
      method: 'POST',
      url: `/api/quarantine/${entries[0]!.id}/retry`,
      headers: user,
      payload: { line: JSON.stringify({ type: 'person', source: 'police-test', id: 'NOM-4', name: { given: 'Bad', family: 'Date' }, birthDate: '2019-02-28' }) },
    });
    expect(fixed.json()).toEqual({ id: entries[0]!.id, outcome: 'imported', problems: [] });
    const after = await app.inject({ method: 'GET', url: '/api/quarantine', headers: user });
    expect(after.json().entries.map((e: { line: number }) => e.line)).toEqual([10, 12]);
  });

  it('documents itself as OpenAPI', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/imports', '/api/chronology', '/api/people', '/api/explain', '/api/quarantine', '/api/quarantine/{id}', '/api/quarantine/{id}/retry']),
    );
  });
});
