import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openStore, type Engine, type Store } from '../../src/store/database.ts';

/**
 * Runs a suite once on each engine: embedded PGlite and the PostgreSQL
 * server. Each suite gets its own freshly migrated database, copied from a
 * template built once per run. The server suite is skipped (and says so) on
 * a machine without PostgreSQL; CI sets SEEN_REQUIRE_POSTGRES=1 so that it
 * fails instead.
 */
export function describeEachEngine(name: string, body: (store: () => Store, engine: Engine) => void): void {
  for (const engine of ['pglite', 'postgres'] as const) {
    const skip = engine === 'postgres' && inject('postgresTemplate') === null;
    (skip ? describe.skip : describe)(`${name} [${engine}]`, () => {
      let store: Store | undefined;
      let dropDatabase: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const opened = await openTestStore(engine);
        store = opened.store;
        dropDatabase = opened.drop;
      });
      afterAll(async () => {
        await store?.close();
        await dropDatabase?.();
      });
      body(() => {
        if (!store) throw new Error('store not open yet');
        return store;
      }, engine);
    });
  }
}

export async function openTestStore(engine: Engine): Promise<{ store: Store; url: string | null; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const store = await openStore({ memory: true, loadDataDir: blob });
    return { store, url: null, drop: async () => {} };
  }
  const { url, drop } = await createTestDatabase();
  const store = await openStore({ databaseUrl: url });
  return { store, url, drop };
}

/** A new database on the server, copied from the migrated template. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('postgresTemplate');
  if (!template) throw new Error('no PostgreSQL server for this run');
  const adminUrl = inject('postgresAdminUrl');
  const name = `seen_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // Two files copying the template at once can collide; try again.
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
