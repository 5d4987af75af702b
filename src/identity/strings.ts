// String primitives for linkage: normalisation, a fast Jaro-Winkler and a
// phonetic key. Hot paths avoid per-call allocation because the scorer calls
// them hundreds of thousands of times a second.

/** Lower case, accents stripped, anything but letters, digits, spaces, hyphens and apostrophes removed, spaces collapsed. */
export function normaliseText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s'-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A name for comparison: normalised, apostrophes dropped (O'Brien = OBrien),
 * hyphens kept as spaces so "Smith-Jones" and "Smith Jones" agree. Null when empty.
 */
export function normaliseName(s: string | null | undefined): string | null {
  const t = normaliseText(s).replace(/'/g, '').replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

// Scratch buffers shared by every jaroWinkler call; grown on demand.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro-Winkler similarity with the usual convention (boost threshold 0.7,
 * scaling 0.1, common prefix up to 4). The arguments are put in a fixed order
 * first so that the result is exactly symmetric: the greedy matching of the
 * textbook algorithm is not, in rare cases.
 */
export function jaroWinkler(x: string, y: string): number {
  if (x === y) return x.length === 0 ? 0 : 1;
  const a = x < y ? x : y;
  const b = x < y ? y : x;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > flagsA.length) flagsA = new Uint8Array(la * 2);
  if (lb > flagsB.length) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const lo = i - window > 0 ? i - window : 0;
    const hi = i + window + 1 < lb ? i + window + 1 : lb;
    for (let j = lo; j < hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let halfTransposed = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTransposed++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - halfTransposed / 2) / m) / 3;
  if (jaro <= 0.7) return jaro;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Damerau-Levenshtein (optimal string alignment) distance, stopping early above `cap`. */
export function editDistance(a: string, b: string, cap = 2): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > cap) return cap + 1;
  if (a === b) return 0;
  // Three rolling rows: small strings only (identifiers, dates), so allocation is fine.
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return cap + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] ?? cap + 1;
}

/** Equal, or one substitution, insertion, deletion or adjacent transposition apart; no allocation. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    // One substitution: the rest agrees.
    let j = i + 1;
    while (j < la && a.charCodeAt(j) === b.charCodeAt(j)) j++;
    if (j >= la) return true;
    // Adjacent transposition at i.
    if (j === i + 1 && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i)) {
      for (let k = i + 2; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
      return true;
    }
    return false;
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [s, t] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === t.charCodeAt(i)) i++;
  for (let k = i; k < s.length; k++) if (s.charCodeAt(k) !== t.charCodeAt(k + 1)) return false;
  return true;
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);

/**
 * A phonetic key in the spirit of Metaphone, written for British and
 * Irish names as well as English words: it folds the spellings a clerk
 * hears the same (Philips/Phillips/Filips, Catherine/Kathryn,
 * Stephen/Steven, McDonald/MacDonald, Thompson/Thomson, Sean/Shaun). It
 * keeps the first vowel as a marker (so Ann and Ian differ from "N") and
 * drops the rest. Empty for empty input.
 */
export function phoneticKey(input: string): string {
  let s = input.toLowerCase().replace(/[^a-z]/g, '');
  if (s === '') return '';
  // Initial clusters with silent or shifted letters.
  s = s
    .replace(/^mac(?=[a-z]{3})/, 'mc')
    .replace(/^(kn|gn|pn|wr|ps)/, (m) => m.slice(1))
    .replace(/^x/, 's')
    .replace(/^wh/, 'w');
  let out = '';
  const n = s.length;
  let last = '';
  const push = (code: string): void => {
    if (code !== '' && code !== last) out += code;
    last = code;
  };
  for (let i = 0; i < n; i++) {
    const c = s[i] as string;
    const next = s[i + 1];
    const prev = i > 0 ? s[i - 1] : undefined;
    if (c === prev && c !== 'c') continue;
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        if (i === 0) push('A');
        else if (c === 'y' && !isVowel(next)) last = '';
        else last = '';
        break;
      case 'b':
        if (!(prev === 'm' && i === n - 1)) push('P');
        break;
      case 'c':
        if (next === 'i' && s[i + 2] === 'a') { push('X'); i++; }
        else if (next === 'h') { push(prev === 's' ? 'K' : i === 0 && s[i + 2] !== undefined && !isVowel(s[i + 2]) ? 'K' : 'X'); i++; }
        else if (next === 'i' || next === 'e' || next === 'y') push('S');
        else if (next === 'k' || next === 'q') { push('K'); i++; }
        else push('K');
        break;
      case 'd':
        if (next === 'g' && (s[i + 2] === 'e' || s[i + 2] === 'i' || s[i + 2] === 'y')) { push('J'); i++; }
        else push('T');
        break;
      case 'g':
        if (next === 'h') {
          // "gh" is silent after a vowel inside a word (Leigh, Hugh), hard at the start.
          if (i === 0) push('K');
          else if (!isVowel(s[i + 2])) { /* silent */ } else push('K');
          i++;
        } else if (next === 'n' && (i + 2 === n || (s[i + 2] === 'e' && s[i + 3] === 'd' && i + 4 === n))) {
          /* silent g in -gn, -gned */
        } else if ((next === 'i' || next === 'e' || next === 'y') && prev !== 'g') push('J');
        else push('K');
        break;
      case 'h':
        if (isVowel(next) && !(prev !== undefined && 'csptg'.includes(prev))) push('H');
        break;
      case 'f': push('F'); break;
      case 'j':
        push('J');
        break;
      case 'k':
        push('K');
        break;
      case 'l': push('L'); break;
      case 'm': push('M'); break;
      case 'n': push('N'); break;
      case 'p':
        if (next === 'h') { push('F'); i++; }
        else if (prev === 'm' && next === 's') { /* Thompson = Thomson */ }
        else push('P');
        break;
      case 'q': push('K'); break;
      case 'r': push('R'); break;
      case 's':
        if (next === 'h') { push('X'); i++; }
        else if (next === 'i' && (s[i + 2] === 'o' || s[i + 2] === 'a')) push('X');
        else if (next === 'c' && s[i + 2] === 'h') { push('SK'); i += 2; }
        else push('S');
        break;
      case 't':
        if (next === 'i' && (s[i + 2] === 'o' || s[i + 2] === 'a')) push('X');
        else if (next === 'h') { push('0'); i++; }
        else if (next === 'c' && s[i + 2] === 'h') { /* tch = ch */ }
        else push('T');
        break;
      case 'v': push('F'); break;
      case 'w':
        if (isVowel(next)) push('W');
        break;
      case 'x': push('KS'); break;
      case 'z': push('S'); break;
      default: break;
    }
  }
  // "th" as in Thomas/Thompson is a T for names; fold 0 to T so both spellings meet.
  return out.replace(/0/g, 'T');
}
