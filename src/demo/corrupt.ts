// Deliberately broken lines (`--corrupt RATE`), to exercise the quarantine:
// each is broken in one of the ways sef.md says must be quarantined.

import type { Rng } from './rng.ts';

export type CorruptionKind = 'truncated' | 'bad_date' | 'missing_id' | 'unknown_type' | 'not_json';

export function corruptLine(rng: Rng, line: string): { line: string; how: CorruptionKind; source: string | null; id: string | null } {
  let source: string | null = null;
  let id: string | null = null;
  let obj: Record<string, unknown> | null = null;
  try {
    obj = JSON.parse(line) as Record<string, unknown>;
    source = typeof obj.source === 'string' ? obj.source : null;
    id = typeof obj.id === 'string' ? obj.id : null;
  } catch {
    obj = null;
  }
  const how = rng.pick(['truncated', 'bad_date', 'missing_id', 'unknown_type', 'not_json'] as const);
  if (!obj || how === 'truncated') return { line: line.slice(0, Math.max(1, Math.floor(line.length / 2))), how: 'truncated', source, id };
  switch (how) {
    case 'bad_date': {
      // A month that does not exist: a malformed date, whichever field holds it.
      if (typeof obj.at === 'string') obj.at = `${obj.at.slice(0, 4)}-13-45`;
      else obj.birthDate = '2019-13-45';
      if (obj.type === 'relationship') obj.start = '2019-13-45';
      return { line: JSON.stringify(obj), how, source, id };
    }
    case 'missing_id':
      delete obj.id;
      return { line: JSON.stringify(obj), how, source, id };
    case 'unknown_type':
      obj.type = 'persn';
      return { line: JSON.stringify(obj), how, source, id };
    default:
      return { line: `#${line.slice(1, 40)} <<export error>>`, how: 'not_json', source, id };
  }
}
