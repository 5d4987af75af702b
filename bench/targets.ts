import pg from 'pg';
import { openStore, type Store } from '../src/store/database.ts';

/**
 * A fresh store for a benchmark: an embedded one in `dataDir`, or a new
 * database on the PostgreSQL server (SEEN_BENCH_DATABASE_URL, default the
 * local test server), dropped again on close. With `keep`, the server's
 * database is named seen_keep_KEEP, opened if it exists and left in place
 * (the embedded store in `dataDir` is the caller's to keep). Null when the
 * server is down.
 */
export async function openBenchStore(engine: 'pglite' | 'postgres', dataDir: string, options: { keep?: string } = {}): Promise<{ store: Store; close: () => Promise<void> } | null> {
  if (engine === 'pglite') {
    const store = await openStore({ dataDir });
    return { store, close: () => store.close() };
  }
  const adminUrl = process.env.SEEN_BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const name = options.keep !== undefined ? `seen_keep_${options.keep.replace(/[^a-z0-9_]/gi, '_')}`.toLowerCase() : `seen_bench_${process.pid}_${Math.floor(performance.now())}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!exists.rowCount) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return {
    store,
    async close() {
      await store.close();
      if (options.keep !== undefined) return;
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
