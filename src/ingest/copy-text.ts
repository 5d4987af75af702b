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

/**
 * COPY text written straight into a growing byte buffer. A batch's rows
 * built as one string by appending become a deep rope that COPY must first
 * flatten and then encode, which cost 3–4 µs per record row on the import's
 * main thread; writing each piece as UTF-8 in place costs about a tenth.
 */
export class CopyBuffer {
  private buf: Buffer;
  private pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Appends already COPY-escaped text. */
  add(text: string): this {
    // A UTF-16 unit never takes more than 3 bytes of UTF-8.
    if (this.pos + text.length * 3 > this.buf.length) this.grow(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
    return this;
  }

  /** Appends bytes that are already COPY text. */
  addBytes(bytes: Uint8Array): this {
    if (this.pos + bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  get empty(): boolean {
    return this.pos === 0;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The rows written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + needed));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
