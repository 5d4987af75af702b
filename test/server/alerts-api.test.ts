import { expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { policeSource, suspect, threeIncidents, victim, deadlinePassed } from '../support/da-family.ts';
import { lines } from '../support/store-helpers.ts';
import { describeEachEngine } from '../support/engines.ts';

const user = { 'x-seen-user': 'dc.ashby' };

describeEachEngine('the alerts API', (store) => {
  it('serves alerts as of a date, explains one, and records what people do about it', async () => {
    const app = await buildApp(store());
    try {
      const imported = await app.inject({ method: 'POST', url: '/api/imports?file=da.sef.jsonl', headers: { ...user, 'content-type': 'application/x-ndjson' }, payload: lines(policeSource, victim, suspect, ...threeIncidents) });
      expect(imported.statusCode).toBe(200);

      expect((await app.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(400);
      const before = await app.inject({ method: 'GET', url: '/api/alerts?asOf=2025-05-24&rule=da-repeat-incidents-marac', headers: user });
      expect(before.statusCode).toBe(200);
      expect(before.json()).toEqual([]);

      // Asking as of a later date moves the evaluation there: the deadline has passed.
      const res = await app.inject({ method: 'GET', url: '/api/alerts?asOf=2025-06-01&rule=da-repeat-incidents-marac', headers: user });
      expect(res.statusCode).toBe(200);
      const [alert] = res.json() as { id: string; status: string; raisedAt: string; people: unknown[]; notify: { agency?: string }[] }[];
      expect(alert).toMatchObject({ status: 'open', raisedAt: deadlinePassed, people: [{ source: 'police-x', id: 'V1' }] });
      expect(alert!.notify.map((d) => d.agency)).toContain('police');

      const shown = await app.inject({ method: 'GET', url: `/api/alerts/${alert!.id}`, headers: user });
      expect(shown.statusCode).toBe(200);
      const report = shown.json() as { evidence: { agency: string; kind: string }[]; citations: { seed: string }[]; thresholds: Record<string, unknown> };
      expect(report.evidence.map((e) => [e.agency, e.kind])).toEqual([['police', 'police_incident'], ['police', 'police_incident'], ['police', 'police_incident']]);
      expect(report.citations[0]!.seed).toMatch(/^004_/);
      expect(report.thresholds).toMatchObject({ count: 3, referralWithinDays: 5 });

      const act = (body: object) => app.inject({ method: 'POST', url: `/api/alerts/${alert!.id}/actions`, headers: user, payload: body });
      expect((await act({ action: 'dismiss' })).statusCode).toBe(409);
      const ack = await act({ action: 'acknowledge' });
      expect(ack.json()).toMatchObject({ status: 'acknowledged' });
      expect((await act({ action: 'acknowledge' })).statusCode).toBe(409);
      expect((await act({ action: 'dismiss', note: 'Referred to MARAC by phone; record to follow' })).json()).toMatchObject({ status: 'dismissed' });
      expect((await app.inject({ method: 'POST', url: '/api/alerts/A999999/actions', headers: user, payload: { action: 'acknowledge' } })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/alerts/A999999', headers: user })).statusCode).toBe(404);

      const history = (await app.inject({ method: 'GET', url: `/api/alerts/${alert!.id}`, headers: user })).json() as { history: { to: string; by: string; note: string | null }[] };
      expect(history.history.map((h) => [h.to, h.by])).toEqual([['raised', 'dc.ashby'], ['acknowledged', 'dc.ashby'], ['dismissed', 'dc.ashby']]);
      expect(history.history[2]!.note).toMatch(/MARAC/);

      const docs = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
      expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/alerts', '/api/alerts/{id}', '/api/alerts/{id}/actions']));
    } finally {
      await app.close();
    }
  }, 120_000);
});
