import { userInfo } from 'node:os';
import { openStore, type Store } from '../store/database.ts';
import type { Requester } from '../access/audit.ts';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  env: process.env,
  isTTY: process.stderr.isTTY === true,
};

/** A usage mistake: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

export function actorOf(env: NodeJS.ProcessEnv): string {
  if (env.SEEN_USER) return env.SEEN_USER;
  try {
    return `${userInfo().username}@cli`;
  } catch {
    return 'unknown@cli';
  }
}

export function requester(env: NodeJS.ProcessEnv, purpose: string | undefined): Requester {
  return { actor: actorOf(env), channel: 'cli', purpose: purpose ?? null };
}

export function openCliStore(env: NodeJS.ProcessEnv, role: 'cli' | 'server' = 'cli'): Promise<Store> {
  return openStore({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.SEEN_DATA || undefined, role });
}
