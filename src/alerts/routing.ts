// Routing: the policy's notify list for a rule, resolved against what the
// condition says (which agencies hold the evidence, which local authorities a
// move spans, whether CSC has the child open) into concrete recipients.

import type { Agency } from '../rules/picture.ts';
import type { Recipient, Routing } from '../rules/rule.ts';

export interface Destination {
  /** Absent for a role in any agency (e.g. the MASH, the lead professional). */
  agency?: Agency | string;
  role?: string;
  localAuthority?: string;
}

/**
 * Resolves notify tokens (see docs/policy.md): `agency`, `agency:role`,
 * `role:name`, `{evidence_agency}` / `{evidence_agency}:role`, `{csc_if_open}`,
 * `{each_local_authority}:agency`. Unknown dynamic tokens resolve to nothing.
 * The result is de-duplicated and in a stable order.
 */
export function route(notify: readonly Recipient[], routing: Routing | undefined, homeLocalAuthority?: string | null): Destination[] {
  const out: Destination[] = [];
  const seen = new Set<string>();
  const add = (d: Destination) => {
    const k = `${d.agency ?? ''}|${d.role ?? ''}|${d.localAuthority ?? ''}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(d);
  };
  const la = homeLocalAuthority ?? undefined;
  const withLa = (d: Destination): Destination => (la && d.localAuthority === undefined ? { ...d, localAuthority: la } : d);
  for (const token of notify) {
    const [head, role] = token.split(':') as [string, string | undefined];
    if (head === 'role') {
      if (role) add(withLa({ role }));
    } else if (head === '{evidence_agency}') {
      const agencies = routing?.agencies?.length ? routing.agencies : (routing?.evidenceAgencies ?? []);
      for (const agency of agencies) add(withLa(role ? { agency, role } : { agency }));
    } else if (head === '{csc_if_open}') {
      if (routing?.cscOpen) add(withLa({ agency: 'csc' }));
    } else if (head === '{each_local_authority}') {
      const las = routing?.localAuthorities ?? [];
      for (const l of las) add(role ? { agency: role, localAuthority: l } : { localAuthority: l });
      if (las.length === 0 && role) add(withLa({ agency: role }));
    } else if (!head.startsWith('{')) {
      add(withLa(role ? { agency: head, role } : { agency: head }));
    }
  }
  return out;
}
