import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, Migrator, PostgresDialect, type Migration } from 'kysely';
import pg from 'pg';
import { resolve } from 'node:path';
import { lockDataDirectory, type DataDirectoryLock, type LockHolder } from './lock.ts';
import * as recordStore from './migrations/0001-record-store.ts';
import * as importFunctions from './migrations/0002-import-functions.ts';
import * as resolvedPeople from './migrations/0003-resolved-people.ts';
import * as alerts from './migrations/0004-alerts.ts';
import * as identityReview from './migrations/0005-identity-review.ts';
import * as householdsByRecord from './migrations/0006-households-by-record.ts';
import * as importsEvaluated from './migrations/0007-imports-evaluated.ts';
import * as termCounts from './migrations/0008-term-counts.ts';
import * as importsLinked from './migrations/0009-imports-linked.ts';
import * as visitsByChild from './migrations/0010-visits-by-child.ts';
import * as addressKey from './migrations/0011-address-key.ts';
import * as blockingRules from './migrations/0012-blocking-rules.ts';
import { PGliteDialect, PGliteGate } from './pglite-dialect.ts';
import { embeddedBulk, serverBulk, type BulkTransaction } from './bulk.ts';
import type { Database } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** Where the data lives, for people: a directory or a redacted URL. */
  readonly location: string;
  /** The data directory lock (embedded engine only). */
  readonly lock: DataDirectoryLock | null;
  /** A transaction for bulk writes (the import), with COPY. */
  readonly bulk: BulkTransaction;
  /** The embedded engine's handle (dumping a test template); absent on a server. */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '0001-record-store': recordStore,
  '0002-import-functions': importFunctions,
  '0003-resolved-people': resolvedPeople,
  '0004-alerts': alerts,
  '0005-identity-review': identityReview,
  '0006-households-by-record': householdsByRecord,
  '0007-imports-evaluated': importsEvaluated,
  '0008-term-counts': termCounts,
  '0009-imports-linked': importsLinked,
  '0010-visits-by-child': visitsByChild,
  '0011-address-key': addressKey,
  '0012-blocking-rules': blockingRules,
};

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// Same value types from both engines: numbers for int8 ids and counts,
// 'YYYY-MM-DD' strings for dates (pg would otherwise build local-time Dates).
const pgliteParsers = {
  [INT8]: (value: string) => Number(value),
  [DATE]: (value: string) => value,
  [NUMERIC]: (value: string) => Number(value),
};

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export interface OpenOptions {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Embedded data directory (default: $SEEN_DATA or ./.seen). */
  dataDir?: string | undefined;
  /** Who is opening, recorded in the lock so a second process can say who holds it. */
  role?: LockHolder['role'];
  /** An in-memory embedded database (tests, benchmarks); takes no lock. */
  memory?: boolean;
  /** A dump of a migrated embedded database to start from (tests). */
  loadDataDir?: Blob;
  /** Run pending migrations (default true). */
  migrate?: boolean;
  poolSize?: number;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SEEN_DATA ?? '.seen');
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://(unparsable DATABASE_URL)';
  }
}

export async function openStore(options: OpenOptions = {}): Promise<Store> {
  const store = options.databaseUrl ? openServer(options.databaseUrl, options.poolSize) : await openEmbedded(options);
  if (options.migrate !== false) {
    try {
      await migrate(store.db);
      if (store.lock) {
        // This process holds the only lock on the directory, so an import
        // still marked running was cut short (its whole batches are kept;
        // running the same file again completes it).
        await store.db
          .updateTable('import_run')
          .set({ status: 'failed', finished_at: new Date(), error: 'interrupted: the process stopped before the import finished; import the same file again to complete it' })
          .where('status', '=', 'running')
          .execute();
      }
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openServer(databaseUrl: string, poolSize = 8): Store {
  // Seen's reads are many short index lookups over a cached working set: JIT
  // compilation costs more than it saves on them, the default cost of a
  // random read (spinning disks) makes the planner scan whole tables for a few
  // thousand rows, and starting a parallel worker for a read of a few
  // thousand rows costs more than the read (tens of milliseconds on a busy
  // server). SEEN_PG_OPTIONS replaces these (empty: the server's own).
  const options = process.env.SEEN_PG_OPTIONS ?? '-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0';
  // Connections stay open while idle (the pool's default closes them after
  // 10 s): imports arrive minutes apart, and each re-evaluation would
  // otherwise first open half a dozen connections to server processes with
  // empty catalogue caches. Idle, they do not keep a finished command's
  // process alive.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: pgTypes, idleTimeoutMillis: 0, allowExitOnIdle: true, ...(options ? { options } : {}) });
  // An idle connection the server ends (a restart, an administrator, the
  // database dropped as the pool closes) is discarded by the pool and
  // replaced on next use, where a server still down fails that query. Left
  // unhandled, the error would end the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    location: redactUrl(databaseUrl),
    lock: null,
    bulk: serverBulk(pool),
    close: () => db.destroy(),
  };
}

async function openEmbedded(options: OpenOptions): Promise<Store> {
  const dataDir = options.memory ? undefined : (options.dataDir ?? defaultDataDir());
  const lock = dataDir ? await lockDataDirectory(dataDir, options.role ?? 'cli') : null;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir: resolve(dataDir, 'pgdata') } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm, fuzzystrmatch },
      parsers: pgliteParsers,
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const gate = new PGliteGate();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, gate) });
  return {
    db,
    engine: 'pglite',
    location: dataDir ?? 'memory',
    lock,
    bulk: embeddedBulk(pglite, gate),
    pglite,
    async close() {
      await db.destroy();
      await lock?.release();
    },
  };
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
