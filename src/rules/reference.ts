// The per-rule reference in docs/policy.md, rendered from the catalogue so that
// the document cannot drift from the code (a test compares them).

import { CATALOGUE } from './catalogue/index.ts';
import { PARAM_DOCS } from './param-docs.ts';

const value = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

export function policyReference(): string {
  return CATALOGUE.map((r) => {
    const lines = [
      `### \`${r.id}\` — ${r.title}`,
      '',
      r.statement,
      '',
      `Scope: **${r.scope}** (the alert is about each ${r.scope} for whom the condition holds). Notify by default: ${r.notify.map((n) => `\`${n}\``).join(', ')}.`,
      '',
    ];
    const params = Object.entries(r.defaults);
    if (params.length === 0) lines.push('No thresholds.', '');
    else {
      lines.push('| param | default | meaning |', '| --- | --- | --- |');
      for (const [k, v] of params) lines.push(`| \`${k}\` | \`${value(v)}\` | ${PARAM_DOCS[r.id]?.[k] ?? 'UNDOCUMENTED'} |`);
      lines.push('');
    }
    lines.push(`Learning: ${r.citations.map((c) => `\`${c.seed}\` ${c.paragraphs} — ${c.learning}`).join('; ')}`, '');
    return lines.join('\n');
  }).join('\n');
}
