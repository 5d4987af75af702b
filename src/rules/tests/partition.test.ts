import { describe, expect, it } from 'vitest';
import { joinCoResidents, partitionPicture, UnionFind, type AddressHeld } from '../partition.ts';
import type { Picture, PictureAddress, PicturePerson } from '../picture.ts';

const at = (from: string | null, to: string | null, line1 = '12 Mill Lane'): PictureAddress => ({ postcode: 'WB1 2XY', line1, from, to, kind: 'home', sealed: false, source: 'housing', agency: 'housing' });
const person = (id: string, ...addresses: PictureAddress[]): PicturePerson => ({ id, birthDate: '1990-01-01', records: [{ source: 'housing', id, agency: 'housing' }], addresses });
const parts = (...people: PicturePerson[]): string[][] => {
  const picture: Picture = { people: new Map(people.map((p) => [p.id, p])), relationships: [], events: [] };
  return partitionPicture(picture)
    .map((part) => [...(part.people as Map<string, unknown>).keys()].sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
};

describe('households from shared addresses', () => {
  it('keeps apart successive occupants of one flat: the rules never see them as one household', () => {
    expect(parts(person('A', at('2015-01-01', '2018-06-01')), person('B', at('2018-06-01', null)))).toEqual([['A'], ['B']]);
  });

  it('joins people who held the address at the same time, with an open end running on', () => {
    expect(parts(person('A', at('2015-01-01', null)), person('B', at('2019-03-01', '2020-01-01')))).toEqual([['A', 'B']]);
  });

  it('takes an undated address as held throughout', () => {
    expect(parts(person('A', at(null, null)), person('B', at('2019-03-01', '2020-01-01')), person('C', at('2001-01-01', '2002-01-01')))).toEqual([['A', 'B', 'C']]);
  });

  it('joins through a third occupant who overlapped both, and not across different addresses', () => {
    expect(
      parts(
        person('A', at('2010-01-01', '2015-01-01')),
        person('B', at('2014-01-01', '2016-01-01')),
        person('C', at('2015-06-01', '2020-01-01')),
        person('D', at('2015-06-01', '2020-01-01', '14 Mill Lane')),
      ),
    ).toEqual([['A', 'B', 'C'], ['D']]);
  });

  it('finds the same groups as comparing every pair of periods', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const held: AddressHeld[] = Array.from({ length: 2 + Math.floor(random() * 12) }, (_, i) => {
        const from = random() < 0.15 ? -Infinity : Math.floor(random() * 100);
        const to = random() < 0.15 ? Infinity : (Number.isFinite(from) ? from : 0) + Math.floor(random() * 30);
        return { key: random() < 0.7 ? 'x' : 'y', who: i, from, to };
      });
      const swept = new UnionFind(held.length);
      joinCoResidents([...held], (a, b) => swept.union(a, b));
      const pairwise = new UnionFind(held.length);
      for (const a of held) for (const b of held) if (a.key === b.key && Math.max(a.from, b.from) < Math.min(a.to, b.to)) pairwise.union(a.who, b.who);
      const groups = (u: UnionFind) => held.map((h) => held.filter((o) => u.find(o.who) === u.find(h.who)).map((o) => o.who).join(','));
      expect(groups(swept)).toEqual(groups(pairwise));
    }
  });
});
