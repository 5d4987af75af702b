// The fictional partnership: the home local authority (Wandlebury), its
// neighbours, and the agency systems that hold records about its families.
// Names and postcode areas are invented (WB, RV, LX, CX are not Royal Mail
// areas), so no generated address can be anyone's real home, while every
// postcode has the real format.

import type { Rng } from './rng.ts';

export type AgencyKind =
  | 'csc'
  | 'early_help'
  | 'police'
  | 'health_visiting'
  | 'midwifery'
  | 'gp'
  | 'hospital'
  | 'school'
  | 'nursery'
  | 'housing'
  | 'probation'
  | 'idva'
  | 'marac';

export interface Source {
  id: string;
  agency: AgencyKind;
  name: string;
  localAuthority: string;
  /** prefix of person ids in this system, shaped like the product the agency runs */
  personPrefix: string;
  eventPrefix: string;
  /** digits of zero-padding in ids */
  pad: number;
}

export interface LocalAuthority {
  code: string;
  name: string;
  postcodeArea: string;
  districts: number;
  home: boolean;
}

export const LOCAL_AUTHORITIES: readonly LocalAuthority[] = [
  { code: 'wb', name: 'Wandlebury', postcodeArea: 'WB', districts: 12, home: true },
  { code: 'rv', name: 'Ravensmere', postcodeArea: 'RV', districts: 8, home: false },
  { code: 'lx', name: 'Lambhurst', postcodeArea: 'LX', districts: 8, home: false },
  { code: 'cx', name: 'Croxden', postcodeArea: 'CX', districts: 8, home: false },
];

export const HOME = LOCAL_AUTHORITIES[0] as LocalAuthority;

export function laByName(name: string): LocalAuthority {
  const la = LOCAL_AUTHORITIES.find((l) => l.name === name);
  if (!la) throw new Error(`unknown local authority ${name}`);
  return la;
}

const S = (id: string, agency: AgencyKind, name: string, la: string, personPrefix: string, eventPrefix: string, pad = 6): Source => ({
  id,
  agency,
  name,
  localAuthority: la,
  personPrefix,
  eventPrefix,
  pad,
});

/** Per local authority: its own children's services, health visiting, MARAC and housing. */
function laSources(la: LocalAuthority): Source[] {
  const c = la.code;
  return [
    S(`csc-${c}`, 'csc', `${la.name} Children's Services (case management)`, la.name, c === 'wb' ? '' : `${c.toUpperCase()}`, 'W', 7),
    S(`eh-${c}`, 'early_help', `${la.name} Early Help`, la.name, 'EH', 'EHE'),
    S(`hv-${c}`, 'health_visiting', `${la.name} Health Visiting (community health trust)`, la.name, 'HV', 'HVC'),
    S(`marac-${c}`, 'marac', `${la.name} MARAC`, la.name, 'MV', 'MC', 5),
    S(`housing-${c}`, 'housing', `${la.name} Council Housing`, la.name, 'T', 'HE'),
  ];
}

export const SOURCES: readonly Source[] = [
  ...LOCAL_AUTHORITIES.flatMap(laSources),
  S('police-tv', 'police', 'Thames Vale Metropolitan Police (Wandlebury, Ravensmere, Lambhurst, Croxden)', 'Wandlebury', 'NOM', 'CAD', 7),
  S('midwifery-stm', 'midwifery', "St Margaret's Hospital Maternity", 'Wandlebury', 'MRN', 'MAT'),
  S('midwifery-crx', 'midwifery', 'Croxden University Hospital Maternity', 'Croxden', 'CUH', 'CMT'),
  S('hospital-stm', 'hospital', "St Margaret's Hospital ED and Paediatrics", 'Wandlebury', 'MRN', 'ED'),
  S('idva-wb', 'idva', 'Wandlebury Independent Domestic Violence Advocates', 'Wandlebury', 'IDVA', 'IDV', 5),
  S('probation-ls', 'probation', 'Probation Service, London South', 'Wandlebury', 'CRN', 'PRB', 6),
  S('housing-wha', 'housing', 'Wandle Homes Housing Association', 'Wandlebury', 'WHA', 'WHE'),
  ...['Riverside', 'Kingsway', 'Elm Tree', 'Station Road', 'Priory', 'Meadowbank'].map((n, i) =>
    S(`gp-${n.toLowerCase().replace(/\s+/g, '')}`, 'gp', `${n} Medical Practice`, i < 4 ? 'Wandlebury' : 'Ravensmere', 'EMIS', 'GPE'),
  ),
  ...[
    ['St Mary\'s CofE Primary', 'wb'],
    ['Wandle Primary', 'wb'],
    ['Kestrel Park Primary', 'wb'],
    ['Heron Fields Primary', 'wb'],
    ['Osier Lane Primary', 'wb'],
    ['Ravensmere Primary', 'rv'],
    ['Wandlebury Academy', 'wb'],
    ['Bishop Grange Catholic School', 'wb'],
    ['Ravensmere High School', 'rv'],
  ].map(([n, c]) => S(`school-${(n ?? '').toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '')}`, 'school', n ?? '', c === 'wb' ? 'Wandlebury' : 'Ravensmere', 'ADM', 'SE')),
  ...['Little Acorns', 'Wandle Children\'s Centre Nursery', 'Busy Bees Kestrel Park', 'Ravensmere Day Nursery'].map((n, i) =>
    S(`nursery-${n.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '')}`, 'nursery', n, i < 3 ? 'Wandlebury' : 'Ravensmere', 'NC', 'NE'),
  ),
];

const BY_ID = new Map(SOURCES.map((s) => [s.id, s]));

export function source(id: string): Source {
  const s = BY_ID.get(id);
  if (!s) throw new Error(`unknown source ${id}`);
  return s;
}

export function laSource(kind: 'csc' | 'eh' | 'hv' | 'marac' | 'housing', laName: string): string {
  const la = laByName(laName);
  return `${kind}-${la.code}`;
}

export const GPS = SOURCES.filter((s) => s.agency === 'gp');
export const PRIMARY_SCHOOLS = SOURCES.filter((s) => s.agency === 'school' && s.name.includes('Primary'));
export const SECONDARY_SCHOOLS = SOURCES.filter((s) => s.agency === 'school' && !s.name.includes('Primary'));
export const NURSERIES = SOURCES.filter((s) => s.agency === 'nursery');

export function schoolsIn(laName: string, secondary: boolean): Source[] {
  const list = (secondary ? SECONDARY_SCHOOLS : PRIMARY_SCHOOLS).filter((s) => s.localAuthority === laName);
  return list.length > 0 ? list : [...(secondary ? SECONDARY_SCHOOLS : PRIMARY_SCHOOLS)];
}
export function gpsIn(laName: string): Source[] {
  const list = GPS.filter((s) => s.localAuthority === laName);
  return list.length > 0 ? list : [...GPS];
}
export function nurseriesIn(laName: string): Source[] {
  const list = NURSERIES.filter((s) => s.localAuthority === laName);
  return list.length > 0 ? list : [...NURSERIES];
}

// Royal Mail inward-code letters (C, I, K, M, O, V are never used).
const INWARD = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode unit for a street block: stable for the same (la, street, block). */
export function postcodeFor(la: LocalAuthority, streetIndex: number, block: number): string {
  const district = (streetIndex % la.districts) + 1;
  const h = Math.imul(streetIndex * 31 + block + 7, 2654435761) >>> 0;
  const sector = h % 10;
  const a = INWARD[(h >>> 8) % INWARD.length];
  const b = INWARD[(h >>> 16) % INWARD.length];
  return `${la.postcodeArea}${district} ${sector}${a}${b}`;
}

export function randomPhone(rng: Rng): string {
  // Ofcom reserves 07700 900000–900999 for drama: never a real subscriber.
  return `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
}
