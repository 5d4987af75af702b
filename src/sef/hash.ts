// Content identity of a record version: the same content hashes the same
// whatever the key order in the file, so re-importing is a no-op.

import { createHash } from 'node:crypto';
import type { SefRecord } from './records.ts';

/** JSON with object keys sorted recursively and undefined-valued keys left out. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    if (o[k] === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${canonicalJson(o[k])}`);
  }
  return `{${parts.join(',')}}`;
}

/** sha256 (hex) of the record's canonical JSON. Hash the normalised record that parseRecord returns. */
export function contentHash(record: SefRecord): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}
