import { describe, expect, it } from 'vitest';
import { cluster, NAME_AND_ADDRESS_ONLY, sharedChild, type ConflictPolicy } from './cluster.ts';
import { compile, defaultParameters } from './model.ts';
import { assignRecord } from './pipeline.ts';
import { prepare, type TermFrequencies } from './prepare.ts';
import { attachParentLinks, keyString, type LinkRecord, type ParentLink } from './record.ts';
import { person } from './testkit.ts';

// Two parent records of one child corroborate a link that rests on name and
// address alone; namesakes in one household (a father and his "junior", a
// mother and her daughter) are never both parents of one child.

const at = { line1: '7 Quillon Row', postcode: 'WB7 3QQ' };
const rec = (source: string, id: string, spec: Parameters<typeof person>[0], parentOf?: ParentLink[]): LinkRecord => {
  const r = { ...person({ ...at, ...spec }), key: { source, id } };
  return parentOf === undefined ? r : { ...r, parentOf };
};
const child = (source: string, id: string): ParentLink['child'] => ({ source, id });

/** Cluster with hand-set weights ("i-j" → weight); unlisted pairs score -20. */
function run(records: LinkRecord[], w: Record<string, number>, policy: ConflictPolicy = {}) {
  const entries = Object.entries(w).map(([k, v]) => [...(k.split('-').map(Number) as [number, number]), v] as const);
  const score = (i: number, j: number) => w[`${Math.min(i, j)}-${Math.max(i, j)}`] ?? -20;
  return cluster(
    prepare(records),
    { left: Uint32Array.from(entries.map((e) => e[0])), right: Uint32Array.from(entries.map((e) => e[1])), weights: Float64Array.from(entries.map((e) => e[2])) },
    { thresholds: { accept: 0.99, review: 0.5 }, policy, score },
  );
}

describe('sharedChild', () => {
  const mum = (role: ParentLink['role'], c: ParentLink['child'], sex: string | null = 'female') => ({ ...rec('x', 'm', { given: 'sarah', family: 'jones', sex }), parentOf: [{ role, child: c }] });
  const persons = new Map([
    ['school:C1', 'child-1'],
    ['hv:H1', 'child-1'],
    ['hv:H2', 'child-2'],
  ]);
  const personOf = (k: ParentLink['child']) => persons.get(keyString(k));

  it('holds for the mother (or a parent) of records that are one child', () => {
    expect(sharedChild(mum('parent', child('school', 'C1')), mum('mother', child('hv', 'H1')), personOf)).toBe('both recorded as the mother of one child (school:C1 and hv:H1, linked as one person)');
    expect(sharedChild(mum('mother', child('school', 'C1')), mum('mother', child('hv', 'H1')), personOf)).toMatch(/the mother of one child/);
    expect(sharedChild(mum('parent', child('school', 'C1')), mum('parent', child('hv', 'H1')), personOf)).toMatch(/a parent of one child/);
  });

  it('fails for different children, unlinked children, a mother and a father, or two parents of unknown sex', () => {
    expect(sharedChild(mum('parent', child('school', 'C1')), mum('mother', child('hv', 'H2')), personOf)).toBeNull();
    expect(sharedChild(mum('parent', child('school', 'C9')), mum('mother', child('hv', 'H9')), personOf)).toBeNull();
    expect(sharedChild(mum('mother', child('school', 'C1')), mum('father', child('hv', 'H1')), personOf)).toBeNull();
    // A child's two "parent"s may be its mother and its father.
    expect(sharedChild(mum('parent', child('school', 'C1'), null), mum('parent', child('hv', 'H1'), null), personOf)).toBeNull();
    // The child's person must be neither record's own.
    expect(sharedChild(mum('parent', child('school', 'C1')), mum('mother', child('hv', 'H1')), personOf, { a: 'child-1', b: 'p2' })).toBeNull();
  });
});

describe('clustering with parents of one child', () => {
  // 0, 1: the school's and the health visitor's records of one girl (dated, linked);
  // 2, 3: her mother, undated, at the school ("parent") and the health visitor ("mother").
  const family = (): LinkRecord[] => {
    const records = [
      rec('school', 'C1', { given: 'lily', family: 'jones', birthDate: '2019-05-02', sex: 'female' }),
      rec('hv', 'H1', { given: 'lily', family: 'jones', birthDate: '2019-05-02', sex: 'female' }),
      rec('school', 'M1', { given: 'sarah', family: 'jones', sex: 'female' }),
      rec('hv', 'M2', { given: 'sarah', family: 'jones', sex: 'female' }),
    ];
    attachParentLinks(records, [
      { source: 'school', from: 'C1', to: 'M1', kind: 'parent' },
      { source: 'hv', from: 'H1', to: 'M2', kind: 'mother' },
    ]);
    return records;
  };

  it('accepts a name-and-address link between two parent records of one child, and says why', () => {
    const res = run(family(), { '0-1': 30, '2-3': 20 });
    expect(res.clusters).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(res.review).toEqual([]);
    expect(res.corroborated.map((r) => [r.i, r.j, r.reason])).toEqual([[2, 3, 'both recorded as the mother of one child (school:C1 and hv:H1, linked as one person)']]);
  });

  it('holds the link for review when the children are not one person, or the evidence is switched off', () => {
    // The children's link is below the accept threshold: nothing says they are one child.
    const apart = run(family(), { '0-1': 2, '2-3': 20 });
    expect(apart.clusters).toEqual([[0], [1], [2], [3]]);
    expect(apart.review.find((r) => r.i === 2 && r.j === 3)?.reason).toBe(NAME_AND_ADDRESS_ONLY);
    expect(apart.corroborated).toEqual([]);
    const off = run(family(), { '0-1': 30, '2-3': 20 }, { corroborateBySharedChild: false });
    expect(off.clusters).toEqual([[0, 1], [2], [3]]);
    expect(off.review.map((r) => r.reason)).toEqual([NAME_AND_ADDRESS_ONLY]);
  });

  it('says which of two people an undated parent record is, when only one of them is a parent of its child', () => {
    // Adults' links rest on the model (minorsBornAfter): the undated Sarah
    // (3) links as well to a Sarah born 1985 (2) as to one born 1991 (4),
    // who can never be one person. Only the first is a parent of her child.
    const records = [
      rec('school', 'C1', { given: 'lily', family: 'jones', birthDate: '2019-05-02', sex: 'female' }),
      rec('hv', 'H1', { given: 'lily', family: 'jones', birthDate: '2019-05-02', sex: 'female' }),
      rec('hv', 'M1', { given: 'sarah', family: 'jones', sex: 'female', birthDate: '1985-02-11' }),
      rec('school', 'M2', { given: 'sarah', family: 'jones', sex: 'female' }),
      rec('gp', 'M3', { given: 'sarah', family: 'jones', sex: 'female', birthDate: '1991-07-30' }),
    ];
    attachParentLinks(records, [
      { source: 'school', from: 'C1', to: 'M2', kind: 'parent' },
      { source: 'hv', from: 'H1', to: 'M1', kind: 'mother' },
    ]);
    const adults = { minorsBornAfter: '2008-11-01' };
    const res = run(records, { '0-1': 30, '2-3': 20, '3-4': 20 }, adults);
    expect(res.clusters).toEqual([[0, 1], [2, 3], [4]]);
    expect(res.corroborated.map((r) => [r.i, r.j])).toEqual([[2, 3]]);
    expect(res.review.map((r) => [r.i, r.j, r.reason])).toEqual([[3, 4, 'links as strongly to two people who can never be one']]);
    // Without the shared child, a person decides between the two.
    const off = run(records, { '0-1': 30, '2-3': 20, '3-4': 20 }, { ...adults, corroborateBySharedChild: false });
    expect(off.clusters).toEqual([[0, 1], [2], [3], [4]]);
    // Against an NHS number shared with the other Sarah, a person decides all the same.
    const nhsNumber = '9434765919';
    const shared = records.map((r, k) => (k === 3 || k === 4 ? { ...r, nhsNumber } : r));
    const strong = run(shared, { '0-1': 30, '2-3': 20, '3-4': 20 }, adults);
    expect(strong.clusters).toEqual([[0, 1], [2], [3], [4]]);
    expect(strong.corroborated).toEqual([]);
  });

  it('never joins a father and his namesake son at one address', () => {
    // John Smith and his son John Smith, both undated. The school records the
    // father as a parent of his daughter Amy; the son is the father of baby
    // Leo at the nursery. Amy and Leo are two children: no shared child.
    const records = [
      rec('school', 'A1', { given: 'amy', family: 'smith', birthDate: '2012-01-09', sex: 'female' }),
      rec('nursery', 'L1', { given: 'leo', family: 'smith', birthDate: '2024-03-15', sex: 'male' }),
      rec('school', 'F1', { given: 'john', family: 'smith', sex: 'male' }),
      rec('nursery', 'F2', { given: 'john', family: 'smith', sex: 'male' }),
      // The son's own record at the school, as his father's child.
      rec('school', 'S1', { given: 'john', family: 'smith', sex: 'male' }),
    ];
    attachParentLinks(records, [
      { source: 'school', from: 'A1', to: 'F1', kind: 'parent' },
      { source: 'nursery', from: 'L1', to: 'F2', kind: 'parent' },
      { source: 'school', from: 'S1', to: 'F1', kind: 'father' },
    ]);
    const res = run(records, { '0-1': -10, '2-3': 20, '3-4': 20, '2-4': 20 });
    expect(res.clusters).toEqual([[0], [1], [2], [3], [4]]);
    expect(res.corroborated).toEqual([]);
    expect(res.review.find((r) => r.i === 2 && r.j === 3)?.reason).toBe(NAME_AND_ADDRESS_ONLY);
  });
});

describe('assignRecord with parents of one child', () => {
  const model = compile(defaultParameters());
  const RARE: TermFrequencies = { given: new Map(), family: new Map(), postcode: new Map() };

  it('joins an undated parent record to the person whose record is a parent of the same child, and not otherwise', () => {
    const held = rec('school', 'M1', { given: 'sarah', family: 'jones', sex: 'female' }, [{ role: 'parent', child: child('school', 'C1') }]);
    const arriving = rec('hv', 'M2', { given: 'sarah', family: 'jones', sex: 'female' }, [{ role: 'mother', child: child('hv', 'H1') }]);
    const set = prepare([held, arriving], RARE);
    const opts = { thresholds: { accept: 0.99, review: 0.5 } };
    const plain = assignRecord(set, model, 1, [{ id: 'person:school:M1', members: [0] }], opts);
    // The model must accept the pair on score, or this test says nothing.
    expect(plain.verdicts[0]?.probability).toBeGreaterThanOrEqual(0.99);
    expect(plain.action).toBe('new');
    expect(plain.verdicts[0]?.reason).toBe(NAME_AND_ADDRESS_ONLY);

    const oneChild = new Map([
      ['school:C1', 'person:child'],
      ['hv:H1', 'person:child'],
    ]);
    const joined = assignRecord(set, model, 1, [{ id: 'person:school:M1', members: [0] }], { ...opts, childPersonOf: (k) => oneChild.get(keyString(k)) });
    expect(joined).toMatchObject({ action: 'join', person: 'person:school:M1' });
    expect(joined.verdicts[0]).toMatchObject({ outcome: 'accept', corroborated: true, reason: 'both recorded as the mother of one child (hv:H1 and school:C1, linked as one person)' });

    const twoChildren = new Map([
      ['school:C1', 'person:child'],
      ['hv:H1', 'person:sibling'],
    ]);
    const apart = assignRecord(set, model, 1, [{ id: 'person:school:M1', members: [0] }], { ...opts, childPersonOf: (k) => twoChildren.get(keyString(k)) });
    expect(apart.action).toBe('new');
    expect(apart.verdicts[0]?.reason).toBe(NAME_AND_ADDRESS_ONLY);
  });
});
