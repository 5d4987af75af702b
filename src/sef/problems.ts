// Turning zod issues into problems a data officer can act on:
// "subjects[1].person is required", not "Invalid input: expected string".

import type { z } from 'zod';
import { LIMITS } from './limits.ts';
import { closest, count, describeExpected, describeValue, plural, quote } from './text.ts';

/** One thing wrong with (or worth knowing about) a record. */
export interface RecordProblem {
  /** Where: "birthDate", "subjects[1].person", "data.category"; "" for the whole line. */
  path: string;
  /** Plain English, starting with the path when there is one. */
  message: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** ["subjects", 1, "person"] → "subjects[1].person" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
      else out += `[${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}]`;
    }
  }
  return out;
}

/** A problem whose message reads "<path> <fragment>", or "record <fragment>" for the whole record. */
export function problem(path: readonly PropertyKey[] | string, fragment: string): RecordProblem {
  const p = typeof path === 'string' ? path : formatPath(path);
  return { path: p, message: `${p === '' ? 'record' : p} ${fragment}` };
}

/** Keep at most LIMITS.problems, saying how many more there were so nothing is silently dropped. */
export function capProblems(list: RecordProblem[]): RecordProblem[] {
  if (list.length <= LIMITS.problems) return list;
  const kept = list.slice(0, LIMITS.problems - 1);
  const more = list.length - kept.length;
  kept.push({ path: '', message: `…and ${plural(more, 'more problem')} in this record` });
  return kept;
}

function lengthOf(input: unknown): number | null {
  if (typeof input === 'string' || Array.isArray(input)) return input.length;
  return null;
}

// The raw issue type zod hands to an error map; its fields vary by code.
type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/**
 * Per-parse zod error map: a message fragment for each issue (the path is
 * added by problem()). Schema-level messages (dates, source names) take
 * precedence over this map.
 */
export function humanMessage(iss: RawIssue): string {
  const input = iss.input;
  switch (iss.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      return `must be ${describeExpected(iss.expected)}, got ${describeValue(input)}`;
    }
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      if (input === undefined) return values.length === 1 ? 'is required' : `is required (one of ${values.join(', ')})`;
      if (values.length === 1) return `must be ${JSON.stringify(values[0])}, got ${describeValue(input)}`;
      const guess = typeof input === 'string' ? closest(input, values) : null;
      const hint = guess ? ` (did you mean ${JSON.stringify(guess)}?)` : '';
      return `must be one of ${values.join(', ')}; got ${describeValue(input)}${hint}`;
    }
    case 'too_big': {
      const len = lengthOf(input);
      if (iss.origin === 'string' && len !== null)
        return `is ${plural(len, 'character')} long; the limit is ${count(Number(iss.maximum))}`;
      if (iss.origin === 'array' && len !== null)
        return `has ${plural(len, 'item')}; the limit is ${count(Number(iss.maximum))}`;
      return `must be at most ${String(iss.maximum)}, got ${typeof input === 'number' ? String(input) : describeValue(input)}`;
    }
    case 'too_small': {
      if (iss.origin === 'string') return 'must not be empty';
      if (iss.origin === 'array') return `must have at least ${plural(Number(iss.minimum), 'item')}`;
      return `must be at least ${String(iss.minimum)}, got ${typeof input === 'number' ? String(input) : describeValue(input)}`;
    }
    case 'invalid_format':
      return typeof input === 'string' ? `has the wrong format: ${quote(input)}` : 'has the wrong format';
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}`;
    case 'custom':
      return iss.message ?? 'is not valid';
    default:
      return 'is not valid';
  }
}

/** zod issues → problems, one per path (the first is the most basic), capped. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): RecordProblem[] {
  const seen = new Set<string>();
  const out: RecordProblem[] = [];
  for (const i of issues) {
    const p = problem(i.path, i.message);
    if (seen.has(p.path)) continue;
    seen.add(p.path);
    out.push(p);
  }
  return capProblems(out);
}
