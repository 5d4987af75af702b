import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { importFile } from '../../src/ingest/importer.ts';
import { createTestDatabase } from '../support/engines.ts';
import { openStore } from '../../src/store/database.ts';
import { DataDirectoryLocked } from '../../src/store/lock.ts';
import { syntheticSef } from '../support/synthetic-sef.ts';

/**
 * PGlite takes no lock of its own: a second process on the same directory
 * silently loses committed rows (stack notes). Seen's second opener must
 * never get in behind the first one's back.
 */
const work = mkdtempSync(join(tmpdir(), 'seen-two-'));
const dataDir = join(work, 'data');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function seen(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/seen.js', ...args], { env: { ...process.env, SEEN_DATA: dataDir, SEEN_USER: 'second-terminal', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/seen.js', 'serve', '--port', '0', '--no-demo'], { env: { ...process.env, SEEN_DATA: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/listening on http:\/\/[^:]+:(\d+)/);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

describe('two processes on one embedded data directory', () => {
  it('refuses or routes the second one, and loses no committed record', async () => {
    const fileA = join(work, 'a.jsonl');
    const fileB = join(work, 'b.jsonl');
    writeFileSync(fileA, [...syntheticSef({ people: 300, events: 1200, seed: 1, prefix: 'A' })].join('\n') + '\n');
    writeFileSync(fileB, [...syntheticSef({ people: 300, events: 1200, seed: 2, prefix: 'B' })].join('\n') + '\n');

    const server = await startServer();
    try {
      // Through the API.
      const upload = await fetch(`http://127.0.0.1:${server.port}/api/imports?file=a.jsonl`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', 'x-seen-user': 'tester' },
        body: await import('node:fs/promises').then((fs) => fs.readFile(fileA)),
      });
      expect(upload.status).toBe(200);
      expect(await upload.json()).toMatchObject({ imported: 1504, quarantined: 0 });

      // `seen import` in a second terminal goes through the running server.
      const routed = await seen(['import', fileB, '--json']);
      expect(routed.code).toBe(0);
      expect(routed.stderr).toMatch(/in use by the running Seen server .* sending the files through it/);
      expect(JSON.parse(routed.stdout)).toEqual({ imported: 1500, unchanged: 4, updated: 0, quarantined: 0 });

      // Other commands are refused with a clear message, never opened behind its back.
      const refused = await seen(['chronology', '--person', 'csc-synth:AP1']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is in use by a running Seen server \(pid \d+, http:\/\/127\.0\.0\.1:\d+\)/);

      // And in-process too.
      await expect(openStore({ dataDir })).rejects.toBeInstanceOf(DataDirectoryLocked);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }

    // Every record committed through either path is there after the server stops.
    const store = await openStore({ dataDir });
    try {
      const n = await store.db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1504 + 1500);
    } finally {
      await store.close();
    }
  }, 240_000);

  it('releases the lock when its holder is killed, so a crash never locks Seen out', async () => {
    const server = await startServer();
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    const store = await openStore({ dataDir });
    await store.close();
  }, 120_000);
});

// On a PostgreSQL server several processes may write at once: their batches
// take turns (an advisory lock), and nothing committed by either is lost.
(inject('postgresTemplate') === null ? describe.skip : describe)('two processes on one PostgreSQL database', () => {
  it('imports from a second process at the same time, losing nothing', async () => {
    const fileA = join(work, 'pa.jsonl');
    const fileB = join(work, 'pb.jsonl');
    // Overlapping records (same seed and prefix for the people) race to be created.
    writeFileSync(fileA, [...syntheticSef({ people: 400, events: 3000, seed: 5, prefix: 'P' })].join('\n') + '\n');
    writeFileSync(fileB, [...syntheticSef({ people: 400, events: 3500, seed: 5, prefix: 'P' })].join('\n') + '\n');
    const { url, drop } = await createTestDatabase();
    try {
      const store = await openStore({ databaseUrl: url });
      try {
        const [other, mine] = await Promise.all([seen(['import', fileA, '--json'], { DATABASE_URL: url }), importFile(store, fileB, { actor: 'first-terminal', channel: 'test', batchSize: 500 })]);
        expect(other.code).toBe(0);
        const theirs = JSON.parse(other.stdout) as { imported: number; unchanged: number; updated: number };
        expect(theirs.imported + theirs.unchanged + theirs.updated).toBe(3404);
        expect(mine.imported + mine.unchanged + mine.updated).toBe(3904);
        const n = await store.db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        // fileB holds every record of fileA and 500 more events.
        expect(Number(n.n)).toBe(3904);
      } finally {
        await store.close();
      }
    } finally {
      await drop();
    }
  }, 240_000);
});
