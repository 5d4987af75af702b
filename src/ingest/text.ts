// PostgreSQL cannot store NUL in text or unpaired surrogates in json; what
// we keep about a bad line (its raw text, the reasons) must still be storable.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitiseText(text: string): string {
  return text.replace(UNSTORABLE, (c) => (c === '\u0000' ? '\u2400' : '\ufffd'));
}

/** True when any string inside a parsed value holds an unpaired surrogate. */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return !value.isWellFormed();
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!k.isWellFormed() || hasLoneSurrogate(v)) return true;
  }
  return false;
}
