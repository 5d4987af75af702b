import { expect, it } from 'vitest';
import { chronology, formatChronology } from '../../src/people/chronology.ts';
import { householdOf } from '../../src/people/household.ts';
import { linkImported } from '../../src/people/linking.ts';
import { buildApp } from '../../src/server/app.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines } from '../support/store-helpers.ts';

// A synthetic family: Maeve (mother), her son Tobin, her partner Corwin who
// lived with them for a year, and Wren, who shared Maeve's refuge. Every
// name and address is invented.
const HOME = { line1: '4 Tamsin Close', town: 'Wandlebury', postcode: 'WB2 4TC' };
const REFUGE = { line1: 'Larkspur House, 1 Hidden Row', town: 'Elsewhere', postcode: 'WB9 9RF' };
const sef = lines(
  { type: 'source', id: 'hh-csc', agency: 'csc', name: 'Test children\u2019s services' },
  { type: 'source', id: 'hh-police', agency: 'police', name: 'Test police' },
  {
    type: 'person', source: 'hh-csc', id: 'M', name: { given: 'Maeve', family: 'Rathbone' }, birthDate: '1993-02-11', sex: 'female',
    addresses: [{ ...REFUGE, from: '2019-01-01', to: '2019-06-01', kind: 'refuge', sealed: true }, { ...HOME, from: '2019-06-01', to: null, kind: 'home', sealed: false }],
  },
  { type: 'person', source: 'hh-csc', id: 'C', name: { given: 'Tobin', family: 'Rathbone' }, birthDate: '2015-03-02', sex: 'male', addresses: [{ ...HOME, from: '2019-06-01', to: null, kind: 'home', sealed: false }] },
  { type: 'person', source: 'hh-csc', id: 'W', name: { given: 'Wren', family: 'Ashdown' }, birthDate: '1988-09-30', sex: 'female', addresses: [{ ...REFUGE, from: '2019-02-01', to: '2019-05-01', kind: 'refuge', sealed: true }] },
  { type: 'relationship', source: 'hh-csc', id: 'R-1', from: 'C', to: 'M', kind: 'mother', start: '2015-03-02', end: null },
  { type: 'person', source: 'hh-police', id: 'P', name: { given: 'Corwin', family: 'Stallard' }, birthDate: '1989-07-19', sex: 'male', addresses: [{ ...HOME, from: '2020-02-01', to: '2021-01-01', kind: 'home', sealed: false }] },
  { type: 'event', source: 'hh-police', id: 'CAD-1', kind: 'police_incident', at: '2020-06-01T23:10:00Z', subjects: [{ person: 'P', role: 'suspect' }], address: { line1: HOME.line1, postcode: HOME.postcode }, data: { category: 'domestic_abuse', childrenPresent: true } },
  // An event at the refuge's address, recorded without the flag: it must not reveal it.
  { type: 'event', source: 'hh-police', id: 'CAD-2', kind: 'police_incident', at: '2020-07-01', subjects: [{ person: 'P', role: 'suspect' }], address: { line1: REFUGE.line1, postcode: REFUGE.postcode }, data: { category: 'other' } },
  { type: 'event', source: 'hh-csc', id: 'REF-1', kind: 'referral', at: '2020-06-03', subjects: [{ person: 'C', role: 'child' }], data: { referrer: 'police', concerns: ['domestic_abuse'], outcome: 'assessment' } },
  { type: 'event', source: 'hh-csc', id: 'REF-W', kind: 'referral', at: '2019-03-01', subjects: [{ person: 'W', role: 'adult' }], data: { referrer: 'other', concerns: ['domestic_abuse'], outcome: 'nfa' } },
);

describeEachEngine('households in the chronology', (store) => {
  it('covers the person and their household, with periods, and never shows or links through a sealed address', async () => {
    const report = await importText(store(), sef, 'household.sef.jsonl');
    expect(report.quarantined).toBe(0);
    await linkImported(store(), report.importId);
    const who = { actor: 'tester', channel: 'cli' as const, purpose: 'test' };

    const c = await chronology(store().db, { source: 'hh-csc', id: 'C' }, who);
    expect(c).not.toBeNull();
    const members = Object.fromEntries(c!.household.map((m) => [m.name, m]));
    expect(Object.keys(members).sort()).toEqual(['Corwin Stallard', 'Maeve Rathbone']);
    expect(members['Maeve Rathbone']!.links).toEqual(
      expect.arrayContaining([
        { relation: 'mother', via: { relationship: { source: 'hh-csc', id: 'R-1', agency: 'csc', kind: 'mother' } }, from: '2015-03-02', to: null },
        { relation: 'lives at the same address', via: { address: '4 Tamsin Close, Wandlebury, WB2 4TC', agencies: ['csc'] }, from: '2019-06-01', to: null },
      ]),
    );
    // Corwin lived there for the overlap of the two periods only.
    expect(members['Corwin Stallard']!.links).toEqual([{ relation: 'lives at the same address', via: { address: '4 Tamsin Close, Wandlebury, WB2 4TC', agencies: ['csc', 'police'] }, from: '2020-02-01', to: '2021-01-01' }]);

    // His events are in Tobin's chronology, marked as his; Tobin's own are not marked.
    const byId = Object.fromEntries(c!.entries.map((e) => [e.id, e]));
    expect(byId['REF-1']!.household).toBeNull();
    expect(byId['CAD-1']!.household).toEqual({ person: members['Corwin Stallard']!.person, name: 'Corwin Stallard', relation: 'lives at the same address' });
    expect(byId['CAD-2']!.address).toBe('[sealed address withheld]');
    expect(byId['REF-W']).toBeUndefined();

    // The mother's household: her son (as a child) and Corwin, but not Wren, who only shared the refuge.
    const m = await householdOf(store().db, 'person:hh-csc:M');
    expect(m.map((x) => x.name).sort()).toEqual(['Corwin Stallard', 'Tobin Rathbone']);
    expect(m.find((x) => x.name === 'Tobin Rathbone')!.links.map((l) => l.relation).sort()).toEqual(['child', 'lives at the same address']);
    // As of a day: Corwin had left by 2022.
    expect((await householdOf(store().db, 'person:hh-csc:M', '2022-01-01')).map((x) => x.name)).toEqual(['Tobin Rathbone']);
    expect((await householdOf(store().db, 'person:hh-csc:M', '2020-06-01')).map((x) => x.name).sort()).toEqual(['Corwin Stallard', 'Tobin Rathbone']);
    expect(await householdOf(store().db, 'person:hh-csc:W')).toEqual([]);

    // Nothing anywhere shows the refuge: text, JSON, API.
    const mc = await chronology(store().db, { source: 'hh-csc', id: 'M' }, who);
    const app = await buildApp(store());
    try {
      const res = await app.inject({ method: 'GET', url: '/api/chronology?person=hh-csc:C', headers: { 'x-seen-user': 'tester' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().household.map((x: { name: string }) => x.name).sort()).toEqual(['Corwin Stallard', 'Maeve Rathbone']);
      expect(res.json().entries.find((e: { id: string }) => e.id === 'CAD-1').household.name).toBe('Corwin Stallard');
      for (const text of [JSON.stringify(c), formatChronology(c!), JSON.stringify(mc), formatChronology(mc!), JSON.stringify(m), res.body]) {
        expect(text).not.toMatch(/Larkspur|Hidden Row|WB9/);
      }
      expect(formatChronology(c!)).toMatch(/\n {2}Corwin Stallard, born 1989-07-19 \(person:hh-police:P\): lives at the same address at 4 Tamsin Close/);
      expect(formatChronology(c!)).toMatch(/\[household: Corwin Stallard, lives at the same address\] /);
    } finally {
      await app.close();
    }
  }, 120_000);
});
