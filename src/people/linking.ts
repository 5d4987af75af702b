import { sql, type Kysely } from 'kysely';
import {
  assignRecord,
  cluster,
  explainPair,
  fromSefPerson,
  linkAll,
  personIdOf,
  personIdsByRecord,
  StringPool,
  hardConflict,
  keyString,
  log2Odds,
  NAME_AND_ADDRESS_ONLY,
  PARENT_ROLES,
  prepare,
  reviewCap,
  sharedChild,
  scoreIndices,
  scorePairs,
  SEF_CONFIG,
  termFrequencies,
  type CandidatePerson,
  type LinkAllResult,
  type Explanation,
  type LinkRecord,
  type ParentLink,
  type ReviewDecision,
  type SefPersonLike,
  type TermFrequencies,
} from '../identity/index.ts';
import { auditRead, type Requester } from '../access/audit.ts';
import type { PersonRef } from './chronology.ts';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { copyRow } from '../store/bulk.ts';
import { followedUp, followedUpBefore, importsAwaiting } from './follow-up.ts';
import {
  BLOCKING_RULES,
  keysOf,
  lastRun,
  loadDecisions,
  loadLinkRecords,
  loadParentLinks,
  MAX_BLOCK,
  linkagePolicy,
  storeTermFrequencies,
  termHash,
  termsOf,
  termTotals,
  vetDecisions,
  termKeysOf,
  type DecisionConflict,
  type Db,
  type StoredRun,
} from './link-store.ts';
import { PERSON_ID } from './picture.ts';
import { linkInParallel, type ParallelReport } from './parallel.ts';

export type { DecisionConflict } from './link-store.ts';

/** At most this many candidate records are scored for one new record (see `linkRecord`). */
export const CANDIDATES = 400;

export interface LinkReport {
  runId: number;
  records: number;
  people: number;
  reviewPairs: number;
  thresholds: { accept: number; review: number; method: string };
  seconds: number;
  /** Where the time went: reading the records, linking them (identity), storing the result. */
  timings: { read: number; link: number; write: number };
  /** Whether a worker thread trained the model (large stores), while this one prepared the records. */
  trainedOnWorker: boolean;
  /** Whether the worker thread made every candidate pair (from the rules' key indexes this one built). */
  blockedOnWorker: boolean;
  /** Candidate pairs the worker thread scored; this one scored the rest. */
  pairsScoredOnWorker: number;
  /** Reviewers' decisions obeyed by this run. */
  decisions: number;
  /** Match decisions not applied because they would join hard-conflicting records. */
  conflictingDecisions: DecisionConflict[];
}

/**
 * Links every person record in the store from scratch (identity's batch
 * pipeline: train, block, score, cluster, under the reviewers' decisions)
 * and stores who is who, the review queue and the blocking index that
 * incremental linking searches. The identity logic is pure; this only reads
 * the records and writes the result, in one transaction.
 */
export interface RebuildOptions {
  /** Person records read at a time (default 50,000): only one page of their JSON bodies is held in memory. */
  readPage?: number;
  /** Link on two threads (train and score on a worker too) from this many person records (default 50,000). */
  parallelFrom?: number;
}

export async function rebuildLinks(store: Store, actor: string, options: RebuildOptions = {}): Promise<LinkReport> {
  return (await rebuild(store, actor, options)).report;
}

async function rebuild(store: Store, actor: string, options: RebuildOptions = {}): Promise<{ report: LinkReport; personIds: string[] }> {
  const readPage = Math.max(1, Math.floor(options.readPage ?? 50_000));
  const began = new Date();
  const started = performance.now();
  // Read in pages, so that only one page of bodies (JSON objects several
  // times the size of the records linking keeps) is held at a time: at
  // 10,000 children the peak heap of a rebuild went from 0.63 to 0.50 GB.
  const records: LinkRecord[] = [];
  const recordIds: number[] = [];
  const versions: number[] = [];
  const pool = new StringPool();
  for (let after = 0; ; ) {
    const page = await sql<{ id: number; version: number; body: SefPersonLike }>`
      select id, version, body from record where type = 'person' and id > ${after} order by id limit ${readPage}`.execute(store.db);
    for (const r of page.rows) {
      records.push(fromSefPerson(r.body, pool));
      recordIds.push(Number(r.id));
      versions.push(r.version);
    }
    if (page.rows.length < readPage) break;
    after = recordIds[recordIds.length - 1]!;
  }
  // Parents' children, so that two parent records of one child corroborate each other (identity's sharedChild).
  const { parentOf } = await loadParentLinks(store.db, undefined, { persons: false });
  recordIds.forEach((id, i) => {
    const links = parentOf.get(id);
    if (links !== undefined) records[i]!.parentOf = links;
  });
  const readAt = performance.now();
  const indexOf = new Map(recordIds.map((id, i) => [id, i]));
  const stored = await loadDecisions(store.db);
  // One date for the whole run: who counts as a child is the same for every pair.
  const policy = linkagePolicy();
  const { obeyed, conflicts } = vetDecisions(
    stored,
    (id) => {
      const i = indexOf.get(id);
      return i === undefined ? undefined : records[i];
    },
    policy,
  );
  const config = { ...SEF_CONFIG, policy };
  // Only what storing needs leaves this function: the prepared records,
  // candidate pairs and clustering (a gigabyte at a million records) are
  // free for collection while the tables are written.
  const linkage = async () => {
    let run: LinkAllResult;
    let parallel: ParallelReport = { trainedOnWorker: false, blockedOnWorker: false, pairsOnWorker: 0, pairs: 0, byRule: [] };
    // Below about 50,000 records starting a worker costs more than it saves.
    if (records.length < (options.parallelFrom ?? 50_000)) run = linkAll(records, config, { decisions: obeyed });
    else ({ parallel, ...run } = await linkInParallel(records, config, { decisions: obeyed }));
    const personOfIndex = personIdsByRecord(records, run.result.clusters);
    const personIds = [...new Set(personOfIndex)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { params: run.params, thresholds: run.thresholds, review: run.result.review, parallel, personOfIndex, personIds };
  };
  const run = await linkage();
  const { personOfIndex } = run;
  const linkedAt = performance.now();

  const runId = await store.bulk(async (session) => {
    const [runRow] = await session.query<{ id: number }>(
      `insert into linkage_run (actor, records, people, review_pairs, params, thresholds, term_totals, terms_counted, blocking_rules, finished_at)
       values ($1, $2, $3, $4, $5, $6, $7, true, $8, now()) returning id`,
      [actor, records.length, run.personIds.length, run.review.length, JSON.stringify(run.params), JSON.stringify(run.thresholds), JSON.stringify(termTotals(records)), BLOCKING_RULES],
    );
    const id = Number(runRow!.id);
    // Rewritten whole: truncate is cheaper than deleting a million rows.
    await session.query('truncate resolved_person, link_review, link_key, link_term');
    // Each table's rows go in pieces of about 2 MB, built as the database
    // takes them: the blocking index alone is 8 million rows at 100,000
    // children, and on a server the next piece is built while the last is stored.
    const copyInPieces = (table: string, columns: string[], n: number, row: (i: number) => string): Promise<void> => {
      function* pieces(): Generator<string> {
        let text = '';
        for (let i = 0; i < n; i++) {
          text += row(i);
          if (text.length > 2_000_000) {
            yield text;
            text = '';
          }
        }
        if (text !== '') yield text;
      }
      return session.copyInPieces(table, columns, pieces());
    };
    // Loaded bare, then indexed once by sorting and checked once by a join:
    // kept up row by row, the two indexes and the foreign key made this load
    // of 941,048 rows 12.3 s on the server, against 2.7 s (psql, same rows).
    await session.query('alter table resolved_person drop constraint resolved_person_pkey');
    await session.query('alter table resolved_person drop constraint resolved_person_linkage_run_id_fkey');
    await session.query('drop index resolved_person_person');
    await copyInPieces('resolved_person', ['record_id', 'person_id', 'linkage_run_id', 'record_version'], records.length, (i) =>
      copyRow([recordIds[i]!, personOfIndex[i]!, id, versions[i]!]),
    );
    await session.query(`set local maintenance_work_mem = '256MB'`);
    await session.query('alter table resolved_person add constraint resolved_person_pkey primary key (record_id)');
    await session.query('create index resolved_person_person on resolved_person (person_id)');
    await session.query('alter table resolved_person add constraint resolved_person_linkage_run_id_fkey foreign key (linkage_run_id) references linkage_run (id)');
    const review = run.review;
    await copyInPieces('link_review', ['record_a', 'record_b', 'weight', 'probability', 'reason', 'linkage_run_id'], review.length, (k) => {
      const r = review[k]!;
      const a = recordIds[r.i]!;
      const b = recordIds[r.j]!;
      return copyRow([Math.min(a, b), Math.max(a, b), r.weight, r.probability, r.reason, id]);
    });
    // The blocking index is loaded without its indexes, which are then
    // built once by sorting: kept up row by row, they cost most of the load.
    await session.query('alter table link_key drop constraint link_key_pkey');
    await session.query('drop index link_key_record');
    await copyInPieces('link_key', ['key', 'record_id'], records.length, (i) => {
      const { blocking, terms } = keysOf(records[i]!);
      let t = '';
      for (const k of blocking) t += `${k}\t${recordIds[i]}\n`;
      for (const k of terms) t += `${k}\t${recordIds[i]}\n`;
      return t;
    });
    await session.query('alter table link_key add constraint link_key_pkey primary key (key, record_id)');
    await session.query('create index link_key_record on link_key (record_id)');
    // How many records hold each term, for linking one record later without counting.
    const termCounts = new Map<number, number>();
    for (const r of records) for (const k of termKeysOf(r)) termCounts.set(k, (termCounts.get(k) ?? 0) + 1);
    const counted = [...termCounts];
    await copyInPieces('link_term', ['key', 'records'], counted.length, (i) => `${counted[i]![0]}\t${counted[i]![1]}\n`);
    return id;
  });
  await followedUpBefore(store.db, 'linked_at', began);
  // Fresh statistics, or the planner guesses a blocking-key lookup returns a
  // thousand rows and scans resolved_person for every record an import
  // links; and a visibility map, so that reading link_key takes the index alone.
  await sql`vacuum analyze link_key`.execute(store.db);
  await sql`analyze resolved_person, link_review, link_term`.execute(store.db);
  return {
    personIds: run.personIds,
    report: {
      runId,
      records: records.length,
      people: run.personIds.length,
      reviewPairs: run.review.length,
      thresholds: { accept: run.thresholds.accept, review: run.thresholds.review, method: run.thresholds.method },
      seconds: (performance.now() - started) / 1000,
      timings: { read: (readAt - started) / 1000, link: (linkedAt - readAt) / 1000, write: (performance.now() - linkedAt) / 1000 },
      trainedOnWorker: run.parallel.trainedOnWorker,
      blockedOnWorker: run.parallel.blockedOnWorker,
      pairsScoredOnWorker: run.parallel.pairsOnWorker,
      decisions: obeyed.length,
      conflictingDecisions: conflicts,
    },
  };
}

// ------------------------------------------------------------------ incremental

export interface IncrementalReport {
  /** Person records (new or changed) linked. */
  linked: number;
  /** Of those, how many started a person of their own. */
  newPeople: number;
  /** Pairs added to the review queue. */
  review: number;
  /** Every person whose records changed (joined, started, left, renamed): alerts re-evaluate these. */
  changedPeople: string[];
  /** Match decisions not applied because they would join hard-conflicting records. */
  conflictingDecisions?: DecisionConflict[];
  /** Set when there was no linkage run to link against, so everything was linked from scratch. */
  rebuilt?: LinkReport;
}

/**
 * Links the person records an import brought (new, or changed by it)
 * against the people already in the store, one record at a time: its
 * blocking keys find candidate records through link_key, their people are
 * loaded whole, and identity's `assignRecord` decides, under the last run's
 * parameters and thresholds and the reviewers' decisions. Records that
 * went to review are queued. Without any linkage run (or one from before
 * the blocking index existed, or whose index was built under other blocking
 * rules than Seen's now) everything is linked from scratch instead.
 * Running it again for the same import changes nothing.
 */
export async function linkImported(store: Store, importId: number): Promise<IncrementalReport> {
  const run = await lastRun(store.db);
  if (!run || !run.totals || !run.currentRules) {
    const any = await store.db.selectFrom('record').select('id').where('type', '=', 'person').limit(1).executeTakeFirst();
    if (!any) return { linked: 0, newPeople: 0, review: 0, changedPeople: [] };
    const { report, personIds } = await rebuild(store, 'seen@import');
    return { linked: report.records, newPeople: report.people, review: report.reviewPairs, changedPeople: personIds, conflictingDecisions: report.conflictingDecisions, rebuilt: report };
  }
  // A record re-sent unchanged keeps its earlier import id; one this import
  // changed or brought has this one. Those already linked at their current
  // version (a second call for the same import) are skipped. An earlier
  // import whose linking never ran is linked now too.
  const importIds = await importsAwaiting(store.db, 'linked_at', importId);
  const todo = await sql<{ id: number }>`
    select r.id from record r left join resolved_person rp on rp.record_id = r.id
    where r.import_id = any(${importIds}::bigint[]) and r.type = 'person' and (rp.record_version is null or rp.record_version <> r.version)
    -- Parents after children: a parent record's link may rest on its child's person (identity's sharedChild).
    order by exists (select 1 from relationship rel where rel.to_person_id = r.id and rel.kind = any(${[...PARENT_ROLES]}::text[])), r.id`.execute(store.db);
  const changed = new Set<string>();
  const report: IncrementalReport = { linked: 0, newPeople: 0, review: 0, changedPeople: [], conflictingDecisions: [] };
  for (const { id } of todo.rows) {
    const one = await linkRecord(store.db, run, id, changed);
    if (!one) continue;
    report.linked++;
    if (one.newPerson) report.newPeople++;
    report.review += one.review;
    report.conflictingDecisions!.push(...one.conflicts);
  }
  await corroborateHeldParents(store, run, changed);
  report.changedPeople = [...changed].sort();
  await followedUp(store.db, 'linked_at', importIds);
  return report;
}

/**
 * Pairs of parent records waiting in review for name and address only whose
 * children became one person in this import, after the parents were linked
 * (an earlier import, or a child joined through another record): their two
 * people are clustered again (`relinkLocally`), where the shared child now
 * counts, as a rebuild would count it. Not a record that links as strongly
 * to two people: clustering two people again cannot see the third, so that
 * waits for a reviewer or a rebuild.
 */
async function corroborateHeldParents(store: Store, run: StoredRun, changed: Set<string>): Promise<void> {
  if (changed.size === 0) return;
  // From the children's people to their parents' people, then the pairs of
  // those people with a link held for name and address only between them
  // (between any of their records: which pair is corroborated is for
  // relinkLocally's clustering to say, as in a rebuild).
  const pairs = await sql<{ a: string; b: string }>`
    with parents as (
      select distinct pp.person_id, ca.person_id as child
      from resolved_person ca
      join relationship rel on rel.from_person_id = ca.record_id and rel.kind = any(${[...PARENT_ROLES]}::text[])
      join resolved_person pp on pp.record_id = rel.to_person_id
      where ca.person_id = any(${[...changed]}::text[])
    )
    select distinct x.person_id as a, y.person_id as b
    from parents x join parents y on y.child = x.child and y.person_id > x.person_id and y.person_id <> x.child and x.person_id <> y.child
    where exists (
      select 1 from resolved_person qa join resolved_person qb on qb.person_id = y.person_id
      join link_review q on q.record_a = least(qa.record_id, qb.record_id) and q.record_b = greatest(qa.record_id, qb.record_id)
      where qa.person_id = x.person_id and q.reason = ${NAME_AND_ADDRESS_ONLY}
        and not exists (select 1 from link_decision d where d.record_a = q.record_a and d.record_b = q.record_b))
    order by 1, 2`.execute(store.db);
  const done = new Set<string>();
  for (const { a, b } of pairs.rows) {
    if (done.has(a) || done.has(b)) continue; // renamed or regrouped by an earlier pair: the next import or rebuild takes it
    const result = await store.db.transaction().execute((trx) => relinkLocally(trx, run, [a, b]));
    for (const p of result.changedPeople) {
      changed.add(p);
      done.add(p);
    }
    done.add(a);
    done.add(b);
  }
}

/**
 * Links one stored person record incrementally (see `linkImported`), in one
 * transaction. A record that was linked before (a correction) leaves its
 * person first; the rest of that person stays together.
 */
export async function linkRecord(
  db: Kysely<Database>,
  run: StoredRun,
  recordId: number,
  changed: Set<string> = new Set(),
): Promise<{ person: string; newPerson: boolean; review: number; conflicts: DecisionConflict[]; candidates: number; compared: number } | null> {
  const policy = linkagePolicy();
  return db.transaction().execute(async (trx) => {
    const meRow = (
      await sql<{ version: number; body: SefPersonLike; person_id: string | null; keyed: boolean; decided: boolean; parent: boolean }>`
        select r.version, r.body, rp.person_id, exists (select 1 from link_key k where k.record_id = r.id) as keyed,
          exists (select 1 from link_decision d where d.record_a = r.id or d.record_b = r.id) as decided,
          exists (select 1 from relationship rel where rel.to_person_id = r.id and rel.kind = any(${[...PARENT_ROLES]}::text[])) as parent
        from record r left join resolved_person rp on rp.record_id = r.id where r.id = ${recordId} and r.type = 'person'`.execute(trx)
    ).rows[0];
    if (!meRow) return null;
    const me = fromSefPerson(meRow.body);
    if (meRow.person_id !== null || meRow.keyed) await detach(trx, recordId, me, meRow.person_id, changed);

    // One round trip: the records sharing a blocking key with this one (keys
    // shared by too many records skipped, as in batch blocking) and those a
    // reviewer matched it with, each with its person; and the counts of this
    // record's names and postcodes for term frequencies (only its own: a
    // tf-adjusted level is an exact agreement, so the other side's value is
    // the same). A record in a common
    // name's block shares little: candidates are ranked by Σ 1/(block size)
    // over the keys they share, and only the best CANDIDATES are scored, so
    // that one record costs the same in a small store and a large one.
    const { blocking } = keysOf(me);
    const myTerms = termsOf(me).map((t) => ({ ...t, hash: termHash(t.field, t.value) }));
    const rows = (
      await sql<{ record_id: number | null; person_id: string | null; version: number | null; body: SefPersonLike | null; term: number | null; n: number | null }>`
        with k as (
          select record_id, count(*) over (partition by key) as n from link_key where key = any(${blocking}::bigint[])
        ), c as (
          (select record_id from k where n <= ${MAX_BLOCK} group by record_id order by sum(1.0 / n) desc, record_id limit ${CANDIDATES})
          union
          select case when record_a = ${recordId} then record_b else record_a end from link_decision where (record_a = ${recordId} or record_b = ${recordId}) and decision = 'match'
        )
        select rp.record_id, rp.person_id, r.version, r.body, null::bigint as term, null::int as n
        from c join resolved_person rp on rp.record_id = c.record_id join record r on r.id = c.record_id
        where c.record_id <> ${recordId}
        union all
        select null::bigint, null::text, null::int, null::jsonb, key, records from link_term where key = any(${myTerms.map((t) => t.hash)}::bigint[])`.execute(trx)
    ).rows;
    const cands = rows.filter((r) => r.record_id !== null) as { record_id: number; person_id: string; version: number; body: SefPersonLike }[];
    const counts = new Map(rows.filter((r) => r.term !== null).map((r) => [Number(r.term), r.n as number]));
    const tf: TermFrequencies = { given: new Map(), family: new Map(), postcode: new Map() };
    // This record counts too: its own keys are written with its link.
    for (const t of myTerms) tf[t.field].set(t.value, ((counts.get(t.hash) ?? 0) + 1) / Math.max(1, run.totals![t.field]));
    const decisions = meRow.decided ? await loadDecisions(trx, [recordId]) : [];
    const partners = new Set(decisions.filter((d) => d.decision === 'match').map((d) => (d.recordA === recordId ? d.recordB : d.recordA)));

    // Most candidates are strangers who share a key by chance: only the
    // people of candidates scoring at least the review threshold (or named
    // in a decision) are loaded whole and decided on.
    const reviewW = log2Odds(Math.max(run.thresholds.review, 1e-15));
    const first = prepare([...cands.map((c) => fromSefPerson(c.body)), me], tf);
    const plausible = new Set<string>();
    cands.forEach((c, i) => {
      if (partners.has(Number(c.record_id)) || scoreIndices(first, run.model, cands.length, i) >= reviewW) plausible.add(c.person_id);
    });
    const loaded = new Map<number, { person: string; record: LinkRecord; version: number }>();
    cands.forEach((c, i) => {
      if (plausible.has(c.person_id)) loaded.set(Number(c.record_id), { person: c.person_id, record: first.source[i]!, version: c.version });
    });
    if (plausible.size > 0) {
      const rest = await sql<{ record_id: number; person_id: string; version: number; body: SefPersonLike }>`
        select rp.record_id, rp.person_id, r.version, r.body from resolved_person rp join record r on r.id = rp.record_id
        where rp.person_id = any(${[...plausible]}::text[]) and rp.record_id <> all(${[...loaded.keys()]}::bigint[])`.execute(trx);
      for (const r of rest.rows) loaded.set(Number(r.record_id), { person: r.person_id, record: fromSefPerson(r.body), version: r.version });
    }
    const list: LinkRecord[] = [];
    const ids: number[] = [];
    const byPerson = new Map<string, number[]>();
    for (const [id, m] of [...loaded].sort((a, b) => a[0] - b[0])) {
      const ms = byPerson.get(m.person) ?? [];
      ms.push(list.length);
      byPerson.set(m.person, ms);
      list.push(m.record);
      ids.push(id);
    }
    const idx = list.length;
    list.push(me);
    ids.push(recordId);
    // Whose parent each record is, and the children's people now (identity's
    // sharedChild): only a parent's record can be joined on it.
    const parents = meRow.parent ? await loadParentLinks(trx, ids) : { parentOf: new Map<number, ParentLink[]>(), childPerson: new Map<string, string>() };
    ids.forEach((id, k) => {
      const links = parents.parentOf.get(id);
      // A copy: the candidate records are shared with the first scoring pass.
      if (links !== undefined) list[k] = { ...list[k]!, parentOf: links };
    });
    const set = prepare(list, tf);

    // A match decision joins the record to its partner's person only if no
    // record of that person hard-conflicts with it (reported otherwise).
    const obeyed: ReviewDecision[] = [];
    const conflicts: DecisionConflict[] = [];
    const personOfIndex = new Map<number, string>();
    for (const [pid, ms] of byPerson) for (const m of ms) personOfIndex.set(m, pid);
    for (const d of decisions) {
      const rd: ReviewDecision = { a: d.a, b: d.b, decision: d.decision, by: d.actor, at: d.decidedAt, note: d.reason };
      if (d.decision === 'non-match') {
        obeyed.push(rd);
        continue;
      }
      const partner = ids.indexOf(d.recordA === recordId ? d.recordB : d.recordA);
      const pid = personOfIndex.get(partner);
      if (partner < 0 || pid === undefined) continue;
      let why: string | null = null;
      for (const m of byPerson.get(pid) ?? []) {
        why = hardConflict(set, idx, m, policy);
        if (why === null && decisions.some((x) => x.decision === 'non-match' && (x.recordA === ids[m] || x.recordB === ids[m]))) why = 'a reviewer decided that two of these records are different people';
        if (why !== null) break;
      }
      if (why !== null) conflicts.push({ a: d.a, b: d.b, decidedBy: d.actor, conflict: why });
      else obeyed.push(rd);
    }

    const people: CandidatePerson[] = [...byPerson].map(([id, ms]) => ({ id, members: ms }));
    const assignment = assignRecord(set, run.model, idx, people, { thresholds: run.thresholds, policy, decisions: obeyed, childPersonOf: (k) => parents.childPerson.get(keyString(k)) });
    const person = assignment.action === 'join' && assignment.person !== null ? assignment.person : personIdOf(me.key);
    const { blocking: myKeys, terms } = keysOf(me);
    const reviews = assignment.verdicts
      .filter((v) => v.outcome === 'review' && v.person !== person)
      .map((v) => {
        const other = ids[v.member] as number;
        return { a: Math.min(recordId, other), b: Math.max(recordId, other), weight: v.weight, probability: v.probability, reason: v.reason };
      });
    // One round trip for every write.
    await sql`
      with placed as (
        insert into resolved_person (record_id, person_id, linkage_run_id, record_version) values (${recordId}, ${person}, ${run.id}, ${meRow.version})
      ), keyed as (
        insert into link_key (key, record_id) select k, ${recordId}::bigint from unnest(${[...myKeys, ...terms]}::bigint[]) as k on conflict do nothing
        returning key
      ), counted as (
        insert into link_term (key, records) select key, 1 from keyed where key = any(${termKeysOf(me)}::bigint[])
        on conflict (key) do update set records = link_term.records + 1
      )
      insert into link_review (record_a, record_b, weight, probability, reason, linkage_run_id)
      select a, b, w, p, why, ${run.id}::bigint from json_to_recordset(${JSON.stringify(reviews.map((r) => ({ a: r.a, b: r.b, w: r.weight, p: r.probability, why: r.reason })))}::json)
        as x(a bigint, b bigint, w double precision, p double precision, why text)
      on conflict (record_a, record_b) do update set weight = excluded.weight, probability = excluded.probability, reason = excluded.reason,
        linkage_run_id = excluded.linkage_run_id, queued_at = now()`.execute(trx);
    changed.add(person);
    return { person, newPerson: assignment.action === 'new', review: reviews.length, conflicts, candidates: cands.length, compared: list.length - 1 };
  });
}

/** A record leaves its person (to be linked again); a person it named is renamed after a remaining record. */
async function detach(trx: Db, recordId: number, record: LinkRecord, personId: string | null, changed: Set<string>): Promise<void> {
  await sql`
    with gone as (delete from link_key where record_id = ${recordId} returning key)
    update link_term t set records = t.records - 1 from gone where t.key = gone.key`.execute(trx);
  await sql`delete from link_review where record_a = ${recordId} or record_b = ${recordId}`.execute(trx);
  if (personId === null) return;
  await trx.deleteFrom('resolved_person').where('record_id', '=', recordId).execute();
  changed.add(personId);
  if (personId !== personIdOf(record.key)) return;
  const rest = await sql<{ source: string; local_id: string }>`
    select r.source, r.local_id from resolved_person rp join record r on r.id = rp.record_id where rp.person_id = ${personId}`.execute(trx);
  if (rest.rows.length === 0) return;
  const keys = rest.rows.map((r) => keyString({ source: r.source, id: r.local_id })).sort();
  const renamed = `person:${keys[0]}`;
  await trx.updateTable('resolved_person').set({ person_id: renamed }).where('person_id', '=', personId).execute();
  changed.add(renamed);
}

/**
 * Clusters the records of a few people again from scratch under the last
 * run's parameters and every decision among them (all pairs scored: the
 * people are small), and stores the result: how a reviewer's decision takes
 * effect at once. Each resulting person keeps the id of an old person whose
 * naming record it holds, else is named after its first record.
 */
export async function relinkLocally(trx: Db, run: StoredRun, personIds: readonly string[]): Promise<{ changedPeople: string[]; conflicts: DecisionConflict[] }> {
  const rows = (
    await sql<{ record_id: number; person_id: string }>`select record_id, person_id from resolved_person where person_id = any(${[...personIds]}::text[]) order by record_id`.execute(trx)
  ).rows.map((r) => ({ id: Number(r.record_id), person: r.person_id }));
  const recs = await loadLinkRecords(trx, rows.map((r) => r.id));
  const present = rows.filter((r) => recs.has(r.id));
  const ids = present.map((r) => r.id);
  const parents = await loadParentLinks(trx, ids);
  const list = ids.map((id) => {
    const record = recs.get(id)!.record;
    const links = parents.parentOf.get(id);
    return links === undefined ? record : { ...record, parentOf: links };
  });
  const inSet = new Set(ids);
  const decisions = (await loadDecisions(trx, ids)).filter((d) => inSet.has(d.recordA) && inSet.has(d.recordB));
  const policy = linkagePolicy();
  const { obeyed, conflicts } = vetDecisions(decisions, (id) => recs.get(id)?.record, policy);
  const set = prepare(list, await storeTermFrequencies(trx, list, run.totals ?? termTotals(list)));
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
    left.push(i);
    right.push(j);
  }
  const L = Uint32Array.from(left);
  const R = Uint32Array.from(right);
  const result = cluster(set, { left: L, right: R, weights: scorePairs(set, run.model, L, R) }, {
    thresholds: run.thresholds,
    policy,
    decisions: obeyed,
    score: (i, j) => scoreIndices(set, run.model, i, j),
    childPersonOf: (k) => parents.childPerson.get(keyString(k)),
  });

  const changed = new Set<string>(personIds);
  const giverOf = new Map<number, string>();
  present.forEach((r, i) => {
    if (r.person === personIdOf(list[i]!.key)) giverOf.set(i, r.person);
  });
  const used = new Set<string>();
  for (const c of result.clusters) {
    const kept = c.map((i) => giverOf.get(i)).filter((x): x is string => x !== undefined && !used.has(x)).sort()[0];
    const id = kept ?? personIdOf(c.map((i) => list[i]!.key).sort((a, b) => (keyString(a) < keyString(b) ? -1 : 1))[0]!);
    used.add(id);
    changed.add(id);
    const recordIds = c.map((i) => ids[i]!);
    await trx.updateTable('resolved_person').set({ person_id: id }).where('record_id', 'in', recordIds).execute();
  }
  await sql`delete from link_review where record_a = any(${ids}::bigint[]) and record_b = any(${ids}::bigint[])`.execute(trx);
  for (const r of result.review) {
    const a = ids[r.i]!;
    const b = ids[r.j]!;
    await sql`
      insert into link_review (record_a, record_b, weight, probability, reason, linkage_run_id)
      values (${Math.min(a, b)}, ${Math.max(a, b)}, ${r.weight}, ${r.probability}, ${r.reason}, ${run.id})
      on conflict (record_a, record_b) do nothing`.execute(trx);
  }
  return { changedPeople: [...changed].sort(), conflicts };
}

/** `seen people --json`: every resolved person with its records; a record not yet linked is a person of its own. */
export async function listPeople(db: Kysely<Database>): Promise<{ id: string; records: { source: string; id: string }[] }[]> {
  const rows = await sql<{ person_id: string; source: string; local_id: string }>`
    select ${PERSON_ID} as person_id, p.source, p.local_id
    from person p left join resolved_person rp on rp.record_id = p.record_id
    order by 1, p.source, p.local_id`.execute(db);
  const people = new Map<string, { id: string; records: { source: string; id: string }[] }>();
  for (const r of rows.rows) {
    const person = people.get(r.person_id) ?? { id: r.person_id, records: [] };
    person.records.push({ source: r.source, id: r.local_id });
    people.set(r.person_id, person);
  }
  return [...people.values()];
}

export interface PairExplanation {
  a: { source: string; id: string };
  b: { source: string; id: string };
  linkageRun: number;
  samePerson: boolean;
  explanation: Explanation;
  /** The reviewer's decision in force for this pair (the latest), or null. */
  decision: { decision: 'match' | 'non-match'; by: string; at: string; reason: string } | null;
  /** Why the pair waits in the review queue, or null. */
  review: { reason: string; probability: number } | null;
  /**
   * Evidence beyond the comparisons, or null: both records are parents of
   * one child, which lets a link resting on name and address alone be
   * accepted, and says which of two people a record is (identity's sharedChild).
   */
  corroboration: string | null;
}

/**
 * `seen explain A B`: every comparison level, m, u and weight of two records
 * under the last linkage run's parameters, the total and the probability.
 * Term frequencies come from all stored person records, as in the run.
 */
export async function explainRecords(db: Kysely<Database>, a: PersonRef, b: PersonRef, who: Requester): Promise<PairExplanation | { missing: string }> {
  await auditRead(db, who, { action: 'linkage.explain', subject: `person:${a.source}:${a.id}`, details: { with: `person:${b.source}:${b.id}` } });
  const run = await lastRun(db);
  if (!run) return { missing: 'no linkage run yet: run seen link --rebuild first' };
  const find = (ref: PersonRef) => sql<{ id: number; body: SefPersonLike }>`select id, body from record where type = 'person' and source = ${ref.source} and local_id = ${ref.id}`.execute(db);
  const ra = (await find(a)).rows[0];
  const rb = (await find(b)).rows[0];
  if (!ra || !rb) return { missing: `no person ${!ra ? `${a.source}:${a.id}` : `${b.source}:${b.id}`} in the store` };
  const pair = [fromSefPerson(ra.body), fromSefPerson(rb.body)] as const;
  // Term frequencies as the run counted them: from the blocking index when
  // the run built one, else over every stored person record.
  const tf = run.totals
    ? await storeTermFrequencies(db, pair, run.totals)
    : termFrequencies((await sql<{ body: SefPersonLike }>`select body from record where type = 'person'`.execute(db)).rows.map((r) => fromSefPerson(r.body)));
  const explanation = explainPair(run.model, pair[0], pair[1], tf);
  const same = await sql<{ n: number }>`
    select count(*)::int as n from resolved_person x join resolved_person y on x.person_id = y.person_id
    where x.record_id = ${ra.id} and y.record_id = ${rb.id}`.execute(db);
  // The shared child, when it is what lifts the name-and-address cap, as linking reads it.
  const parents = await loadParentLinks(db, [ra.id, rb.id]);
  const own = new Map((await db.selectFrom('resolved_person').select(['record_id', 'person_id']).where('record_id', 'in', [ra.id, rb.id]).execute()).map((r) => [Number(r.record_id), r.person_id]));
  const withChildren = [
    { ...pair[0], parentOf: parents.parentOf.get(ra.id) ?? [] },
    { ...pair[1], parentOf: parents.parentOf.get(rb.id) ?? [] },
  ] as const;
  const child = sharedChild(withChildren[0], withChildren[1], (k) => parents.childPerson.get(keyString(k)), { a: own.get(ra.id), b: own.get(rb.id) });
  const capped = reviewCap(prepare([...pair], tf), 0, 1, linkagePolicy()) === NAME_AND_ADDRESS_ONLY;
  // Shown whenever it holds: it is also what settles a record that links as
  // strongly to two people, of whom only one is a parent of that child.
  const corroboration = child === null ? null : capped ? `${child}: the corroboration that name and address alone lack (without it: "${NAME_AND_ADDRESS_ONLY}")` : child;
  const decided = (await loadDecisions(db, [ra.id])).find((d) => (d.recordA === ra.id && d.recordB === rb.id) || (d.recordA === rb.id && d.recordB === ra.id));
  const queued = await db.selectFrom('link_review').select(['reason', 'probability']).where('record_a', '=', Math.min(ra.id, rb.id)).where('record_b', '=', Math.max(ra.id, rb.id)).executeTakeFirst();
  return {
    a,
    b,
    linkageRun: run.id,
    samePerson: (same.rows[0]?.n ?? 0) > 0,
    explanation,
    decision: decided ? { decision: decided.decision, by: decided.actor, at: decided.decidedAt, reason: decided.reason } : null,
    review: queued && !decided ? { reason: queued.reason, probability: queued.probability } : null,
    corroboration,
  };
}

export function formatExplanation(e: PairExplanation): string {
  const f = (x: number | null) => (x === null ? '—' : x < 0.001 ? x.toExponential(2) : x.toFixed(4));
  const lines = [
    `${e.a.source}:${e.a.id} and ${e.b.source}:${e.b.id} (linkage run ${e.linkageRun}): ${e.samePerson ? 'linked as one person' : 'not linked'}`,
    `${'comparison'.padEnd(22)} ${'level'.padEnd(44)} ${'m'.padStart(9)} ${'u'.padStart(9)} ${'weight'.padStart(8)} ${'tf adj'.padStart(7)}`,
  ];
  for (const c of e.explanation.comparisons) {
    lines.push(`${c.comparison.padEnd(22)} ${c.label.slice(0, 44).padEnd(44)} ${f(c.m).padStart(9)} ${f(c.u).padStart(9)} ${c.weight.toFixed(2).padStart(8)} ${c.tfAdjustment.toFixed(2).padStart(7)}`);
  }
  lines.push(`prior weight ${e.explanation.priorWeight.toFixed(2)}; total match weight ${e.explanation.totalWeight.toFixed(2)}; probability ${e.explanation.probability.toFixed(6)}`);
  if (e.corroboration) lines.push(`corroborated: ${e.corroboration}`);
  if (e.decision) lines.push(`reviewer's decision: ${e.decision.decision}, by ${e.decision.by} at ${e.decision.at}: "${e.decision.reason}" (obeyed by every linkage run)`);
  if (e.review) lines.push(`waiting for a reviewer: ${e.review.reason} (p = ${e.review.probability.toFixed(4)}); decide with seen review decide`);
  return lines.join('\n');
}
