import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'seen-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('npm start on an empty store loads the demo partnership, says so, and says where it listens and where the data lives', async () => {
  const child = spawn(process.execPath, ['bin/seen.js', 'serve', '--port', '0'], {
    env: { ...process.env, SEEN_DATA: join(work, 'data'), SEEN_DEMO_CHILDREN: '60' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  try {
    expect(out).toMatch(new RegExp(`data in ${join(work, 'data').replace(/[/.]/g, '\\$&')} \\(embedded PGlite; not power-loss safe`));
    expect(out).toMatch(/The store is empty: loading the synthetic demo partnership \(60 children/);
    expect(out).toMatch(/Loaded [\d,]+ records \([\d,]+ people\) in [\d.]+ s; 0 quarantined\./);
    // Linked before it listens: people are whole from the first request.
    const linked = out.match(/Linked ([\d,]+) person records into ([\d,]+) people in [\d.]+ s/);
    expect(linked).not.toBeNull();
    expect(Number(linked![2]!.replace(/,/g, ''))).toBeLessThan(Number(linked![1]!.replace(/,/g, '')));
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', engine: 'pglite' });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}, 180_000);
