// National identifiers with valid check digits, unique within a run.
// NHS numbers: modulus 11 (NHS Data Dictionary). UPNs: DfE check letter.

/** The modulus 11 check digit of nine digits, or null for the unusable remainder 10. */
export function nhsCheck(nine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const c = 11 - (sum % 11);
  if (c === 11) return 0;
  return c === 10 ? null : c;
}

/**
 * A valid NHS number for the n-th person of a run. n ↦ 8 digits is a
 * bijection (multiplication by a unit modulo 10^8), so numbers never repeat
 * within a run; the leading digit is the first of 4, 6, 7 that gives a usable
 * check digit (those prefixes are the ones England issues).
 */
export function nhsNumber(n: number, salt: number): string {
  const eight = String((((n + salt) % 1e8) * 48_271 + 0) % 1e8).padStart(8, '0');
  for (const lead of ['4', '6', '7', '5']) {
    const nine = lead + eight;
    const c = nhsCheck(nine);
    if (c !== null) return nine + String(c);
  }
  // (1/11)^4 of numbers: fall back to a prefix England never issues but which is valid.
  const nine = '3' + eight;
  return nine + String(nhsCheck(nine) ?? 0);
}

// Multiplying by 48_271 mod 10^8 is a bijection because gcd(48271, 10) = 1;
// the product can exceed 2^53 only above 1.8e11, far beyond 1e8 × 48271.

const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ0123456789';

export function upnCheckLetter(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (UPN_ALPHABET.indexOf(twelve[i] ?? '0') % 23) * (i + 2);
  return UPN_ALPHABET[sum % 23] ?? 'A';
}

/**
 * A valid UPN for the n-th pupil: LA number, an establishment number that
 * advances every 1,000 pupils, the two-digit year of allocation and a
 * three-digit serial, after the DfE check letter.
 */
export function upn(n: number, laNumber: number, allocatedYear: number): string {
  const estab = 2000 + (Math.floor(n / 1000) % 8000);
  const twelve = `${laNumber}${estab}${String(allocatedYear % 100).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return upnCheckLetter(twelve) + twelve;
}

/** An NHS number with two adjacent digits swapped: the commonest keying error. */
export function transposeDigits(s: string, at: number): string {
  const i = Math.max(0, Math.min(s.length - 2, at));
  return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
}
