import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CATALOGUE, evaluatePicture, type Policy } from '../rules/index.ts';
import type { Database } from '../store/schema.ts';
import { pictureFromStore } from './picture.ts';

export interface AlertView {
  id: string;
  rule: string;
  status: 'open' | 'resolved';
  raisedAt: string;
  people: { source: string; id: string }[];
  evidence: { source: string; id: string }[];
  explanation: string;
  citation: string | null;
}

/**
 * The protocol alerts over the whole store as of a time, in the shape of
 * `seen alerts --json`. The rules are pure (src/rules); this reads the
 * picture they need. The lifecycle (acknowledged, actioned, dismissed) is
 * not stored yet, so every alert is computed afresh.
 */
export async function alertsAsOf(db: Kysely<Database>, asOf: string, policy: Policy): Promise<AlertView[]> {
  const picture = await pictureFromStore(db);
  const evaluation = evaluatePicture(picture, asOf, policy);
  const people = picture.people instanceof Map ? picture.people : new Map(Object.entries(picture.people));
  const rules = new Map(CATALOGUE.map((r) => [r.id, r]));
  return evaluation.conditions
    .slice()
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject))
    .map((c) => {
      const rule = rules.get(c.rule);
      return {
        // Stable across runs: the same condition on the same data has the same id.
        id: createHash('sha256').update(`${c.rule}|${c.subject}|${c.raisedAt}`).digest('hex').slice(0, 16),
        rule: c.rule,
        status: c.resolvedAt ? 'resolved' : 'open',
        raisedAt: c.raisedAt,
        people: (people.get(c.subject)?.records ?? []).map((r) => ({ source: r.source, id: r.id })),
        evidence: c.evidence.map((e) => ({ source: e.source, id: e.id })),
        explanation: c.explanation,
        citation: rule ? `${rule.citation.seed} ${rule.citation.paragraphs}: ${rule.citation.learning}` : null,
      };
    });
}
