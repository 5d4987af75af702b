import { describe, expect, it } from 'vitest';
import { evaluatePicture } from '../../rules/engine.ts';
import { defaultPolicy } from '../../rules/policy.ts';
import { PictureBuilder } from '../../rules/test-builder.ts';
import type { Alert } from '../lifecycle.ts';
import { applyAction, applyTransitions, reconcile } from '../lifecycle.ts';
import { route } from '../routing.ts';

// A victim with three police domestic abuse reports in 12 months (004 §6.86), evaluated over time.
function victim() {
  const b = new PictureBuilder().person('A', { birthDate: '1990-01-01' }).person('B', { birthDate: '1980-01-01' });
  for (const d of ['2016-07-02', '2016-07-20', '2017-07-01']) b.event('police_incident', d, { category: 'domestic_abuse' }, { subjects: { A: 'victim', B: 'suspect' } });
  // Every incident had a DASH, so only the MARAC rule is in play.
  for (const d of ['2016-07-02', '2016-07-20', '2017-07-01']) b.event('da_risk_assessment', d, { tool: 'dash', score: 5, level: 'standard' }, { subjects: { A: 'victim' } });
  return b;
}
const policy = (() => {
  const p = defaultPolicy();
  for (const id of Object.keys(p.rules)) if (id !== 'da-repeat-incidents-marac') (p.rules[id] as { enabled: boolean }).enabled = false;
  return p;
})();
let n = 0;
const ids = () => `AL-${++n}`;
const step = (alerts: Alert[], b: PictureBuilder, asOf: string) => {
  const t = reconcile(alerts, evaluatePicture(b.picture(), asOf, policy));
  return { t, alerts: applyTransitions(alerts, t, ids) };
};

describe('alert lifecycle', () => {
  it('raises once at the deadline, and re-importing the same evidence changes nothing', () => {
    const b = victim();
    let s = step([], b, '2017-07-06');
    expect(s.t).toEqual([]);
    s = step(s.alerts, b, '2017-07-08');
    expect(s.t.map((x) => x.type)).toEqual(['raise']);
    expect(s.alerts[0]).toMatchObject({ rule: 'da-repeat-incidents-marac', subject: 'A', status: 'raised', raisedAt: '2017-07-06T23:59:59.999Z' });
    expect(step(s.alerts, b, '2017-07-09').t).toEqual([]);
    expect(step(s.alerts, b, '2017-07-09').alerts.filter((a) => a.status === 'raised')).toHaveLength(1);
  });
  it('updates the evidence of the open alert when another incident arrives', () => {
    const b = victim();
    let s = step([], b, '2017-07-08');
    b.event('police_incident', '2017-07-08', { category: 'domestic_abuse' }, { subjects: { A: 'victim' } });
    s = step(s.alerts, b, '2017-07-20');
    expect(s.t.map((x) => x.type)).toEqual(['update']);
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0]?.raisedAt).toBe('2017-07-06T23:59:59.999Z');
  });
  it('auto-resolves naming the record, and a later recurrence is a new alert', () => {
    const b = victim();
    let s = step([], b, '2017-07-08');
    const referral = b.event('marac', '2017-07-10', { stage: 'referred' }, { subjects: { A: 'victim' } });
    b.event('marac', '2017-08-01', { stage: 'closed' }, { subjects: { A: 'victim' } });
    s = step(s.alerts, b, '2017-07-11');
    expect(s.t).toEqual([expect.objectContaining({ type: 'resolve', resolvedBy: referral, resolvedAt: '2017-07-10T00:00:00.000Z' })]);
    expect(s.alerts[0]?.status).toBe('resolved');
    for (const d of ['2018-08-01', '2018-09-01', '2018-10-01']) b.event('police_incident', d, { category: 'domestic_abuse' }, { subjects: { A: 'victim' } });
    s = step(s.alerts, b, '2018-11-01');
    expect(s.t.map((x) => x.type)).toEqual(['raise']);
    expect(s.alerts.map((a) => [a.status, a.raisedAt])).toEqual([
      ['resolved', '2017-07-06T23:59:59.999Z'],
      ['raised', '2018-10-06T23:59:59.999Z'],
    ]);
  });
  it('records an episode that started and ended between evaluations as already resolved (replay)', () => {
    const b = victim();
    b.event('marac', '2017-07-10', { stage: 'referred' }, { subjects: { A: 'victim' } });
    const s = step([], b, '2017-08-01');
    expect(s.alerts).toEqual([expect.objectContaining({ status: 'resolved', raisedAt: '2017-07-06T23:59:59.999Z', resolvedAt: '2017-07-10T00:00:00.000Z' })]);
    expect(reconcile([], evaluatePicture(b.picture(), '2017-08-01', policy), { recordResolvedEpisodes: false })).toEqual([]);
  });
  it('does not re-raise a dismissed alert while the same condition holds, and closes it when the condition ends', () => {
    const b = victim();
    let s = step([], b, '2017-07-08');
    const dismissed = applyAction(s.alerts[0] as Alert, { type: 'dismiss', by: 'u1', at: '2017-07-09T10:00:00Z', note: 'known to MARAC in another area' });
    expect(dismissed.ok).toBe(true);
    if (!dismissed.ok) return;
    s = step([dismissed.alert], b, '2017-07-20');
    expect(s.t).toEqual([]);
    b.event('marac', '2017-07-25', { stage: 'referred' }, { subjects: { A: 'victim' } });
    s = step(s.alerts, b, '2017-08-01');
    expect(s.t.map((x) => x.type)).toEqual(['episode-ended']);
    expect(s.alerts[0]).toMatchObject({ status: 'dismissed', resolvedAt: '2017-07-25T00:00:00.000Z' });
  });
  it('resolves an open alert whose condition vanished (record corrected, policy changed)', () => {
    const b = victim();
    const s = step([], b, '2017-07-08');
    b.events.pop();
    b.events.splice(2, 1);
    const t = reconcile(s.alerts, evaluatePicture(b.picture(), '2017-07-09', policy));
    expect(t).toEqual([expect.objectContaining({ type: 'resolve', resolvedBy: null, resolvedAt: '2017-07-09T00:00:00.000Z' })]);
  });
  it('leaves alerts outside the evaluated scope alone', () => {
    const other: Alert = { id: 'X', rule: 'child-not-seen', subject: 'Z', people: ['Z'], status: 'raised', raisedAt: '2017-01-01T00:00:00.000Z', evidence: [], explanation: '' };
    expect(reconcile([other], evaluatePicture(victim().picture(), '2017-07-01', policy))).toEqual([]);
  });
});

describe('alert actions', () => {
  const a: Alert = { id: 'A1', rule: 'r', subject: 's', people: ['s'], status: 'raised', raisedAt: '2019-01-01T00:00:00.000Z', evidence: [], explanation: '' };
  it('follows raised → acknowledged → actioned with what was done', () => {
    const ack = applyAction(a, { type: 'acknowledge', by: 'mash-1', at: '2019-01-02T09:00:00Z' });
    expect(ack).toMatchObject({ ok: true, alert: { status: 'acknowledged' }, change: { from: 'raised', to: 'acknowledged', by: 'mash-1' } });
    if (!ack.ok) return;
    const done = applyAction(ack.alert, { type: 'action', by: 'mash-1', at: '2019-01-02T10:00:00Z', note: 'Referred to MARAC' });
    expect(done).toMatchObject({ ok: true, alert: { status: 'actioned', note: 'Referred to MARAC' } });
  });
  it('refuses actions without a note, from closed states, or without who', () => {
    expect(applyAction(a, { type: 'dismiss', by: 'u', at: '2019-01-02T10:00:00Z', note: ' ' })).toMatchObject({ ok: false, error: expect.stringMatching(/reason/) });
    expect(applyAction(a, { type: 'action', by: 'u', at: '2019-01-02T10:00:00Z', note: '' })).toMatchObject({ ok: false, error: expect.stringMatching(/what was done/) });
    expect(applyAction({ ...a, status: 'resolved' }, { type: 'acknowledge', by: 'u', at: '2019-01-02T10:00:00Z' })).toMatchObject({ ok: false });
    expect(applyAction({ ...a, status: 'actioned' }, { type: 'dismiss', by: 'u', at: '2019-01-02T10:00:00Z', note: 'x' })).toMatchObject({ ok: false });
    expect(applyAction(a, { type: 'acknowledge', by: '', at: '2019-01-02T10:00:00Z' })).toMatchObject({ ok: false });
  });
});

describe('routing', () => {
  it('resolves static and dynamic recipients', () => {
    expect(route(['police', 'marac:coordinator', 'role:mash', '{evidence_agency}', '{csc_if_open}'], { agencies: ['health_visiting'], cscOpen: true }, 'Wandsworth')).toEqual([
      { agency: 'police', localAuthority: 'Wandsworth' },
      { agency: 'marac', role: 'coordinator', localAuthority: 'Wandsworth' },
      { role: 'mash', localAuthority: 'Wandsworth' },
      { agency: 'health_visiting', localAuthority: 'Wandsworth' },
      { agency: 'csc', localAuthority: 'Wandsworth' },
    ]);
    expect(route(['{each_local_authority}:csc', '{csc_if_open}'], { localAuthorities: ['Wandsworth', 'Croydon'] })).toEqual([
      { agency: 'csc', localAuthority: 'Wandsworth' },
      { agency: 'csc', localAuthority: 'Croydon' },
    ]);
    expect(route(['{evidence_agency}:safeguarding_lead'], { evidenceAgencies: ['gp'] })).toEqual([{ agency: 'gp', role: 'safeguarding_lead' }]);
  });
});

import { alertReport } from '../explain.ts';

describe('alert report', () => {
  it('names the rule, thresholds, evidence with agencies, learning and recipients', () => {
    const b = victim();
    const s = step([], b, '2017-08-01');
    const alert = s.alerts[0] as Alert;
    const byKey = new Map(b.events.map((e) => [`${e.ref.source}:${e.ref.id}`, e]));
    const r = alertReport({ ...alert, id: 'AL-1' }, policy, (ref) => {
      const e = byKey.get(`${ref.source}:${ref.id}`);
      return e && { agency: e.agency, kind: e.kind, at: e.at };
    }, [], 'Wandsworth');
    expect(r.thresholds).toEqual({ count: 3, windowMonths: 12, referralWithinDays: 5, policeReportsOnly: false });
    expect(r.evidence.map((e) => e.agency)).toEqual(['police', 'police', 'police']);
    expect(r.citations[0]?.paragraphs).toBe('§6.86');
    expect(r.notify).toContainEqual({ agency: 'marac', role: 'coordinator', localAuthority: 'Wandsworth' });
    expect(r.text).toMatch(/004_dafda9c8eee178c5\.txt §6\.86/);
    expect(r.text).toMatch(/Raised at 2017-07-06T23:59:59.999Z/);
  });
});
