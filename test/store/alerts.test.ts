import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { alertsAsOf } from '../../src/people/alerts.ts';
import { rebuildLinks } from '../../src/people/linking.ts';
import { RULE_IDS, defaultPolicy } from '../../src/rules/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText } from '../support/store-helpers.ts';

const scenario = 'test/scenarios/walker-thompson';

describeEachEngine('alerts over the stored, linked records', (store) => {
  it('raises the review pattern from imported, linked agency records, in the contract shape', async () => {
    const report = await importText(store(), readFileSync(`${scenario}.sef.jsonl`, 'utf8'), 'walker-thompson.sef.jsonl');
    expect(report.quarantined).toBe(0);
    await rebuildLinks(store(), 'tester');
    const expected = JSON.parse(readFileSync(`${scenario}.expected.json`, 'utf8')) as { asOf: string; alerts: { rule: string }[] };
    const alerts = await alertsAsOf(store().db, expected.asOf, defaultPolicy());
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(Object.keys(a)).toEqual(['id', 'rule', 'status', 'raisedAt', 'people', 'evidence', 'explanation', 'citation']);
      expect(RULE_IDS).toContain(a.rule);
      expect(a.raisedAt <= `${expected.asOf}T23:59:59.999Z`).toBe(true);
      expect(a.people.length).toBeGreaterThan(0);
      expect(a.citation).toMatch(/^00[0-4]_/);
    }
    // Learning point 1 (was not brought) and LP6 (domestic abuse in pregnancy) from linked health and police records.
    const raised = new Set(alerts.map((a) => a.rule));
    for (const rule of ['was-not-brought', 'da-in-pregnancy', 'children-present-school-notify']) {
      expect(expected.alerts.some((a) => a.rule === rule)).toBe(true);
      expect(raised.has(rule), rule).toBe(true);
    }
    // Same data, same ids.
    expect((await alertsAsOf(store().db, expected.asOf, defaultPolicy())).map((a) => a.id)).toEqual(alerts.map((a) => a.id));
  }, 120_000);
});

// A store of its own: the scenario files reuse record ids across reviews.
describeEachEngine('alerts over a refuge family', (store) => {
  it('raises Lloyd and Mark\'s moves and MARAC patterns, and never shows a refuge address', async () => {
    const file = 'test/scenarios/lloyd-mark-cspr';
    const report = await importText(store(), readFileSync(`${file}.sef.jsonl`, 'utf8'), 'lloyd-mark-cspr.sef.jsonl');
    expect(report.quarantined).toBe(0);
    await rebuildLinks(store(), 'tester');
    const expected = JSON.parse(readFileSync(`${file}.expected.json`, 'utf8')) as { asOf: string };
    const alerts = await alertsAsOf(store().db, expected.asOf, defaultPolicy());
    const raised = new Set(alerts.map((a) => a.rule));
    for (const rule of ['cross-boundary-move', 'marac-transfer-lost', 'step-down-dissent-not-escalated']) expect(raised.has(rule), rule).toBe(true);
    const sealed = await store().db.selectFrom('person_address').select(['line1', 'postcode']).where((eb) => eb.or([eb('sealed', '=', true), eb('kind', '=', 'refuge')])).execute();
    expect(sealed.length).toBeGreaterThan(0);
    const text = JSON.stringify(alerts);
    for (const a of sealed) {
      if (a.line1) expect(text).not.toContain(a.line1);
      if (a.postcode) expect(text).not.toContain(a.postcode);
    }
  }, 120_000);
});
