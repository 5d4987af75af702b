// Small helpers for plain-English messages and character checks.

const numberFormat = new Intl.NumberFormat('en-GB');

/** 1234567 → "1,234,567" */
export function count(n: number): string {
  return numberFormat.format(n);
}

/** "1 item", "3 items" */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : words}`;
}

/** Quote a value for a message, shortened so a 1 MB string never lands in a message. */
export function quote(s: string, max = 40): string {
  const short = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(short);
}

/** What a data officer would call the JSON value they sent: "a number", "the text \"abc\"". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return v === '' ? 'an empty text' : `the text ${quote(v)}`;
    case 'number':
      return Number.isFinite(v) ? 'a number' : 'a number that JSON cannot hold';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof v}`;
  }
}

/** What a zod "expected" type means in words. */
export function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

// C0 controls, DEL and C1 controls: invisible, break displays and CSV exports.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// In free text a tab or a line break is legitimate.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function controlMessage(s: string, re: RegExp): string | null {
  const m = re.exec(s);
  if (!m) return null;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains an invisible control character (U+${code}) at character ${count(m.index + 1)}`;
}

/** Message fragment when a single-line value holds a control character, else null. */
export function lineControlProblem(s: string): string | null {
  return controlMessage(s, CONTROL);
}

/** Message fragment when free text holds a control character other than tab, CR, LF, else null. */
export function textControlProblem(s: string): string | null {
  return controlMessage(s, CONTROL_IN_TEXT);
}

/** Levenshtein distance, capped: enough to suggest "did you mean". */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length] ?? cap + 1;
}

/** The closest candidate within a small edit distance (case-insensitive), or null. */
export function closest(input: string, candidates: readonly string[], maxDistance = 2): string | null {
  const lower = input.toLowerCase();
  let best: string | null = null;
  let bestD = maxDistance + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), maxDistance);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
