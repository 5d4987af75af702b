// Small builders for true events, shared by the background processes and
// the scenarios so that both write the same shapes.

import type { Day } from './dates.ts';
import type { Address, Household, Person, Subject, TrueEvent } from './model.ts';

export function ev(
  h: Household,
  src: string,
  kind: string,
  day: Day,
  subjects: Subject[],
  data: Record<string, unknown> = {},
  extra: { minute?: number; text?: string; address?: Address; tag?: string } = {},
): TrueEvent {
  const e: TrueEvent = { src, kind, day, subjects, data };
  if (extra.minute !== undefined) e.minute = extra.minute;
  if (extra.text !== undefined) e.text = extra.text;
  if (extra.address !== undefined) e.address = extra.address;
  if (extra.tag !== undefined) e.tag = extra.tag;
  h.events.push(e);
  return e;
}

export function reg(h: Household, src: string, pid: string, at: Day): void {
  if (!h.registrations.some((r) => r.src === src && r.pid === pid)) h.registrations.push({ src, pid, at });
}

export const as = (role: string, ...people: (Person | undefined)[]): Subject[] =>
  people.filter((p): p is Person => p !== undefined).map((p) => ({ pid: p.pid, role }));
