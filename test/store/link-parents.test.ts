import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { NAME_AND_ADDRESS_ONLY } from '../../src/identity/index.ts';
import { explainRecords, formatExplanation, linkImported, rebuildLinks } from '../../src/people/linking.ts';
import { recordDecision } from '../../src/people/review.ts';
import type { Store } from '../../src/store/database.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines, loadDemo } from '../support/store-helpers.ts';

// Two undated records of one name at one address are held for review (a
// father and his namesake son share both), unless both are parents of one
// child: then they are one person, in a rebuild, in an import, and when an
// import later makes the children one person.

const who = { actor: 'reviewer@test', channel: 'cli' as const, purpose: 'test' };
const ref = (k: string) => ({ source: k.slice(0, k.indexOf(':')), id: k.slice(k.indexOf(':') + 1) });

async function personOf(store: Store, key: string): Promise<string | null> {
  const { source, id } = ref(key);
  const row = await sql<{ person_id: string }>`
    select rp.person_id from person p join resolved_person rp on rp.record_id = p.record_id where p.source = ${source} and p.local_id = ${id}`.execute(store.db);
  return row.rows[0]?.person_id ?? null;
}

async function reviewReason(store: Store, a: string, b: string): Promise<string | null> {
  const id = async (k: string) => (await store.db.selectFrom('person').select('record_id').where('source', '=', ref(k).source).where('local_id', '=', ref(k).id).executeTakeFirstOrThrow()).record_id;
  const [x, y] = [await id(a), await id(b)];
  const row = await store.db.selectFrom('link_review').select('reason').where('record_a', '=', Math.min(x, y)).where('record_b', '=', Math.max(x, y)).executeTakeFirst();
  return row?.reason ?? null;
}

const src = (id: string, agency: string) => ({ type: 'source', id, agency, name: id });
const home = (line1: string, postcode: string) => [{ line1, town: 'Wandlebury', postcode, from: '2015-01-01', to: null, kind: 'home', sealed: false }];
const PENHALIGON = home('7 Quillon Row', 'WB7 3QQ');
const VELLACOTT = home('3 Ostler Yard', 'WB2 9ZZ');
const TRELAWNEY = home('41 Saltings Walk', 'WB5 4XT');
const who_ = (source: string, id: string, given: string, family: string, sex: string, addresses: unknown, birthDate?: string) => ({ type: 'person', source, id, name: { given, family }, sex, addresses, ...(birthDate ? { birthDate } : {}) });
const rel = (source: string, id: string, from: string, to: string, kind: string) => ({ type: 'relationship', source, id, from, to, kind });

describeEachEngine('parents of one child corroborate each other', (store) => {
  it('joins two undated records of a mother of one child, never a father and his namesake son, and says why', async () => {
    // A demo population first, so that the model is trained on something like a partnership.
    expect((await linkImported(store(), (await loadDemo(store(), { children: 60, seed: 'parents-test' })).importId)).rebuilt).toBeDefined();

    // The school: Orlaith and her mother Morwenna (no date of birth); Elowen and her father Tristram.
    const school = await importText(
      store(),
      lines(
        src('tst-school', 'school'),
        who_('tst-school', 'M1', 'Morwenna', 'Penhaligon', 'female', PENHALIGON),
        who_('tst-school', 'C1', 'Orlaith', 'Penhaligon', 'female', PENHALIGON, '2018-04-09'),
        rel('tst-school', 'R1', 'C1', 'M1', 'parent'),
        who_('tst-school', 'F1', 'Tristram', 'Vellacott', 'male', VELLACOTT),
        who_('tst-school', 'A1', 'Elowen', 'Vellacott', 'female', VELLACOTT, '2013-02-03'),
        rel('tst-school', 'R2', 'A1', 'F1', 'parent'),
      ),
      'school.sef.jsonl',
    );
    await linkImported(store(), school.importId);
    // The health visitor: Orlaith and her mother again; Tristram's namesake son, father of baby Jory.
    // Parents come first in the file: linking takes the children first all the same.
    const hv = await importText(
      store(),
      lines(
        src('tst-hv', 'health_visiting'),
        who_('tst-hv', 'M2', 'Morwenna', 'Penhaligon', 'female', PENHALIGON),
        who_('tst-hv', 'S2', 'Tristram', 'Vellacott', 'male', VELLACOTT),
        who_('tst-hv', 'H1', 'Orlaith', 'Penhaligon', 'female', PENHALIGON, '2018-04-09'),
        rel('tst-hv', 'R1', 'H1', 'M2', 'mother'),
        who_('tst-hv', 'B2', 'Jory', 'Vellacott', 'male', VELLACOTT, '2025-06-01'),
        rel('tst-hv', 'R2', 'B2', 'S2', 'father'),
        // A third undated Morwenna, parent of no one recorded: name and address only.
        who_('tst-hv', 'M3', 'Morwenna', 'Penhaligon', 'female', PENHALIGON),
      ),
      'hv.sef.jsonl',
    );
    const linked = await linkImported(store(), hv.importId);
    expect(linked.linked).toBe(5);
    expect(await personOf(store(), 'tst-hv:H1')).toBe(await personOf(store(), 'tst-school:C1'));
    expect(await personOf(store(), 'tst-hv:M2')).toBe(await personOf(store(), 'tst-school:M1'));
    expect(await personOf(store(), 'tst-hv:S2')).not.toBe(await personOf(store(), 'tst-school:F1'));
    expect(await reviewReason(store(), 'tst-hv:S2', 'tst-school:F1')).toBe(NAME_AND_ADDRESS_ONLY);
    expect(await personOf(store(), 'tst-hv:M3')).not.toBe(await personOf(store(), 'tst-school:M1'));

    // Explained: the shared child is why name and address were enough.
    const explained = await explainRecords(store().db, ref('tst-school:M1'), ref('tst-hv:M2'), who);
    if ('missing' in explained) throw new Error(explained.missing);
    expect(explained.samePerson).toBe(true);
    expect(explained.corroboration).toMatch(/^both recorded as the mother of one child \((tst-school:C1 and tst-hv:H1|tst-hv:H1 and tst-school:C1), linked as one person\)/);
    expect(formatExplanation(explained)).toMatch(/corroborated: both recorded as the mother of one child/);
    const namesakes = await explainRecords(store().db, ref('tst-school:F1'), ref('tst-hv:S2'), who);
    if ('missing' in namesakes) throw new Error(namesakes.missing);
    expect(namesakes).toMatchObject({ samePerson: false, corroboration: null, review: { reason: NAME_AND_ADDRESS_ONLY } });

    // A decision about the third Morwenna clusters her people again: the two
    // parent records stay one person (the shared child still counts there).
    await recordDecision(store(), ref('tst-hv:M3'), ref('tst-school:M1'), 'non-match', 'the grandmother, not the mother', who);
    expect(await personOf(store(), 'tst-hv:M2')).toBe(await personOf(store(), 'tst-school:M1'));
    expect(await personOf(store(), 'tst-hv:M3')).not.toBe(await personOf(store(), 'tst-school:M1'));

    // A rebuild agrees, and obeys the decision.
    await rebuildLinks(store(), 'tester');
    expect(await personOf(store(), 'tst-hv:M2')).toBe(await personOf(store(), 'tst-school:M1'));
    expect(await personOf(store(), 'tst-hv:S2')).not.toBe(await personOf(store(), 'tst-school:F1'));
    expect(await personOf(store(), 'tst-hv:M3')).not.toBe(await personOf(store(), 'tst-school:M1'));

    // A reviewer who says the two mothers are two people is obeyed, now and after a rebuild.
    await recordDecision(store(), ref('tst-hv:M2'), ref('tst-school:M1'), 'non-match', 'two women of one name: checked with the school', who);
    expect(await personOf(store(), 'tst-hv:M2')).not.toBe(await personOf(store(), 'tst-school:M1'));
    await rebuildLinks(store(), 'tester');
    expect(await personOf(store(), 'tst-hv:M2')).not.toBe(await personOf(store(), 'tst-school:M1'));
  }, 300_000);

  it('joins parents held for review once a later import makes their children one person', async () => {
    // Two undated records of Kerensa, at a nursery and a GP: name and address only.
    const parents = await importText(
      store(),
      lines(src('tst-nursery', 'nursery'), src('tst-gp', 'gp'), who_('tst-nursery', 'K1', 'Kerensa', 'Trelawney', 'female', TRELAWNEY), who_('tst-gp', 'K2', 'Kerensa', 'Trelawney', 'female', TRELAWNEY)),
      'parents.sef.jsonl',
    );
    await linkImported(store(), parents.importId);
    expect(await personOf(store(), 'tst-gp:K2')).not.toBe(await personOf(store(), 'tst-nursery:K1'));
    expect(await reviewReason(store(), 'tst-nursery:K1', 'tst-gp:K2')).toBe(NAME_AND_ADDRESS_ONLY);

    // Then each agency records her child, one child, and that she is its parent.
    const children = await importText(
      store(),
      lines(
        who_('tst-nursery', 'N1', 'Demelza', 'Trelawney', 'female', TRELAWNEY, '2021-08-14'),
        rel('tst-nursery', 'R1', 'N1', 'K1', 'parent'),
        who_('tst-gp', 'G1', 'Demelza', 'Trelawney', 'female', TRELAWNEY, '2021-08-14'),
        rel('tst-gp', 'R1', 'G1', 'K2', 'mother'),
      ),
      'children.sef.jsonl',
    );
    const linked = await linkImported(store(), children.importId);
    expect(await personOf(store(), 'tst-gp:G1')).toBe(await personOf(store(), 'tst-nursery:N1'));
    expect(await personOf(store(), 'tst-gp:K2')).toBe(await personOf(store(), 'tst-nursery:K1'));
    expect(linked.changedPeople).toContain(await personOf(store(), 'tst-nursery:K1'));
    expect(await reviewReason(store(), 'tst-nursery:K1', 'tst-gp:K2')).toBeNull();
  }, 300_000);
});
