import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines } from '../support/store-helpers.ts';

// The import derives the normalised rows in TypeScript (src/ingest/derive.ts)
// and only COPYs them. Here the database derives them again from the stored
// bodies, as the import once did in SQL, and the two must agree exactly:
// partial dates, UK local times across clock changes, offsets, ordinals,
// defaults, people resolved whichever arrived first.
const src = 'drv-src';
const times = [
  '2019-03-31T00:59:59', '2019-03-31T01:30:00', '2019-03-31T02:00:00', '2019-10-27T00:30:00', '2019-10-27T01:30:00',
  '1941-05-04T01:30', '1968-10-27T12:00:00', '2020-06-15T12:34:56.123456789', '2020-06-15T12:34:56-08:00', '2020-01-01T00:00+14:00',
  '2019-06-30T22:14:00Z', '2020-02-29', '1880-01-01',
];
const records = [
  { type: 'event', source: src, id: 'E-FIRST', kind: 'x-note', at: '2019-03-31T01:30:00', subjects: [{ person: 'P-LATE', role: 'child' }, { person: 'P-NEVER', role: 'parent' }], data: {} },
  { type: 'relationship', source: src, id: 'R-FIRST', from: 'P-LATE', to: 'P-NEVER', kind: 'parent', start: '2018-01-01', end: '2019-04-30T10:00:00Z' },
  { type: 'source', id: src, agency: 'police', name: 'Derived \\ "rows"' },
  { type: 'person', source: src, id: 'P-LATE', name: { given: ' Zoë ', middle: 'Back\\slash', family: "O'Neil" }, birthDate: '2012', sex: 'female', aliases: [{ given: 'Zo' }, { family: 'Smith', given: 'A \\ B' }], phones: [' 07700 900123 ', '01632 960001'], nhsNumber: '943 476 5919', upn: 'A123456789012',
    addresses: [{ line1: '1 Refuge Way', postcode: 'ab1 2cd', kind: 'refuge', from: '2019-02-01T10:00:00Z' }, { line1: '2 Home', town: 'T', from: '2015-06-01', to: '2019-01-31', kind: 'home', sealed: false }, { postcode: 'SW1A 1AA' }] },
  { type: 'person', source: src, id: 'P-UNBORN', name: { family: 'Baby' }, unborn: true, expectedDate: '2020-02-29' },
  { type: 'person', source: src, id: 'P-MONTH', name: { given: 'M' }, birthDate: '1990-07', expectedDate: '2020-01-01' },
  ...times.map((at, i) => ({ type: 'event', source: src, id: `E-${i}`, kind: 'x-visit', at, subjects: [{ person: 'P-MONTH', role: 'mother' }, { person: 'P-LATE', role: 'child' }, { person: 'P-LATE', role: 'carer' }], data: { i } })),
  { type: 'relationship', source: src, id: 'R-1', from: 'P-LATE', to: 'P-UNBORN', kind: 'sibling', start: '2020-02-29T23:59:59+05:30' },
];
const later = [
  { type: 'person', source: src, id: 'P-NEVER', name: { given: 'Arrives late' } },
  { type: 'person', source: src, id: 'P-MONTH', name: { given: 'Corrected' }, phones: ['1'] },
  { type: 'event', source: src, id: 'E-3', kind: 'x-visit', at: '2019-10-27T01:59:00', subjects: [{ person: 'P-NEVER', role: 'child' }], data: {} },
];

const EXPECTED: Record<string, string> = {
  person: `select r.id, r.source, r.local_id, r.body->'name'->>'given', r.body->'name'->>'middle', r.body->'name'->>'family', r.body->>'birthDate',
      case length(r.body->>'birthDate') when 10 then 'day' when 7 then 'month' when 4 then 'year' end,
      r.body->>'sex', coalesce((r.body->>'unborn')::boolean, false), seen_partial_date(r.body->>'expectedDate')
    from record r where r.type = 'person'`,
  person_actual: `select record_id, source, local_id, given, middle, family, birth_date, birth_date_precision, sex, unborn, expected_date from person`,
  person_name: `select r.id, a.n - 1, 'alias', a.v->>'given', a.v->>'middle', a.v->>'family'
    from record r cross join lateral jsonb_array_elements(coalesce(r.body->'aliases', '[]')) with ordinality as a(v, n) where r.type = 'person'`,
  person_name_actual: `select person_id, ord, kind, given, middle, family from person_name`,
  person_address: `select r.id, a.n - 1, a.v->>'line1', a.v->>'line2', a.v->>'town', a.v->>'postcode', seen_partial_date(a.v->>'from'), seen_partial_date(a.v->>'to'),
      a.v->>'kind', coalesce((a.v->>'sealed')::boolean, false)
    from record r cross join lateral jsonb_array_elements(coalesce(r.body->'addresses', '[]')) with ordinality as a(v, n) where r.type = 'person'`,
  person_address_actual: `select person_id, ord, line1, line2, town, postcode, valid_from, valid_to, kind, sealed from person_address`,
  person_phone: `select r.id, a.n - 1, a.v from record r cross join lateral jsonb_array_elements_text(coalesce(r.body->'phones', '[]')) with ordinality as a(v, n) where r.type = 'person'`,
  person_phone_actual: `select person_id, ord, phone from person_phone`,
  event: `select r.id, r.source, r.body->>'kind', seen_event_time(r.body->>'at'), case when length(r.body->>'at') <= 10 then 'date' else 'datetime' end from record r where r.type = 'event'`,
  event_actual: `select record_id, source, kind, at, at_precision from event`,
  event_subject: `select r.id, a.n - 1, r.source, a.v->>'person', p.record_id, a.v->>'role'
    from record r cross join lateral jsonb_array_elements(coalesce(r.body->'subjects', '[]')) with ordinality as a(v, n)
    left join person p on p.source = r.source and p.local_id = a.v->>'person' where r.type = 'event'`,
  event_subject_actual: `select event_id, ord, source, person_local_id, person_id, role from event_subject`,
  relationship: `select r.id, r.source, r.local_id, r.body->>'from', r.body->>'to', f.record_id, t.record_id, r.body->>'kind', seen_partial_date(r.body->>'start'), seen_partial_date(r.body->>'end')
    from record r left join person f on f.source = r.source and f.local_id = r.body->>'from' left join person t on t.source = r.source and t.local_id = r.body->>'to'
    where r.type = 'relationship'`,
  relationship_actual: `select record_id, source, local_id, from_local_id, to_local_id, from_person_id, to_person_id, kind, valid_from, valid_to from relationship`,
  source: `select r.local_id, r.body->>'agency', r.body->>'name', r.body->>'localAuthority', true from record r where r.type = 'source'`,
  source_actual: `select id, agency, name, local_authority, declared from source where declared`,
};

describeEachEngine('the rows an import derives', (store) => {
  it('are exactly what the database derives from the stored records', async () => {
    const first = await importText(store(), lines(...records), 'derived-1.jsonl', { batchSize: 7 });
    expect(first).toMatchObject({ imported: records.length, quarantined: 0 });
    const second = await importText(store(), lines(...later), 'derived-2.jsonl', { batchSize: 2 });
    expect(second).toMatchObject({ imported: 1, updated: 2, quarantined: 0 });
    for (const table of ['person', 'person_name', 'person_address', 'person_phone', 'event', 'event_subject', 'relationship', 'source']) {
      const expected = EXPECTED[table]!;
      const actual = EXPECTED[`${table}_actual`]!;
      const count = await sql<{ n: number }>`select count(*)::int as n from (${sql.raw(actual)}) x`.execute(store().db);
      expect(count.rows[0]!.n, table).toBeGreaterThan(0);
      const diff = await sql`(${sql.raw(expected)} except all ${sql.raw(actual)}) union all (${sql.raw(actual)} except all ${sql.raw(expected)})`.execute(store().db);
      expect(diff.rows, table).toEqual([]);
    }
    const waiting = await sql<{ n: number }>`select count(*)::int as n from event_subject where person_id is null`.execute(store().db);
    expect(waiting.rows[0]!.n).toBe(0);
  });
});
