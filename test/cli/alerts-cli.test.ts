import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { CliIO } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { deadlinePassed, policeSource, suspect, threeIncidents, victim } from '../support/da-family.ts';
import { createTestDatabase } from '../support/engines.ts';
import { lines } from '../support/store-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'seen-alerts-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = join(work, 'da.sef.jsonl');
writeFileSync(file, lines(policeSource, victim, suspect, ...threeIncidents));

async function run(env: NodeJS.ProcessEnv, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...env, SEEN_USER: 'ps.hale' }, isTTY: false };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

for (const engine of ['pglite', 'postgres'] as const) {
  const skip = engine === 'postgres' && inject('postgresTemplate') === null;
  (skip ? describe.skip : describe)(`seen alerts and seen alert [${engine}]`, () => {
    it('lists alerts in the contract shape as of a date, explains one, and records what was done', async () => {
      let env: NodeJS.ProcessEnv;
      let drop = async () => {};
      if (engine === 'pglite') env = { SEEN_DATA: join(work, 'data') };
      else {
        const db = await createTestDatabase();
        env = { DATABASE_URL: db.url };
        drop = db.drop;
      }
      try {
        expect((await run(env, 'import', file)).code).toBe(0);
        const listed = await run(env, 'alerts', '--json', '--as-of', '2025-06-01');
        expect(listed.code).toBe(0);
        const alerts = JSON.parse(listed.stdout) as Record<string, unknown>[];
        const alert = alerts.find((a) => a.rule === 'da-repeat-incidents-marac')!;
        expect(Object.keys(alert)).toEqual(['id', 'rule', 'status', 'raisedAt', 'people', 'evidence', 'explanation', 'citation']);
        expect(alert).toMatchObject({ status: 'open', raisedAt: deadlinePassed, people: [{ source: 'police-x', id: 'V1' }] });
        // Before the deadline passed, it was not there.
        const earlier = JSON.parse((await run(env, 'alerts', '--json', '--as-of', '2025-05-24')).stdout) as { rule: string }[];
        expect(earlier.some((a) => a.rule === 'da-repeat-incidents-marac')).toBe(false);

        // --since: only what was raised since a date.
        const since = async (date: string) => (JSON.parse((await run(env, 'alerts', '--json', '--as-of', '2025-06-01', '--since', date)).stdout) as { id: string }[]).map((a) => a.id);
        expect(await since('2025-05-25')).toContain(alert.id);
        expect(await since('2025-05-26')).not.toContain(alert.id);

        const shown = await run(env, 'alert', String(alert.id));
        expect(shown.code).toBe(0);
        expect(shown.stdout).toContain('Repeat domestic abuse incidents not referred to MARAC');
        expect(shown.stdout).toMatch(/Thresholds: .*count=3/);
        expect(shown.stdout).toContain('police-x:INC-3  police_incident  police');
        expect(shown.stdout).toContain('004_');

        expect((await run(env, 'alert', String(alert.id), 'acknowledge')).stdout).toContain('acknowledged');
        const refused = await run(env, 'alert', String(alert.id), 'dismiss');
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/reason/);
        expect((await run(env, 'alert', String(alert.id), 'action', '--note', 'Referred to MARAC')).stdout).toContain('actioned');
        const history = JSON.parse((await run(env, 'alert', String(alert.id), '--json')).stdout) as { status: string; history: { to: string; by: string }[] };
        expect(history.status).toBe('actioned');
        expect(history.history.slice(1).map((h) => [h.to, h.by])).toEqual([['acknowledged', 'ps.hale'], ['actioned', 'ps.hale']]);
        expect((await run(env, 'alert', 'A999999')).code).toBe(1);
      } finally {
        await drop();
      }
    }, 180_000);
  });
}
