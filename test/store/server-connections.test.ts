import { sql } from 'kysely';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { openStore } from '../../src/store/database.ts';
import { createTestDatabase } from '../support/engines.ts';

const server = inject('postgresTemplate') !== null;

it.runIf(server)('a server connection ended while idle (a restart, an administrator) is replaced, and the process carries on', async () => {
  const { url, drop } = await createTestDatabase();
  const store = await openStore({ databaseUrl: url });
  try {
    // Idle connections in the pool, then the server ends every one of them.
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(store.db)));
    const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
    await admin.connect();
    const ended = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [new URL(url).pathname.slice(1)]);
    await admin.end();
    expect(ended.rowCount).toBeGreaterThanOrEqual(3);
    // The pool hears of it on its idle connections; unhandled, that would be an uncaught error.
    await new Promise((r) => setTimeout(r, 200));
    const again = await sql<{ n: number }>`select count(*)::int as n from import_run`.execute(store.db);
    expect(again.rows[0]!.n).toBe(0);
  } finally {
    await store.close();
    await drop();
  }
});
