// Content identity of a record version: the same content hashes the same
// whatever the key order in the file, so re-importing is a no-op.

import { createHash } from 'node:crypto';
import type { SefRecord } from './records.ts';

/**
 * JSON with object keys sorted recursively and undefined-valued keys left
 * out. Its output is a contract (stored hashes depend on it; pinned by
 * test/ingest/content-hash.test.ts): keys in UTF-16 code-unit order as
 * Array.prototype.sort gives, leaves exactly as JSON.stringify writes them.
 * Written with one string built by appending and keys sorted in place,
 * because the import runs it on every record (the array-and-join version
 * spent most of its time making garbage).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  return writeObject(v);
}

function writeObject(v: object): string {
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      const x: unknown = v[i];
      out += x !== null && typeof x === 'object' ? writeObject(x) : (JSON.stringify(x) ?? 'null');
    }
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  // Insertion sort: records have few keys, and `<` on strings is the code-unit order sort() uses.
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = o[k];
    if (x === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += keyJson(k);
    out += x !== null && typeof x === 'object' ? writeObject(x) : (JSON.stringify(x) ?? 'null');
  }
  return out + '}';
}

// Records reuse a few dozen key names: their JSON (with the colon) is
// remembered rather than re-escaped each time. Bounded, as keys in `data`
// are free.
const KEY_JSON = new Map<string, string>();

function keyJson(k: string): string {
  let j = KEY_JSON.get(k);
  if (j === undefined) {
    j = `${JSON.stringify(k)}:`;
    if (KEY_JSON.size < 10_000) KEY_JSON.set(k, j);
  }
  return j;
}

/** sha256 (hex) of the record's canonical JSON. Hash the normalised record that parseRecord returns. */
export function contentHash(record: SefRecord): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}
