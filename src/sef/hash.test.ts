import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleEvent, examplePerson } from './examples.ts';
import { canonicalJson, contentHash } from './hash.ts';
import { parseLine, parseRecord } from './parse.ts';
import type { SefRecord } from './records.ts';

function record(v: unknown): SefRecord {
  const r = parseRecord(v);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.record;
}

/** The same object with keys in reverse order, all the way down. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
}

describe('canonicalJson', () => {
  it('sorts keys recursively and leaves arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('is the same for any key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(reverseKeys(v))).toBe(canonicalJson(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('leaves out undefined fields', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});

describe('contentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(contentHash(record(exampleEvent))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order in the file', () => {
    for (const v of [examplePerson, exampleEvent]) {
      const lineA = JSON.stringify(v);
      const lineB = JSON.stringify(reverseKeys(v));
      expect(lineB).not.toBe(lineA); // really reordered
      const a = parseLine(lineA);
      const b = parseLine(lineB);
      if (!a?.ok || !b?.ok) throw new Error('examples must parse');
      expect(contentHash(b.record)).toBe(contentHash(a.record));
      // and on the record itself, for callers that build records in code
      expect(contentHash(reverseKeys(a.record) as SefRecord)).toBe(contentHash(a.record));
    }
  });

  it('does not depend on how the same content was written (null vs absent, postcode spacing, NHS number spacing)', () => {
    const a = record({ ...examplePerson, upn: null, nhsNumber: '943 476 5919', addresses: [{ line1: '12 Acre Road', postcode: 'sw182ab' }] });
    const b = record({ ...examplePerson, upn: undefined, nhsNumber: '9434765919', addresses: [{ line1: '12 Acre Road ', postcode: 'SW18 2AB' }] });
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('changes when any content changes', () => {
    const base = contentHash(record(exampleEvent));
    const variants = [
      { ...exampleEvent, text: `${String(exampleEvent.text)}.` },
      { ...exampleEvent, at: '2019-06-30T22:15:00Z' },
      { ...exampleEvent, data: { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true, sharedWith: [] } },
      { ...exampleEvent, subjects: [...(exampleEvent.subjects as unknown[])].reverse() }, // order of subjects is content
      { ...exampleEvent, recordedAt: '2019-07-01T09:00:00Z' },
    ];
    const hashes = variants.map((v) => contentHash(record(v)));
    for (const h of hashes) expect(h).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
