import { PassThrough } from 'node:stream';
import { writeDemo } from '../demo/index.ts';
import { importStream } from '../ingest/importer.ts';
import type { Store } from '../store/database.ts';
import type { CliIO } from './context.ts';

export const DEFAULT_DEMO = { children: 5000, seed: 'seen-demo' } as const;

/** `npm start` on an empty store shows something real: the synthetic partnership. */
export async function loadDefaultDemoIfEmpty(store: Store, io: CliIO): Promise<void> {
  const any = await store.db.selectFrom('record').select('id').limit(1).executeTakeFirst();
  if (any) return;
  io.out(`The store is empty: loading the synthetic demo partnership (${DEFAULT_DEMO.children.toLocaleString('en-GB')} children, seed "${DEFAULT_DEMO.seed}"). Every person in it is invented.`);
  const started = Date.now();
  const pipe = new PassThrough({ highWaterMark: 1 << 20 });
  const importing = importStream(store, pipe, { fileName: `demo (seed ${DEFAULT_DEMO.seed}, ${DEFAULT_DEMO.children} children)`, actor: 'seen@demo', channel: 'demo' });
  const written = await writeDemo({ ...DEFAULT_DEMO, out: pipe });
  pipe.end();
  const report = await importing;
  io.out(
    `Loaded ${written.records.toLocaleString('en-GB')} records (${written.people.toLocaleString('en-GB')} people) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${report.quarantined} quarantined.`,
  );
}
