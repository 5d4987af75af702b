import { parseArgs } from 'node:util';
import { parsePersonRef, type PersonRef } from '../people/chronology.ts';
import { afterRelinking } from '../people/after-import.ts';
import { DecisionRefused, listDecisions, listReview, recordDecision, type ReviewItem } from '../people/review.ts';
import { actorOf, openCliStore, requester, UsageError, type CliIO } from './context.ts';

export const reviewHelp = `seen review list [--json] [--limit N] [--reason TEXT]
seen review decide SOURCE:ID SOURCE:ID match|non-match --reason TEXT [--json]
seen review decisions [--json]

The pairs of records that linkage could not decide (between the review and
accept thresholds, or held back by a rule that protects families), most
likely matches first, and reviewers' decisions about them. A decision is
kept for ever and obeyed by every later linkage run, \`seen link --rebuild\`
and linking on import alike: a non-match keeps the two records apart; a
match joins them unless that would put two hard-conflicting records (two
different valid NHS numbers, two different full dates of birth) in one
person, which is reported instead. Who decided is taken from SEEN_USER.`;

const describe = (r: ReviewItem['a']) => `${r.name}${r.birthDate ? `, born ${r.birthDate}` : ''}${r.sex ? `, ${r.sex}` : ''} (${r.source}:${r.id}, ${r.agency})`;

export async function reviewCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, limit: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(reviewHelp);
    return 0;
  }
  const [sub, ...rest] = positionals;
  if (sub === 'list') {
    if (rest.length > 0) throw new UsageError('seen review list takes no arguments');
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number');
    const store = await openCliStore(io.env);
    try {
      const queue = await listReview(store.db, requester(io.env, values.reason), { limit });
      if (values.json) io.out(JSON.stringify(queue));
      else if (queue.total === 0) io.out('Nothing waits for review.');
      else {
        io.out(`${queue.total} pair(s) wait for review${queue.total > queue.items.length ? ` (the ${queue.items.length} most likely shown)` : ''}:`);
        for (const item of queue.items) {
          io.out(`\np = ${item.probability.toFixed(4)} (weight ${item.weight.toFixed(2)}): ${item.reason}`);
          io.out(`  ${describe(item.a)}`);
          io.out(`  ${describe(item.b)}`);
          io.out(`  seen explain ${item.a.source}:${item.a.id} ${item.b.source}:${item.b.id}`);
        }
      }
      return 0;
    } finally {
      await store.close();
    }
  }
  if (sub === 'decide') {
    if (rest.length !== 3) throw new UsageError('name two records and the decision: seen review decide SOURCE:ID SOURCE:ID match|non-match --reason TEXT');
    const [a, b] = rest.slice(0, 2).map(parsePersonRef) as [PersonRef, PersonRef];
    const decision = rest[2];
    if (decision !== 'match' && decision !== 'non-match') throw new UsageError(`the decision is match or non-match, not "${decision}"`);
    if (!values.reason || values.reason.trim() === '') throw new UsageError('say why with --reason TEXT: the decision is kept for ever and shown with the pair');
    const store = await openCliStore(io.env);
    try {
      const result = await recordDecision(store, a, b, decision, values.reason, requester(io.env, values.reason));
      await afterRelinking(store, { actor: actorOf(io.env), people: result.changedPeople });
      if (values.json) io.out(JSON.stringify(result));
      else {
        io.out(`Recorded: ${a.source}:${a.id} and ${b.source}:${b.id} are ${decision === 'match' ? 'the same person' : 'different people'} (decision ${result.decision.id}, by ${result.decision.by}).`);
        if (result.pending) io.out('There is no linkage run yet: the decision is applied by seen link --rebuild.');
        else if (result.conflict) io.err(`Not applied: ${result.conflict}. The decision is kept; resolve the conflicting records first.`);
        else io.out(result.samePerson ? `They are now one person${result.changedPeople.length ? ` (${result.changedPeople.join(', ')})` : ''}.` : 'They are kept apart.');
      }
      return result.conflict ? 1 : 0;
    } catch (error) {
      if (error instanceof DecisionRefused) {
        io.err(`seen review decide: ${error.message}`);
        return 1;
      }
      throw error;
    } finally {
      await store.close();
    }
  }
  if (sub === 'decisions') {
    const store = await openCliStore(io.env);
    try {
      const decisions = await listDecisions(store.db, requester(io.env, values.reason));
      if (values.json) io.out(JSON.stringify(decisions));
      else if (decisions.length === 0) io.out('No decisions recorded.');
      else for (const d of decisions) io.out(`${d.at}  ${d.a.source}:${d.a.id} ${d.b.source}:${d.b.id}  ${d.decision}  by ${d.by}: "${d.reason}"`);
      return 0;
    } finally {
      await store.close();
    }
  }
  throw new UsageError(sub ? `unknown review command "${sub}"` : 'say what: seen review list | decide | decisions');
}
