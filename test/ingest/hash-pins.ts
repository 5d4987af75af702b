// Records whose canonical JSON and content hash are pinned by
// content-hash.test.ts. A stored record's hash decides whether re-importing
// it is "unchanged" or a correction, so these values must never move.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventExample, examplePerson, exampleEvent, exampleRelationship, exampleSource, kindExamples } from '../../src/sef/examples.ts';
import type { EventKind } from '../../src/sef/vocab.ts';
import { syntheticSef } from '../support/synthetic-sef.ts';

const j = (v: unknown) => JSON.stringify(v);

/** Lines chosen for what canonical JSON must get exactly right: key order, escapes, numbers, Unicode, normalisation. */
export const PIN_LINES: string[] = [
  j(exampleSource),
  j(examplePerson),
  j(exampleRelationship),
  j(exampleEvent),
  // reversed key order, duplicate key (the last wins), recordedAt
  '{"recordedAt":"2020-01-02T03:04:05.678+01:00","name":{"family":"Adeyemi","given":"Aisha"},"id":"P-2","source":"police-met","type":"person","id":"P-3"}',
  // normalisation: nulls, padding, postcode, NHS number and UPN spacing, blank phones, a refuge sealed
  j({ type: 'person', source: 's1', id: 'P-N', name: { given: '  Zoë ', middle: null, family: "O'Neil\\" }, aliases: [{ given: ' Al ', family: '' }, { family: 'Smith' }],
    birthDate: '2012-02', sex: null, nhsNumber: '943 476 5919', upn: 'a123456789012', phones: [' 07700 900123 ', '  ', '01632 960001'],
    addresses: [{ line1: ' 1 Refuge Way ', postcode: 'ab12cd', kind: 'refuge' }, { line1: '2 Home', town: 'T', county: null, from: '2015-06-01', to: '2019-01-31T10:00:00Z', kind: 'home', sealed: false }, { postcode: ' sw1a1aa ' }],
    unborn: false, extra: { z: 1, a: [null, true] } }),
  j({ type: 'person', source: 's1', id: 'P-U', name: { family: 'Baby' }, unborn: true, expectedDate: '2020-02-29', nhsNumber: '1234567890', upn: 'not a upn' }),
  // a local kind: any data, with keys that sort surprisingly (integer-like keys, case, non-ASCII, escapes)
  '{"type":"event","source":"s1","id":"E-X","kind":"x-local","at":"2019-03-31T01:30:00","data":{"10":1,"9":2,"b":3,"B":4,"a":null,"é":5,"Z":[],"":{},"a b":"q\\"uote","\\u2028":"\\u2028\\u2029","😀":"😀 \\ud83d\\ude00","_":[null,[],{},-0,1e21,1.5e-7,0.1,123456789012345678901234,1E+2,-5e-324,1.7976931348623157e308],"\\u00e9":"e\\u0301","t":"tab\\tnewline\\ncr\\rbell"}}',
  // a known kind with extra data keys, a nested unknown envelope field, text with line breaks, "data": null
  '{"type":"event","source":"s1","id":"E-K","kind":"referral","at":"2019-06-30","subjects":[{"person":"P-1","role":" child ","note":{"b":1,"a":2}},{"person":"P-2"}],"data":{"concerns":["neglect"],"local":{"y":[1,{"c":3,"b":2}],"x":0},"outcome":null},"text":"line one\\nline two\\t\\"quoted\\" \\\\ back","address":{"line1":"Flat 1","postcode":"cr01aa","kind":"other"},"extraTop":["x",{"k":"v"}]}',
  '{"type":"event","source":"s1","id":"E-N","kind":"visit","at":"2019-06-30T22:14:00.123456789Z","data":null,"subjects":[]}',
  '{"type":"event","source":"s1","id":"E-A","kind":"x-absent","at":"2019-06-30T22:14:00-08:00","data":[1,"two"]}',
  '{"type":"event","source":"s1","id":"E-M","kind":"move","at":"2019-06-30","address":{"line1":"Room 4"},"data":{"kind":"refuge"}}',
  '{"type":"relationship","source":"s1","id":"R-1","from":"P-1","to":"P-2","kind":"sibling","start":"2020-02-29T23:59:59+05:30","end":null}',
  '{"type":"source","id":"s1","source":"s1","agency":"other","name":" Spaced  name ","localAuthority":null}',
  ...(Object.keys(kindExamples) as EventKind[]).map((k) => j(eventExample(k))),
];

/** Many more records, hashed together: the scenario files, the fixture, and generated data. */
export function* corpusLines(): Generator<string> {
  const root = join(import.meta.dirname, '..');
  for (const dir of ['scenarios', 'fixtures']) {
    for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.jsonl')).sort()) {
      yield* readFileSync(join(root, dir, f), 'utf8').split('\n');
    }
  }
  yield* syntheticSef({ people: 300, events: 3000, seed: 7, prefix: 'H' });
}
