import { mulberry32 } from '../../src/identity/prng.ts';

export { mulberry32 };

/**
 * Deterministic synthetic SEF for store tests and the import benchmark:
 * invented people and ordinary events, nothing resembling a real person.
 * (The realistic partnership is src/demo; this is deliberately plain and fast.)
 */
const GIVEN = ['Amara', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Hassan', 'Isla', 'Jay', 'Kezia', 'Leon', 'Maya', 'Noah', 'Orla', 'Priya'];
const FAMILY = ['Ashdown', 'Brindle', 'Caddick', 'Delmar', 'Ellery', 'Fenwick', 'Garside', 'Holloway', 'Inchley', 'Jessop', 'Kirkby', 'Lowther'];
const SOURCES = [
  { id: 'csc-synth', agency: 'csc' },
  { id: 'police-synth', agency: 'police' },
  { id: 'hv-synth', agency: 'health_visiting' },
  { id: 'school-synth', agency: 'school' },
];

export interface SyntheticOptions {
  people: number;
  events: number;
  seed?: number;
  /** Prefix for ids, so that two generated files do not collide. */
  prefix?: string;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');

export function* syntheticSef(options: SyntheticOptions): Generator<string> {
  const rnd = mulberry32(options.seed ?? 1);
  const prefix = options.prefix ?? 'S';
  for (const s of SOURCES) yield JSON.stringify({ type: 'source', id: s.id, agency: s.agency, name: `Synthetic ${s.agency}`, localAuthority: 'Testshire' });
  const peoplePerSource = Math.ceil(options.people / SOURCES.length);
  for (let i = 0; i < options.people; i++) {
    const source = SOURCES[i % SOURCES.length]!;
    const year = 1970 + Math.floor(rnd() * 50);
    yield JSON.stringify({
      type: 'person',
      source: source.id,
      id: `${prefix}P${Math.floor(i / SOURCES.length)}`,
      name: { given: pick(rnd, GIVEN), family: pick(rnd, FAMILY) },
      birthDate: `${year}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`,
      sex: rnd() < 0.5 ? 'female' : 'male',
      addresses: [{ line1: `${1 + Math.floor(rnd() * 200)} Synthetic Street`, town: 'Testtown', postcode: `TS${1 + Math.floor(rnd() * 9)} ${1 + Math.floor(rnd() * 9)}AB`, from: `${year + 18}-01-01`, to: null, kind: 'home', sealed: false }],
    });
  }
  for (let i = 0; i < options.events; i++) {
    const source = SOURCES[i % SOURCES.length]!;
    const subjects = 1 + Math.floor(rnd() * 2);
    const day = `20${pad(10 + Math.floor(rnd() * 15))}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`;
    const person = () => `${prefix}P${Math.floor(rnd() * peoplePerSource)}`;
    const base = { type: 'event', source: source.id, id: `${prefix}E${i}`, at: `${day}T${pad(Math.floor(rnd() * 24))}:${pad(Math.floor(rnd() * 60))}:00Z` };
    const subjectList = Array.from({ length: subjects }, (_, k) => ({ person: person(), role: k === 0 ? 'child' : 'parent' }));
    const event =
      source.agency === 'police'
        ? { ...base, kind: 'police_incident', subjects: subjectList, data: { category: rnd() < 0.5 ? 'domestic_abuse' : 'welfare_check', childrenPresent: rnd() < 0.5, childrenSeen: rnd() < 0.5, sharedWith: [] } }
        : source.agency === 'health_visiting'
          ? { ...base, kind: 'appointment', subjects: subjectList, data: { service: 'development_review', outcome: rnd() < 0.8 ? 'attended' : 'was_not_brought' } }
          : source.agency === 'school'
            ? { ...base, kind: 'attendance', subjects: subjectList, data: { from: day, to: day, percent: Math.round(rnd() * 100) } }
            : { ...base, kind: 'referral', subjects: subjectList, data: { referrer: 'school', concerns: ['neglect'], outcome: 'nfa' } };
    yield JSON.stringify(event);
  }
}
