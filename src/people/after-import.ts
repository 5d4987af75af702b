import { sql, type Kysely } from 'kysely';
import type { Policy } from '../rules/index.ts';
import type { ImportReport } from '../ingest/importer.ts';
import type { Store } from '../store/database.ts';
import { refreshStatistics } from '../store/statistics.ts';
import { bigintArray } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { alertClock, evaluateAlerts, type EvaluationReport } from './alerts.ts';
import { followedUp, importsAwaiting } from './follow-up.ts';
import { linkImported, type IncrementalReport } from './linking.ts';
import { PERSON_ID, recordsImported, type ImportedRecords } from './picture.ts';

/**
 * Everything that follows an import, in order: the planner's statistics
 * brought up to date if it grew the store a lot, its person records linked,
 * and (unless `evaluate` is false) the protocols run over whoever changed.
 */
export async function followImport(
  store: Store,
  report: Pick<ImportReport, 'importId' | 'imported' | 'updated'>,
  options: { actor: string; policy?: Policy; now?: string; evaluate?: boolean },
): Promise<{ linked: IncrementalReport; alerts: EvaluationReport | null }> {
  await refreshStatistics(store.db, report.imported + report.updated);
  const linked = await linkImported(store, report.importId);
  if (options.evaluate === false) return { linked, alerts: null };
  const { policy, now } = options;
  const after = await afterImport(store, report.importId, { actor: options.actor, changedPeople: linked.changedPeople, ...(policy ? { policy } : {}), ...(now ? { now } : {}) });
  return { linked, alerts: after.alerts };
}

/**
 * What follows an import: the people it touched are re-evaluated against
 * the protocols, with their households, as of now (or the store's alert
 * clock, if --as-of has moved it further). An import that touched most of
 * the store is evaluated whole instead: one pass is cheaper than many
 * household lookups.
 */
export async function afterImport(store: Store, importId: number, options: { actor: string; policy?: Policy; now?: string; changedPeople?: readonly string[] }): Promise<{ alerts: EvaluationReport; people: number }> {
  // This import, and any earlier one whose re-evaluation never ran.
  const [importIds, clock] = await Promise.all([importsAwaiting(store.db, 'alerts_evaluated_at', importId), alertClock(store.db)]);
  const imported = await recordsImported(store.db, importIds);
  const people = [...new Set([...(await peopleTouchedBy(store.db, imported)), ...(options.changedPeople ?? [])])];
  const now = options.now ?? new Date().toISOString();
  const request = { asOf: now, actor: options.actor, ...(options.policy ? { policy: options.policy } : {}) };
  const everyone = clock.fullAsOf === null || people.length > WHOLE_STORE_FROM;
  const alerts = await evaluateAlerts(store.db, everyone ? request : { ...request, people, imported, followedUp: importIds });
  if (everyone) await followedUp(store.db, 'alerts_evaluated_at', importIds);
  return { alerts, people: people.length };
}

/** Past this many touched people, re-evaluating everyone is faster than finding their households. */
const WHOLE_STORE_FROM = 5000;

/** The resolved people whose records an import added or changed: persons, event subjects, both ends of a relationship. */
export async function peopleTouchedBy(db: Kysely<Database>, imported: ImportedRecords): Promise<string[]> {
  const rows = await sql<{ pid: string }>`
    with touched as (
      select unnest(${bigintArray(imported.persons)}) as record_id
      union
      select s.person_id from event_subject s where s.event_id = any(${bigintArray(imported.events)}) and s.person_id is not null
      union
      select x.person_id from relationship rel
        cross join lateral (values (rel.from_person_id), (rel.to_person_id)) as x(person_id)
        where rel.record_id = any(${bigintArray(imported.relationships)}) and x.person_id is not null
    )
    select distinct ${PERSON_ID} as pid
    from touched t join person p on p.record_id = t.record_id left join resolved_person rp on rp.record_id = p.record_id`.execute(db);
  return rows.rows.map((r) => r.pid);
}

/**
 * After people were relinked (a reviewer's decision, `seen link --rebuild`):
 * their alerts move with them. Nothing to do before alerts were first
 * evaluated; the first evaluation covers everyone.
 */
export async function afterRelinking(store: Store, options: { actor: string; people?: readonly string[]; policy?: Policy }): Promise<EvaluationReport | null> {
  const clock = await alertClock(store.db);
  if (clock.fullAsOf === null) return null;
  if (options.people && !options.people.length) return null;
  const request = { asOf: new Date().toISOString(), actor: options.actor, ...(options.policy ? { policy: options.policy } : {}) };
  return evaluateAlerts(store.db, options.people ? { ...request, people: options.people } : request);
}
