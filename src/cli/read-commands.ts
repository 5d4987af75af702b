import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listQuarantine, openQuarantineIds, retryQuarantine, showQuarantine, type RetryResult } from '../ingest/quarantine.ts';
import { chronology, formatChronology, parsePersonRef } from '../people/chronology.ts';
import { actorOf, openCliStore, requester, UsageError, type CliIO } from './context.ts';

export const chronologyHelp = `seen chronology --person SOURCE:ID [--json] [--reason TEXT]

The multi-agency chronology of a person: every event they are a subject of,
in time order, with the agency that recorded it. Every read is audited with
who asked ($SEEN_USER or your login) and why (--reason). Sealed addresses
are never shown.`;

export async function chronologyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { person: { type: 'string' }, json: { type: 'boolean' }, reason: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    io.out(chronologyHelp);
    return 0;
  }
  if (!values.person) throw new UsageError('say whose chronology: --person SOURCE:ID');
  const ref = parsePersonRef(values.person);
  const store = await openCliStore(io.env);
  try {
    const result = await chronology(store.db, ref, requester(io.env, values.reason));
    if (!result) {
      io.err(`No person ${values.person} in the store.`);
      return 1;
    }
    io.out(values.json ? JSON.stringify(result, null, 2) : formatChronology(result));
    return 0;
  } finally {
    await store.close();
  }
}

export const quarantineHelp = `seen quarantine [list] [--all|--resolved] [--json]
seen quarantine show ID [--json] [--reason TEXT]
seen quarantine retry ID [--with FILE]
seen quarantine retry --all

Lines that could not be imported, each with its file, line, field and a
plain-English reason, and records that wait for a person who has not
arrived yet. \`retry\` tries an entry again: as stored (after Seen was fixed)
or with the corrected line in FILE. A valid version of the same record
arriving in a later import resolves an entry by itself.`;

export async function quarantineCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      resolved: { type: 'boolean' },
      with: { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(quarantineHelp);
    return 0;
  }
  const [action = 'list', idText] = positionals;
  const id = idText === undefined ? undefined : Number(idText);
  if (id !== undefined && !Number.isInteger(id)) throw new UsageError(`"${idText}" is not a quarantine entry number`);
  if (!['list', 'show', 'retry'].includes(action)) throw new UsageError(`unknown quarantine action "${action}": use list, show or retry`);
  if (action === 'show' && id === undefined) throw new UsageError('say which entry: seen quarantine show ID');
  if (action === 'retry' && id === undefined && !values.all) throw new UsageError('say which entry: seen quarantine retry ID, or --all');
  if (values.with && id === undefined) throw new UsageError('--with FILE corrects one entry: give its ID');
  const replacement = values.with ? readFileSync(values.with, 'utf8').replace(/\r?\n$/, '') : undefined;

  const store = await openCliStore(io.env);
  try {
    if (action === 'list') {
      const listing = await listQuarantine(store.db, requester(io.env, values.reason), { status: values.all ? 'all' : values.resolved ? 'resolved' : 'open' });
      if (values.json) {
        io.out(JSON.stringify(listing, null, 2));
      } else {
        if (listing.entries.length === 0 && listing.waiting.length === 0) io.out('The quarantine is empty.');
        for (const e of listing.entries) {
          io.out(`#${e.id} ${e.status.padEnd(8)} ${e.file}:${e.line}${e.record.source ? ` (${e.record.type ?? '?'} ${e.record.source}:${e.record.id ?? '?'})` : ''}`);
          io.out(`    ${e.reason}`);
        }
        if (listing.waiting.length) io.out(`\nWaiting for a person (${listing.waiting.length}):`);
        for (const w of listing.waiting) io.out(`  ${w.record.type} ${w.record.source}:${w.record.id} (${w.file}:${w.line})\n    ${w.reason}`);
      }
      return 0;
    }
    if (action === 'show') {
      const detail = await showQuarantine(store.db, id!, requester(io.env, values.reason));
      if (!detail) {
        io.err(`No quarantine entry #${id}.`);
        return 1;
      }
      if (values.json) io.out(JSON.stringify(detail, null, 2));
      else {
        io.out(`#${detail.id} ${detail.status} — ${detail.file}, line ${detail.line} (${detail.rawBytes} bytes)`);
        for (const p of detail.problemList) io.out(`  ${p.path || '(line)'}: ${p.message}`);
        if (detail.resolution) io.out(`  resolved: ${detail.resolution}`);
        io.out(`\n${detail.raw.length > 4000 ? detail.raw.slice(0, 4000) + ` … (${detail.raw.length - 4000} more characters)` : detail.raw}`);
      }
      return 0;
    }
    const ids = id !== undefined ? [id] : await openQuarantineIds(store.db);
    const results: RetryResult[] = [];
    for (const each of ids) {
      results.push(await retryQuarantine(store, each, { replacement, actor: actorOf(io.env), channel: 'cli' }));
    }
    if (values.json) io.out(JSON.stringify(results.map(({ report: _report, ...r }) => r), null, 2));
    else
      for (const r of results) {
        const why = r.problems.map((p) => `${p.path || '(line)'}: ${p.message}`).join('; ');
        io.out(`#${r.id}: ${r.outcome}${why ? ` — ${why}` : ''}`);
      }
    return results.some((r) => r.outcome === 'not-found') ? 1 : 0;
  } finally {
    await store.close();
  }
}
