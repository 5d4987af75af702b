/**
 * Sealed addresses (a refuge, a protected placement) are never shown. Seen
 * has no right-to-see-sealed role yet, so every command and endpoint
 * withholds them. A refuge is treated as sealed even if a source forgot the
 * flag: the cost of over-withholding is a blank line, the cost of leaking a
 * refuge is a woman's and her children's safety.
 */
export const WITHHELD = '[sealed address withheld]';

export interface AddressLike {
  line1?: string | null;
  line2?: string | null;
  town?: string | null;
  postcode?: string | null;
  kind?: string | null;
  sealed?: boolean | null;
}

export function isSealed(address: AddressLike): boolean {
  return address.sealed === true || address.kind === 'refuge';
}

function norm(value: string | null | undefined): string {
  return (value ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * An event's address is withheld when it is, or matches, a sealed address
 * of anyone involved: a police incident at a refuge must not reveal the refuge.
 */
export function revealsSealed(address: AddressLike, sealed: AddressLike[]): boolean {
  if (isSealed(address)) return true;
  const pc = norm(address.postcode);
  const line = norm(address.line1);
  return sealed.some((s) => (pc !== '' && norm(s.postcode) === pc) || (line !== '' && norm(s.line1) === line));
}

export function formatAddress(address: AddressLike): string {
  return [address.line1, address.line2, address.town, address.postcode].filter((p) => p && p.trim() !== '').join(', ');
}

export function showAddress(address: AddressLike, sealed: AddressLike[] = []): string {
  return revealsSealed(address, sealed) ? WITHHELD : formatAddress(address);
}

/**
 * Redacts every address object in a raw record (quarantine shows raw lines).
 * When a line cannot be parsed, it cannot be checked, so a line that mentions
 * "sealed" or "refuge" anywhere is withheld whole.
 */
export function redactRawLine(raw: string): { text: string; withheld: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return /sealed|refuge/i.test(raw)
      ? { text: '[line withheld: it cannot be parsed and may contain a sealed address]', withheld: true }
      : { text: raw, withheld: false };
  }
  let changed = false;
  const visit = (v: unknown, depth: number): unknown => {
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => visit(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (isSealed(o as AddressLike)) {
      changed = true;
      return { sealed: true, withheld: true };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, visit(x, depth + 1)]));
  };
  const redacted = visit(value, 0);
  return changed ? { text: JSON.stringify(redacted), withheld: true } : { text: raw, withheld: false };
}
