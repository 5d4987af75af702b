import pg from 'pg';
import { openStore, type Store } from '../src/store/database.ts';

/**
 * A fresh store for a benchmark: an embedded one in `dataDir`, or a new
 * database on the PostgreSQL server (SEEN_BENCH_DATABASE_URL, default the
 * local test server), dropped again on close. Null when the server is down.
 */
export async function openBenchStore(engine: 'pglite' | 'postgres', dataDir: string): Promise<{ store: Store; close: () => Promise<void> } | null> {
  if (engine === 'pglite') {
    const store = await openStore({ dataDir });
    return { store, close: () => store.close() };
  }
  const adminUrl = process.env.SEEN_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const name = `seen_bench_${process.pid}_${Math.floor(performance.now())}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return {
    store,
    async close() {
      await store.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
