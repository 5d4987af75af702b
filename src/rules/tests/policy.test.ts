import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/index.ts';
import { PolicyError, defaultPolicy, defaultPolicyYaml, loadPolicy } from '../policy.ts';
import { policyReference } from '../reference.ts';

const shipped = readFileSync(new URL('../../../policy/default.yaml', import.meta.url), 'utf8');

function issues(text: string): string[] {
  try {
    loadPolicy(text, 'partnership.yaml');
  } catch (e) {
    if (e instanceof PolicyError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('policy', () => {
  it('ships policy/default.yaml equal to the catalogue defaults, every rule listed', () => {
    expect(shipped).toBe(defaultPolicyYaml());
    const p = loadPolicy(shipped, 'policy/default.yaml');
    expect(p).toEqual(defaultPolicy());
    expect(Object.keys(p.rules)).toEqual(CATALOGUE.map((r) => r.id));
    expect(Object.keys(p.rules)).toHaveLength(34);
  });
  it('documents every rule and threshold in docs/policy.md', () => {
    const doc = readFileSync(new URL('../../../docs/policy.md', import.meta.url), 'utf8');
    expect(doc).toContain(policyReference());
    expect(policyReference()).not.toContain('UNDOCUMENTED');
  });
  it('every rule cites a seed, and every default validates against its own schema', () => {
    for (const r of CATALOGUE) {
      expect(r.citations.length, r.id).toBeGreaterThan(0);
      for (const c of r.citations) expect(c.seed, r.id).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
      expect(r.params.safeParse(r.defaults).success, r.id).toBe(true);
    }
  });
  it('switches rules off, changes thresholds (merged with defaults) and adds recipients', () => {
    const p = loadPolicy(
      [
        'version: 1',
        'rules:',
        '  da-repeat-incidents-marac:',
        '    params: { policeReportsOnly: true }',
        '    alsoNotify: [housing]',
        '  late-booking:',
        '    enabled: false',
        '    reason: "covered by the maternity safeguarding team"',
      ].join('\n'),
    );
    expect(p.rules['da-repeat-incidents-marac']?.params).toEqual({ count: 3, windowMonths: 12, referralWithinDays: 5, policeReportsOnly: true });
    expect(p.rules['da-repeat-incidents-marac']?.notify).toEqual(['police', 'idva', 'marac:coordinator', 'housing']);
    expect(p.rules['late-booking']?.enabled).toBe(false);
    expect(p.rules['child-not-seen']?.params).toEqual(CATALOGUE.find((r) => r.id === 'child-not-seen')?.defaults);
  });
  it('accepts JSON', () => {
    expect(loadPolicy('{"version":1,"rules":{"child-not-seen":{"params":{"cpDays":10}}}}').rules['child-not-seen']?.params.cpDays).toBe(10);
  });
  it('reports every problem with its field path', () => {
    const got = issues(
      ['version: 1', 'rules:', '  child-not-seen:', '    params: { cpDays: "fifteen", weeks: 2 }', '  child-not-sen: {}', '  was-not-brought:', '    notify: ["GP!"]'].join('\n'),
    );
    expect(got).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.child-not-seen\.params\.cpDays: .*number/),
        expect.stringMatching(/^rules\.child-not-seen\.params: .*weeks/),
        expect.stringMatching(/^rules\.child-not-sen: unknown rule \(did you mean child-not-seen/),
      ]),
    );
    expect(issues('version: 1\nrules:\n  was-not-brought:\n    notify: ["GP!"]\n')).toEqual([expect.stringMatching(/^rules\.was-not-brought\.notify\.0: a recipient is/)]);
  });
  it('names the file and rejects a wrong version and bad YAML', () => {
    expect(issues('version: 2')).toEqual([expect.stringMatching(/^version: version must be 1/)]);
    expect(issues('version: [')[0]).toMatch(/not valid YAML/);
    expect(() => loadPolicy('version: 2', 'ours.yaml')).toThrow(/ours\.yaml: version/);
  });
  it('validates the calendar', () => {
    expect(issues('version: 1\ncalendar:\n  extraHolidays: ["2024-13-45x"]\n')).toEqual([expect.stringMatching(/^calendar\.extraHolidays\.0: a date/)]);
  });
});
