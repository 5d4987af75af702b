import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Requester } from '../access/audit.ts';
import { actOnAlert, AlertActionRefused, alertDetail, evaluateIfDue, listAlerts, type AlertQuery } from '../people/alerts.ts';
import type { Policy } from '../rules/index.ts';
import type { Store } from '../store/database.ts';

const ref = z.object({ source: z.string(), id: z.string() });
const destination = z.object({ agency: z.string().optional(), role: z.string().optional(), localAuthority: z.string().optional() });
const status = z.enum(['open', 'acknowledged', 'actioned', 'dismissed', 'resolved']);
const alertView = z.object({
  id: z.string(),
  rule: z.string(),
  status: status.describe('open (raised, nobody has acted yet), acknowledged, actioned, dismissed or resolved'),
  raisedAt: z.string().describe('the data time at which the condition first held; for a deadline, when it passed'),
  people: z.array(ref).describe('the agency records of the person the alert is about'),
  evidence: z.array(ref),
  explanation: z.string(),
  citation: z.string().nullable(),
  subject: z.string().describe('the resolved person'),
  resolvedAt: z.string().nullable(),
  resolvedBy: ref.nullable().describe('the record that ended the condition'),
  resolution: z.string().nullable(),
  note: z.string().nullable().describe('what was done (actioned) or why (dismissed)'),
  notify: z.array(destination).describe('who needs to know: agencies, roles, local authorities'),
});
const change = z.object({ alertId: z.string(), from: z.string(), to: z.string(), by: z.string(), at: z.string(), note: z.string().nullable() });
const report = z.object({
  id: z.string(),
  rule: z.string(),
  title: z.string(),
  statement: z.string(),
  status: z.string(),
  raisedAt: z.string(),
  explanation: z.string(),
  thresholds: z.record(z.string(), z.unknown()),
  policyReason: z.string().nullable(),
  evidence: z.array(z.object({ ref, agency: z.string().nullable(), kind: z.string().nullable(), at: z.string().nullable() })),
  citations: z.array(z.object({ seed: z.string(), paragraphs: z.string(), learning: z.string() })),
  notify: z.array(destination),
  resolvedAt: z.string().nullable(),
  resolvedBy: ref.nullable(),
  resolution: z.string().nullable(),
  history: z.array(change),
  text: z.string(),
});

export interface AlertRouteDeps {
  store: Store;
  policy: Policy;
  headers: z.ZodType<{ 'x-seen-user': string; 'x-seen-reason'?: string | undefined }>;
  requester: (headers: { 'x-seen-user': string; 'x-seen-reason'?: string | undefined }) => Requester;
  errorBody: z.ZodType<{ message: string }>;
}

/** The alerts and their lifecycle over HTTP. Every read is audited; every action is recorded with who and when. */
export function alertRoutes(app: FastifyInstance, { store, policy, headers, requester, errorBody }: AlertRouteDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/alerts',
    {
      schema: {
        summary: 'Alerts, open and closed, as they stood at a data time (audited)',
        querystring: z.object({
          asOf: z.string().optional().describe('ISO date or date-time; default now'),
          status: z.enum(['open', 'closed', 'raised', 'acknowledged', 'actioned', 'dismissed', 'resolved']).optional(),
          rule: z.string().optional(),
          subject: z.string().optional().describe('a resolved person id'),
          raisedSince: z.string().optional().describe('only alerts raised at or after this ISO date or date-time'),
        }),
        headers,
        response: { 200: z.array(alertView), 400: errorBody },
      },
    },
    async (request, reply) => {
      const asOf = request.query.asOf ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(asOf))) return reply.code(400).send({ message: `asOf "${asOf}" is not a date` });
      // A caller looking ahead of the scheduler moves the clock there, as --as-of does.
      if (request.query.asOf) await evaluateIfDue(store.db, { asOf, policy, actor: requester(request.headers).actor, exact: true });
      const query: AlertQuery = { asOf };
      if (request.query.status) query.status = request.query.status;
      if (request.query.rule) query.rule = request.query.rule;
      if (request.query.subject) query.subject = request.query.subject;
      if (request.query.raisedSince) {
        if (Number.isNaN(Date.parse(request.query.raisedSince))) return reply.code(400).send({ message: `raisedSince "${request.query.raisedSince}" is not a date` });
        query.raisedSince = request.query.raisedSince;
      }
      const alerts = await listAlerts(store.db, query, requester(request.headers));
      return alerts.map(({ lifecycle: _lifecycle, ...a }) => a);
    },
  );

  api.get(
    '/api/alerts/:id',
    {
      schema: {
        summary: 'One alert explained: rule, thresholds, evidence with agencies, learning cited, who needs to know, history (audited)',
        params: z.object({ id: z.string() }),
        headers,
        response: { 200: report, 404: errorBody },
      },
    },
    async (request, reply) => {
      const detail = await alertDetail(store.db, request.params.id, requester(request.headers), policy);
      if (!detail) return reply.code(404).send({ message: `no alert ${request.params.id}` });
      return detail;
    },
  );

  api.post(
    '/api/alerts/:id/actions',
    {
      schema: {
        summary: 'Acknowledge an alert, record what was done (action) or why it was dismissed; recorded with who and when',
        params: z.object({ id: z.string() }),
        headers,
        body: z.object({ action: z.enum(['acknowledge', 'action', 'dismiss']), note: z.string().optional() }),
        response: { 200: z.object({ id: z.string(), status: z.string(), note: z.string().nullable() }), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const by = requester(request.headers).actor;
      try {
        const action = request.body.note === undefined ? { type: request.body.action, by } : { type: request.body.action, by, note: request.body.note };
        const alert = await actOnAlert(store.db, request.params.id, action as Parameters<typeof actOnAlert>[2]);
        if (!alert) return reply.code(404).send({ message: `no alert ${request.params.id}` });
        return { id: alert.id, status: alert.status, note: alert.note ?? null };
      } catch (error) {
        if (error instanceof AlertActionRefused) return reply.code(409).send({ message: error.message });
        throw error;
      }
    },
  );
}

/**
 * Deadlines pass with time, not with records: every few minutes the server
 * asks whether an hour boundary has passed since everyone was last
 * evaluated, and if so evaluates everyone as of now. One turn at a time.
 */
export function startAlertScheduler(store: Store, options: { policy: Policy; everyMs?: number; log?: (message: string) => void }): { stop(): void; turn(): Promise<void>; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  const turn = async () => {
    if (running) return running;
    running = (async () => {
      try {
        const report = await evaluateIfDue(store.db, { asOf: new Date().toISOString(), policy: options.policy, actor: 'scheduler' });
        if (report) options.log?.(`Alerts evaluated as of ${report.asOf}: ${report.subjects} people in ${report.households} households; ${report.raised} raised, ${report.resolved} resolved.`);
      } catch (error) {
        options.log?.(`Alert evaluation failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void turn(), options.everyMs ?? 5 * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer), turn, idle: () => running ?? Promise.resolve() };
}
