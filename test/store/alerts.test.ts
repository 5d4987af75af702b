import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { afterImport, afterRelinking } from '../../src/people/after-import.ts';
import { recordDecision } from '../../src/people/review.ts';
import { actOnAlert, alertDetail, evaluateAlerts, listAlerts } from '../../src/people/alerts.ts';
import { rebuildLinks } from '../../src/people/linking.ts';
import { householdsFromStore, pictureFromStore } from '../../src/people/picture.ts';
import { partitionPicture } from '../../src/rules/partition.ts';
import { RULE_IDS, defaultPolicy } from '../../src/rules/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { deadlinePassed, incident, policeSource as source, suspect, threeIncidents, victim } from '../support/da-family.ts';
import { importText, lines } from '../support/store-helpers.ts';

const who = { actor: 'tester', channel: 'cli' as const, purpose: 'test' };
const scenario = 'test/scenarios/walker-thompson';

describeEachEngine('alerts over the stored, linked records', (store) => {
  it('raises the review pattern from imported, linked agency records, once, however often the evidence arrives', async () => {
    const text = readFileSync(`${scenario}.sef.jsonl`, 'utf8');
    const report = await importText(store(), text, 'walker-thompson.sef.jsonl');
    expect(report.quarantined).toBe(0);
    await rebuildLinks(store(), 'tester');
    const expected = JSON.parse(readFileSync(`${scenario}.expected.json`, 'utf8')) as { asOf: string; alerts: { rule: string }[] };
    // The store's grouping into households (from link tables, for reading a
    // partnership a piece at a time) is the rules' own partition.
    const key = (groups: string[][]) => groups.map((g) => [...g].sort().join(',')).sort();
    const parts = partitionPicture(await pictureFromStore(store().db)).map((p) => [...(p.people as Map<string, unknown>).keys()]);
    expect(key(await householdsFromStore(store().db))).toEqual(key(parts));

    const first = await evaluateAlerts(store().db, { asOf: expected.asOf, actor: 'scheduler' });
    expect(first.scope).toBe('everyone');
    expect(first.raised).toBeGreaterThan(0);

    const alerts = await listAlerts(store().db, { asOf: expected.asOf }, who);
    expect(alerts.length).toBe(first.raised);
    for (const a of alerts) {
      expect(RULE_IDS).toContain(a.rule);
      expect(a.id).toMatch(/^A\d+$/);
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
    // One open alert per rule and subject.
    const open = alerts.filter((a) => a.status === 'open');
    expect(new Set(open.map((a) => `${a.rule}|${a.subject}`)).size).toBe(open.length);

    // The same records again, evaluated again (in pieces of a few people this
    // time, as a large partnership is): nothing changes, nothing is raised twice.
    const again = await evaluateAlerts(store().db, { asOf: expected.asOf, chunkPeople: 3 });
    expect({ raised: again.raised, updated: again.updated, resolved: again.resolved }).toEqual({ raised: 0, updated: 0, resolved: 0 });
    const reimport = await importText(store(), text, 'walker-thompson.sef.jsonl');
    expect(reimport.unchanged).toBe(report.imported);
    const after = await afterImport(store(), reimport.importId, { actor: 'tester', now: expected.asOf });
    expect(after.alerts.raised).toBe(0);
    expect((await listAlerts(store().db, { asOf: expected.asOf }, who)).map((a) => a.id)).toEqual(alerts.map((a) => a.id));

    // The explanation names the rule, thresholds, evidence with agencies and the learning.
    const some = alerts.find((a) => a.rule === 'was-not-brought')!;
    const detail = await alertDetail(store().db, some.id, who, defaultPolicy());
    expect(detail!.thresholds).toBeTypeOf('object');
    expect(detail!.evidence.length).toBeGreaterThan(0);
    for (const e of detail!.evidence) expect(e.agency).not.toBeNull();
    expect(detail!.citations[0]!.seed).toMatch(/^00[0-4]_/);
    expect(detail!.text).toContain('Who needs to know');
    expect(detail!.history[0]).toMatchObject({ from: 'raised', to: 'raised', by: 'scheduler' });

    // Listing and showing alerts are audited reads.
    const audits = await store().db.selectFrom('audit_event').select(['action', 'subject']).where('action', 'like', 'alerts.%').execute();
    expect(audits.some((a) => a.action === 'alerts.show' && a.subject === `alert:${some.id}`)).toBe(true);
    expect(audits.some((a) => a.action === 'alerts.list')).toBe(true);
  }, 180_000);
});

describeEachEngine('an alert\'s lifecycle in the store', (store) => {
  it('is raised when the deadline passes, acknowledged and actioned by people, resolved by the record that ends it, and raised anew when it recurs', async () => {
    const first = await importText(store(), lines(source, victim, suspect, ...threeIncidents));
    // Two days after the third incident: inside the 5-day deadline, nothing yet.
    let run = await afterImport(store(), first.importId, { actor: 'importer', now: '2025-05-22T12:00:00Z' });
    expect(run.alerts.scope).toBe('everyone');
    expect((await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who)).length).toBe(0);

    // The deadline passes: the scheduler (here --as-of) raises it, dated when the deadline passed.
    await evaluateAlerts(store().db, { asOf: '2025-06-01T00:00:00Z', actor: 'scheduler' });
    let [alert] = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who);
    expect(alert).toBeDefined();
    expect(alert!.status).toBe('open');
    expect(alert!.raisedAt).toBe(deadlinePassed);
    expect(alert!.evidence.map((e) => e.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    expect(alert!.people).toEqual([{ source: 'police-x', id: 'V1' }]);
    expect(alert!.notify).toContainEqual({ agency: 'police', localAuthority: undefined } as never);

    // People act on it; the state machine refuses what makes no sense.
    await actOnAlert(store().db, alert!.id, { type: 'acknowledge', by: 'ps.hale' });
    await expect(actOnAlert(store().db, alert!.id, { type: 'dismiss', by: 'ps.hale' })).rejects.toThrow(/reason/);
    await expect(actOnAlert(store().db, alert!.id, { type: 'acknowledge', by: 'ps.hale' })).rejects.toThrow(/acknowledged/);
    await actOnAlert(store().db, alert!.id, { type: 'action', by: 'idva.owen', note: 'MARAC referral being made today' });
    [alert] = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who);
    expect(alert!.status).toBe('actioned');

    // The same incidents re-imported: still one alert.
    const again = await importText(store(), lines(...threeIncidents), 'again.sef.jsonl');
    expect(again.unchanged).toBe(3);
    run = await afterImport(store(), again.importId, { actor: 'importer', now: '2025-06-02T00:00:00Z' });
    expect(run.alerts.scope).toBe('affected');
    expect((await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who)).length).toBe(1);

    // The referral arrives (late): the condition ends, and the alert says which record ended it.
    const referral = { type: 'event', source: 'police-x', id: 'MR-1', kind: 'marac', at: '2025-06-03', subjects: [{ person: 'V1', role: 'victim' }], data: { stage: 'referred', reason: 'repeat_incidents' } };
    const third = await importText(store(), lines(referral), 'marac.sef.jsonl');
    run = await afterImport(store(), third.importId, { actor: 'importer', now: '2025-06-04T00:00:00Z' });
    expect(run.alerts.raised).toBe(0);
    [alert] = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who);
    expect(alert!.status).toBe('actioned');
    expect(alert!.resolvedBy).toEqual({ source: 'police-x', id: 'MR-1' });
    const detail = await alertDetail(store().db, alert!.id, who);
    expect(detail!.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['raised>raised:scheduler', 'raised>acknowledged:ps.hale', 'acknowledged>actioned:idva.owen', 'actioned>actioned:importer']);

    // A year on, three more incidents and no referral: the pattern recurs, and that is a new alert.
    const fourth = await importText(store(), lines(incident(4, '2026-07-01T20:00:00Z'), incident(5, '2026-08-01T20:00:00Z'), incident(6, '2026-09-01T20:00:00Z')), 'later.sef.jsonl');
    run = await afterImport(store(), fourth.importId, { actor: 'importer', now: '2026-09-20T00:00:00Z' });
    // (The referral was never heard at MARAC: that raises its own alert too.)
    expect((await listAlerts(store().db, { rule: 'marac-referral-no-outcome' }, who)).map((a) => a.status)).toEqual(['open']);
    const both = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who);
    expect(both.map((a) => a.status)).toEqual(['actioned', 'open']);
    expect(both[1]!.evidence.map((e) => e.id)).toEqual(['INC-4', 'INC-5', 'INC-6']);

    // Alert history is append-only: the database refuses to rewrite it.
    await expect(sql`update alert_change set actor = 'someone else'`.execute(store().db)).rejects.toThrow(/cannot be changed/);
    await expect(sql`delete from alert_change`.execute(store().db)).rejects.toThrow(/cannot be changed/);

    // As of before the deadline, the alert was not there; as of the day after, it was open.
    expect((await listAlerts(store().db, { rule: 'da-repeat-incidents-marac', asOf: '2025-05-25' }, who)).length).toBe(0);
    const then = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac', asOf: '2025-05-27' }, who);
    expect(then.find((a) => a.id === alert!.id)?.resolvedAt).toBeNull();
  }, 120_000);
});

describeEachEngine('alerts over a refuge family', (store) => {
  it("raises Lloyd and Mark's moves and MARAC patterns, and never shows a refuge address", async () => {
    const file = 'test/scenarios/lloyd-mark-cspr';
    const report = await importText(store(), readFileSync(`${file}.sef.jsonl`, 'utf8'), 'lloyd-mark-cspr.sef.jsonl');
    expect(report.quarantined).toBe(0);
    await rebuildLinks(store(), 'tester');
    const expected = JSON.parse(readFileSync(`${file}.expected.json`, 'utf8')) as { asOf: string };
    await evaluateAlerts(store().db, { asOf: expected.asOf });
    const alerts = await listAlerts(store().db, { asOf: expected.asOf }, who);
    const raised = new Set(alerts.map((a) => a.rule));
    for (const rule of ['cross-boundary-move', 'marac-transfer-lost', 'step-down-dissent-not-escalated']) expect(raised.has(rule), rule).toBe(true);
    const sealed = await store().db.selectFrom('person_address').select(['line1', 'postcode']).where((eb) => eb.or([eb('sealed', '=', true), eb('kind', '=', 'refuge')])).execute();
    expect(sealed.length).toBeGreaterThan(0);
    const details = await Promise.all(alerts.map((a) => alertDetail(store().db, a.id, who)));
    const text = JSON.stringify(alerts) + JSON.stringify(details);
    for (const a of sealed) {
      if (a.line1) expect(text).not.toContain(a.line1);
      if (a.postcode) expect(text).not.toContain(a.postcode);
    }
  }, 120_000);
});

describeEachEngine('alerts when records are relinked', (store) => {
  it('moves an open alert to the person the records now make up, saying why the old one closed', async () => {
    const marac = { type: 'source', id: 'marac-x', agency: 'marac', name: 'Testshire MARAC', localAuthority: 'Testshire' };
    const victimAtMarac = { ...victim, source: 'marac-x', id: 'V9' };
    await importText(store(), lines(source, marac, victim, suspect, victimAtMarac, ...threeIncidents));
    await evaluateAlerts(store().db, { asOf: '2025-06-01T00:00:00Z', actor: 'scheduler' });
    const [before] = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who);
    expect(before!.subject).toBe('person:police-x:V1');

    await rebuildLinks(store(), 'tester');
    const linked = await store().db.selectFrom('resolved_person').select(['person_id']).where('record_id', 'in', store().db.selectFrom('person').select('record_id').where('local_id', 'in', ['V1', 'V9'])).execute();
    if (new Set(linked.map((r) => r.person_id)).size > 1) {
      // The model was unsure of two records in so small a store: a reviewer says they are one person.
      await recordDecision(store(), { source: 'police-x', id: 'V1' }, { source: 'marac-x', id: 'V9' }, 'match', 'same woman: confirmed with the IDVA', who);
    }
    const report = await afterRelinking(store(), { actor: 'tester' });
    expect(report).not.toBeNull();

    const after = await listAlerts(store().db, { rule: 'da-repeat-incidents-marac' }, who);
    const old = after.find((a) => a.id === before!.id)!;
    expect(old.status).toBe('resolved');
    expect(old.resolution).toMatch(/linked/);
    const moved = after.find((a) => a.id !== before!.id)!;
    expect(moved.status).toBe('open');
    expect(moved.raisedAt).toBe(before!.raisedAt);
    expect(moved.people.map((p) => `${p.source}:${p.id}`).sort()).toEqual(['marac-x:V9', 'police-x:V1']);
  }, 120_000);
});
