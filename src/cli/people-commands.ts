import { parseArgs } from 'node:util';
import { auditRead } from '../access/audit.ts';
import { parsePersonRef, type PersonRef } from '../people/chronology.ts';
import { afterRelinking } from '../people/after-import.ts';
import { explainRecords, formatExplanation, listPeople, rebuildLinks } from '../people/linking.ts';
import { actorOf, openCliStore, requester, UsageError, type CliIO } from './context.ts';

export const linkHelp = `seen link --rebuild [--json]

Works out which agency records are the same person, from scratch, by
probabilistic record linkage (see src/identity), and stores the result:
\`seen people\` and every chronology then use it. Reviewers' decisions
(\`seen review\`) are obeyed; pairs left for a person go to the review
queue. Imports link their new records incrementally; a rebuild retrains
the model and relinks everything.`;

export async function linkCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { rebuild: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(linkHelp);
    return 0;
  }
  if (!values.rebuild) throw new UsageError('only a full relink is available yet: seen link --rebuild');
  const store = await openCliStore(io.env);
  try {
    const report = await rebuildLinks(store, actorOf(io.env));
    // Alerts follow the people they are about.
    await afterRelinking(store, { actor: actorOf(io.env) });
    if (values.json) io.out(JSON.stringify(report));
    else
      io.out(
        `Linked ${report.records.toLocaleString('en-GB')} person records into ${report.people.toLocaleString('en-GB')} people in ${report.seconds.toFixed(1)} s ` +
          `(accept at p ≥ ${report.thresholds.accept}, review from ${report.thresholds.review}: ${report.reviewPairs} pairs for a person to review; ${report.thresholds.method}; ${report.decisions} reviewers' decisions obeyed).`,
      );
    for (const c of report.conflictingDecisions)
      io.err(`not applied: ${c.decidedBy}'s match of ${c.a.source}:${c.a.id} and ${c.b.source}:${c.b.id}, because ${c.conflict}`);
    return 0;
  } finally {
    await store.close();
  }
}

export const peopleHelp = `seen people --json [--reason TEXT]

The resolved people: [{"id":…, "records":[{"source":…,"id":…}, …]}]. Audited.`;

export async function peopleCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, reason: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(peopleHelp);
    return 0;
  }
  if (!values.json) throw new UsageError('seen people prints JSON: add --json');
  const store = await openCliStore(io.env);
  try {
    await auditRead(store.db, requester(io.env, values.reason), { action: 'people.list', subject: null });
    io.out(JSON.stringify(await listPeople(store.db)));
    return 0;
  } finally {
    await store.close();
  }
}

export const explainHelp = `seen explain SOURCE:ID SOURCE:ID [--json] [--reason TEXT]

Why two records are, or are not, the same person: every comparison's level,
m, u and weight under the last linkage run, the total and the probability.`;

export async function explainCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, reason: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) {
    io.out(explainHelp);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('name two records: seen explain SOURCE:ID SOURCE:ID');
  const [a, b] = positionals.map(parsePersonRef) as [PersonRef, PersonRef];
  const store = await openCliStore(io.env);
  try {
    const result = await explainRecords(store.db, a, b, requester(io.env, values.reason));
    if ('missing' in result) {
      io.err(result.missing);
      return 1;
    }
    io.out(values.json ? JSON.stringify(result, null, 2) : formatExplanation(result));
    return 0;
  } finally {
    await store.close();
  }
}
