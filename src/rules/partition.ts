// Splits a whole partnership's picture into its households: the connected
// groups of people joined by a relationship, a shared address or one event.
// Rules never look past a person's household, so evaluating each part alone
// gives the same conditions as evaluating the whole, and each part's index
// stays small (an index over everyone makes "who was seen on this visit"
// scan every visit in the partnership).

import type { Picture, PictureEvent, PicturePerson, PictureRelationship } from './picture.ts';
import { addressKey } from './picture.ts';

/** Disjoint sets over 0…n-1 with path halving: who is in whose household. */
export class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }
  union(a: number, b: number): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent[x] = y;
  }
}

export function partitionPicture(picture: Picture): Picture[] {
  const people = picture.people instanceof Map ? picture.people : new Map(Object.entries(picture.people));
  const ids = [...people.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const groups = new UnionFind(ids.length);
  const find = (i: number) => groups.find(i);
  const join = (a: string | undefined, b: string | undefined) => {
    const x = a === undefined ? undefined : index.get(a);
    const y = b === undefined ? undefined : index.get(b);
    if (x !== undefined && y !== undefined) groups.union(x, y);
  };
  for (const r of picture.relationships) join(r.from, r.to);
  const atAddress = new Map<string, string>();
  for (const [id, p] of people) {
    for (const a of p.addresses) {
      const k = addressKey(a);
      if (!k) continue;
      const first = atAddress.get(k);
      if (first === undefined) atAddress.set(k, id);
      else join(first, id);
    }
  }
  const eventPeople = (e: PictureEvent): string[] => {
    const out = e.subjects.map((s) => s.person);
    if (Array.isArray(e.data.seen)) for (const s of e.data.seen) if (typeof s === 'string') out.push(s);
    return out;
  };
  for (const e of picture.events) {
    const who = eventPeople(e);
    for (let i = 1; i < who.length; i++) join(who[0], who[i]);
  }

  const parts = new Map<number, { people: Map<string, PicturePerson>; relationships: PictureRelationship[]; events: PictureEvent[] }>();
  const part = (root: number) => {
    let p = parts.get(root);
    if (!p) {
      p = { people: new Map(), relationships: [], events: [] };
      parts.set(root, p);
    }
    return p;
  };
  for (const [id, p] of people) part(find(index.get(id)!)).people.set(id, p);
  for (const r of picture.relationships) {
    const i = index.get(r.from);
    if (i !== undefined) part(find(i)).relationships.push(r);
  }
  for (const e of picture.events) {
    // An event about nobody known is about no household.
    const i = eventPeople(e).map((p) => index.get(p)).find((x) => x !== undefined);
    if (i !== undefined) part(find(i)).events.push(e);
  }
  return [...parts.values()];
}
