import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseDemoArgs, writeDemo } from '../demo/index.ts';
import { importStream } from '../ingest/importer.ts';
import { followImport } from '../people/after-import.ts';
import { actorOf, openCliStore, type CliIO } from './context.ts';

export async function demoCommand(argv: string[], io: CliIO): Promise<number> {
  const { out: outPath, truth: truthPath, load, ...options } = parseDemoArgs(argv);
  const truth = truthPath ? createWriteStream(truthPath) : undefined;
  if (load) {
    const store = await openCliStore(io.env);
    try {
      const pipe = new PassThrough({ highWaterMark: 1 << 20 });
      const copy = outPath ? createWriteStream(outPath) : undefined;
      if (copy) pipe.pipe(copy);
      const importing = importStream(store, pipe, { fileName: `demo (seed ${options.seed}, ${options.children} children)`, actor: actorOf(io.env), channel: 'cli' });
      const written = await writeDemo({ ...options, out: pipe, ...(truth ? { truth } : {}) });
      pipe.end();
      const report = await importing;
      if (copy) await finished(copy);
      io.out(`Loaded the demo partnership: ${written.children} children, ${written.people} people, ${written.records} records: ${report.imported} imported, ${report.unchanged} unchanged, ${report.updated} updated, ${report.quarantined} quarantined.`);
      // Linked like any import: from scratch the first time, incrementally after.
      const { linked } = await followImport(store, report, { actor: actorOf(io.env), evaluate: false });
      io.out(`Linked ${linked.linked} person records${linked.rebuilt ? ` into ${linked.rebuilt.people} people (first linkage run)` : ` (${linked.newPeople} new people)`}; ${linked.rebuilt ? linked.rebuilt.reviewPairs : linked.review} pairs for review (seen review list).`);
    } finally {
      await store.close();
      truth?.end();
    }
    return 0;
  }
  const out = outPath ? createWriteStream(outPath) : process.stdout;
  const written = await writeDemo({ ...options, out, ...(truth ? { truth } : {}) });
  if (outPath) {
    (out as NodeJS.WritableStream).end();
    io.err(`Wrote ${written.records} records for ${written.children} children (${written.people} people) to ${outPath}.`);
  }
  truth?.end();
  return 0;
}
