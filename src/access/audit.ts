import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Who is asking, through what, and why: recorded with every read of personal data. */
export interface Requester {
  actor: string;
  channel: 'cli' | 'api';
  purpose: string | null;
}

export interface AccessRecord {
  action: string;
  subject: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes the audit row for a read of personal data. Callers write it before
 * they hand the data over, so that a read that is not audited does not happen.
 */
export async function auditRead(db: Kysely<Database> | Transaction<Database>, who: Requester, what: AccessRecord): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor: who.actor,
      channel: who.channel,
      action: what.action,
      subject: what.subject,
      purpose: who.purpose,
      details: JSON.stringify(what.details ?? {}),
    })
    .execute();
}
