import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventExample, exampleEvent, examplePerson } from './examples.ts';
import { parseLine, parseRecord, type ParseResult } from './parse.ts';

const line = (v: unknown) => JSON.stringify(v);

function failed(r: ParseResult | null) {
  if (r === null || r.ok) throw new Error(`expected problems, got ${JSON.stringify(r)}`);
  return r;
}

describe('parseLine', () => {
  it('skips blank lines and // comments', () => {
    for (const l of ['', '   ', '\t', '\r', '// a comment', '  // indented comment', '\uFEFF']) expect(parseLine(l)).toBeNull();
  });

  it('reads a record line, tolerating a BOM and a trailing CR', () => {
    const r = parseLine(`\uFEFF${line(exampleEvent)}\r`);
    expect(r?.ok).toBe(true);
    expect(r?.ok && r.record).toEqual(exampleEvent);
  });

  it('says a truncated line looks truncated, and keeps the key when it can be read', () => {
    const full = line(examplePerson);
    const r = failed(parseLine(full.slice(0, full.length - 20)));
    expect(r.problems).toEqual([{ path: '', message: 'line is not valid JSON: unexpected end (truncated?)' }]);
    expect(r.key).toEqual({ type: 'person', source: 'police-met', id: 'NOM-55102' });
    for (const cut of ['{"a":1', '{"a":[1,2', '{"type":"person","source":"x"  ']) {
      expect(failed(parseLine(cut)).problems[0]?.message).toBe('line is not valid JSON: unexpected end (truncated?)');
    }
    // cut inside the id: the id cannot be trusted
    expect(failed(parseLine('{"type":"person","source":"police-met","id":"NOM-5')).key).toBeNull();
  });

  it('reads the key from top-level members only', () => {
    const r = failed(parseLine('{"type":"event","subjects":[{"id":"inner","source":"nested"}],"source":"police-met","id":"E-1","text":"unterminated'));
    expect(r.key).toEqual({ type: 'event', source: 'police-met', id: 'E-1' });
  });

  it('points at the column of a syntax error', () => {
    const r = failed(parseLine('{"type":"person" "source":"x"}'));
    expect(r.problems[0]?.message).toBe('line is not valid JSON: unexpected character "\\"" at column 18');
    expect(failed(parseLine("{'type':'person'}")).problems[0]?.message).toMatch(/^line is not valid JSON: unexpected character "'" at column 2$/);
    expect(failed(parseLine('{"text":"a\tb"}')).problems[0]?.message).toMatch(/raw control character .* must be escaped/);
    expect(failed(parseLine('{"a":1}{"b":2}')).problems[0]?.message).toBe('line is not valid JSON: unexpected character "{" at column 8');
  });

  it('wants an object on each line', () => {
    expect(failed(parseLine('[1,2]')).problems).toEqual([{ path: '', message: 'line must be a JSON object ({…}), got a list' }]);
    expect(failed(parseLine('"person"')).problems[0]?.message).toBe('line must be a JSON object ({…}), got the text "person"');
    expect(failed(parseLine('null')).problems[0]?.message).toBe('line must be a JSON object ({…}), got null');
  });

  it('reports an unknown type with a suggestion', () => {
    const r = failed(parseLine(line({ type: 'Person', source: 'x', id: '1' })));
    expect(r.problems).toEqual([
      { path: 'type', message: 'type must be one of source, person, event, relationship; got the text "Person" (did you mean "person"?)' },
    ]);
    expect(r.key).toBeNull();
    expect(failed(parseLine(line({ source: 'x', id: '1' }))).problems[0]?.message).toBe(
      'type is required (one of source, person, event, relationship)',
    );
  });

  it('reports at most 10 problems and says how many more there were', () => {
    const subjects = Array.from({ length: 25 }, () => ({ role: 'child' }));
    const r = failed(parseLine(line({ ...eventExample('visit'), subjects })));
    expect(r.problems).toHaveLength(10);
    expect(r.problems[9]).toEqual({ path: '', message: '…and 16 more problems in this record' });
    expect(r.problems[0]?.path).toBe('subjects[0].person');
  });
});

describe('hostile input', () => {
  it('survives 10,000 levels of nesting', () => {
    for (const l of ['['.repeat(10_000), `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, `{"type":"event","data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`]) {
      const r = failed(parseLine(l));
      expect(r.problems.length).toBeGreaterThan(0);
    }
    const deep = failed(parseLine(`{"type":"event","data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`));
    expect(deep.problems[0]?.message).toMatch(/is nested more than 32 levels deep$/);
  });

  it('survives a 10,000-level object built in code', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const r = failed(parseRecord({ ...exampleEvent, kind: 'x-deep', data: deep }));
    expect(r.problems[0]?.message).toMatch(/is nested more than 32 levels deep$/);
  });

  it('accepts nesting up to 32 levels in local data, not 33', () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : { a: nest(n - 1) });
    // the record is level 1 and data level 2, so data may hold 30 more objects
    expect(parseRecord({ ...eventExample('visit'), kind: 'x-deep', data: nest(31) }).ok).toBe(true);
    expect(failed(parseRecord({ ...eventExample('visit'), kind: 'x-deep', data: nest(32) })).problems[0]?.message).toBe(
      `data${'.a'.repeat(31)} is nested more than 32 levels deep`,
    );
  });

  it('turns a 1 MB string into a problem giving its length', () => {
    const big = 'x'.repeat(1_048_576);
    const r = failed(parseLine(line({ ...exampleEvent, text: big })));
    expect(r.problems).toEqual([
      { path: 'text', message: 'text is 1,048,576 characters long; no SEF value may be longer than 100,000' },
    ]);
    expect(r.key).toEqual({ type: 'event', source: 'police-met', id: 'CAD-2019-0630-114' });
  });

  it('applies the field caps with the actual length', () => {
    const r = failed(parseRecord({ ...examplePerson, id: 'i'.repeat(201), name: { given: 'g'.repeat(250) } }));
    expect(r.problems).toEqual([
      { path: 'id', message: 'id is 201 characters long; the limit is 200' },
      { path: 'name.given', message: 'name.given is 250 characters long; the limit is 200' },
    ]);
    expect(parseRecord({ ...exampleEvent, text: 't'.repeat(100_000) }).ok).toBe(true);
    expect(failed(parseRecord(eventExample('escalation', { stage: 'raised', about: 'a'.repeat(2_001) }))).problems[0]?.message).toBe(
      'data.about is 2,001 characters long; the limit is 2,000',
    );
  });

  it('caps arrays at 1,000 items', () => {
    const phones = Array.from({ length: 1_001 }, (_, i) => `0770090${i}`);
    expect(failed(parseRecord({ ...examplePerson, phones })).problems).toEqual([
      { path: 'phones', message: 'phones has 1,001 items; the limit is 1,000' },
    ]);
    expect(parseRecord({ ...examplePerson, phones: phones.slice(0, 1_000) }).ok).toBe(true);
  });

  it('rejects NUL anywhere, even in unknown fields and keys', () => {
    const cases: [unknown, string][] = [
      [{ ...exampleEvent, text: 'a\u0000b' }, 'text'],
      [{ ...examplePerson, name: { given: 'A\u0000' } }, 'name.given'],
      [{ ...exampleEvent, kind: 'x-local', data: { deep: ['ok', 'no\u0000'] } }, 'data.deep[1]'],
      [{ ...examplePerson, localNote: '\u0000' }, 'localNote'],
    ];
    for (const [v, path] of cases) {
      const r = failed(parseRecord(v));
      expect(r.problems).toEqual([{ path, message: `${path} contains a NUL character (\\u0000), which cannot be stored` }]);
    }
    const key = failed(parseLine('{"type":"person","source":"x","id":"1","na\\u0000me":{}}'));
    expect(key.problems[0]?.message).toBe('record has a field name containing a NUL character (\\u0000)');
  });

  it('rejects control characters in ids, names and postcodes but allows tab and newlines in text', () => {
    const bell = failed(parseRecord({ ...examplePerson, id: 'NOM\u0007-1' }));
    expect(bell.problems[0]).toEqual({ path: 'id', message: 'id contains an invisible control character (U+0007) at character 4' });
    expect(failed(parseRecord({ ...examplePerson, name: { family: 'Ade\u001byemi' } })).problems[0]?.path).toBe('name.family');
    expect(failed(parseRecord({ ...examplePerson, name: { family: 'Ade\nyemi' } })).problems[0]?.path).toBe('name.family');
    expect(failed(parseRecord({ ...examplePerson, addresses: [{ postcode: 'SW18\u00852AB' }] })).problems[0]?.path).toBe('addresses[0].postcode');
    expect(parseRecord({ ...exampleEvent, text: 'line one\r\nline two\tindented' }).ok).toBe(true);
    expect(failed(parseRecord({ ...exampleEvent, text: 'bell \u0007' })).problems[0]?.message).toMatch(/^text contains an invisible control character \(U\+0007\)/);
  });

  it('rejects unpaired surrogates, which cannot be stored as UTF-8', () => {
    const r = failed(parseLine('{"type":"person","source":"x","id":"1","name":{"given":"\\ud800"}}'));
    expect(r.problems[0]?.path).toBe('name.given');
    expect(r.problems[0]?.message).toMatch(/unpaired UTF-16 surrogate/);
    expect(parseRecord({ ...examplePerson, name: { given: 'Zoë 😀' } }).ok).toBe(true);
  });

  it('does not let "__proto__" change an object', () => {
    const r = failed(parseLine('{"type":"person","source":"x","id":"1","name":{"given":"A","__proto__":{"polluted":true}}}'));
    expect(r.problems[0]).toEqual({ path: 'name', message: 'name is a field called "__proto__", which is not allowed' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('handles values handed in by code: cycles, throwing getters, non-JSON values', () => {
    const cyclic: Record<string, unknown> = { ...examplePerson };
    cyclic.self = cyclic;
    expect(failed(parseRecord(cyclic)).problems[0]?.message).toMatch(/refers back to itself/);
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) wide[`k${i}`] = wide;
    expect(parseRecord({ ...examplePerson, wide }).ok).toBe(false);
    const getter = { ...examplePerson };
    Object.defineProperty(getter, 'boom', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(failed(parseRecord(getter)).problems[0]?.message).toBe('record could not be read');
    expect(failed(parseRecord({ ...examplePerson, when: new Date() })).problems[0]?.message).toMatch(/is a Date object/);
    expect(failed(parseRecord({ ...examplePerson, n: Number.NaN })).problems[0]?.message).toBe('n is not a finite number');
    expect(failed(parseRecord({ ...examplePerson, n: 10n })).problems[0]?.message).toBe('n is a bigint, which JSON cannot hold');
    expect(failed(parseRecord(undefined)).problems[0]?.message).toBe('record must be a JSON object ({…}), got nothing');
    expect(failed(parseLine(42 as unknown as string)).problems[0]?.message).toBe('line must be text, got a number');
  });

  it('rejects a line over the size limit without parsing it', () => {
    const r = failed(parseLine(`{"type":"person","source":"x","id":"1","pad":"${'x'.repeat(4_000_000)}"}`));
    expect(r.problems[0]?.message).toMatch(/^line is 4,000,\d{3} characters long; the limit is 4,000,000$/);
    expect(r.key).toEqual({ type: 'person', source: 'x', id: '1' });
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()), (s) => {
        const r = parseLine(s);
        if (r !== null) expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on arbitrary JSON values, nor on near-valid records', () => {
    const valueArb = fc.jsonValue({ maxDepth: 6 });
    fc.assert(
      fc.property(valueArb, (v) => {
        const r = parseRecord(v);
        expect(typeof r.ok).toBe('boolean');
        expect(parseLine(JSON.stringify(v) ?? '')?.ok ?? false).toBe(r.ok);
      }),
      { numRuns: 2_000 },
    );
    const fields = ['type', 'source', 'id', 'kind', 'at', 'data', 'subjects', 'name', 'birthDate', 'addresses', 'text', 'from', 'to'];
    fc.assert(
      fc.property(fc.constantFrom(examplePerson, exampleEvent, eventExample('plan'), eventExample('intelligence')), fc.constantFrom(...fields), valueArb, (base, field, v) => {
        const r = parseRecord({ ...base, [field]: v });
        if (r.ok) expect(r.key.id.length).toBeGreaterThan(0);
        else expect(r.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('normalisation', () => {
  it('is idempotent: parsing a parsed record gives it back unchanged, without warnings', () => {
    const inputs = [
      examplePerson,
      { ...examplePerson, nhsNumber: '943 476 5919', addresses: [{ postcode: 'sw182ab', kind: 'refuge' }] },
      exampleEvent,
      eventExample('move', { kind: 'refuge' }),
      { ...exampleEvent, kind: 'x-local', data: undefined, subjects: null },
    ];
    for (const v of inputs) {
      const first = parseRecord(v);
      if (!first.ok) throw new Error(JSON.stringify(first.problems));
      const second = parseRecord(first.record);
      if (!second.ok) throw new Error(JSON.stringify(second.problems));
      expect(second.record).toEqual(first.record);
      expect(second.warnings).toEqual([]);
    }
  });

  it('does not change the caller’s value', () => {
    const v = structuredClone({ ...examplePerson, addresses: [{ postcode: 'sw182ab', kind: 'refuge' }] });
    const before = JSON.stringify(v);
    parseRecord(v);
    expect(JSON.stringify(v)).toBe(before);
  });
});
