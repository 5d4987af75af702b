import { sql, type RawBuilder } from 'kysely';

/**
 * Integers as one array parameter, sent as the array's text. The driver's
 * own array encoding quotes and escapes element by element: on the few
 * thousand ids of a household read that is megabytes of garbage and several
 * milliseconds per query. Integers need no quoting.
 */
const arrayText = (values: Iterable<number>): string => `{${[...values].join(',')}}`;

/** Record ids as one `bigint[]` parameter. */
export function bigintArray(ids: Iterable<number>): RawBuilder<number[]> {
  return sql<number[]>`${arrayText(ids)}::bigint[]`;
}

/** Small integers (household numbers) as one `int[]` parameter. */
export function intArray(values: Iterable<number>): RawBuilder<number[]> {
  return sql<number[]>`${arrayText(values)}::int[]`;
}
