// Helpers shared by the identity tests: SEF-shaped people with sensible
// defaults, so each test states only what it is about.

import { fromSefPerson, type LinkRecord, type SefPersonLike } from './record.ts';

let next = 0;

export interface PersonSpec extends Partial<Omit<SefPersonLike, 'name'>> {
  given?: string | null;
  middle?: string | null;
  family?: string | null;
  line1?: string;
  postcode?: string;
}

export function person(spec: PersonSpec): LinkRecord {
  const { given, middle, family, line1, postcode, ...rest } = spec;
  const addresses = rest.addresses ?? (line1 !== undefined || postcode !== undefined ? [{ line1: line1 ?? null, postcode: postcode ?? null }] : []);
  return fromSefPerson({ source: 'test', id: `P${next++}`, ...rest, name: { given: given ?? null, middle: middle ?? null, family: family ?? null }, addresses });
}
