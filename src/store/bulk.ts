import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGliteGate } from './pglite-dialect.ts';

/**
 * A transaction for bulk writing. The import moves data with COPY, the
 * fastest way into PostgreSQL, and COPY is the one thing the two engines
 * spell differently (a stream on a server, a blob in PGlite); everything
 * else is the same SQL through `query`.
 */
export interface BulkSession {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Rows in COPY text format (see copyRow), as text or as its UTF-8 bytes. */
  copyIn(table: string, columns: readonly string[], text: string | Buffer): Promise<void>;
  /**
   * One COPY of rows built piece by piece as the database takes them: on a
   * server the next piece is built while the server stores the one before
   * (two cores at work instead of one waiting for the other).
   */
  copyInPieces(table: string, columns: readonly string[], pieces: Iterable<string>): Promise<void>;
}

export type BulkTransaction = <T>(work: (session: BulkSession) => Promise<T>) => Promise<T>;

export function serverBulk(pool: pg.Pool): BulkTransaction {
  return async (work) => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('begin');
      // A few pieces ahead at most: memory stays bounded whatever the table's size.
      const copy = (table: string, columns: readonly string[], pieces: Iterable<string | Buffer>): Promise<void> =>
        pipeline(Readable.from(pieces, { highWaterMark: 2 }), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
      const session: BulkSession = {
        async query<R>(text: string, params: unknown[] = []) {
          return (await client.query(text, params)).rows as R[];
        },
        copyIn: (table, columns, text) => copy(table, columns, [text]),
        copyInPieces: copy,
      };
      const result = await work(session);
      await client.query('commit');
      return result;
    } catch (error) {
      try {
        await client.query('rollback');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

export function embeddedBulk(pglite: PGlite, gate: PGliteGate): BulkTransaction {
  return (work) =>
    gate.exclusive(async () => {
      await pglite.query('begin');
      try {
        const session: BulkSession = {
          async query<R>(text: string, params: unknown[] = []) {
            return (await pglite.query<R>(text, params)).rows;
          },
          async copyIn(table, columns, text) {
            await pglite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
          },
          async copyInPieces(table, columns, pieces) {
            // PGlite runs on this thread: nothing to overlap, so one COPY per piece.
            for (const text of pieces) await session.copyIn(table, columns, text);
          },
        };
        const result = await work(session);
        await pglite.query('commit');
        return result;
      } catch (error) {
        await pglite.query('rollback');
        throw error;
      }
    });
}

// Kept here too for the callers that write their own COPY rows.
export { copyRow } from '../ingest/copy-text.ts';
