// Reusable zod field types. Every message is a fragment that reads after the
// field path (see problems.ts).

import { z } from 'zod';
import { dateProblem, expectedDate, type DateForm } from './dates.ts';
import { LIMITS } from './limits.ts';
import { describeValue, lineControlProblem, quote, textControlProblem } from './text.ts';
import { AGENCIES } from './vocab.ts';

/** A schema-level message only for wrong types, leaving "is required" and the rest to the parse-wide map. */
function wrongType(expected: string): z.core.$ZodErrorMap {
  return (iss) =>
    iss.code === 'invalid_type' && iss.input !== undefined ? `must be ${expected}, got ${describeValue(iss.input)}` : undefined;
}

/**
 * The schema with a custom check: `problemOf` says what is wrong with a
 * value (null: nothing). Like superRefine, without the closure superRefine
 * makes for every value it checks: the import checks every field of every
 * record, and those closures were a tenth of the garbage parsing made.
 */
function withCheck<T extends z.ZodType>(schema: T, problemOf: (value: z.output<T>) => string | null): T {
  return schema.check((payload) => {
    const message = problemOf(payload.value);
    if (message !== null) payload.issues.push({ code: 'custom', message, input: payload.value, continue: true });
  });
}

function lineChecked(s: z.ZodString) {
  return withCheck(s, lineControlProblem);
}

/**
 * Optional field: absent and null mean the same ("upn": null is common in
 * exports). parseRecord removes the null afterwards (normalise.ts) rather
 * than a zod transform here, which would halve parsing speed.
 */
/** A schema output as parseRecord returns it: nulls removed, since null means absent. */
export type Normalised<T> = T extends readonly (infer U)[]
  ? Normalised<U>[]
  : T extends object
    ? { [K in keyof T]: Normalised<Exclude<T[K], null>> }
    : Exclude<T, null>;

export function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish();
}

/** An identifier inside a source: non-empty, single line, at most 200 characters, kept exactly as written. */
export function idString() {
  return lineChecked(z.string().min(1).max(LIMITS.id));
}

export const SOURCE_NAME_RE = /^[a-z0-9][a-z0-9._-]*$/;

/** The name of an agency system, e.g. "police-met". */
export function sourceName() {
  const name = z
    .string({ error: wrongType('a source name like "police-met"') })
    .max(LIMITS.id);
  return withCheck(name, (v) =>
    v === ''
      ? 'must not be empty'
      : SOURCE_NAME_RE.test(v)
        ? null
        : `must be lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (like "police-met"), got ${quote(v)}`,
  ).meta({ description: 'Agency system name: lower-case letters, digits, ".", "_", "-"', pattern: SOURCE_NAME_RE.source });
}

/** A short single-line value (name part, phone, town…). parseRecord trims names, addresses and phones. */
export function shortLine(max: number = LIMITS.name) {
  return lineChecked(z.string().max(max));
}

/** A longer single-line value (reasons, terms, descriptions); kept as written. */
export function line(max: number = LIMITS.string) {
  return withCheck(z.string().max(max), textControlProblem);
}

/** Free text: tabs and line breaks allowed, up to 100,000 characters. */
export function text() {
  return line(LIMITS.text);
}

/** A free code (need codes, legal status…): single line, not blank. */
export function code() {
  return withCheck(lineChecked(z.string().max(LIMITS.name)), (v) => (v.trim() === '' ? 'must not be blank' : null));
}

/** Free text; parseRecord normalises UK postcodes ("sw182ab" → "SW18 2AB"). */
export function postcode() {
  return lineChecked(z.string().max(LIMITS.name)).meta({ description: 'Free text; UK postcodes are normalised to "SW18 2AB"' });
}

// Shape only (the calendar check is in code), for JSON Schema readers.
const DAY = '\\d{4}-\\d{2}-\\d{2}';
const TIME = 'T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?';
const DATE_PATTERNS: Record<DateForm, string> = {
  partial: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
  day: `^${DAY}$`,
  dayOrDateTime: `^${DAY}(${TIME})?$`,
  dateTime: `^${DAY}${TIME}$`,
};

/** A date or date-time field of the given form. */
export function date(form: DateForm) {
  return withCheck(z.string({ error: wrongType(form === 'partial' ? expectedDate('day') : expectedDate(form)) }), (v) => dateProblem(v, form)).meta({ description: expectedDate(form), pattern: DATE_PATTERNS[form] });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values);
}

export function agency() {
  return z.enum(AGENCIES);
}

/** A list of at most 1,000 items. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).max(LIMITS.items);
}

export function bool() {
  return z.boolean({ error: wrongType('true or false') });
}

export function number(min: number, max: number) {
  return z.number({ error: wrongType('a number') }).min(min).max(max);
}

export function wholeNumber(min: number, max: number) {
  // A plain check rather than .int(), whose extra safe-integer bound would
  // report a second, less useful limit.
  return withCheck(z.number({ error: wrongType('a whole number') }).min(min).max(max), (v) =>
    Number.isInteger(v) ? null : `must be a whole number, got ${v}`,
  ).meta({ type: 'integer' });
}
