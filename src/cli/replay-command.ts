import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { z } from 'zod';
import { importStream } from '../ingest/importer.ts';
import { evaluateAlerts, listAlerts } from '../people/alerts.ts';
import { rebuildLinks } from '../people/linking.ts';
import { ruleById, type Policy } from '../rules/index.ts';
import { parseLine } from '../sef/index.ts';
import { openStore, type Store } from '../store/database.ts';
import { UsageError, type CliIO } from './context.ts';
import { policyFrom } from './policy-file.ts';

export const replayHelp = `seen replay FILE [--people FILE] [--policy FILE] [--as-of DATE] [--json]

Replays a SEF file's history through a scratch store (in memory; your data
is not touched): the agencies' people and relationships first, then the
events in time order, a month at a time, each month linked and evaluated
against the protocols as an import would be. Reports, for every alert, the
data time its condition first held (raisedAt), the month end at which the
records as they arrived first showed it (knownAt), and how long before the
last event in the file that was.

Records are linked into people by record linkage, or, with --people, as
that file says (a JSON object whose "people" maps a name to its records,
as in test/scenarios/*.expected.json).`;

const peopleFile = z.object({ people: z.record(z.string(), z.array(z.object({ source: z.string(), id: z.string() }))) });
const DAY = 86_400_000;

interface Line {
  text: string;
  type: string;
  at: number;
}

const timeOf = (at: string) => Date.parse(at.length <= 10 ? `${at}T00:00:00Z` : at);
const monthEnd = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

export async function replayCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { people: { type: 'string' }, policy: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(replayHelp);
    return 0;
  }
  const [file] = positionals;
  if (!file) throw new UsageError('name the SEF file to replay');
  const text = readFileSync(file, 'utf8');

  // Replay reads only valid records; bad lines are reported, as an import would quarantine them.
  const good: Line[] = [];
  let last = '';
  text.split('\n').forEach((line, i) => {
    const parsed = parseLine(line);
    if (parsed === null) return;
    if (!parsed.ok) {
      io.err(`${file}:${i + 1}: skipped: ${parsed.problems.map((p) => `${p.path || '(line)'}: ${p.message}`).join('; ')}`);
      return;
    }
    const r = parsed.record;
    const at = r.type === 'event' ? r.at : '';
    if (at > last) last = at;
    good.push({ text: line, type: r.type, at: at ? timeOf(at) : -Infinity });
  });
  if (!last) throw new UsageError(`${file} holds no events to replay`);
  const linkage = values.people ? peopleFile.parse(JSON.parse(readFileSync(values.people, 'utf8'))).people : null;
  const policy = policyFrom(values.policy);
  const lastEvent = timeOf(last);
  const asOf = values['as-of'] ?? new Date(lastEvent + DAY).toISOString();
  if (Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of "${asOf}" is not a date`);

  const store = await openStore({ memory: true });
  try {
    const knownAt = await replay(store, good, linkage, Date.parse(asOf), policy);
    await evaluateAlerts(store.db, { asOf, policy, actor: 'replay' });
    await knownAt.note(asOf);
    const stored = await listAlerts(store.db, { asOf }, { actor: 'replay', channel: 'cli', purpose: `replay of ${file}` });
    const alerts = stored.map((a) => ({
      id: a.id,
      rule: a.rule,
      status: a.status,
      raisedAt: a.raisedAt,
      knownAt: knownAt.of(a.id),
      leadDays: Math.floor((Date.parse(`${last.slice(0, 10)}T00:00:00Z`) - Date.parse(a.raisedAt)) / DAY),
      subject: a.subject,
      people: a.people,
      evidence: a.evidence,
      explanation: a.explanation,
      citation: ruleById(a.rule)?.citation ?? null,
      resolvedAt: a.resolvedAt,
    }));
    if (values.json) {
      io.out(JSON.stringify({ file, lastEvent: last, asOf, alerts }, null, 2));
      return 0;
    }
    io.out(`Replay of ${file}: ${good.length} records, last event ${last}; ${alerts.length} alert(s)`);
    for (const a of alerts) {
      const lead = a.leadDays > 0 ? `${a.leadDays} days before the last event` : a.leadDays === 0 ? 'on the day of the last event' : 'after the last event';
      io.out(`${a.raisedAt.slice(0, 10)}  ${a.rule.padEnd(36)} ${a.subject}  (${lead}; known by ${a.knownAt?.slice(0, 10) ?? '—'}${a.status === 'resolved' ? `; resolved ${a.resolvedAt?.slice(0, 10)}` : ''})`);
      io.out(`            ${a.explanation}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** Imports sources, people and relationships, links them, then the events a month at a time, evaluating after each month. */
async function replay(store: Store, lines: Line[], linkage: Record<string, { source: string; id: string }[]> | null, until: number, policy: Policy) {
  const seen = new Map<string, string>();
  const known = {
    note: async (at: string) => {
      for (const r of await store.db.selectFrom('alert').select('id').execute()) if (!seen.has(r.id)) seen.set(r.id, at);
    },
    of: (id: string) => seen.get(id) ?? null,
  };
  const load = (records: Line[], name: string) => importStream(store, Readable.from([Buffer.from(records.map((l) => l.text).join('\n') + '\n')]), { fileName: name, actor: 'replay', channel: 'cli' });

  await load(lines.filter((l) => l.type !== 'event'), 'people and relationships');
  if (linkage) await linkAsDeclared(store, linkage);
  else await rebuildLinks(store, 'replay');

  // Month by month, including months without records: deadlines pass with time.
  const events = lines.filter((l) => l.type === 'event').sort((a, b) => a.at - b.at);
  let i = 0;
  for (let end = monthEnd(events[0]!.at); i < events.length || end <= until; end = monthEnd(end)) {
    const month: Line[] = [];
    while (i < events.length && events[i]!.at < end) month.push(events[i++]!);
    if (month.length) await load(month, `events to ${new Date(end).toISOString().slice(0, 10)}`);
    const now = new Date(Math.min(end, until)).toISOString();
    await evaluateAlerts(store.db, { asOf: now, actor: 'replay', policy });
    await known.note(now);
    if (end >= until) break;
  }
  return known;
}

/** Writes the --people file's linkage as the store's resolved people. */
async function linkAsDeclared(store: Store, people: Record<string, { source: string; id: string }[]>) {
  const run = await store.db
    .insertInto('linkage_run')
    .values({ actor: 'replay --people', records: 0, people: Object.keys(people).length, review_pairs: 0, params: '{}', thresholds: '{}', finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = Object.entries(people).flatMap(([name, records]) => records.map((r) => ({ source: r.source, local_id: r.id, person_id: `person:${name}` })));
  await sql`
    insert into resolved_person (record_id, person_id, linkage_run_id)
    select p.record_id, x.person_id, ${run.id} from json_to_recordset(${JSON.stringify(rows)}::json) as x(source text, local_id text, person_id text)
    join person p on p.source = x.source and p.local_id = x.local_id
    on conflict (record_id) do nothing`.execute(store.db);
}
