// The alert lifecycle, pure. Two halves:
//  - `reconcile`: given the alerts already stored and a fresh evaluation, the
//    transitions the store must apply (raise, update evidence, auto-resolve,
//    record that a human-closed alert's condition ended). Applying the same
//    evaluation twice yields no transitions the second time.
//  - `applyAction`: the human state machine raised → acknowledged → actioned
//    (what was done) | dismissed (why), validated.
// The store gives alerts their ids and records every change with who and when.

import type { Ref } from '../rules/picture.ts';
import type { Condition, Routing } from '../rules/rule.ts';
import { coverageOf, type Evaluation } from '../rules/engine.ts';

export type AlertStatus = 'raised' | 'acknowledged' | 'actioned' | 'dismissed' | 'resolved';

export const OPEN_STATUSES: readonly AlertStatus[] = ['raised', 'acknowledged'];

export interface Alert {
  id: string;
  rule: string;
  subject: string;
  people: string[];
  status: AlertStatus;
  raisedAt: string;
  evidence: Ref[];
  explanation: string;
  /** When the condition stopped holding (set for `resolved`, and for actioned/dismissed alerts whose condition later ended). */
  resolvedAt?: string | null;
  resolvedBy?: Ref | null;
  resolution?: string | null;
  routing?: Routing;
  /** What was done (actioned) or why (dismissed). */
  note?: string | null;
}

/** A new alert, before the store assigns its id. `key` is stable for the same episode, for idempotent inserts. */
export interface NewAlert extends Omit<Alert, 'id'> {
  key: string;
}

export type Transition =
  | { type: 'raise'; alert: NewAlert }
  | { type: 'update'; alertId: string; raisedAt: string; evidence: Ref[]; explanation: string; people: string[]; routing?: Routing }
  | { type: 'resolve'; alertId: string; resolvedAt: string; resolvedBy: Ref | null; resolution: string; evidence: Ref[]; explanation: string }
  | { type: 'episode-ended'; alertId: string; resolvedAt: string; resolvedBy: Ref | null; resolution: string };

export interface ReconcileOptions {
  /**
   * Raise conditions that started and stopped holding between two evaluations
   * (a MARAC referral made two days late, both records in one import) as alerts
   * already `resolved`, so that the history and `seen replay` show them. Default true.
   */
  recordResolvedEpisodes?: boolean;
  /** The evaluation's coverageOf, when the caller has it already. */
  covered?: (rule: string, subject: string) => boolean;
}

const isOpen = (s: AlertStatus) => s === 'raised' || s === 'acknowledged';
const pairKey = (rule: string, subject: string) => `${rule}\u0000${subject}`;
const ms = (s: string | null | undefined) => (s ? Date.parse(s) : Infinity);
const sameRefs = (a: Ref[], b: Ref[]) => a.length === b.length && a.every((r, i) => r.source === b[i]?.source && r.id === b[i]?.id);

export function episodeKey(c: Pick<Condition, 'rule' | 'subject' | 'raisedAt'>): string {
  return `${c.rule}|${c.subject}|${c.raisedAt}`;
}

export function reconcile(existing: readonly Alert[], evaluation: Evaluation, options: ReconcileOptions = {}): Transition[] {
  const recordResolved = options.recordResolvedEpisodes ?? true;
  const covered = options.covered ?? coverageOf(evaluation.evaluated);
  const alertsByPair = new Map<string, Alert[]>();
  for (const a of existing) {
    if (!covered(a.rule, a.subject)) continue;
    const k = pairKey(a.rule, a.subject);
    const list = alertsByPair.get(k);
    if (list) list.push(a);
    else alertsByPair.set(k, [a]);
  }
  const condsByPair = new Map<string, Condition[]>();
  for (const c of evaluation.conditions) {
    const k = pairKey(c.rule, c.subject);
    const list = condsByPair.get(k);
    if (list) list.push(c);
    else condsByPair.set(k, [c]);
  }
  const out: Transition[] = [];
  const keys = new Set([...alertsByPair.keys(), ...condsByPair.keys()]);
  for (const k of keys) {
    const alerts = alertsByPair.get(k) ?? [];
    const conds = [...(condsByPair.get(k) ?? [])].sort((a, b) => ms(a.raisedAt) - ms(b.raisedAt));
    const matched = new Set<string>();
    for (const c of conds) {
      const cFrom = ms(c.raisedAt);
      const cTo = ms(c.resolvedAt);
      const holding = c.resolvedAt === undefined;
      // An episode matches an alert whose period overlaps it. A holding episode
      // never matches an auto-resolved alert: the condition holds again, so it
      // is a new alert.
      const candidates = alerts.filter((a) => {
        if (matched.has(a.id)) return false;
        if (a.status === 'resolved' && holding) return false;
        const aFrom = ms(a.raisedAt);
        const aTo = ms(a.resolvedAt);
        return (aFrom < cTo && cFrom < aTo) || aFrom === cFrom;
      });
      candidates.sort((x, y) => Math.abs(ms(x.raisedAt) - cFrom) - Math.abs(ms(y.raisedAt) - cFrom));
      const a = candidates[0];
      if (!a) {
        if (holding || recordResolved) out.push({ type: 'raise', alert: newAlert(c) });
        continue;
      }
      matched.add(a.id);
      if (isOpen(a.status)) {
        if (!holding) {
          out.push({
            type: 'resolve',
            alertId: a.id,
            resolvedAt: c.resolvedAt as string,
            resolvedBy: c.resolvedBy ?? null,
            resolution: c.resolution ?? 'The condition no longer holds.',
            evidence: c.evidence,
            explanation: c.explanation,
          });
        } else if (a.raisedAt !== c.raisedAt || !sameRefs(a.evidence, c.evidence) || a.explanation !== c.explanation) {
          const t: Transition = { type: 'update', alertId: a.id, raisedAt: c.raisedAt, evidence: c.evidence, explanation: c.explanation, people: c.people };
          if (c.routing) t.routing = c.routing;
          out.push(t);
        }
      } else if ((a.status === 'actioned' || a.status === 'dismissed') && !holding && !a.resolvedAt) {
        out.push({ type: 'episode-ended', alertId: a.id, resolvedAt: c.resolvedAt as string, resolvedBy: c.resolvedBy ?? null, resolution: c.resolution ?? 'The condition no longer holds.' });
      }
    }
    for (const a of alerts) {
      if (matched.has(a.id) || !isOpen(a.status)) continue;
      out.push({
        type: 'resolve',
        alertId: a.id,
        resolvedAt: evaluation.asOf,
        resolvedBy: null,
        resolution: 'The condition no longer holds on the current records (a record was corrected, or the policy changed).',
        evidence: a.evidence,
        explanation: a.explanation,
      });
    }
  }
  return out;
}

function newAlert(c: Condition): NewAlert {
  const a: NewAlert = {
    key: episodeKey(c),
    rule: c.rule,
    subject: c.subject,
    people: c.people,
    status: c.resolvedAt === undefined ? 'raised' : 'resolved',
    raisedAt: c.raisedAt,
    evidence: c.evidence,
    explanation: c.explanation,
  };
  if (c.routing) a.routing = c.routing;
  if (c.resolvedAt !== undefined) {
    a.resolvedAt = c.resolvedAt;
    a.resolvedBy = c.resolvedBy ?? null;
    a.resolution = c.resolution ?? null;
  }
  return a;
}

/** Applies a transition to an in-memory alert list (for replay and tests; the store does the same in SQL). */
export function applyTransitions(alerts: readonly Alert[], transitions: readonly Transition[], newId: (a: NewAlert, i: number) => string): Alert[] {
  const out = alerts.map((a) => ({ ...a }));
  const byId = new Map(out.map((a) => [a.id, a]));
  transitions.forEach((t, i) => {
    if (t.type === 'raise') {
      const { key: _key, ...rest } = t.alert;
      const a: Alert = { ...rest, id: newId(t.alert, i) };
      out.push(a);
      byId.set(a.id, a);
      return;
    }
    const a = byId.get(t.alertId);
    if (!a) return;
    if (t.type === 'update') {
      a.raisedAt = t.raisedAt;
      a.evidence = t.evidence;
      a.explanation = t.explanation;
      a.people = t.people;
      if (t.routing) a.routing = t.routing;
    } else if (t.type === 'resolve') {
      a.status = 'resolved';
      a.resolvedAt = t.resolvedAt;
      a.resolvedBy = t.resolvedBy;
      a.resolution = t.resolution;
      a.evidence = t.evidence;
      a.explanation = t.explanation;
    } else {
      a.resolvedAt = t.resolvedAt;
      a.resolvedBy = t.resolvedBy;
      a.resolution = t.resolution;
    }
  });
  return out;
}

// ------------------------------------------------------------ human actions

export type Action =
  | { type: 'acknowledge'; by: string; at: string; note?: string }
  | { type: 'action'; by: string; at: string; note: string }
  | { type: 'dismiss'; by: string; at: string; note: string };

/** One entry of an alert's history: every change, with who and when. */
export interface AlertChange {
  alertId: string;
  from: AlertStatus;
  to: AlertStatus;
  by: string;
  at: string;
  note: string | null;
}

export type ActionResult = { ok: true; alert: Alert; change: AlertChange } | { ok: false; error: string };

const NEXT: Record<Action['type'], { to: AlertStatus; from: readonly AlertStatus[] }> = {
  acknowledge: { to: 'acknowledged', from: ['raised'] },
  action: { to: 'actioned', from: ['raised', 'acknowledged'] },
  dismiss: { to: 'dismissed', from: ['raised', 'acknowledged'] },
};

/** Validates and applies a person's action on an alert. */
export function applyAction(alert: Alert, action: Action): ActionResult {
  const step = NEXT[action.type];
  if (!step.from.includes(alert.status)) {
    return { ok: false, error: `cannot ${action.type} an alert that is ${alert.status} (allowed from ${step.from.join(' or ')})` };
  }
  if (!action.by.trim()) return { ok: false, error: 'who is acting must be recorded' };
  if (Number.isNaN(Date.parse(action.at))) return { ok: false, error: `not a date-time: ${action.at}` };
  const note = action.note?.trim() ?? '';
  if (action.type === 'action' && !note) return { ok: false, error: 'actioning an alert needs a note of what was done' };
  if (action.type === 'dismiss' && !note) return { ok: false, error: 'dismissing an alert needs the reason' };
  const updated: Alert = { ...alert, status: step.to };
  if (action.type !== 'acknowledge') updated.note = note;
  return { ok: true, alert: updated, change: { alertId: alert.id, from: alert.status, to: step.to, by: action.by, at: action.at, note: note || null } };
}

/** The history entry for an automatic transition (by the system, at the data time). */
export function systemChange(alertId: string, t: Transition, from: AlertStatus | null): AlertChange | null {
  if (t.type === 'resolve') return { alertId, from: from ?? 'raised', to: 'resolved', by: 'system', at: t.resolvedAt, note: t.resolution };
  return null;
}
