// The partnership's policy file: which rules run, their thresholds, and who is
// told. Pure: `loadPolicy(text)` parses and validates; reading the file is the
// caller's job. Every option is documented in docs/policy.md.

import { Document, isMap, isScalar, parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CalendarOptions } from './calendar.ts';
import { CATALOGUE } from './catalogue/index.ts';
import type { Recipient, Rule } from './rule.ts';

export const POLICY_VERSION = 1;

export interface RulePolicy {
  enabled: boolean;
  /** The rule's thresholds: the catalogue defaults overridden by the file. */
  params: Record<string, unknown>;
  /** Who is notified (replaces the catalogue list when given in the file). */
  notify: Recipient[];
  /** Why the partnership changed or switched off the rule (recorded, shown in `seen alert ID`). */
  reason?: string;
}

export interface Policy {
  version: 1;
  partnership?: string;
  calendar: CalendarOptions;
  rules: Record<string, RulePolicy>;
}

export interface PolicyIssue {
  /** Dotted path inside the file, e.g. `rules.repeat-referrals.params.windowMonths`. */
  path: string;
  message: string;
}

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly issues: PolicyIssue[],
  ) {
    super(`${file}: invalid policy\n${issues.map((i) => `  ${file}: ${i.path || '(top level)'}: ${i.message}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const recipient = z.string().regex(/^(\{[a-z_]+\}(:[a-z_]+)?|role:[a-z_]+|[a-z_]+(:[a-z_]+)?)$/, 'a recipient is `agency`, `agency:role`, `role:name` or a {dynamic} token (see docs/policy.md)');

const ruleEntry = z.strictObject({
  enabled: z.boolean().optional(),
  reason: z.string().optional(),
  notify: z.array(recipient).optional(),
  alsoNotify: z.array(recipient).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

const fileSchema = z.strictObject({
  version: z.literal(POLICY_VERSION, { error: `version must be ${POLICY_VERSION}` }),
  partnership: z.string().optional(),
  calendar: z
    .strictObject({
      extraHolidays: z.array(z.string().regex(DATE, 'a date YYYY-MM-DD')).optional(),
      schoolHolidays: z.array(z.strictObject({ from: z.string().regex(DATE, 'a date YYYY-MM-DD'), to: z.string().regex(DATE, 'a date YYYY-MM-DD') })).nullable().optional(),
    })
    .optional(),
  // Entries are checked one by one below, so that every problem in every rule is reported at once.
  rules: z.record(z.string(), z.unknown()).nullable().optional(),
});

const byId = new Map<string, Rule>(CATALOGUE.map((r) => [r.id, r]));

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** The policy with every rule on, at its catalogue defaults. */
export function defaultPolicy(): Policy {
  const rules: Record<string, RulePolicy> = {};
  for (const r of CATALOGUE) rules[r.id] = { enabled: true, params: { ...r.defaults }, notify: [...r.notify] };
  return { version: 1, calendar: {}, rules };
}

/**
 * Parses and validates a policy file (YAML, or JSON, which is YAML). Rules the
 * file does not mention run at their defaults. Throws a PolicyError listing
 * every problem with its field path.
 */
export function loadPolicy(text: string, file = 'policy'): Policy {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new PolicyError(file, [{ path: '', message: `not valid YAML or JSON: ${(e as Error).message}` }]);
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new PolicyError(file, parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })));
  const issues: PolicyIssue[] = [];
  const policy = defaultPolicy();
  if (parsed.data.partnership !== undefined) policy.partnership = parsed.data.partnership;
  const cal = parsed.data.calendar;
  if (cal?.extraHolidays?.length) policy.calendar.extraHolidays = cal.extraHolidays;
  if (cal?.schoolHolidays) policy.calendar.schoolHolidays = cal.schoolHolidays;
  for (const [id, rawEntry] of Object.entries(parsed.data.rules ?? {})) {
    const rule = byId.get(id);
    if (!rule) {
      const near = [...byId.keys()].find((k) => k.startsWith(id.slice(0, 6)));
      issues.push({ path: `rules.${id}`, message: `unknown rule${near ? ` (did you mean ${near}?)` : ''}; rules are listed in docs/policy.md` });
      continue;
    }
    if (rawEntry === null) continue;
    const checked = ruleEntry.safeParse(rawEntry);
    if (!checked.success) {
      for (const i of checked.error.issues) issues.push({ path: pathOf(['rules', id, ...i.path]), message: i.message });
      continue;
    }
    const entry = checked.data;
    const target = policy.rules[id] as RulePolicy;
    if (entry.enabled !== undefined) target.enabled = entry.enabled;
    if (entry.reason !== undefined) target.reason = entry.reason;
    if (entry.notify) target.notify = [...entry.notify];
    if (entry.alsoNotify) target.notify = [...new Set([...target.notify, ...entry.alsoNotify])];
    if (entry.params) {
      const p = rule.params.safeParse(entry.params);
      if (!p.success) {
        for (const i of p.error.issues) issues.push({ path: pathOf(['rules', id, 'params', ...i.path]), message: i.message });
      } else {
        target.params = { ...rule.defaults, ...p.data };
      }
    }
  }
  if (issues.length > 0) throw new PolicyError(file, issues);
  return policy;
}

/** The default policy as YAML, with each rule's statement as a comment (what policy/default.yaml ships; a test keeps them equal). */
export function defaultPolicyYaml(): string {
  const rules: Record<string, unknown> = {};
  for (const r of CATALOGUE) rules[r.id] = { enabled: true, notify: r.notify, params: r.defaults };
  const doc = new Document({ version: POLICY_VERSION, calendar: { extraHolidays: [], schoolHolidays: null }, rules });
  doc.commentBefore = [
    ' Seen policy: the rules a partnership runs, their thresholds and who is told.',
    ' Defaults as in the rule catalogue (shared/design/rules.md); every option is',
    ' documented in docs/policy.md. Rules left out of this file run at their defaults.',
  ].join('\n');
  const rulesNode = doc.get('rules', true);
  if (isMap(rulesNode)) {
    for (const item of rulesNode.items) {
      const rule = byId.get(String(isScalar(item.key) ? item.key.value : item.key));
      if (rule && isScalar(item.key)) item.key.commentBefore = ` ${rule.statement.replace(/\n/g, ' ')}\n Learning: ${rule.citations.map((c) => `${c.seed} ${c.paragraphs}`).join('; ')}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
