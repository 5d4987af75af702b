import { expect, it } from 'vitest';
import { householdsFromStore, pictureFromStore } from '../../src/people/picture.ts';
import { rebuildLinks } from '../../src/people/linking.ts';
import { partitionPicture } from '../../src/rules/partition.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText, lines, loadDemo } from '../support/store-helpers.ts';

const key = (groups: string[][]) => groups.map((g) => [...g].sort().join(',')).sort();
const partition = async (db: Parameters<typeof pictureFromStore>[0]) => partitionPicture(await pictureFromStore(db)).map((p) => [...(p.people as Map<string, unknown>).keys()]);

const source = { type: 'source', id: 'housing-gr', agency: 'housing', name: 'Wandlebury Housing (tenancies)', localAuthority: 'Wandlebury' };
const tenant = (id: string, given: string, born: string, address: { line1: string; from?: string; to?: string }) => ({
  type: 'person',
  source: 'housing-gr',
  id,
  name: { given, family: `Tenant${id}` },
  birthDate: born,
  addresses: [{ ...address, town: 'Wandlebury', postcode: 'WB7 3QT', kind: 'home' }],
});

describeEachEngine('households grouped from the store', (store) => {
  it('join people at an address only while they held it together, as the rules read co-residence', async () => {
    const report = await importText(
      store(),
      lines(
        source,
        tenant('T1', 'Aled', '1970-03-02', { line1: 'Flat 4, 9 Weir Court', from: '2015-01-01', to: '2018-06-01' }),
        tenant('T2', 'Bryony', '1982-07-19', { line1: 'Flat 4, 9 Weir Court', from: '2018-06-01' }),
        tenant('T3', 'Cerys', '1979-11-30', { line1: '31 Weir Lane' }),
        tenant('T4', 'Dafydd', '1991-05-05', { line1: '31 Weir Lane', from: '2019-03-01', to: '2020-01-01' }),
        // A tenancy that ended the day it began overlaps nobody's.
        tenant('T5', 'Eirlys', '1988-09-14', { line1: '31 Weir Lane', from: '2019-05-01', to: '2019-05-01' }),
        // Lodgers overlapping one after another are one household, joined
        // through the middle one; the next moved in the day the last left.
        tenant('T6', 'Ffion', '1985-01-20', { line1: '7 Weir Close', from: '2015-01-01', to: '2017-01-01' }),
        tenant('T7', 'Gareth', '1986-02-21', { line1: '7 Weir Close', from: '2016-01-01', to: '2019-01-01' }),
        tenant('T8', 'Hywel', '1987-03-22', { line1: '7 Weir Close', from: '2018-01-01', to: '2020-01-01' }),
        tenant('T9', 'Iolo', '1988-04-23', { line1: '7 Weir Close', from: '2020-01-01' }),
      ),
      'tenants.jsonl',
    );
    expect(report.quarantined).toBe(0);
    await rebuildLinks(store(), 'tester');
    const groups = key(await householdsFromStore(store().db));
    // Successive tenants of the flat are two households; an undated tenancy overlaps everyone's.
    expect(groups).toEqual(key([['person:housing-gr:T1'], ['person:housing-gr:T2'], ['person:housing-gr:T3', 'person:housing-gr:T4'], ['person:housing-gr:T5'],
      ['person:housing-gr:T6', 'person:housing-gr:T7', 'person:housing-gr:T8'], ['person:housing-gr:T9']]));
    expect(groups).toEqual(key(await partition(store().db)));
  });

  it('are the rules’ own partition on a synthetic partnership', async () => {
    await loadDemo(store(), { children: 150, seed: 'grouping' });
    await rebuildLinks(store(), 'tester');
    const groups = await householdsFromStore(store().db);
    expect(groups.length).toBeGreaterThan(50);
    expect(key(groups)).toEqual(key(await partition(store().db)));
  });
});
