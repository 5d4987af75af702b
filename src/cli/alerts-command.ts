import { parseArgs } from 'node:util';
import { actOnAlert, alertDetail, evaluateIfDue, listAlerts, type AlertQuery } from '../people/alerts.ts';
import { actorOf, openCliStore, requester, UsageError, type CliIO } from './context.ts';
import { policyFrom } from './policy-file.ts';

export const alertsHelp = `seen alerts [--json] [--as-of DATE] [--since DATE] [--status open|closed|STATUS] [--rule RULE] [--policy FILE] [--reason TEXT]

The protocol alerts, open and closed, as they stood at DATE (default now):
[{"id", "rule", "status", "raisedAt", "people", "evidence", "explanation", "citation"}].
raisedAt is the data time at which the rule's condition first held (for a
deadline rule, the moment the deadline passed). Status is open,
acknowledged, actioned, dismissed or resolved. --since shows only alerts
raised since DATE (switching Seen on, a team starts from recent history).

Deadlines pass with time, not with new records: when DATE is later than the
last time everyone was evaluated (or an hour has passed, without --as-of),
the rules are run over everyone first, as the server's scheduler does.
Audited.`;

export const alertHelp = `seen alert ID [--json]
seen alert ID acknowledge [--note TEXT]
seen alert ID action --note "WHAT WAS DONE"
seen alert ID dismiss --note "WHY"

Shows an alert: the rule and its thresholds, the evidence records with their
agencies, the learning cited, who needs to know and its history; or records
what you did about it (as SEEN_USER). Audited.`;

export async function alertsCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      'as-of': { type: 'string' },
      status: { type: 'string' },
      rule: { type: 'string' },
      since: { type: 'string' },
      policy: { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(alertsHelp);
    return 0;
  }
  const asOf = values['as-of'] ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of "${asOf}" is not a date`);
  const policy = policyFrom(values.policy);
  const store = await openCliStore(io.env);
  try {
    await evaluateIfDue(store.db, { asOf, policy, actor: actorOf(io.env), exact: values['as-of'] !== undefined });
    const query: AlertQuery = { asOf };
    if (values.status) query.status = values.status as AlertQuery['status'];
    if (values.rule) query.rule = values.rule;
    if (values.since) {
      if (Number.isNaN(Date.parse(values.since))) throw new UsageError(`--since "${values.since}" is not a date`);
      query.raisedSince = values.since;
    }
    const alerts = await listAlerts(store.db, query, requester(io.env, values.reason));
    if (values.json) {
      // Exactly the public contract's fields (sef.md); `seen alert ID` has the rest.
      io.out(JSON.stringify(alerts.map((a) => ({ id: a.id, rule: a.rule, status: a.status, raisedAt: a.raisedAt, people: a.people, evidence: a.evidence, explanation: a.explanation, citation: a.citation }))));
      return 0;
    }
    io.out(`${alerts.length} alert(s) as of ${asOf}`);
    for (const a of alerts) io.out(`${a.id.padEnd(8)} ${a.raisedAt.slice(0, 10)}  ${a.status.padEnd(12)} ${a.rule.padEnd(36)} ${a.people.map((p) => `${p.source}:${p.id}`).slice(0, 3).join(' ')}`);
    return 0;
  } finally {
    await store.close();
  }
}

export async function alertCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, note: { type: 'string' }, policy: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(alertHelp);
    return 0;
  }
  const [id, verb] = positionals;
  if (!id) throw new UsageError('name the alert (its id, as `seen alerts` shows it)');
  const actions = { acknowledge: 'acknowledge', action: 'action', dismiss: 'dismiss' } as const;
  if (verb !== undefined && !(verb in actions)) throw new UsageError(`unknown action "${verb}": acknowledge, action or dismiss`);
  const store = await openCliStore(io.env);
  try {
    if (verb) {
      const type = actions[verb as keyof typeof actions];
      const action = values.note === undefined ? { type, by: actorOf(io.env) } : { type, by: actorOf(io.env), note: values.note };
      const alert = await actOnAlert(store.db, id, action as Parameters<typeof actOnAlert>[2]);
      if (!alert) {
        io.err(`seen alert: no alert ${id}`);
        return 1;
      }
      io.out(`${alert.id} is now ${alert.status}`);
      return 0;
    }
    const report = await alertDetail(store.db, id, requester(io.env, values.reason), policyFrom(values.policy));
    if (!report) {
      io.err(`seen alert: no alert ${id}`);
      return 1;
    }
    io.out(values.json ? JSON.stringify(report, null, 2) : report.text);
    return 0;
  } finally {
    await store.close();
  }
}
