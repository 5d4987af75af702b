// COPY text format, the fastest way into PostgreSQL. Pure, so that the
// parse worker can write rows off the main thread.

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const SPECIAL = /[\\\n\r\t]/;

/** One field in COPY text format; null (or undefined) is \N. */
export function copyField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return SPECIAL.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : v;
}

/** One COPY text-format row; null is \N. */
export function copyRow(values: readonly (string | number | boolean | null)[]): string {
  let row = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) row += '\t';
    row += copyField(values[i]);
  }
  return row + '\n';
}

/** The value of one COPY text field (not \N). */
export function unescapeCopyField(field: string): string {
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c)) : field;
}
