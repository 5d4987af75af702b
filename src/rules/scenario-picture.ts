// Builds a Picture from a SEF file and a known linkage (which records are the
// same person), without the store: used to check the rules against the
// hand-written review scenarios in test/scenarios, whose expected files carry
// that linkage. Pure: the caller reads the files.

import type { Agency, Picture, PictureEvent, PicturePerson, PictureRelationship } from './picture.ts';

/** One parsed SEF line. */
export interface SefRec {
  type: string;
  source?: string;
  id: string;
  [k: string]: unknown;
}
type Rec = SefRec;

/** `people`: resolved person id → the records linked into it. Records not listed are people of their own (`source:id`). */
export function pictureFromSef(sef: string, people: Record<string, { source: string; id: string }[]>): Picture {
  const recs: Rec[] = [];
  for (const line of sef.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('//')) continue;
    recs.push(JSON.parse(t) as Rec);
  }
  return pictureFromRecords(recs.filter((r) => r.type === 'source'), recs, people);
}

/**
 * The same from already parsed records: `sources` declares the agencies (they
 * may be shared by many pictures, as the demo's households share its sources),
 * `recs` are the person, relationship and event records of this picture.
 */
export function pictureFromRecords(sourceRecs: readonly Rec[], recs: readonly Rec[], people: Record<string, { source: string; id: string }[]>): Picture {
  const sources = sourcesOf(sourceRecs);
  // source → record id → person: no string is built for a record the linkage knows.
  const resolved = new Map<string, Map<string, string>>();
  for (const [pid, records] of Object.entries(people)) {
    for (const r of records) {
      let ids = resolved.get(r.source);
      if (!ids) resolved.set(r.source, (ids = new Map()));
      ids.set(r.id, pid);
    }
  }
  const out = new Map<string, PicturePerson>();
  const births = new Map<string, string[]>();
  const relationships: PictureRelationship[] = [];
  const events: PictureEvent[] = [];
  // One pass, each record's source looked up once (this runs for every household of the demo).
  for (const r of recs) {
    const src = r.source;
    if (!src) continue;
    const type = r.type;
    if (type !== 'person' && type !== 'relationship' && type !== 'event') continue;
    const ids = resolved.get(src);
    const declared = sources.get(src);
    const agency: Agency = declared?.agency ?? 'other';
    if (type === 'person') {
      const pid = ids?.get(r.id) ?? `${src}:${r.id}`;
      let p = out.get(pid);
      if (!p) {
        p = { id: pid, birthDate: null, records: [], addresses: [] };
        out.set(pid, p);
      }
      p.records.push({ source: src, id: r.id, agency });
      if (typeof r.birthDate === 'string') {
        let b = births.get(pid);
        if (!b) births.set(pid, (b = []));
        b.push(r.birthDate);
      }
      // Birth dates are settled after every record is read: until then none is set.
      if (r.unborn === true) p.unborn = true;
      if (typeof r.expectedDate === 'string') p.expectedDate = r.expectedDate;
      if (typeof r.sex === 'string') p.sex = r.sex;
      const addresses = r.addresses as Record<string, unknown>[] | undefined;
      if (addresses) {
        for (const a of addresses) {
          p.addresses.push({
            line1: (a.line1 as string) ?? null,
            postcode: (a.postcode as string) ?? null,
            from: (a.from as string) ?? null,
            to: (a.to as string) ?? null,
            kind: (a.kind as string) ?? null,
            sealed: a.sealed === true,
            source: src,
            agency,
          });
        }
      }
    } else if (type === 'relationship') {
      const from = String(r.from);
      const to = String(r.to);
      relationships.push({
        from: ids?.get(from) ?? `${src}:${from}`,
        to: ids?.get(to) ?? `${src}:${to}`,
        kind: String(r.kind),
        start: (r.start as string) ?? null,
        end: (r.end as string) ?? null,
        ref: { source: src, id: r.id },
        agency,
      });
    } else {
      const data = (r.data as Record<string, unknown>) ?? {};
      const subjects: { person: string; role: string }[] = [];
      for (const s of (r.subjects as { person: string; role: string }[]) ?? []) subjects.push({ person: ids?.get(s.person) ?? `${src}:${s.person}`, role: s.role });
      events.push({
        ref: { source: src, id: r.id },
        agency,
        localAuthority: declared?.la ?? null,
        kind: String(r.kind),
        at: String(r.at),
        data: Array.isArray(data.seen) ? resolveData(data, (id) => ids?.get(id) ?? `${src}:${id}`) : data,
        subjects,
        address: (r.address as PictureEvent['address']) ?? null,
      });
    }
  }
  for (const [pid, dates] of births) {
    const p = out.get(pid);
    if (p) p.birthDate = bestBirthDate(dates);
  }
  // A person with a birth date is born, whatever an earlier record said.
  for (const p of out.values()) if (p.birthDate && p.unborn !== undefined) delete p.unborn;
  return { people: out, relationships, events };
}

// The demo's households share one list of source records: read it once, not
// once per household (read again if the list has grown since).
const sourceMaps = new WeakMap<readonly Rec[], { n: number; map: Map<string, { agency: Agency; la: string | null }> }>();

function sourcesOf(sourceRecs: readonly Rec[]): Map<string, { agency: Agency; la: string | null }> {
  const hit = sourceMaps.get(sourceRecs);
  if (hit && hit.n === sourceRecs.length) return hit.map;
  const map = new Map<string, { agency: Agency; la: string | null }>();
  for (const r of sourceRecs) if (r.type === 'source') map.set(r.id, { agency: (r.agency as Agency) ?? 'other', la: (r.localAuthority as string) ?? null });
  sourceMaps.set(sourceRecs, { n: sourceRecs.length, map });
  return map;
}

/** Person ids inside `data` (a visit's `seen`) are ids of the record's source, like subjects: resolve them too. */
export function resolveData(data: Record<string, unknown>, pid: (id: string) => string): Record<string, unknown> {
  if (!Array.isArray(data.seen)) return data;
  return { ...data, seen: data.seen.map((x) => (typeof x === 'string' ? pid(x) : x)) };
}

/**
 * The birth date of a person whose linked records disagree: the most precise
 * (a year or a month only at one agency hid a baby from the rules until the
 * year's end), and among full dates the one most records hold (one agency's
 * mistyped date is outvoted); ties go to the first record.
 */
export function bestBirthDate(dates: readonly string[]): string | null {
  const longest = Math.max(0, ...dates.map((d) => d.length));
  const counts = new Map<string, number>();
  for (const d of dates) if (d.length === longest) counts.set(d, (counts.get(d) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [d, c] of counts) {
    if (c > n) {
      best = d;
      n = c;
    }
  }
  return best;
}
