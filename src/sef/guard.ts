// Structural checks run before the schema, over the whole value including
// unknown keys: the hazards that would crash, hang or corrupt the database
// rather than merely make a record wrong.

import { LIMITS } from './limits.ts';
import { problem, type RecordProblem } from './problems.ts';
import { count, plural } from './text.ts';

// Caps total work for values handed in by code (a cyclic or heavily shared
// object graph); a JSON line of LIMITS.line characters stays well below it.
const MAX_VALUES = 2_000_000;

interface State {
  problems: RecordProblem[];
  visited: number;
  /** objects on the current path, to catch cycles; null for freshly parsed JSON, which cannot have any */
  onPath: Set<object> | null;
}

// One scan finds the rare strings worth a closer look (NUL or any surrogate).
const SUSPECT = /[\u0000\ud800-\udfff]/;

function stringProblem(s: string): string | null {
  if (s.length > LIMITS.text)
    return `is ${plural(s.length, 'character')} long; no SEF value may be longer than ${count(LIMITS.text)}`;
  if (!SUSPECT.test(s)) return null;
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (!s.isWellFormed()) return 'contains a broken character (an unpaired UTF-16 surrogate), which cannot be stored';
  return null;
}

function keyProblem(k: string): string | null {
  if (k === '__proto__') return 'is a field called "__proto__", which is not allowed';
  if (k.includes('\u0000')) return 'has a field name containing a NUL character (\\u0000)';
  if (!k.isWellFormed()) return 'has a field name containing a broken character (an unpaired UTF-16 surrogate)';
  if (k.length > LIMITS.id) return `has a field name ${plural(k.length, 'character')} long; the limit is ${count(LIMITS.id)}`;
  return null;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function walk(v: unknown, path: PropertyKey[], depth: number, st: State): void {
  if (st.problems.length >= LIMITS.problems) return;
  if (++st.visited > MAX_VALUES) {
    if (st.visited === MAX_VALUES + 1) st.problems.push(problem('', `has more than ${count(MAX_VALUES)} values`));
    return;
  }
  switch (typeof v) {
    case 'string': {
      const p = stringProblem(v);
      if (p) st.problems.push(problem(path, p));
      return;
    }
    case 'number':
      if (!Number.isFinite(v)) st.problems.push(problem(path, 'is not a finite number'));
      return;
    case 'boolean':
      return;
    case 'object':
      break;
    default:
      // undefined inside an object means "absent"; elsewhere it and other JS-only values have no JSON form.
      st.problems.push(problem(path, `is ${v === undefined ? 'undefined' : `a ${typeof v}`}, which JSON cannot hold`));
      return;
  }
  if (v === null) return;
  if (depth > LIMITS.depth) {
    st.problems.push(problem(path, `is nested more than ${LIMITS.depth} levels deep`));
    return;
  }
  if (st.onPath?.has(v)) {
    st.problems.push(problem(path, 'refers back to itself (a cycle), which JSON cannot hold'));
    return;
  }
  st.onPath?.add(v);
  try {
    if (Array.isArray(v)) {
      if (v.length > LIMITS.items) {
        st.problems.push(problem(path, `has ${plural(v.length, 'item')}; the limit is ${count(LIMITS.items)}`));
        return;
      }
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i], path, depth + 1, st);
        path.pop();
      }
      return;
    }
    if (!isPlainObject(v)) {
      st.problems.push(problem(path, `is a ${(v as object).constructor?.name ?? 'special'} object, which is not plain JSON`));
      return;
    }
    const keys = Object.keys(v);
    if (keys.length > LIMITS.items) {
      st.problems.push(problem(path, `has ${plural(keys.length, 'field')}; the limit is ${count(LIMITS.items)}`));
      return;
    }
    for (const k of keys) {
      const kp = keyProblem(k);
      if (kp) {
        st.problems.push(problem(path, kp));
        continue;
      }
      const child = (v as Record<string, unknown>)[k];
      if (child === undefined) continue;
      path.push(k);
      walk(child, path, depth + 1, st);
      path.pop();
    }
  } finally {
    st.onPath?.delete(v);
  }
}

/**
 * Problems that make a value unsafe to validate or store; empty when it is
 * plain, bounded JSON. `fromJson` skips the cycle check for a value fresh
 * from JSON.parse.
 */
export function guardValue(value: unknown, fromJson = false): RecordProblem[] {
  const st: State = { problems: [], visited: 0, onPath: fromJson ? null : new Set() };
  walk(value, [], 1, st);
  return st.problems;
}
