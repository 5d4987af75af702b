import type { Readable } from 'node:stream';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Requester } from '../access/audit.ts';
import { importStream } from '../ingest/importer.ts';
import { listQuarantine, retryQuarantine, showQuarantine } from '../ingest/quarantine.ts';
import { BadPersonRef, chronology, parsePersonRef, type PersonRef } from '../people/chronology.ts';
import { explainRecords, listPeople } from '../people/linking.ts';
import { afterRelinking, followImport } from '../people/after-import.ts';
import { DecisionRefused, listDecisions, listReview, recordDecision } from '../people/review.ts';
import { auditRead } from '../access/audit.ts';
import type { Store } from '../store/database.ts';
import { defaultPolicy, type Policy } from '../rules/index.ts';
import { alertRoutes } from './alert-routes.ts';

export interface AppOptions {
  logger?: boolean | object;
  version?: string;
  /** The partnership's protocol policy (default: the catalogue's defaults). */
  policy?: Policy;
}

const problem = z.object({ path: z.string(), message: z.string() });
const errorBody = z.object({ message: z.string() });
const counts = {
  imported: z.number().int(),
  unchanged: z.number().int(),
  updated: z.number().int(),
  quarantined: z.number().int(),
};
const importReport = z.object({
  importId: z.number().int(),
  file: z.string(),
  lines: z.number().int(),
  ...counts,
  waiting: z.number().int().describe('records in the store still waiting for a person who has not arrived'),
  warnings: z.array(z.object({ file: z.string(), line: z.number().int(), path: z.string(), message: z.string() })),
  warningCount: z.number().int(),
  linking: z
    .object({ linked: z.number().int(), newPeople: z.number().int(), review: z.number().int(), changedPeople: z.number().int() })
    .optional()
    .describe('the person records this import brought or changed, linked into people'),
});
const recordRef = z.object({ source: z.string(), id: z.string() });
const reviewRecord = z.object({ source: z.string(), id: z.string(), agency: z.string(), name: z.string(), birthDate: z.string().nullable(), sex: z.string().nullable(), person: z.string().nullable() });
const decisionView = z.object({ a: recordRef, b: recordRef, decision: z.enum(['match', 'non-match']), by: z.string(), at: z.string(), reason: z.string() });
const chronologySchema = z.object({
  person: z.object({
    source: z.string(),
    id: z.string(),
    agency: z.string(),
    name: z.string(),
    birthDate: z.string().nullable(),
    sex: z.string().nullable(),
    addresses: z.array(z.object({ address: z.string(), kind: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable(), sealed: z.boolean() })),
  }),
  records: z.array(z.object({ source: z.string(), id: z.string(), agency: z.string() })),
  entries: z.array(
    z.object({
      at: z.string(),
      precision: z.enum(['date', 'datetime']),
      kind: z.string(),
      agency: z.string(),
      source: z.string(),
      id: z.string(),
      summary: z.string(),
      subjects: z.array(z.object({ source: z.string(), id: z.string(), role: z.string(), name: z.string().nullable() })),
      address: z.string().nullable(),
      note: z.string().nullable(),
      household: z.object({ person: z.string(), name: z.string(), relation: z.string() }).nullable().describe("null for the person's own events; else the household member whose event it is"),
    }),
  ),
  household: z
    .array(
      z.object({
        person: z.string(),
        name: z.string(),
        birthDate: z.string().nullable(),
        records: z.array(z.object({ source: z.string(), id: z.string() })),
        links: z.array(
          z.object({
            relation: z.string(),
            via: z.union([
              z.object({ relationship: z.object({ source: z.string(), id: z.string(), agency: z.string(), kind: z.string() }) }),
              z.object({ address: z.string().describe('never a sealed address'), agencies: z.array(z.string()) }),
            ]),
            from: z.string().nullable(),
            to: z.string().nullable(),
          }),
        ),
      }),
    )
    .describe('people linked by relationship records or a shared address, with the periods'),
});
const quarantineSummary = z.object({
  id: z.number().int(),
  status: z.enum(['open', 'resolved']),
  file: z.string(),
  line: z.number().int(),
  record: z.object({ source: z.string().nullable(), type: z.string().nullable(), id: z.string().nullable() }),
  reason: z.string(),
  problems: z.number().int(),
  quarantinedAt: z.string(),
});
const waitingRecord = z.object({
  record: z.object({ source: z.string(), type: z.string(), id: z.string() }),
  file: z.string(),
  line: z.number().int(),
  waitingFor: z.array(z.object({ path: z.string(), person: z.string() })),
  reason: z.string(),
});
const userHeaders = z.object({
  'x-seen-user': z.string().min(1).describe('who is asking; recorded in the audit trail'),
  'x-seen-reason': z.string().optional().describe('why: recorded in the audit trail'),
});

/** Two SOURCE:ID references, or what is wrong with them. */
function personPair(a: string, b: string): { a: PersonRef; b: PersonRef } | { message: string } {
  try {
    return { a: parsePersonRef(a), b: parsePersonRef(b) };
  } catch (error) {
    if (error instanceof BadPersonRef) return { message: error.message };
    throw error;
  }
}

/** Who is asking. Until sign-in lands (the access issue), the caller names itself. */
function requesterOf(request: FastifyRequest, headers: { 'x-seen-user': string; 'x-seen-reason'?: string | undefined }): Requester {
  return { actor: headers['x-seen-user'], channel: 'api', purpose: headers['x-seen-reason'] ?? null };
}

export async function buildApp(store: Store, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Imports stream; the upload limit is the disk's, not the request's.
    bodyLimit: 1024 * 1024 * 1024 * 64,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Import bodies are passed through as streams, never buffered whole.
  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'application/gzip', 'application/octet-stream', 'text/plain'], (_request, payload, done) => done(null, payload));

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Seen API',
        description: 'Multi-agency safeguarding records: import, chronology and quarantine. Every read of personal data is audited.',
        version: options.version ?? '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  alertRoutes(app, { store, policy: options.policy ?? defaultPolicy(), headers: userHeaders, errorBody, requester: (headers) => ({ actor: headers['x-seen-user'], channel: 'api', purpose: headers['x-seen-reason'] ?? null }) });

  app.get(
    '/api/health',
    { schema: { summary: 'Is Seen up, and on which database engine', response: { 200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgres']) }) } } },
    async () => {
      await store.db.selectFrom('source').select('id').limit(1).execute();
      return { status: 'ok' as const, engine: store.engine };
    },
  );

  app.post(
    '/api/imports',
    {
      schema: {
        summary: 'Import a SEF file (JSON Lines, optionally gzip) sent as the request body',
        querystring: z.object({ file: z.string().min(1).optional().describe('the file name to record in the quarantine and import log') }),
        headers: userHeaders,
        response: { 200: importReport, 400: errorBody },
      },
    },
    async (request) => {
      const who = requesterOf(request, request.headers);
      const report = await importStream(store, request.body as Readable, {
        fileName: request.query.file ?? `upload by ${who.actor} at ${new Date().toISOString()}`,
        actor: who.actor,
        channel: 'api',
      });
      // The new records join their people, then the protocols look again at whoever changed.
      const { linked } = await followImport(store, report, { actor: who.actor, policy: options.policy ?? defaultPolicy() });
      return { ...report, linking: { linked: linked.linked, newPeople: linked.newPeople, review: linked.review, changedPeople: linked.changedPeople.length } };
    },
  );

  app.get(
    '/api/chronology',
    {
      schema: {
        summary: "A person's multi-agency chronology (audited; sealed addresses withheld)",
        querystring: z.object({ person: z.string().describe('SOURCE:ID of one of the person\u2019s records') }),
        headers: userHeaders,
        response: { 200: chronologySchema, 400: errorBody, 404: errorBody },
      },
    },
    async (request, reply) => {
      let ref;
      try {
        ref = parsePersonRef(request.query.person);
      } catch (error) {
        if (error instanceof BadPersonRef) return reply.code(400).send({ message: error.message });
        throw error;
      }
      const result = await chronology(store.db, ref, requesterOf(request, request.headers));
      if (!result) return reply.code(404).send({ message: `no person ${request.query.person}` });
      return result;
    },
  );

  app.get(
    '/api/people',
    {
      schema: {
        summary: 'The resolved people and the agency records each is made of (audited)',
        headers: userHeaders,
        response: { 200: z.array(z.object({ id: z.string(), records: z.array(z.object({ source: z.string(), id: z.string() })) })) },
      },
    },
    async (request) => {
      await auditRead(store.db, requesterOf(request, request.headers), { action: 'people.list', subject: null });
      return listPeople(store.db);
    },
  );

  app.get(
    '/api/explain',
    {
      schema: {
        summary: 'Why two records are or are not the same person: every comparison level, m, u and weight (audited)',
        querystring: z.object({ a: z.string().describe('SOURCE:ID'), b: z.string().describe('SOURCE:ID') }),
        headers: userHeaders,
        response: {
          200: z.object({
            a: z.object({ source: z.string(), id: z.string() }),
            b: z.object({ source: z.string(), id: z.string() }),
            linkageRun: z.number().int(),
            samePerson: z.boolean(),
            explanation: z.object({
              priorWeight: z.number(),
              totalWeight: z.number(),
              probability: z.number(),
              comparisons: z.array(z.object({ comparison: z.string(), level: z.number().int(), label: z.string(), m: z.number().nullable(), u: z.number().nullable(), weight: z.number(), tfAdjustment: z.number() })),
            }),
            decision: z.object({ decision: z.enum(['match', 'non-match']), by: z.string(), at: z.string(), reason: z.string() }).nullable(),
            review: z.object({ reason: z.string(), probability: z.number() }).nullable(),
            corroboration: z.string().nullable().describe('evidence beyond the comparisons: both records parents of one child'),
          }),
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const pair = personPair(request.query.a, request.query.b);
      if ('message' in pair) return reply.code(400).send(pair);
      const { a, b } = pair;
      const result = await explainRecords(store.db, a, b, requesterOf(request, request.headers));
      if ('missing' in result) return reply.code(404).send({ message: result.missing });
      return result;
    },
  );

  app.get(
    '/api/review',
    {
      schema: {
        summary: 'Pairs of records waiting for a reviewer, most likely matches first (audited; no addresses)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) }),
        headers: userHeaders,
        response: {
          200: z.object({
            total: z.number().int(),
            items: z.array(z.object({ a: reviewRecord, b: reviewRecord, weight: z.number(), probability: z.number(), reason: z.string(), linkageRun: z.number().int(), queuedAt: z.string() })),
          }),
        },
      },
    },
    async (request) => listReview(store.db, requesterOf(request, request.headers), { limit: request.query.limit }),
  );

  app.get(
    '/api/review/decisions',
    {
      schema: { summary: 'Reviewers\u2019 decisions in force (the latest per pair), oldest first (audited)', headers: userHeaders, response: { 200: z.array(decisionView) } },
    },
    async (request) => listDecisions(store.db, requesterOf(request, request.headers)),
  );

  app.post(
    '/api/review/decisions',
    {
      schema: {
        summary: 'Record that two records are (match) or are not (non-match) the same person; kept for ever and obeyed by every linkage run',
        headers: userHeaders,
        body: z.object({ a: z.string().describe('SOURCE:ID'), b: z.string().describe('SOURCE:ID'), decision: z.enum(['match', 'non-match']), reason: z.string().min(1) }),
        response: {
          200: z.object({
            decision: z.object({ id: z.number().int(), a: recordRef, b: recordRef, decision: z.enum(['match', 'non-match']), by: z.string(), at: z.string(), reason: z.string() }),
            samePerson: z.boolean(),
            conflict: z.string().nullable().describe('why a match could not be applied (two hard-conflicting records); the decision is stored all the same'),
            pending: z.boolean().describe('no linkage run yet: applied by the next rebuild'),
            changedPeople: z.array(z.string()),
          }),
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const pair = personPair(request.body.a, request.body.b);
      if ('message' in pair) return reply.code(400).send(pair);
      const { a, b } = pair;
      try {
        const result = await recordDecision(store, a, b, request.body.decision, request.body.reason, requesterOf(request, request.headers));
        await afterRelinking(store, { actor: requesterOf(request, request.headers).actor, people: result.changedPeople, policy: options.policy ?? defaultPolicy() });
        return result;
      } catch (error) {
        if (error instanceof DecisionRefused) return reply.code(error.message.startsWith('no person') ? 404 : 400).send({ message: error.message });
        throw error;
      }
    },
  );

  app.get(
    '/api/quarantine',
    {
      schema: {
        summary: 'Quarantined lines and records waiting for a person',
        querystring: z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') }),
        headers: userHeaders,
        response: { 200: z.object({ entries: z.array(quarantineSummary), waiting: z.array(waitingRecord) }) },
      },
    },
    async (request) => listQuarantine(store.db, requesterOf(request, request.headers), { status: request.query.status }),
  );

  app.get(
    '/api/quarantine/:id',
    {
      schema: {
        summary: 'One quarantined line with its reasons (audited; sealed addresses withheld)',
        params: z.object({ id: z.coerce.number().int() }),
        headers: userHeaders,
        response: {
          200: quarantineSummary.extend({ raw: z.string(), rawBytes: z.number().int(), rawWithheld: z.boolean(), problemList: z.array(problem), resolution: z.string().nullable() }),
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const detail = await showQuarantine(store.db, request.params.id, requesterOf(request, request.headers));
      if (!detail) return reply.code(404).send({ message: `no quarantine entry ${request.params.id}` });
      return detail;
    },
  );

  app.post(
    '/api/quarantine/:id/retry',
    {
      schema: {
        summary: 'Try a quarantined line again, as stored or with a corrected line',
        params: z.object({ id: z.coerce.number().int() }),
        headers: userHeaders,
        body: z.object({ line: z.string().optional().describe('the corrected SEF line') }).optional(),
        response: {
          200: z.object({ id: z.number().int(), outcome: z.enum(['imported', 'still-invalid', 'not-open', 'not-found']), problems: z.array(problem) }),
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const who = requesterOf(request, request.headers);
      const result = await retryQuarantine(store, request.params.id, { replacement: request.body?.line, actor: who.actor, channel: 'api' });
      if (result.outcome === 'not-found') return reply.code(404).send({ message: `no quarantine entry ${request.params.id}` });
      return { id: result.id, outcome: result.outcome, problems: result.problems };
    },
  );

  return app;
}
