// What `seen alert ID` shows, pure: the rule, the thresholds in force, the
// evidence records with their agencies, the learning cited, who is told, and
// the lifecycle so far. The caller supplies the stored alert and its history,
// and looks up each evidence record's agency and date.

import { ruleById } from '../rules/engine.ts';
import type { Policy } from '../rules/policy.ts';
import type { Ref } from '../rules/picture.ts';
import type { Citation } from '../rules/rule.ts';
import type { Alert, AlertChange } from './lifecycle.ts';
import type { Destination } from './routing.ts';
import { route } from './routing.ts';

export interface EvidenceLine {
  ref: Ref;
  agency: string | null;
  kind: string | null;
  at: string | null;
}

export interface AlertReport {
  id: string;
  rule: string;
  title: string;
  statement: string;
  status: Alert['status'];
  raisedAt: string;
  explanation: string;
  thresholds: Record<string, unknown>;
  /** Why the partnership changed the rule, when its policy says. */
  policyReason: string | null;
  evidence: EvidenceLine[];
  citations: Citation[];
  notify: Destination[];
  resolvedAt: string | null;
  resolvedBy: Ref | null;
  resolution: string | null;
  history: AlertChange[];
  text: string;
}

export function alertReport(
  alert: Alert,
  policy: Policy,
  lookup: (ref: Ref) => { agency: string; kind: string; at: string } | undefined,
  history: AlertChange[] = [],
  homeLocalAuthority?: string | null,
): AlertReport {
  const rule = ruleById(alert.rule);
  const rp = policy.rules[alert.rule];
  const thresholds = { ...(rule?.defaults ?? {}), ...(rp?.params ?? {}) };
  const evidence = alert.evidence.map((ref) => {
    const r = lookup(ref);
    return { ref, agency: r?.agency ?? null, kind: r?.kind ?? null, at: r?.at ?? null };
  });
  const notify = route(rp?.notify ?? rule?.notify ?? [], alert.routing, homeLocalAuthority);
  const citations = rule?.citations ?? [];
  const lines = [
    `Alert ${alert.id}: ${rule?.title ?? alert.rule} (${alert.rule}), ${alert.status}`,
    `Raised at ${alert.raisedAt} (the data time the condition first held).`,
    '',
    alert.explanation,
    '',
    `Rule: ${rule?.statement ?? '(rule no longer in the catalogue)'}`,
    `Thresholds: ${Object.entries(thresholds).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`).join(', ') || 'none'}`,
    ...(rp?.reason ? [`Policy: ${rp.reason}`] : []),
    '',
    'Evidence:',
    ...evidence.map((e) => `  ${e.ref.source}:${e.ref.id}  ${e.kind ?? ''}  ${e.agency ?? 'unknown agency'}  ${e.at ?? ''}`.trimEnd()),
    '',
    'Learning:',
    ...citations.map((c) => `  ${c.seed} ${c.paragraphs}: ${c.learning}`),
    '',
    `Who needs to know: ${notify.map((d) => [d.agency, d.role, d.localAuthority].filter(Boolean).join(' / ')).join('; ') || 'nobody listed'}`,
    ...(alert.resolvedAt ? [`Resolved at ${alert.resolvedAt}${alert.resolvedBy ? ` by ${alert.resolvedBy.source}:${alert.resolvedBy.id}` : ''}: ${alert.resolution ?? ''}`] : []),
    ...(alert.note ? [`${alert.status === 'dismissed' ? 'Dismissed' : 'Actioned'}: ${alert.note}`] : []),
    ...(history.length ? ['', 'History:', ...history.map((h) => `  ${h.at}  ${h.by}  ${h.from} → ${h.to}${h.note ? `: ${h.note}` : ''}`)] : []),
  ];
  return {
    id: alert.id,
    rule: alert.rule,
    title: rule?.title ?? alert.rule,
    statement: rule?.statement ?? '',
    status: alert.status,
    raisedAt: alert.raisedAt,
    explanation: alert.explanation,
    thresholds,
    policyReason: rp?.reason ?? null,
    evidence,
    citations,
    notify,
    resolvedAt: alert.resolvedAt ?? null,
    resolvedBy: alert.resolvedBy ?? null,
    resolution: alert.resolution ?? null,
    history,
    text: lines.join('\n'),
  };
}
