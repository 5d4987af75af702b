import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { importFile } from '../../src/ingest/importer.ts';
import { openStore, type Engine } from '../../src/store/database.ts';
import { createTestDatabase } from '../support/engines.ts';
import { storeFingerprint } from '../support/store-helpers.ts';
import { syntheticSef } from '../support/synthetic-sef.ts';

const work = mkdtempSync(join(tmpdir(), 'seen-kill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = resolve(work, 'large.sef.jsonl');
const lines = [...syntheticSef({ people: 3000, events: 27000, seed: 11, prefix: 'K' })];
// A few bad lines too, so that the quarantine is part of the comparison.
for (let i = 1000; i < lines.length; i += 7919) lines.splice(i, 0, '{"type":"person","source":"csc-synth","id":"BROKEN-' + i + '","birthDate":"2019-02-30"}');
writeFileSync(file, lines.join('\n') + '\n');
const total = lines.length;

/** Runs `seen import` in a child process and SIGKILLs it once some batches are committed. */
function importAndKill(env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; progress: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/seen.js', 'import', file], {
      env: { ...process.env, ...env, SEEN_PROGRESS: '1', SEEN_USER: 'kill-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let progress = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = [...stderr.matchAll(/([\d,]+) lines/g)].pop();
      if (m) progress = Number(m[1]!.replace(/,/g, ''));
      if (progress >= 6000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolvePromise({ signal, progress }));
  });
}

const engines: Engine[] = ['pglite', 'postgres'];
for (const engine of engines) {
  const skip = engine === 'postgres' && inject('postgresTemplate') === null;
  (skip ? describe.skip : describe)(`an import killed with SIGKILL [${engine}]`, () => {
    it('leaves whole batches, and a re-run leaves exactly what a clean import leaves', async () => {
      const killed = engine === 'pglite' ? { env: { SEEN_DATA: join(work, 'killed') }, drop: async () => {} } : await serverTarget();
      const clean = engine === 'pglite' ? { env: { SEEN_DATA: join(work, 'clean') }, drop: async () => {} } : await serverTarget();
      try {
        const run = await importAndKill(killed.env);
        expect(run.signal).toBe('SIGKILL');

        const open = (env: Record<string, string>) => openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.SEEN_DATA });
        const afterKill = await open(killed.env);
        const kept = await afterKill.db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        // Killed part-way: some batches committed, not all.
        expect(Number(kept.n)).toBeGreaterThan(0);
        expect(Number(kept.n)).toBeLessThan(total);
        if (engine === 'pglite') {
          const runs = await afterKill.db.selectFrom('import_run').select(['status', 'error']).execute();
          expect(runs).toEqual([{ status: 'failed', error: expect.stringMatching(/^interrupted/) }]);
        }
        const rerun = await importFile(afterKill, file, { actor: 'kill-test', channel: 'test' });
        expect(rerun.imported + rerun.unchanged + rerun.updated + rerun.quarantined).toBe(total);
        expect(rerun.unchanged).toBeGreaterThan(0);
        const resumed = await storeFingerprint(afterKill.db);
        await afterKill.close();

        const fresh = await open(clean.env);
        const report = await importFile(fresh, file, { actor: 'kill-test', channel: 'test' });
        expect(report.unchanged).toBe(0);
        const expected = await storeFingerprint(fresh.db);
        await fresh.close();

        expect(resumed.record!.length).toBe(expected.record!.length);
        expect(resumed).toEqual(expected);
      } finally {
        await killed.drop();
        await clean.drop();
      }
    }, 300_000);
  });
}

async function serverTarget(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const { url, drop } = await createTestDatabase();
  return { env: { DATABASE_URL: url }, drop };
}
