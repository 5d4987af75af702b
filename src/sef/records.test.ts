import { describe, expect, it } from 'vitest';
import { eventExample, exampleEvent, examplePerson, exampleRelationship, exampleSource, kindExamples } from './examples.ts';
import { eventDataSchemas, KINDS_WITH_REQUIRED_DATA } from './kinds.ts';
import { parseRecord, type ParseResult } from './parse.ts';
import type { RecordProblem } from './problems.ts';
import { EVENT_KINDS, type EventKind } from './vocab.ts';

function problems(r: ParseResult): RecordProblem[] {
  if (r.ok) throw new Error(`expected problems, got a record: ${JSON.stringify(r.record)}`);
  return r.problems;
}

function messageAt(r: ParseResult, path: string): string {
  const p = problems(r).find((x) => x.path === path);
  if (!p) throw new Error(`no problem at ${path}: ${JSON.stringify(problems(r))}`);
  return p.message;
}

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected a record, got problems: ${JSON.stringify(r.problems)}`);
  return r;
}

const withField = (base: Record<string, unknown>, patch: Record<string, unknown>) => ({ ...base, ...patch });

describe('source records', () => {
  it('accept the sef.md example, keyed by their id', () => {
    const r = ok(parseRecord(exampleSource));
    expect(r.key).toEqual({ type: 'source', source: 'police-met', id: 'police-met' });
    expect(r.record).toEqual(exampleSource);
    expect(r.warnings).toEqual([]);
  });

  it('need an agency from the list', () => {
    expect(messageAt(parseRecord(withField(exampleSource, { agency: undefined })), 'agency')).toMatch(/^agency is required \(one of csc, early_help, police/);
    expect(messageAt(parseRecord(withField(exampleSource, { agency: 'polise' })), 'agency')).toMatch(/got the text "polise" \(did you mean "police"\?\)$/);
  });

  it('need an id that is a valid source name, and a matching source if one is given', () => {
    const r = parseRecord(withField(exampleSource, { id: 'Police Met' }));
    expect(messageAt(r, 'id')).toMatch(/^id must be lower-case letters, digits/);
    expect(r.ok ? null : r.key).toBeNull();
    expect(ok(parseRecord(withField(exampleSource, { source: 'police-met' }))).key.id).toBe('police-met');
    expect(messageAt(parseRecord(withField(exampleSource, { source: 'police-kent' })), 'source')).toBe(
      'source must be left out or equal the id ("police-met") in a source record',
    );
  });
});

describe('person records', () => {
  it('accept the sef.md example and normalise it', () => {
    const r = ok(parseRecord(examplePerson));
    expect(r.key).toEqual({ type: 'person', source: 'police-met', id: 'NOM-55102' });
    // null means absent: "upn": null and "to": null are dropped
    expect(r.record).not.toHaveProperty('upn');
    expect(r.record.type === 'person' && r.record.addresses?.[0]).not.toHaveProperty('to');
    expect(r.warnings).toEqual([]);
  });

  it('need a name with a given or family part', () => {
    expect(ok(parseRecord(withField(examplePerson, { name: { family: 'Adeyemi' } }))).record).toMatchObject({ name: { family: 'Adeyemi' } });
    expect(ok(parseRecord(withField(examplePerson, { name: { given: 'Aisha' } }))).record).toMatchObject({ name: { given: 'Aisha' } });
    expect(messageAt(parseRecord(withField(examplePerson, { name: { middle: 'Grace' } })), 'name')).toBe(
      'name needs a given or a family name (or both)',
    );
    expect(messageAt(parseRecord(withField(examplePerson, { name: { given: '  ', family: '' } })), 'name')).toMatch(/needs a given or a family/);
    expect(messageAt(parseRecord(withField(examplePerson, { name: undefined })), 'name')).toBe('name is required');
    expect(messageAt(parseRecord(withField(examplePerson, { name: 'Aisha Adeyemi' })), 'name')).toMatch(/^name must be an object like/);
    expect(messageAt(parseRecord(withField(examplePerson, { aliases: [{ given: 'A' }, { middle: 'B' }] })), 'aliases[1]')).toMatch(/needs a given/);
  });

  it('trim name parts', () => {
    const r = ok(parseRecord(withField(examplePerson, { name: { given: ' Aisha ', family: 'Adeyemi  ' } })));
    expect(r.record).toMatchObject({ name: { given: 'Aisha', family: 'Adeyemi' } });
  });

  it('accept partial birth dates and reject impossible ones in plain words', () => {
    for (const d of ['1997-03-14', '1997-03', '1997']) expect(ok(parseRecord(withField(examplePerson, { birthDate: d }))).record).toMatchObject({ birthDate: d });
    expect(messageAt(parseRecord(withField(examplePerson, { birthDate: '2019-02-30' })), 'birthDate')).toBe(
      'birthDate "2019-02-30" is not a real date (February 2019 has 28 days)',
    );
    expect(messageAt(parseRecord(withField(examplePerson, { birthDate: 20190314 })), 'birthDate')).toBe(
      'birthDate must be a date like 2019-03-14, got a number',
    );
    expect(messageAt(parseRecord(withField(examplePerson, { birthDate: '14/03/2019' })), 'birthDate')).toMatch(
      /^birthDate must be a date like 2019-03-14 .*got "14\/03\/2019"$/,
    );
  });

  it('take sex from the list', () => {
    expect(messageAt(parseRecord(withField(examplePerson, { sex: 'F' })), 'sex')).toBe(
      'sex must be one of female, male, other, unknown; got the text "F"',
    );
  });

  it('keep an NHS number with a bad check digit, with a warning', () => {
    const r = ok(parseRecord(withField(examplePerson, { nhsNumber: '943 476 5918' })));
    expect(r.record).toMatchObject({ nhsNumber: '943 476 5918' });
    expect(r.warnings).toEqual([
      {
        path: 'nhsNumber',
        message: 'nhsNumber "943 476 5918" is not a valid NHS number (10 digits ending in a modulus 11 check digit); it is kept but not used for linking',
      },
    ]);
  });

  it('write a valid NHS number as ten digits', () => {
    expect(ok(parseRecord(withField(examplePerson, { nhsNumber: '943 476 5919' }))).record).toMatchObject({ nhsNumber: '9434765919' });
  });

  it('keep an invalid UPN with a warning and tidy a valid one', () => {
    const bad = ok(parseRecord(withField(examplePerson, { upn: 'A801200005001' })));
    expect(bad.record).toMatchObject({ upn: 'A801200005001' });
    expect(bad.warnings[0]?.path).toBe('upn');
    expect(bad.warnings[0]?.message).toMatch(/not a valid unique pupil number.*not used for linking/);
    const good = ok(parseRecord(withField(examplePerson, { upn: 'b801200005001' })));
    expect(good.record).toMatchObject({ upn: 'B801200005001' });
    expect(good.warnings).toEqual([]);
  });

  it('need an expected date for an unborn child', () => {
    const unborn = { type: 'person', source: 'midwifery-sgh', id: 'U-1', name: { family: 'Adeyemi' }, unborn: true, expectedDate: '2020-01-10' };
    expect(ok(parseRecord(unborn)).record).toMatchObject({ unborn: true, expectedDate: '2020-01-10' });
    expect(messageAt(parseRecord({ ...unborn, expectedDate: undefined }), 'expectedDate')).toBe(
      'expectedDate is required for an unborn child ("unborn": true)',
    );
    expect(messageAt(parseRecord({ ...unborn, expectedDate: '2020-01' }), 'expectedDate')).toMatch(/must be a date like 2019-03-14/);
    const both = ok(parseRecord({ ...unborn, birthDate: '2020-01-09' }));
    expect(both.warnings.map((w) => w.path)).toEqual(['birthDate']);
  });

  it('normalise address postcodes and check address fields', () => {
    const r = ok(parseRecord(withField(examplePerson, { addresses: [{ line1: '1 High St', postcode: 'sw182ab', kind: 'temporary' }, { postcode: '75008 Paris ' }] })));
    expect(r.record.type === 'person' && r.record.addresses?.map((a) => a.postcode)).toEqual(['SW18 2AB', '75008 Paris']);
    const bad = parseRecord(withField(examplePerson, { addresses: [{ town: 'London' }, { line1: 'x', kind: 'flat' }, { line1: 'x', from: '2019-05-01', to: '2019-04-01' }, { line1: 'x', sealed: 'yes' }] }));
    expect(messageAt(bad, 'addresses[0]')).toBe('addresses[0] needs at least line1 or a postcode');
    expect(messageAt(bad, 'addresses[1].kind')).toMatch(/must be one of home, temporary, refuge, hostel, care_placement, other/);
    expect(messageAt(bad, 'addresses[2].to')).toBe('addresses[2].to "2019-04-01" is before from (2019-05-01)');
    expect(messageAt(bad, 'addresses[3].sealed')).toBe('addresses[3].sealed must be true or false, got the text "yes"');
  });

  it('always seal a refuge address', () => {
    const r = ok(parseRecord(withField(examplePerson, { addresses: [{ line1: 'Confidential', postcode: 'SW1A 1AA', kind: 'refuge', sealed: false }] })));
    expect(r.record.type === 'person' && r.record.addresses?.[0]?.sealed).toBe(true);
    expect(r.warnings.map((w) => w.path)).toEqual(['addresses[0].sealed']);
  });

  it('take phones as a list of text', () => {
    expect(messageAt(parseRecord(withField(examplePerson, { phones: '07700 900123' })), 'phones')).toBe('phones must be a list, got the text "07700 900123"');
    expect(messageAt(parseRecord(withField(examplePerson, { phones: [7700900123] })), 'phones[0]')).toBe('phones[0] must be text, got a number');
  });

  it('warn about fields SEF does not define, suggesting the likely one', () => {
    const r = ok(parseRecord(withField(examplePerson, { birthdate: '1997-03-14', religion: 'x', deathDate: null, name: { given: 'A', surname: 'B', family: 'C' } })));
    expect(r.warnings).toEqual([
      { path: 'birthdate', message: 'birthdate is not a SEF v1 field; it is kept but nothing uses it (did you mean "birthDate"?)' },
      { path: 'religion', message: 'religion is not a SEF v1 field; it is kept but nothing uses it' },
      { path: 'name.surname', message: 'name.surname is not a SEF v1 field; it is kept but nothing uses it' },
    ]);
    expect(r.record).toMatchObject({ birthdate: '1997-03-14', religion: 'x' });
    expect(r.record).not.toHaveProperty('deathDate'); // null is absent: removed, so no warning
  });

  it('need source and id', () => {
    const r = parseRecord(withField(examplePerson, { source: undefined, id: '' }));
    expect(messageAt(r, 'source')).toBe('source is required');
    expect(messageAt(r, 'id')).toBe('id must not be empty');
    expect(r.ok ? 'ok' : r.key).toBeNull();
  });
});

describe('relationship records', () => {
  it('accept the sef.md example', () => {
    const r = ok(parseRecord(exampleRelationship));
    expect(r.record).toMatchObject({ from: 'C-1', to: 'A-1', kind: 'mother', start: '2018-04-02' });
    expect(r.record).not.toHaveProperty('end');
  });

  it('reject unknown kinds, self-relationships and an end before the start', () => {
    expect(messageAt(parseRecord(withField(exampleRelationship, { kind: 'mum' })), 'kind')).toMatch(/^kind must be one of mother, father/);
    expect(messageAt(parseRecord(withField(exampleRelationship, { to: 'C-1' })), 'to')).toBe('to is the same person as from ("C-1")');
    expect(messageAt(parseRecord(withField(exampleRelationship, { end: '2018-01-01' })), 'end')).toBe('end "2018-01-01" is before start (2018-04-02)');
    expect(messageAt(parseRecord(withField(exampleRelationship, { from: undefined })), 'from')).toBe('from is required');
  });
});

describe('event records', () => {
  it('accept the sef.md example', () => {
    const r = ok(parseRecord(exampleEvent));
    expect(r.record).toEqual(exampleEvent);
    expect(r.key).toEqual({ type: 'event', source: 'police-met', id: 'CAD-2019-0630-114' });
    expect(r.warnings).toEqual([]);
  });

  it('need a valid `at`', () => {
    expect(messageAt(parseRecord(withField(eventExample('visit'), { at: undefined })), 'at')).toBe('at is required');
    expect(messageAt(parseRecord(withField(eventExample('visit'), { at: '2019-06-31' })), 'at')).toBe('at "2019-06-31" is not a real date (June 2019 has 30 days)');
    expect(ok(parseRecord(withField(eventExample('visit'), { at: '2019-06-30T09:00:00+01:00' }))).record).toMatchObject({ at: '2019-06-30T09:00:00+01:00' });
  });

  it('check subjects', () => {
    const r = parseRecord(withField(eventExample('visit'), { subjects: [{ person: 'C-1', role: 'child' }, { role: 'parent' }] }));
    expect(messageAt(r, 'subjects[1].person')).toBe('subjects[1].person is required');
    const none = ok(parseRecord(withField(eventExample('visit'), { subjects: null })));
    expect(none.record).not.toHaveProperty('subjects');
  });

  it('warn about roles the rules do not read', () => {
    const r = ok(parseRecord(withField(eventExample('police_incident'), { subjects: [{ person: 'P-1', role: 'vicitm' }, { person: 'P-2', role: 'neighbour' }] })));
    expect(r.warnings).toEqual([
      { path: 'subjects[0].role', message: 'subjects[0].role "vicitm" is not a role the built-in rules read (did you mean "victim"?)' },
      { path: 'subjects[1].role', message: 'subjects[1].role "neighbour" is not a role the built-in rules read' },
    ]);
  });

  it('name the kinds when the kind is unknown', () => {
    const r = parseRecord(withField(eventExample('visit'), { kind: 'home_visit', at: 'yesterday' }));
    const msg = messageAt(r, 'kind');
    expect(msg).toMatch(/^kind "home_visit" is not a SEF v1 event kind/);
    for (const k of EVENT_KINDS) expect(msg).toContain(k);
    expect(msg).toContain('"x-"');
    expect(messageAt(r, 'at')).toMatch(/^at must be a date/);
    expect(r.ok ? null : r.key).toEqual({ type: 'event', source: 'csc-wandsworth', id: 'EV-visit' });
    expect(messageAt(parseRecord(withField(eventExample('visit'), { kind: 'vist' })), 'kind')).toMatch(/\(did you mean "visit"\?\)/);
    expect(messageAt(parseRecord(withField(eventExample('visit'), { kind: undefined })), 'kind')).toBe('kind is required');
  });

  it('accept any data for a local x- kind', () => {
    for (const data of [{ anything: [1, { deep: true }] }, 'text', 42, undefined]) {
      const r = ok(parseRecord(withField(eventExample('visit'), { kind: 'x-wandsworth-panel', data })));
      expect(r.record).toMatchObject({ kind: 'x-wandsworth-panel', data: data ?? {} });
    }
    expect(problems(parseRecord(withField(eventExample('visit'), { kind: 'x-' })))[0]?.path).toBe('kind');
  });

  it('keep unknown data keys and warn only about likely typos', () => {
    const r = ok(parseRecord(eventExample('police_incident', { category: 'violence', childrenPresnt: true, localRef: 'Q7' })));
    expect(r.record).toMatchObject({ data: { childrenPresnt: true, localRef: 'Q7' } });
    expect(r.warnings).toEqual([
      {
        path: 'data.childrenPresnt',
        message: 'data.childrenPresnt is not a field of this kind; it is kept but no rule reads it (did you mean "childrenPresent"?)',
      },
    ]);
  });

  it('read a missing or null data as {} when nothing in it is required', () => {
    expect(KINDS_WITH_REQUIRED_DATA).toContain('plan');
    expect(KINDS_WITH_REQUIRED_DATA).not.toContain('visit');
    for (const kind of EVENT_KINDS) {
      for (const data of [undefined, null]) {
        const r = parseRecord({ ...eventExample(kind), data });
        if (KINDS_WITH_REQUIRED_DATA.includes(kind)) expect(problems(r)[0]?.path.startsWith('data.'), kind).toBe(true);
        else expect(ok(r).record, kind).toMatchObject({ data: {} });
      }
    }
    expect(ok(parseRecord({ ...eventExample('visit'), kind: 'x-local', data: null })).record).toMatchObject({ data: {} });
  });

  it('require an address for intelligence', () => {
    const ev = eventExample('intelligence');
    expect(ok(parseRecord(ev)).record).toMatchObject({ address: { postcode: 'SW18 4XX' } });
    expect(messageAt(parseRecord({ ...ev, address: undefined }), 'address')).toBe('address is required');
  });

  it('seal the address of a move to a refuge', () => {
    const r = ok(parseRecord(eventExample('move', { kind: 'refuge' })));
    expect(r.record).toMatchObject({ address: { sealed: true } });
    expect(r.warnings.map((w) => w.message)).toEqual(['address.sealed was not true for a move to a refuge; the address is treated as sealed']);
  });

  it('require a reason only when information is not shared', () => {
    expect(ok(parseRecord(eventExample('sharing_decision', { decision: 'shared', with: ['school'] }))).record).toMatchObject({ data: { decision: 'shared' } });
    expect(messageAt(parseRecord(eventExample('sharing_decision', { decision: 'not_shared', reason: ' ' })), 'data.reason')).toBe(
      'data.reason is required when the decision is "not_shared"',
    );
    expect(messageAt(parseRecord(eventExample('sharing_decision', { decision: 'shared', about: 'CAD-1' })), 'data.about')).toMatch(/"source:id"/);
  });

  it('reject an attendance period that ends before it starts', () => {
    expect(messageAt(parseRecord(eventExample('attendance', { from: '2019-12-20', to: '2019-09-01', percent: 50 })), 'data.to')).toBe(
      'data.to "2019-09-01" is before from (2019-12-20)',
    );
  });

  it('say plainly when a number must be whole, once per field', () => {
    expect(problems(parseRecord(eventExample('service_level', { level: 'universal', contactEveryDays: 2.5 })))).toEqual([
      { path: 'data.contactEveryDays', message: 'data.contactEveryDays must be a whole number, got 2.5' },
    ]);
    expect(problems(parseRecord(eventExample('da_risk_assessment', { score: 1e308 })))).toEqual([
      { path: 'data.score', message: 'data.score must be at most 1000, got 1e+308' },
    ]);
  });

  it('have a data schema for every kind', () => {
    expect(Object.keys(eventDataSchemas).sort()).toEqual([...EVENT_KINDS].sort());
    expect(EVENT_KINDS).toHaveLength(35);
  });

  describe.each(EVENT_KINDS.map((k) => [k] as [EventKind]))('%s', (kind) => {
    it('accepts its example', () => {
      const r = ok(parseRecord(eventExample(kind)));
      expect(r.record).toMatchObject({ kind });
      expect(r.key).toEqual({ type: 'event', source: 'csc-wandsworth', id: `EV-${kind}` });
    });

    it('reports the broken variant at the right path', () => {
      const { bad } = kindExamples[kind];
      const ps = problems(parseRecord(eventExample(kind, bad.data)));
      expect(ps.map((p) => p.path)).toEqual([bad.path]);
      expect(ps[0]?.message.startsWith(`${bad.path} `)).toBe(true);
    });

    it('keeps unknown data keys', () => {
      const r = ok(parseRecord(eventExample(kind, { ...kindExamples[kind].data, zzLocalField: { a: 1 } })));
      expect(r.record).toMatchObject({ data: { zzLocalField: { a: 1 } } });
    });
  });
});
