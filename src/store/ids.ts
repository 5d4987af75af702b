import { sql, type RawBuilder } from 'kysely';

/**
 * Record ids as one `bigint[]` parameter, sent as the array's text. The
 * driver's own array encoding quotes and escapes element by element: on the
 * few thousand ids of a household read that is megabytes of garbage and
 * several milliseconds per query. Ids are integers, so the text needs no
 * quoting.
 */
export function bigintArray(ids: Iterable<number>): RawBuilder<number[]> {
  return sql<number[]>`${`{${[...ids].join(',')}}`}::bigint[]`;
}
