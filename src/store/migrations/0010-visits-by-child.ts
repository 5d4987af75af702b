import { sql, type Kysely } from 'kysely';

// Visits by the children they saw. A visit lists the children seen by their
// ids in its own source; when a child's person record arrives after such a
// visit, the visit joins the child to the household of the people it was
// about. Without an index, finding those visits meant reading every visit.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index record_visit_seen on record using gin ((body->'data'->'seen') jsonb_path_ops)
    where type = 'event' and body->>'kind' = 'visit'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the record store is never migrated down');
}
