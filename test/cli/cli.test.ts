import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIO } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { createTestDatabase } from '../support/engines.ts';

const work = mkdtempSync(join(tmpdir(), 'seen-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function capture(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...env, SEEN_USER: 'cli-tester' }, isTTY: false };
  return { io, out, err };
}

async function run(env: NodeJS.ProcessEnv, ...args: string[]) {
  const c = capture(env);
  const code = await main(args, c.io);
  return { code, stdout: c.out.join('\n'), stderr: c.err.join('\n') };
}

const fixture = resolve('test/fixtures/small.sef.jsonl');

for (const engine of ['pglite', 'postgres'] as const) {
  const skip = engine === 'postgres' && inject('postgresTemplate') === null;
  (skip ? describe.skip : describe)(`the seen command [${engine}]`, () => {
    let env: NodeJS.ProcessEnv = {};
    let drop = async () => {};
    beforeAll(async () => {
      if (engine === 'pglite') env = { SEEN_DATA: join(work, 'data') };
      else {
        const db = await createTestDatabase();
        env = { DATABASE_URL: db.url };
        drop = db.drop;
      }
    });
    afterAll(async () => drop());

    it('imports with the stable --json contract, and a second run is all unchanged', async () => {
      const first = await run(env, 'import', fixture, '--json');
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({ imported: 8, unchanged: 0, updated: 0, quarantined: 3 });
      expect(first.stderr).toMatch(/3 line\(s\) quarantined/);
      const second = await run(env, 'import', fixture, '--json');
      expect(JSON.parse(second.stdout)).toEqual({ imported: 0, unchanged: 8, updated: 0, quarantined: 3 });
    }, 180_000);

    it('prints a chronology as text and as JSON, with no sealed address', async () => {
      const text = await run(env, 'chronology', '--person', 'police-test:NOM-1', '--reason', 'core group');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/Chronology of Aisha Grace Adeyemi/);
      expect(text.stdout).toMatch(/2019-06-30 22:14 +police +Police incident: domestic abuse; children present, not seen/);
      expect(text.stdout).toMatch(/\[sealed address withheld\]/);
      const json = await run(env, 'chronology', '--person', 'police-test:NOM-1', '--json');
      const body = JSON.parse(json.stdout);
      expect(body.entries.map((e: { id: string; agency: string }) => [e.id, e.agency])).toEqual([
        ['CAD-1', 'police'],
        ['CAD-2', 'police'],
      ]);
      expect(text.stdout + json.stdout).not.toMatch(/Hidden Lane|CR0 1AA/);
      const missing = await run(env, 'chronology', '--person', 'police-test:NOBODY');
      expect(missing.code).toBe(1);
    });

    it('lists, shows and retries quarantined lines', async () => {
      const list = await run(env, 'quarantine', '--json');
      const listing = JSON.parse(list.stdout);
      expect(listing.entries.map((e: { line: number }) => e.line)).toEqual([9, 10, 12]);
      const show = await run(env, 'quarantine', 'show', String(listing.entries[1].id));
      expect(show.stdout).toMatch(/line 10/);
      expect(show.stdout).toMatch(/no_such_kind/);
      const fix = join(work, `fix-${engine}.jsonl`);
      writeFileSync(fix, JSON.stringify({ type: 'event', source: 'police-test', id: 'CAD-3', kind: 'police_incident', at: '2019-06-30', subjects: [{ person: 'NOM-1', role: 'victim' }], data: { category: 'other' } }) + '\n');
      const retry = await run(env, 'quarantine', 'retry', String(listing.entries[1].id), '--with', fix);
      expect(retry.stdout).toMatch(/imported/);
      const after = JSON.parse((await run(env, 'quarantine', '--json')).stdout);
      expect(after.entries.map((e: { line: number }) => e.line)).toEqual([9, 12]);
    });

    it('loads a synthetic partnership into the current store with seen demo --load', async () => {
      const loaded = await run(env, 'demo', '--children', '40', '--seed', 'cli-test', '--load');
      expect(loaded.code).toBe(0);
      expect(loaded.stdout).toMatch(/Loaded the demo partnership: \d+ children, \d+ people, (\d+) records: \1 imported, 0 unchanged, 0 updated, 0 quarantined\./);
      expect(loaded.stdout).toMatch(/Linked \d+ person records/);
      const queue = await run(env, 'review', 'list', '--json');
      expect(queue.code).toBe(0);
      expect(JSON.parse(queue.stdout)).toEqual({ total: expect.any(Number), items: expect.any(Array) });
      expect((await run(env, 'review', 'decide', 'police-test:NOM-1', 'police-test:NOM-2', 'maybe', '--reason', 'unsure')).code).toBe(2);
      expect((await run(env, 'review', 'decide', 'police-test:NOM-1', 'police-test:NOM-2', 'non-match')).stderr).toMatch(/--reason/);
    }, 180_000);

    it('explains usage mistakes with exit code 2', async () => {
      expect((await run(env, 'frobnicate')).code).toBe(2);
      const noFile = await run(env, 'import');
      expect(noFile.code).toBe(2);
      expect(noFile.stderr).toMatch(/name at least one file/);
      expect((await run(env, 'import', '/no/such/file.jsonl')).stderr).toMatch(/no such file/);
      expect((await run(env, 'chronology', '--person', 'no-colon')).stderr).toMatch(/SOURCE:ID/);
    });
  });
}
