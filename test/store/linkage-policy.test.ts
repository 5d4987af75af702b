import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { linkagePolicy } from '../../src/people/link-store.ts';
import { rebuildLinks } from '../../src/people/linking.ts';
import { listReview } from '../../src/people/review.ts';
import type { Store } from '../../src/store/database.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines, loadDemo } from '../support/store-helpers.ts';

const who = { actor: 'reviewer@test', channel: 'cli' as const, purpose: 'test' };

describe('the policy the store links by', () => {
  it('counts as a child anyone born after today less 18 years', () => {
    expect(linkagePolicy(new Date('2026-12-02T10:00:00Z')).minorsBornAfter).toBe('2008-12-02');
    expect(linkagePolicy(new Date('2028-02-29T00:00:00Z')).minorsBornAfter).toBe('2010-03-01');
  });
});

async function personOf(store: Store, source: string, id: string): Promise<string | null> {
  const row = await sql<{ person_id: string }>`
    select rp.person_id from person p join resolved_person rp on rp.record_id = p.record_id where p.source = ${source} and p.local_id = ${id}`.execute(store.db);
  return row.rows[0]?.person_id ?? null;
}

describeEachEngine('name and address alone', (store) => {
  it("links two adults' records on the model, and holds a child's for a person", async () => {
    // A partnership to train on, and two pairs resting on name and address alone.
    await loadDemo(store(), { children: 60, seed: 'linkage-policy' });
    const at = (line1: string, postcode: string) => [{ line1, town: 'Wandlebury', postcode, from: '2021-01-01', kind: 'home' }];
    await importText(
      store(),
      lines(
        { type: 'source', id: 'tst-police', agency: 'police', name: 'Test police' },
        { type: 'source', id: 'tst-housing', agency: 'housing', name: 'Test housing' },
        // An adult, dated by the police, undated by housing.
        { type: 'person', source: 'tst-police', id: 'A1', name: { given: 'Corvin', family: 'Halloway' }, birthDate: '1984-06-11', sex: 'male', addresses: at('31 Brindle Court', 'WB9 4XT') },
        { type: 'person', source: 'tst-housing', id: 'A2', name: { given: 'Corvin', family: 'Halloway' }, sex: 'male', addresses: at('31 Brindle Court', 'WB9 4XT') },
        // A child, the same way: a namesake father is possible, so a person decides.
        { type: 'person', source: 'tst-police', id: 'C1', name: { given: 'Tamsin', family: 'Orrell' }, birthDate: '2014-02-20', sex: 'female', addresses: at('8 Kestle Yard', 'WB9 6PL') },
        { type: 'person', source: 'tst-housing', id: 'C2', name: { given: 'Tamsin', family: 'Orrell' }, sex: 'female', addresses: at('8 Kestle Yard', 'WB9 6PL') },
      ),
      'pairs.jsonl',
    );
    await rebuildLinks(store(), 'tester');
    expect(await personOf(store(), 'tst-police', 'A1')).toBe(await personOf(store(), 'tst-housing', 'A2'));
    expect(await personOf(store(), 'tst-police', 'C1')).not.toBe(await personOf(store(), 'tst-housing', 'C2'));
    const queue = await listReview(store().db, who, { limit: 1000 });
    const held = queue.items.find((i) => [i.a.id, i.b.id].sort().join() === 'C1,C2');
    expect(held?.reason).toMatch(/^name and address only/);
  });
});
