import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * An exclusive lock on an embedded data directory.
 *
 * PGlite takes no lock of its own: a second process opening the same
 * directory silently loses committed rows. A lock file alone is not enough
 * either (a crashed holder leaves it behind, and stale-lock takeover races).
 * So the lock is a Linux abstract-namespace socket named after the
 * directory: binding it is atomic, only one process can hold it, and the
 * kernel releases it the moment the holder dies, even on SIGKILL. The
 * `seen.lock` file beside the data only tells a second process who holds it
 * (pid, and the port of a running server it can go through instead).
 */
export interface LockHolder {
  pid: number;
  role: 'server' | 'cli';
  port?: number;
  since: string;
}

export class DataDirectoryLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super(describeHolder(dataDir, holder));
    this.name = 'DataDirectoryLocked';
  }
}

function describeHolder(dataDir: string, holder: LockHolder | null): string {
  const who = holder
    ? holder.role === 'server'
      ? `a running Seen server (pid ${holder.pid}${holder.port ? `, http://127.0.0.1:${holder.port}` : ''})`
      : `another seen command (pid ${holder.pid})`
    : 'another process';
  return (
    `The data directory ${dataDir} is in use by ${who}. ` +
    `The embedded database allows one process at a time; opening it twice loses data. ` +
    `Stop the other process, send the work through the running server, or point Seen at PostgreSQL with DATABASE_URL.`
  );
}

export interface DataDirectoryLock {
  update(info: Partial<LockHolder>): void;
  release(): Promise<void>;
}

function lockName(dataDir: string): string {
  const digest = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 32);
  return `\0seen-data-${digest}`;
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'seen.lock'), 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

export async function lockDataDirectory(
  dataDir: string,
  role: LockHolder['role'],
): Promise<DataDirectoryLock> {
  mkdirSync(dataDir, { recursive: true });
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new DataDirectoryLocked(dataDir, readLockHolder(dataDir)));
      else reject(error);
    });
    server.listen({ path: lockName(dataDir), exclusive: true }, () => resolve());
  });
  // The lock must not keep the process alive on its own.
  server.unref();
  server.on('connection', (socket) => socket.destroy());

  const file = join(dataDir, 'seen.lock');
  let holder: LockHolder = { pid: process.pid, role, since: new Date().toISOString() };
  writeFileSync(file, JSON.stringify(holder));
  return {
    update(info) {
      holder = { ...holder, ...info };
      writeFileSync(file, JSON.stringify(holder));
    },
    async release() {
      rmSync(file, { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
