// The engine: evaluates the enabled rules of a policy over one picture as of a
// time. Pure; the store decides which pictures (households) an import affects
// and passes them here, and the scheduler or `--as-of` chooses the time.

import { Calendar, isoTime } from './calendar.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { mothers } from './common.ts';
import type { Picture, PictureIndex } from './picture.ts';
import { indexPicture } from './picture.ts';
import type { Policy } from './policy.ts';
import { defaultPolicy } from './policy.ts';
import type { Condition, Rule, Scope } from './rule.ts';

export interface EvaluateOptions {
  /**
   * Only evaluate these people as subjects (the people an import touched and
   * their households). Default: everyone in the picture.
   */
  subjects?: Iterable<string>;
  /** Only these rule ids (default: every enabled rule). */
  rules?: readonly string[];
  /** Reuse a calendar across calls (built from the policy otherwise). */
  calendar?: Calendar;
}

export interface Evaluation {
  asOf: string;
  /** Every condition (episode) up to asOf, holding or resolved, in rule then time order. */
  conditions: Condition[];
  /**
   * The (rule, subject) pairs that were evaluated. An open alert for a pair in
   * this list with no holding condition has stopped holding; alerts outside it
   * were not looked at and must be left alone.
   */
  evaluated: { rule: string; subjects: string[] }[];
}

/**
 * Whether an evaluation looked at a (rule, subject) pair. A full evaluation
 * covers every rule for everyone in a partnership, millions of pairs: they
 * are never listed, only looked up, each rule's subjects gathered into a set
 * the first time that rule is asked about.
 */
export function coverageOf(evaluated: Evaluation['evaluated']): (rule: string, subject: string) => boolean {
  const listsOfRule = new Map<string, string[][]>();
  for (const e of evaluated) {
    const lists = listsOfRule.get(e.rule);
    if (lists) lists.push(e.subjects);
    else listsOfRule.set(e.rule, [e.subjects]);
  }
  const subjectsOfRule = new Map<string, Set<string>>();
  return (rule, subject) => {
    let subjects = subjectsOfRule.get(rule);
    if (!subjects) {
      subjects = new Set();
      for (const list of listsOfRule.get(rule) ?? []) for (const s of list) subjects.add(s);
      subjectsOfRule.set(rule, subjects);
    }
    return subjects.has(subject);
  };
}

const calendars = new WeakMap<Policy, Calendar>();

export function calendarFor(policy: Policy): Calendar {
  let c = calendars.get(policy);
  if (!c) {
    c = new Calendar(policy.calendar);
    calendars.set(policy, c);
  }
  return c;
}

// A rule's parameters, the catalogue defaults overridden by the policy, merged
// once per policy entry rather than once per picture.
const merged = new WeakMap<Record<string, unknown>, Map<Rule, Record<string, unknown>>>();

// The last policy entry seen per rule: one identity check per rule and picture
// when a run evaluates many pictures under one policy (WeakMap lookups were ~5% of it).
const lastByIndex: ({ overrides: Record<string, unknown>; params: Record<string, unknown> } | undefined)[] = [];

function paramsAt(i: number, rule: Rule, overrides: Record<string, unknown>): Record<string, unknown> {
  const last = lastByIndex[i];
  if (last && last.overrides === overrides) return last.params;
  const params = paramsFor(rule, overrides);
  lastByIndex[i] = { overrides, params };
  return params;
}

function paramsFor(rule: Rule, overrides: Record<string, unknown>): Record<string, unknown> {
  let m = merged.get(overrides);
  if (!m) {
    m = new Map();
    merged.set(overrides, m);
  }
  let p = m.get(rule);
  if (!p) {
    p = { ...rule.defaults, ...overrides };
    m.set(rule, p);
  }
  return p;
}

export function ruleById(id: string): Rule | undefined {
  return CATALOGUE.find((r) => r.id === id);
}

/** The people a rule of this scope is evaluated for. */
export function candidates(ix: PictureIndex, scope: Scope, only: Set<string> | null): string[] {
  let people: string[];
  switch (scope) {
    case 'child': {
      // Anyone who was a child at some point of the records: replaying history
      // as of today still shows what held while a now-adult was a child.
      const first = ix.events[0]?.t ?? ix.asOf;
      people = [...ix.people.keys()].filter((p) => ix.isChildAt(p, ix.asOf) || (ix.birth(p) !== null && (ix.birthday(p, 18) ?? 0) > first && (ix.birth(p) ?? Infinity) <= ix.asOf));
      break;
    }
    case 'victim':
      people = ix.victims();
      break;
    case 'mother':
      people = mothers(ix);
      break;
    case 'person':
      people = [...ix.people.keys()];
      break;
  }
  return only ? people.filter((p) => only.has(p)) : people;
}

/** Evaluates an already-indexed picture (lets a caller reuse one index for several policies or rule sets). */
export function evaluateIndex(ix: PictureIndex, policy: Policy = defaultPolicy(), options: EvaluateOptions = {}): Evaluation {
  const calendar = options.calendar ?? calendarFor(policy);
  const only = options.subjects ? new Set(options.subjects) : null;
  const conditions: Condition[] = [];
  const evaluated: { rule: string; subjects: string[] }[] = [];
  const byScope = new Map<Scope, string[]>();
  const ctx = { index: ix, calendar };
  for (let i = 0; i < CATALOGUE.length; i++) {
    const rule = CATALOGUE[i] as Rule;
    const rp = policy.rules[rule.id];
    if (!rp?.enabled) continue;
    if (options.rules && !options.rules.includes(rule.id)) continue;
    let subjects = byScope.get(rule.scope);
    if (!subjects) {
      subjects = candidates(ix, rule.scope, only);
      byScope.set(rule.scope, subjects);
    }
    const params = paramsAt(i, rule, rp.params);
    for (const s of subjects) {
      const found = rule.evaluate(ctx, s, params);
      if (found.length > 0) conditions.push(...found);
    }
    evaluated.push({ rule: rule.id, subjects });
  }
  return { asOf: isoTime(ix.asOf), conditions, evaluated };
}

/** Indexes the picture once and evaluates every enabled rule for every subject in scope. */
export function evaluatePicture(picture: Picture, asOf: string | number, policy: Policy = defaultPolicy(), options: EvaluateOptions = {}): Evaluation {
  return evaluateIndex(indexPicture(picture, asOf), policy, options);
}

// Deadlines fall at day boundaries (00:00 UTC) and, for school notifications,
// at the policy's school start time: a scheduler that re-evaluates open
// pictures at those moments (or hourly) raises every deadline alert on time.

/**
 * The subjects to re-evaluate after an import touched `changed` people: them
 * and everyone ever in their households (a new partner changes the children's
 * alerts; a child's referral changes its siblings').
 */
export function affectedSubjects(ix: PictureIndex, changed: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const p of changed) {
    out.add(p);
    for (const h of ix.householdEver(p)) out.add(h);
  }
  return [...out];
}
