import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
    postgresAdminUrl: string;
  }
}

// One migrated database per engine per set of migrations, built once and
// copied for each test file: a fresh PGlite takes ~5 s to start, a copy ~1 s.
export default async function setup(project: TestProject): Promise<void> {
  const dir = join(process.cwd(), 'src/store/migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  const version = hash.digest('hex').slice(0, 12);

  const cacheDir = join(tmpdir(), 'seen-test-templates');
  mkdirSync(cacheDir, { recursive: true });
  const pgliteTemplate = join(cacheDir, `pglite-${version}.tar`);
  if (!existsSync(pgliteTemplate)) {
    const store = await openStore({ memory: true });
    const dump = await store.pglite!.dumpDataDir('none');
    writeFileSync(pgliteTemplate + '.tmp', Buffer.from(await dump.arrayBuffer()));
    renameSync(pgliteTemplate + '.tmp', pgliteTemplate);
    await store.close();
  }
  project.provide('pgliteTemplate', pgliteTemplate);

  const adminUrl = process.env.SEEN_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  project.provide('postgresAdminUrl', adminUrl);
  const required = process.env.SEEN_REQUIRE_POSTGRES === '1';
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    if (required) throw new Error(`SEEN_REQUIRE_POSTGRES=1 but the PostgreSQL server at ${adminUrl} is unreachable: ${String(error)}`);
    console.warn(`\n  PostgreSQL server at ${adminUrl} unreachable: the PostgreSQL suites are SKIPPED (PGlite suites run).\n`);
    project.provide('postgresTemplate', null);
    return;
  }
  const template = `seen_template_${version}`;
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_build_${process.pid}`;
      await client.query(`create database ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const store = await openStore({ databaseUrl: url.toString() });
      await store.close();
      try {
        await client.query(`alter database ${building} rename to ${template}`);
      } catch {
        // Another run built it first.
        await client.query(`drop database if exists ${building}`);
      }
    }
  } finally {
    await client.end();
  }
  project.provide('postgresTemplate', template);
}

