// PostgreSQL cannot store NUL in text or unpaired surrogates in json; what
// we keep about a bad line (its raw text, the reasons) must still be storable.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitiseText(text: string): string {
  return text.replace(UNSTORABLE, (c) => (c === '\u0000' ? '\u2400' : '\ufffd'));
}

