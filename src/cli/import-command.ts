import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { importFile, type ImportProgress, type ImportReport } from '../ingest/importer.ts';
import { followImport } from '../people/after-import.ts';
import { DataDirectoryLocked } from '../store/lock.ts';
import { actorOf, openCliStore, UsageError, type CliIO } from './context.ts';

export const importHelp = `seen import FILE… [--json]

Imports SEF files (.jsonl, .sef.jsonl, optionally .gz). Prints how many
records were imported, unchanged, updated and quarantined. Bad lines go to
the quarantine (see \`seen quarantine\`); the rest of the file is imported.
If a Seen server is running on the same embedded data directory, the files
are sent through it.`;

export async function importCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) {
    io.out(importHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name at least one file to import');
  for (const file of positionals) {
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
  }

  // SEEN_PROGRESS=1 prints progress as lines even when stderr is not a terminal.
  const progress = (io.isTTY || io.env.SEEN_PROGRESS === '1') && !values.json ? progressPrinter(io.isTTY) : undefined;
  const reports: ImportReport[] = [];
  let store;
  try {
    store = await openCliStore(io.env);
  } catch (error) {
    if (error instanceof DataDirectoryLocked && error.holder?.role === 'server' && error.holder.port) {
      io.err(`The data directory is in use by the running Seen server (pid ${error.holder.pid}); sending the files through it.`);
      for (const file of positionals) reports.push(await importThroughServer(error.holder.port, file, actorOf(io.env)));
      return printReports(reports, values.json === true, io);
    }
    throw error;
  }
  try {
    for (const file of positionals) {
      const report = await importFile(store, file, { actor: actorOf(io.env), channel: 'cli', onProgress: progress });
      reports.push(report);
      if (progress && io.isTTY) io.err('');
      // The new records join their people, then the protocols look again at whoever changed.
      const { linked } = await followImport(store, report, { actor: actorOf(io.env) });
      if (!values.json && linked.linked > 0)
        io.err(`${file}: linked ${linked.linked} person record(s)${linked.rebuilt ? ' (first linkage run: everything was linked)' : ''}: ${linked.newPeople} new people, ${linked.review} pair(s) for review (seen review list)`);
    }
  } finally {
    await store.close();
  }
  return printReports(reports, values.json === true, io);
}

function printReports(reports: ImportReport[], json: boolean, io: CliIO): number {
  const total = { imported: 0, unchanged: 0, updated: 0, quarantined: 0 };
  for (const r of reports) {
    total.imported += r.imported;
    total.unchanged += r.unchanged;
    total.updated += r.updated;
    total.quarantined += r.quarantined;
  }
  if (json) {
    io.out(JSON.stringify(total));
  } else {
    for (const r of reports) {
      io.out(`${r.file}: ${r.lines} lines: ${r.imported} imported, ${r.unchanged} unchanged, ${r.updated} updated, ${r.quarantined} quarantined`);
    }
    if (reports.length > 1) io.out(`total: ${total.imported} imported, ${total.unchanged} unchanged, ${total.updated} updated, ${total.quarantined} quarantined`);
  }
  const last = reports[reports.length - 1];
  for (const r of reports) {
    for (const w of r.warnings.slice(0, 20)) io.err(`warning: ${w.file}:${w.line}${w.path ? ` ${w.path}` : ''}: ${w.message}`);
    if (r.warningCount > 20) io.err(`warning: … and ${r.warningCount - 20} more warnings in ${r.file}`);
  }
  if (total.quarantined > 0) io.err(`${total.quarantined} line(s) quarantined: see \`seen quarantine\``);
  if (last && last.waiting > 0) io.err(`${last.waiting} record(s) wait for a person who has not arrived yet: see \`seen quarantine\``);
  return 0;
}

function progressPrinter(terminal: boolean): (p: ImportProgress) => void {
  return (p) => {
    const seconds = Math.max(p.elapsedMs / 1000, 0.001);
    const records = p.counts.imported + p.counts.unchanged + p.counts.updated + p.counts.quarantined;
    process.stderr.write(
      `${terminal ? '\r' : ''}${p.file.split('/').pop()}: ${p.lines.toLocaleString('en-GB')} lines, ${(p.bytes / 1e6).toFixed(1)} MB read, ` +
        `${Math.round(records / seconds).toLocaleString('en-GB')} records/s, ${p.counts.quarantined} quarantined   ${terminal ? '' : '\n'}`,
    );
  };
}

async function importThroughServer(port: number, file: string, actor: string): Promise<ImportReport> {
  const url = new URL(`http://127.0.0.1:${port}/api/imports`);
  url.searchParams.set('file', resolve(file));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-seen-user': actor },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const body = (await response.json()) as ImportReport & { message?: string };
  if (!response.ok) throw new Error(`the server refused the import of ${file}: ${body.message ?? response.statusText}`);
  return body;
}
