import { PassThrough } from 'node:stream';
import { writeDemo } from '../demo/index.ts';
import { importStream } from '../ingest/importer.ts';
import { rebuildLinks } from '../people/linking.ts';
import type { Store } from '../store/database.ts';
import { refreshStatistics } from '../store/statistics.ts';
import type { CliIO } from './context.ts';

export const DEFAULTS = { children: 5000, seed: 'seen-demo' } as const;

/** `npm start` on an empty store shows something real: the synthetic partnership (SEEN_DEMO_CHILDREN sets its size). */
export async function loadDefaultDemoIfEmpty(store: Store, io: CliIO): Promise<void> {
  const any = await store.db.selectFrom('record').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const demo = { children: Number(io.env.SEEN_DEMO_CHILDREN ?? DEFAULTS.children), seed: DEFAULTS.seed };
  io.out(`The store is empty: loading the synthetic demo partnership (${demo.children.toLocaleString('en-GB')} children, seed "${demo.seed}"). Every person in it is invented.`);
  const started = Date.now();
  const pipe = new PassThrough({ highWaterMark: 1 << 20 });
  const importing = importStream(store, pipe, { fileName: `demo (seed ${demo.seed}, ${demo.children} children)`, actor: 'seen@demo', channel: 'demo' });
  const written = await writeDemo({ ...demo, out: pipe });
  pipe.end();
  const report = await importing;
  io.out(
    `Loaded ${written.records.toLocaleString('en-GB')} records (${written.people.toLocaleString('en-GB')} people) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${report.quarantined} quarantined.`,
  );
  // Statistics for what was loaded (the embedded database has no autovacuum),
  // then linked at once, so that the first chronology already covers whole people.
  await refreshStatistics(store.db, report.imported + report.updated);
  const linked = await rebuildLinks(store, 'seen@demo');
  io.out(
    `Linked ${linked.records.toLocaleString('en-GB')} person records into ${linked.people.toLocaleString('en-GB')} people in ${linked.seconds.toFixed(1)} s; ${linked.reviewPairs.toLocaleString('en-GB')} pairs wait for review (seen review list).`,
  );
}
