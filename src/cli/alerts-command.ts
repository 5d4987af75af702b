import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditRead } from '../access/audit.ts';
import { alertsAsOf } from '../people/alerts.ts';
import { defaultPolicy, loadPolicy } from '../rules/index.ts';
import { openCliStore, requester, UsageError, type CliIO } from './context.ts';

export const alertsHelp = `seen alerts --json [--as-of DATE] [--policy FILE] [--reason TEXT]

The protocol alerts over everything in the store, as of DATE (default now):
[{"id", "rule", "status", "raisedAt", "people", "evidence", "explanation", "citation"}].
raisedAt is the data time at which the rule's condition first held. Until
the alert lifecycle is stored (acknowledge, action, dismiss), every alert
is computed afresh and its status is open or resolved. Audited.`;

export async function alertsCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, 'as-of': { type: 'string' }, policy: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    io.out(alertsHelp);
    return 0;
  }
  if (!values.json) throw new UsageError('seen alerts prints JSON: add --json');
  const asOf = values['as-of'] ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of "${asOf}" is not a date`);
  const policy = values.policy ? loadPolicy(readFileSync(values.policy, 'utf8'), values.policy) : defaultPolicy();
  const store = await openCliStore(io.env);
  try {
    await auditRead(store.db, requester(io.env, values.reason), { action: 'alerts.list', subject: null, details: { asOf } });
    const alerts = await alertsAsOf(store.db, asOf, policy);
    io.out(JSON.stringify(alerts));
    return 0;
  } finally {
    await store.close();
  }
}
