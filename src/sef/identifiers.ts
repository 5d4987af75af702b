// National identifiers: NHS number, DfE unique pupil number, UK postcode.
// They drive record linkage, so they are checked strictly; a failing
// number is kept in the record (it is what the agency holds) but never used
// to link people.

/** Spaces and hyphens are how people write NHS numbers ("943 476 5919"). */
function nhsDigits(s: string): string | null {
  if (typeof s !== 'string') return null;
  const digits = s.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** The modulus 11 check digit for the first nine digits, or null when the remainder makes the number unusable. */
export function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null; // NHS never issues these
  return check;
}

/**
 * 10 digits whose last is the modulus 11 check digit of the first nine.
 * Numbers made of one repeated digit (0000000000, 1111111111, …) are
 * rejected although every one of them passes modulus 11: systems use them
 * as "unknown" placeholders, and linking on them would merge strangers.
 */
export function isValidNhsNumber(s: string): boolean {
  const d = nhsDigits(s);
  if (d === null) return false;
  if (/^(\d)\1{9}$/.test(d)) return false;
  return nhsCheckDigit(d.slice(0, 9)) === Number(d[9]);
}

/** The ten digits without separators when valid, else null. */
export function normaliseNhsNumber(s: string): string | null {
  return isValidNhsNumber(s) ? nhsDigits(s) : null;
}

// DfE check-letter alphabet: letters without I, O and S, then digits.
// A character's value is its index modulo 23, so a digit d is worth d.
const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ0123456789';

/** The DfE check letter for the 12 characters after it (weights 2..13, sum mod 23). */
export function upnCheckLetter(twelve: string): string | null {
  if (twelve.length !== 12) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const v = UPN_ALPHABET.indexOf(twelve[i] ?? '');
    if (v < 0) return null;
    sum += (v % 23) * (i + 2);
  }
  return UPN_ALPHABET[sum % 23] ?? null;
}

/**
 * DfE unique pupil number: 13 characters, a check letter, 11 digits (LA
 * number, establishment number, year, serial) and a final digit, or a
 * letter for a temporary UPN. Case and spaces are tolerated.
 */
export function isValidUpn(s: string): boolean {
  if (typeof s !== 'string') return false;
  const u = s.replace(/\s/g, '').toUpperCase();
  if (!/^[A-HJ-NP-RT-Z]\d{11}[A-HJ-NP-RT-Z0-9]$/.test(u)) return false;
  return upnCheckLetter(u.slice(1)) === u[0];
}

// Royal Mail format: outward code (area letters, district) then inward code
// (sector digit, unit letters). GIR 0AA is Girobank's historic code.
const UK_POSTCODE = /^([A-Z]{1,2})([0-9][A-Z0-9]?) ?([0-9])([A-Z]{2})$/;

/**
 * A UK postcode in its standard form ("sw182ab" → "SW18 2AB"). Anything that
 * is not a UK postcode (an overseas address, a partial code) is returned as
 * written, trimmed.
 */
export function normalisePostcode(raw: string): string {
  const trimmed = raw.trim();
  const compact = trimmed.replace(/\s+/g, '').toUpperCase();
  if (compact === 'GIR0AA') return 'GIR 0AA';
  const m = UK_POSTCODE.exec(compact);
  if (!m) return trimmed;
  return `${m[1]}${m[2]} ${m[3]}${m[4]}`;
}

/** The nested geography of a UK postcode, or null when it is not one. */
export function postcodeParts(
  pc: string,
): { unit: string; sector: string; district: string; area: string } | null {
  if (typeof pc !== 'string') return null;
  const unit = normalisePostcode(pc);
  const m = UK_POSTCODE.exec(unit);
  if (!m) {
    if (unit === 'GIR 0AA') return { unit, sector: 'GIR 0', district: 'GIR', area: 'GIR' };
    return null;
  }
  const district = `${m[1]}${m[2]}`;
  return { unit, sector: `${district} ${m[3]}`, district, area: m[1] ?? '' };
}

export function isUkPostcode(pc: string): boolean {
  return postcodeParts(pc) !== null;
}
