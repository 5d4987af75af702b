import { parseArgs } from 'node:util';
import { startAlertScheduler } from '../server/alert-routes.ts';
import { buildApp } from '../server/app.ts';
import { openCliStore, type CliIO } from './context.ts';
import { policyFrom } from './policy-file.ts';

export const serveHelp = `seen serve [--port N] [--host ADDRESS]   (npm start)

Serves the Seen API (and its documentation at /docs). With no DATABASE_URL
the data lives in the embedded database in ./.seen (or $SEEN_DATA); an empty
store is first loaded with the synthetic demo partnership.

The protocols run after every import and, for deadlines, every few minutes
(SEEN_ALERT_EVERY_MINUTES, default 5): whenever an hour has passed since
everyone was last evaluated. SEEN_POLICY names the partnership's policy
file (default: the catalogue's defaults; see docs/policy.md).`;

export async function serveCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(serveHelp);
    return 0;
  }
  const port = Number(values.port ?? io.env.PORT ?? 3000);
  const host = values.host ?? io.env.HOST ?? '127.0.0.1';
  const store = await openCliStore(io.env, 'server');
  const where = store.engine === 'pglite' ? `${store.location} (embedded PGlite; not power-loss safe — use DATABASE_URL in production)` : store.location;
  io.out(`Seen: data in ${where}`);

  if (!values['no-demo'] && io.env.SEEN_NO_DEMO !== '1') {
    const { loadDefaultDemoIfEmpty } = await import('./demo-loader.ts');
    await loadDefaultDemoIfEmpty(store, io);
  }

  const policy = policyFrom(io.env.SEEN_POLICY);
  const app = await buildApp(store, { logger: io.env.SEEN_LOG === '1', policy });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  store.lock?.update({ port: actualPort });
  io.out(`Seen is listening on http://${host}:${actualPort} (API documentation at http://${host}:${actualPort}/docs)`);
  const scheduler = startAlertScheduler(store, { policy, everyMs: Number(io.env.SEEN_ALERT_EVERY_MINUTES ?? 5) * 60_000, log: io.out });
  // The first turn runs at once, in the background: the API answers meanwhile.
  void scheduler.turn();

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Seen is stopping…');
  scheduler.stop();
  await app.close();
  await scheduler.idle();
  await store.close();
  return 0;
}
