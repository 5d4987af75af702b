import { sql, type Kysely, type Transaction } from 'kysely';
import { auditRead, type Requester } from '../access/audit.ts';
import { alertReport, applyAction, reconcile, route, type Action, type Alert, type AlertChange, type AlertReport, type AlertStatus, type Destination, type Transition } from '../alerts/index.ts';
import { affectedSubjects, CATALOGUE, coverageOf, defaultPolicy, evaluateIndex, indexPicture, ruleById, type Condition, type Evaluation, type Picture, type Policy, type Ref } from '../rules/index.ts';
import { partitionPicture } from '../rules/partition.ts';
import type { Database } from '../store/schema.ts';
import { followedUp, followedUpBefore } from './follow-up.ts';
import { groupHouseholds, householdChanges, PERSON_ID, pictureAround, pictureOfRecords, rememberHouseholdChanges, rememberHouseholds, type ImportedRecords } from './picture.ts';

// Stored alerts: the pure engine (src/rules) and lifecycle (src/alerts) over
// the store. An evaluation reads the linked picture (everyone, or the people
// an import touched and their households), reconciles the conditions with
// the alerts already stored, and applies the transitions in one transaction,
// writing every change of status to the append-only alert_change.

type Db = Kysely<Database>;

export interface AlertView {
  id: string;
  rule: string;
  status: 'open' | 'resolved' | 'acknowledged' | 'actioned' | 'dismissed';
  raisedAt: string;
  people: Ref[];
  evidence: Ref[];
  explanation: string;
  citation: string | null;
  /** The resolved person the alert is about. */
  subject: string;
  /** The lifecycle status as stored (raised, acknowledged, actioned, dismissed, resolved). */
  lifecycle: AlertStatus;
  resolvedAt: string | null;
  resolvedBy: Ref | null;
  resolution: string | null;
  note: string | null;
  notify: Destination[];
}

export interface EvaluationReport {
  asOf: string;
  scope: 'everyone' | 'affected';
  subjects: number;
  households: number;
  raised: number;
  updated: number;
  resolved: number;
  loadSeconds: number;
  evaluateSeconds: number;
  writeSeconds: number;
}

export interface EvaluateRequest {
  /** The data time to evaluate up to. Never earlier than any evaluation already stored: the later is used. */
  asOf: string;
  /** The people whose records changed; everyone when absent. */
  people?: readonly string[];
  policy?: Policy;
  /** Who caused it (an importer, the scheduler): written to the history of every transition. */
  actor?: string;
  /** The records of the imports that touched them: the links their person records and visits brought are followed one step. */
  imported?: ImportedRecords;
  /** Imports whose re-evaluation this is: marked done in the same transaction as the alerts it wrote. */
  followedUp?: readonly number[];
  /** People per piece of a full evaluation (tests make it small to exercise the pieces). */
  chunkPeople?: number;
}

const iso = (t: string) => new Date(Date.parse(t)).toISOString();
const later = (a: string, b: string | null | undefined) => (b && Date.parse(b) > Date.parse(a) ? b : a);
const OPEN = ['raised', 'acknowledged'] as const;

export async function alertClock(db: Db): Promise<{ asOf: string | null; fullAsOf: string | null }> {
  const row = await db.selectFrom('alert_clock').select(['as_of', 'full_as_of']).executeTakeFirst();
  return { asOf: row?.as_of ?? null, fullAsOf: row?.full_as_of ?? null };
}

/** People per piece of a full evaluation: whole households, read, evaluated and written together, so memory stays flat however large the partnership. */
const CHUNK_PEOPLE = 20_000;

interface Tally {
  raised: number;
  updated: number;
  resolved: number;
  subjects: number;
  households: number;
  load: number;
  evaluate: number;
  write: number;
}

/** Evaluates the rules and stores what changed. */
export async function evaluateAlerts(db: Db, request: EvaluateRequest): Promise<EvaluationReport> {
  const policy = request.policy ?? defaultPolicy();
  const actor = request.actor ?? 'system';
  const clock = await alertClock(db);
  const asOf = iso(later(request.asOf, clock.asOf));
  const everyone = request.people === undefined;
  const tally: Tally = { raised: 0, updated: 0, resolved: 0, subjects: 0, households: 0, load: 0, evaluate: 0, write: 0 };
  const ctx = { db, policy, actor, asOf, tally };

  if (everyone) {
    const began = new Date();
    let t = performance.now();
    const grouped = await groupHouseholds(db);
    await rememberHouseholds(db, grouped);
    const households = grouped.households;
    const everyoneNow = new Set(households.flat());
    tally.load += performance.now() - t;
    // Whole households, about CHUNK_PEOPLE people a piece. The next piece is
    // read while this one is evaluated: the database works on one core
    // while the rules run on the other.
    const chunks: string[][] = [];
    let chunk: string[] = [];
    for (const members of households) {
      for (const m of members) chunk.push(m);
      if (chunk.length >= (request.chunkPeople ?? CHUNK_PEOPLE)) {
        chunks.push(chunk);
        chunk = [];
      }
    }
    if (chunk.length) chunks.push(chunk);
    // Each person's records are known from the grouping: read by record id.
    const read = (i: number) => pictureOfRecords(db, chunks[i]!.flatMap((person) => grouped.recordsOf.get(person) ?? []));
    let next = chunks.length ? read(0) : null;
    for (let i = 0; i < chunks.length; i++) {
      t = performance.now();
      const picture = await next!;
      tally.load += performance.now() - t;
      next = i + 1 < chunks.length ? read(i + 1) : null;
      // A failed prefetch surfaces when awaited; until then it must not count as unhandled.
      next?.catch(() => {});
      await evaluateAndStore(ctx, partitionPicture(picture), { mode: 'chunk', people: new Set(chunks[i]) });
    }
    // Open alerts about a person id no longer in the records (relinked into another).
    t = performance.now();
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('seen.alerts'))`.execute(trx);
      // Subjects first: the whole rows only of the few that are gone.
      const open = await trx.selectFrom('alert').select(['id', 'subject']).where('status', 'in', OPEN).execute();
      const goneIds = open.filter((a) => !everyoneNow.has(a.subject)).map((a) => a.id);
      const gone = goneIds.length
        ? (await trx.selectFrom('alert').select(ALERT_COLUMNS).where('id', 'in', goneIds).orderBy('seq').execute()).map((r) => toAlert(r as unknown as AlertRow))
        : [];
      const transitions: Transition[] = gone.map((a) => ({ type: 'resolve', alertId: a.id, resolvedAt: asOf, resolvedBy: null, resolution: RELINKED, evidence: a.evidence, explanation: a.explanation }));
      const w = await applyStoredTransitions(trx, transitions, gone, policy, actor);
      tally.resolved += w.resolved;
      await moveClock(trx, asOf, true);
      await followedUpBefore(trx, 'alerts_evaluated_at', began);
    });
    // The alerts' statistics, as autovacuum would keep them (the embedded
    // database has none): an import's re-evaluation finds its people's
    // alerts by subject, which without them is planned as a scan.
    await sql`analyze alert`.execute(db);
    tally.write += performance.now() - t;
  } else {
    const t = performance.now();
    const around = await pictureAround(db, request.people ?? [], request.imported ? { imported: request.imported } : {});
    tally.load += performance.now() - t;
    const parts = partitionPicture(around.picture);
    // The clock and the imports followed up move in the same transaction as the alerts: one commit.
    await evaluateAndStore(ctx, parts, { mode: 'affected', people: new Set(request.people ?? []), households: householdChanges(parts, around) }, async (trx) => {
      await moveClock(trx, asOf, false);
      if (request.followedUp?.length) await followedUp(trx, 'alerts_evaluated_at', request.followedUp);
    });
  }
  return {
    asOf,
    scope: everyone ? 'everyone' : 'affected',
    subjects: tally.subjects,
    households: tally.households,
    raised: tally.raised,
    updated: tally.updated,
    resolved: tally.resolved,
    loadSeconds: tally.load / 1000,
    evaluateSeconds: tally.evaluate / 1000,
    writeSeconds: tally.write / 1000,
  };
}

const RELINKED = 'The person this alert was about is no longer one person in the linked records (records were relinked); any condition that still holds is raised again on the linked person.';

async function moveClock(db: Db | Transaction<Database>, asOf: string, everyone: boolean): Promise<void> {
  await sql`
    insert into alert_clock (singleton, as_of, full_as_of) values (true, ${asOf}, ${everyone ? asOf : null})
    on conflict (singleton) do update set
      as_of = case when alert_clock.as_of < excluded.as_of then excluded.as_of else alert_clock.as_of end,
      full_as_of = case when excluded.full_as_of is not null and (alert_clock.full_as_of is null or alert_clock.full_as_of < excluded.full_as_of) then excluded.full_as_of else alert_clock.full_as_of end,
      evaluated_at = now()`.execute(db);
}

/**
 * Evaluates households and stores what changed. `chunk`: whole households,
 * every person a subject. `affected`: only the people an import touched and
 * their households are subjects.
 */
async function evaluateAndStore(
  ctx: { db: Db; policy: Policy; actor: string; asOf: string; tally: Tally },
  parts: Picture[],
  scope: { mode: 'chunk' | 'affected'; people: Set<string>; households?: number[][] },
  alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const { db, policy, actor, asOf, tally } = ctx;
  let t = performance.now();
  const conditions: Condition[] = [];
  // Each household's (rule, subjects) as the engine gave them: merged into
  // lists of pairs, a full evaluation's piece was millions of strings.
  const evaluated: Evaluation['evaluated'] = [];
  const scoped = new Set<string>();
  const inPicture = new Set<string>();
  for (const part of parts) {
    const ix = indexPicture(part, asOf);
    let subjects: string[] | undefined;
    if (scope.mode === 'affected') {
      const touched = [...ix.people.keys()].filter((p) => scope.people.has(p));
      if (!touched.length) continue;
      subjects = affectedSubjects(ix, touched);
    }
    for (const p of ix.people.keys()) inPicture.add(p);
    tally.households++;
    const e = evaluateIndex(ix, policy, subjects ? { subjects } : {});
    for (const c of e.conditions) conditions.push(c);
    // Rules of one scope share their list of subjects: each list is read once.
    const lists = new Set<string[]>();
    for (const x of e.evaluated) {
      evaluated.push(x);
      if (lists.has(x.subjects)) continue;
      lists.add(x.subjects);
      for (const s of x.subjects) scoped.add(s);
    }
  }
  const evaluation: Evaluation = { asOf, conditions, evaluated };
  const covered = coverageOf(evaluated);
  tally.subjects += scoped.size;
  tally.evaluate += performance.now() - t;

  t = performance.now();
  await db.transaction().execute(async (trx) => {
    // One evaluation writes at a time (the server's scheduler, an import, the CLI).
    // What an evaluation writes can be worked out again from the records, and
    // the marks that say it ran (the clock, the imports followed up) commit
    // with it: if a crash loses this commit, the next import or scheduled
    // turn evaluates again. So it need not wait for the disk, which on a busy
    // server (a checkpoint) can take a hundred milliseconds (set_config with
    // true: for this transaction only). A person's acknowledgement or
    // dismissal is written elsewhere, and does wait.
    await sql`select pg_advisory_xact_lock(hashtext('seen.alerts')), set_config('synchronous_commit', 'off', true)`.execute(trx);
    const existing = await storedAlerts(trx, [...new Set([...scoped, ...scope.people])]);
    const transitions = reconcile(existing, evaluation, { covered });
    // Open alerts the evaluation could not reach: their person was relinked
    // into another, or their rule was switched off.
    const enabled = new Set(CATALOGUE.filter((r) => policy.rules[r.id]?.enabled).map((r) => r.id));
    for (const a of existing) {
      if (!(OPEN as readonly string[]).includes(a.status) || covered(a.rule, a.subject)) continue;
      let resolution: string | null = null;
      if (scope.mode === 'chunk') {
        resolution = enabled.has(a.rule)
          ? "The person this alert was about is no longer in the rule's scope as the records are now linked; any condition that still holds is raised on the linked person."
          : 'The partnership switched this rule off in its policy.';
      } else if (scope.people.has(a.subject) && !inPicture.has(a.subject)) {
        resolution = RELINKED;
      }
      if (resolution) transitions.push({ type: 'resolve', alertId: a.id, resolvedAt: asOf, resolvedBy: null, resolution, evidence: a.evidence, explanation: a.explanation });
    }
    const written = await applyStoredTransitions(trx, transitions, existing, policy, actor);
    // Households an import joined, split or started, remembered for the next one.
    if (scope.households) await rememberHouseholdChanges(trx, scope.households);
    await alsoInTransaction?.(trx);
    tally.raised += written.raised;
    tally.updated += written.updated;
    tally.resolved += written.resolved;
  });
  tally.write += performance.now() - t;
}


const HOUR = 3_600_000;

/**
 * The scheduler's turn: runs the rules over everyone when time has moved on
 * since the last full evaluation, so that deadlines ("no MARAC referral
 * within 5 days") raise their alerts when they pass, with no new record.
 * Deadlines fall on day boundaries and the school day's start, so an hourly
 * turn raises each within the hour; `exact` (the CLI's --as-of) evaluates
 * whenever asOf is later at all.
 */
export async function evaluateIfDue(db: Db, options: { asOf: string; policy?: Policy; actor: string; exact?: boolean }): Promise<EvaluationReport | null> {
  const clock = await alertClock(db);
  const at = Date.parse(options.asOf);
  const last = clock.fullAsOf === null ? null : Date.parse(clock.fullAsOf);
  const due = last === null || (options.exact ? at > last : Math.floor(at / HOUR) > Math.floor(last / HOUR));
  if (!due) return null;
  return evaluateAlerts(db, { asOf: options.asOf, actor: options.actor, ...(options.policy ? { policy: options.policy } : {}) });
}

/** What an alert row holds for the lifecycle and for reading. */
const ALERT_COLUMNS = ['id', 'rule', 'subject', 'people', 'status', 'raised_at', 'evidence', 'explanation', 'routing', 'resolved_at', 'resolved_by', 'resolution', 'note', 'notify'] as const;

interface AlertRow {
  id: string;
  rule: string;
  subject: string;
  people: string[];
  status: AlertStatus;
  raised_at: string;
  evidence: Ref[];
  explanation: string;
  routing: Record<string, unknown> | null;
  resolved_at: string | null;
  resolved_by: Ref | null;
  resolution: string | null;
  note: string | null;
  notify: Destination[];
}

function toAlert(r: AlertRow): Alert {
  const a: Alert = {
    id: r.id,
    rule: r.rule,
    subject: r.subject,
    people: r.people,
    status: r.status,
    raisedAt: r.raised_at,
    evidence: r.evidence,
    explanation: r.explanation,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
    note: r.note,
  };
  if (r.routing) a.routing = r.routing;
  return a;
}

async function storedAlerts(db: Db | Transaction<Database>, subjects: string[] | null): Promise<Alert[]> {
  let q = db.selectFrom('alert').select(ALERT_COLUMNS);
  if (subjects) {
    if (!subjects.length) return [];
    // Joined as a relation: planning `= any(list)` weighs every element against the column's statistics.
    q = q.where('subject', 'in', sql<string>`(select unnest(${subjects}::text[]))`);
  }
  return (await q.orderBy('seq').execute()).map((r) => toAlert(r as unknown as AlertRow));
}

async function applyStoredTransitions(trx: Transaction<Database>, transitions: Transition[], existing: Alert[], policy: Policy, actor: string): Promise<{ raised: number; updated: number; resolved: number }> {
  const byId = new Map(existing.map((a) => [a.id, a]));
  const raises = transitions.flatMap((t) => (t.type === 'raise' ? [t.alert] : []));
  let raised = 0;
  for (let i = 0; i < raises.length; i += 2000) {
    const rows = raises.slice(i, i + 2000).map((a) => {
      const rule = ruleById(a.rule);
      const notify = route(policy.rules[a.rule]?.notify ?? rule?.notify ?? [], a.routing, null);
      return {
        episode_key: a.key,
        rule: a.rule,
        subject: a.subject,
        people: a.people,
        status: a.status,
        raised_at: a.raisedAt,
        evidence: a.evidence,
        explanation: a.explanation,
        routing: a.routing ?? null,
        notify,
        resolved_at: a.resolvedAt ?? null,
        resolved_by: a.resolvedBy ?? null,
        resolution: a.resolution ?? null,
      };
    });
    // The episode key makes a raise idempotent: two evaluators racing raise one alert.
    const inserted = await sql<{ id: string }>`
      with ins as (
        insert into alert (seq, id, episode_key, rule, subject, people, status, raised_at, evidence, explanation, routing, notify, resolved_at, resolved_by, resolution)
        select s, 'A' || s, episode_key, rule, subject, people, status, raised_at, evidence, explanation, routing, notify, resolved_at, resolved_by, resolution
        from (select nextval(pg_get_serial_sequence('alert', 'seq')) as s, x.* from json_to_recordset(${JSON.stringify(rows)}::json) as x(
          episode_key text, rule text, subject text, people jsonb, status text, raised_at text, evidence jsonb, explanation text,
          routing jsonb, notify jsonb, resolved_at text, resolved_by jsonb, resolution text)) y
        on conflict (episode_key) do nothing
        returning id, status, raised_at, resolved_at, resolution
      ), changes as (
        insert into alert_change (alert_id, from_status, to_status, actor, data_time, note)
        select id, null, 'raised', ${actor}, raised_at, null from ins
        union all
        select id, 'raised', 'resolved', ${actor}, resolved_at, resolution from ins where status = 'resolved'
        returning 1
      )
      select id from ins`.execute(trx);
    raised += inserted.rows.length;
  }

  let updated = 0;
  let resolved = 0;
  const updates: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  for (const t of transitions) {
    if (t.type === 'raise') continue;
    const a = byId.get(t.alertId);
    if (!a) continue;
    if (t.type === 'update') {
      updates.push({ id: a.id, status: a.status, raised_at: t.raisedAt, evidence: t.evidence, explanation: t.explanation, people: t.people, routing: t.routing ?? a.routing ?? null, resolved_at: a.resolvedAt ?? null, resolved_by: a.resolvedBy ?? null, resolution: a.resolution ?? null });
      updated++;
    } else if (t.type === 'resolve') {
      updates.push({ id: a.id, status: 'resolved', raised_at: a.raisedAt, evidence: t.evidence, explanation: t.explanation, people: a.people, routing: a.routing ?? null, resolved_at: t.resolvedAt, resolved_by: t.resolvedBy, resolution: t.resolution });
      changes.push({ alert_id: a.id, from_status: a.status, to_status: 'resolved', data_time: t.resolvedAt, note: t.resolution });
      resolved++;
    } else {
      // A closed alert's condition ended: recorded, the status a person set stays.
      updates.push({ id: a.id, status: a.status, raised_at: a.raisedAt, evidence: a.evidence, explanation: a.explanation, people: a.people, routing: a.routing ?? null, resolved_at: t.resolvedAt, resolved_by: t.resolvedBy, resolution: t.resolution });
      changes.push({ alert_id: a.id, from_status: a.status, to_status: a.status, data_time: t.resolvedAt, note: `The condition stopped holding: ${t.resolution}` });
    }
  }
  for (let i = 0; i < updates.length; i += 2000) {
    await sql`
      update alert a set status = x.status, raised_at = x.raised_at, evidence = x.evidence, explanation = x.explanation, people = x.people,
        routing = x.routing, resolved_at = x.resolved_at, resolved_by = x.resolved_by, resolution = x.resolution, updated_at = now()
      from json_to_recordset(${JSON.stringify(updates.slice(i, i + 2000))}::json) as x(
        id text, status text, raised_at text, evidence jsonb, explanation text, people jsonb, routing jsonb, resolved_at text, resolved_by jsonb, resolution text)
      where a.id = x.id`.execute(trx);
  }
  for (let i = 0; i < changes.length; i += 2000) {
    await sql`
      insert into alert_change (alert_id, from_status, to_status, actor, data_time, note)
      select alert_id, from_status, to_status, ${actor}, data_time, note
      from json_to_recordset(${JSON.stringify(changes.slice(i, i + 2000))}::json) as x(alert_id text, from_status text, to_status text, data_time text, note text)`.execute(trx);
  }
  return { raised, updated, resolved };
}

// ------------------------------------------------------------------ reading

export interface AlertQuery {
  /** Alerts as they stood at this data time: raised by then, resolved only if resolved by then. */
  asOf?: string;
  status?: 'open' | 'closed' | AlertStatus;
  rule?: string;
  /** A resolved person id. */
  subject?: string;
  /** Only alerts raised at or after this data time: a team switching Seen on starts from recent history, not eight years of it. */
  raisedSince?: string;
}

const citationOf = (rule: string): string | null => {
  const r = ruleById(rule);
  return r ? `${r.citation.seed} ${r.citation.paragraphs}: ${r.citation.learning}` : null;
};

/** `seen alerts --json`: stored alerts, as they stood at `asOf`. Audited. */
export async function listAlerts(db: Db, query: AlertQuery, who: Requester): Promise<AlertView[]> {
  await auditRead(db, who, { action: 'alerts.list', subject: query.subject ? `person:${query.subject}` : null, details: { ...query } });
  const asOf = query.asOf ? iso(query.asOf) : null;
  let q = db.selectFrom('alert').select(ALERT_COLUMNS);
  if (asOf) q = q.where('raised_at', '<=', asOf);
  if (query.raisedSince) q = q.where('raised_at', '>=', iso(query.raisedSince));
  if (query.rule) q = q.where('rule', '=', query.rule);
  if (query.subject) q = q.where('subject', '=', query.subject);
  const rows = (await q.orderBy('raised_at').orderBy('seq').execute()) as unknown as AlertRow[];
  const records = await recordsOfPeople(db, [...new Set(rows.map((r) => r.subject))]);
  const views = rows.map((r) => {
    // Seen from an earlier time, an alert resolved later was still open then.
    const resolvedThen = r.resolved_at !== null && (!asOf || r.resolved_at <= asOf);
    const lifecycle: AlertStatus = r.status === 'resolved' && !resolvedThen ? 'raised' : r.status;
    const status: AlertView['status'] = lifecycle === 'raised' ? 'open' : lifecycle;
    return {
      id: r.id,
      rule: r.rule,
      status,
      raisedAt: r.raised_at,
      people: records.get(r.subject) ?? [],
      evidence: r.evidence,
      explanation: r.explanation,
      citation: citationOf(r.rule),
      subject: r.subject,
      lifecycle,
      resolvedAt: resolvedThen ? r.resolved_at : null,
      resolvedBy: resolvedThen ? r.resolved_by : null,
      resolution: resolvedThen ? r.resolution : null,
      note: r.note,
      notify: r.notify,
    };
  });
  if (!query.status) return views;
  if (query.status === 'open') return views.filter((v) => (OPEN as readonly string[]).includes(v.lifecycle));
  if (query.status === 'closed') return views.filter((v) => !(OPEN as readonly string[]).includes(v.lifecycle));
  return views.filter((v) => v.lifecycle === query.status);
}

async function recordsOfPeople(db: Db, people: string[]): Promise<Map<string, Ref[]>> {
  const out = new Map<string, Ref[]>();
  if (!people.length) return out;
  const rows = await sql<{ pid: string; source: string; local_id: string }>`
    select ${PERSON_ID} as pid, p.source, p.local_id
    from person p left join resolved_person rp on rp.record_id = p.record_id
    where rp.person_id = any(${people}::text[])
       or (rp.person_id is null and 'person:' || p.source || ':' || p.local_id = any(${people}::text[]))
    order by p.source, p.local_id`.execute(db);
  for (const r of rows.rows) out.set(r.pid, [...(out.get(r.pid) ?? []), { source: r.source, id: r.local_id }]);
  return out;
}

/** `seen alert ID`: the explanation (rule, thresholds, evidence with agencies, learning, who is told) and the history. Audited. */
export async function alertDetail(db: Db, id: string, who: Requester, policy: Policy = defaultPolicy()): Promise<AlertReport | null> {
  await auditRead(db, who, { action: 'alerts.show', subject: `alert:${id}`, details: {} });
  const row = (await db
    .selectFrom('alert')
    .select(ALERT_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()) as unknown as AlertRow | undefined;
  if (!row) return null;
  const alert = toAlert(row);
  const refs = alert.evidence;
  const found = new Map<string, { agency: string; kind: string; at: string }>();
  if (refs.length) {
    const rows = await sql<{ source: string; local_id: string; agency: string; kind: string | null; at: string | null; type: string }>`
      select r.source, r.local_id, s.agency, r.type, r.body->>'kind' as kind, coalesce(r.body->>'at', r.body->>'start') as at
      from record r join source s on s.id = r.source
      join json_to_recordset(${JSON.stringify(refs)}::json) as x(source text, id text) on r.source = x.source and r.local_id = x.id`.execute(db);
    for (const r of rows.rows) found.set(`${r.source}\u0000${r.local_id}`, { agency: r.agency, kind: r.kind ?? r.type, at: r.at ?? '' });
  }
  return alertReport(alert, policy, (ref) => found.get(`${ref.source}\u0000${ref.id}`), await alertHistory(db, id));
}

export async function alertHistory(db: Db | Transaction<Database>, id: string): Promise<AlertChange[]> {
  const rows = await db.selectFrom('alert_change').select(['alert_id', 'from_status', 'to_status', 'actor', 'at', 'data_time', 'note']).where('alert_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({
    alertId: r.alert_id,
    from: (r.from_status ?? 'raised') as AlertStatus,
    to: r.to_status as AlertStatus,
    by: r.actor,
    // The engine's transitions happen at a data time; a person's, when they acted.
    at: r.data_time ?? r.at.toISOString(),
    note: r.note,
  }));
}

export class AlertActionRefused extends Error {
  override name = 'AlertActionRefused';
}

/** A person acknowledges, actions (what was done) or dismisses (why) an alert; recorded with who and when. */
export async function actOnAlert(db: Db, id: string, action: Omit<Action, 'at'> & { at?: string }): Promise<Alert | null> {
  return db.transaction().execute(async (trx) => {
    const row = (await trx
      .selectFrom('alert')
      .select(ALERT_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()) as unknown as AlertRow | undefined;
    if (!row) return null;
    const at = action.at ?? new Date().toISOString();
    const result = applyAction(toAlert(row), { ...action, at } as Action);
    if (!result.ok) throw new AlertActionRefused(result.error);
    await trx.updateTable('alert').set({ status: result.alert.status, note: result.alert.note ?? null, updated_at: new Date(at) }).where('id', '=', id).execute();
    await trx.insertInto('alert_change').values({ alert_id: id, from_status: result.change.from, to_status: result.change.to, actor: result.change.by, at: new Date(at), data_time: null, note: result.change.note }).execute();
    return result.alert;
  });
}
