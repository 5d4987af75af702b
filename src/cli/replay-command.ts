import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CATALOGUE, evaluatePicture, loadPolicy, defaultPolicy, pictureFromSef } from '../rules/index.ts';
import { parseLine } from '../sef/index.ts';
import { UsageError, type CliIO } from './context.ts';

export const replayHelp = `seen replay FILE [--people FILE] [--policy FILE] [--as-of DATE] [--json]

Replays a SEF file's history and reports, for every protocol alert, the
data time it would first have been raised and how long that was before the
last event in the file. Runs in memory; nothing is stored.
Records are the same person only as --people says (a JSON object with a
"people" map from a name to its records, as in test/scenarios/*.expected.json);
until record linkage is wired into replay, every other record is its own person.`;

const peopleFile = z.object({ people: z.record(z.string(), z.array(z.object({ source: z.string(), id: z.string() }))) });
const DAY = 86_400_000;

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
  const good: string[] = [];
  let last = '';
  text.split('\n').forEach((line, i) => {
    const parsed = parseLine(line);
    if (parsed === null) return;
    if (!parsed.ok) {
      io.err(`${file}:${i + 1}: skipped: ${parsed.problems.map((p) => `${p.path || '(line)'}: ${p.message}`).join('; ')}`);
      return;
    }
    good.push(line);
    const at = parsed.record.type === 'event' ? parsed.record.at : '';
    if (at > last) last = at;
  });
  if (!last) throw new UsageError(`${file} holds no events to replay`);

  const linkage = values.people ? peopleFile.parse(JSON.parse(readFileSync(values.people, 'utf8'))).people : {};
  const policy = values.policy ? loadPolicy(readFileSync(values.policy, 'utf8'), values.policy) : defaultPolicy();
  const lastEvent = Date.parse(last.length <= 10 ? `${last}T00:00:00Z` : last);
  const asOf = values['as-of'] ?? new Date(Math.max(lastEvent, Date.now() > lastEvent ? lastEvent : 0) + DAY).toISOString();
  const evaluation = evaluatePicture(pictureFromSef(good.join('\n'), linkage), asOf, policy);

  const rules = new Map(CATALOGUE.map((r) => [r.id, r]));
  const alerts = evaluation.conditions
    .slice()
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.rule.localeCompare(b.rule))
    .map((c, i) => ({
      id: i + 1,
      rule: c.rule,
      status: c.resolvedAt ? 'resolved' : 'open',
      raisedAt: c.raisedAt,
      leadDays: Math.floor((lastEvent - Date.parse(c.raisedAt)) / DAY),
      subject: c.subject,
      people: c.people,
      evidence: c.evidence,
      explanation: c.explanation,
      citation: rules.get(c.rule)?.citation ?? null,
      resolvedAt: c.resolvedAt ?? null,
    }));
  if (values.json) {
    io.out(JSON.stringify({ file, lastEvent: last, asOf, alerts }, null, 2));
    return 0;
  }
  io.out(`Replay of ${file}: ${good.length} records, last event ${last}; ${alerts.length} alert(s)`);
  for (const a of alerts) {
    const lead = a.leadDays > 0 ? `${a.leadDays} days before the last event` : a.leadDays === 0 ? 'on the day of the last event' : 'after the last event';
    io.out(`${a.raisedAt.slice(0, 10)}  ${a.rule.padEnd(36)} ${a.subject}  (${lead}${a.status === 'resolved' ? `, resolved ${a.resolvedAt?.slice(0, 10)}` : ''})`);
    io.out(`            ${a.explanation}`);
  }
  return 0;
}
