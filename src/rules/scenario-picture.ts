// Builds a Picture from a SEF file and a known linkage (which records are the
// same person), without the store: used to check the rules against the
// hand-written review scenarios in test/scenarios, whose expected files carry
// that linkage. Pure: the caller reads the files.

import type { Agency, Picture, PictureAddress, PictureEvent, PicturePerson, PictureRelationship } from './picture.ts';

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
  const agencyOf = (s: string): Agency => sources.get(s)?.agency ?? 'other';
  // source → record id → person: no string is built for a record the linkage knows.
  const resolved = new Map<string, Map<string, string>>();
  for (const [pid, records] of Object.entries(people)) {
    for (const r of records) {
      let ids = resolved.get(r.source);
      if (!ids) resolved.set(r.source, (ids = new Map()));
      ids.set(r.id, pid);
    }
  }
  const pidOf = (source: string, id: string) => resolved.get(source)?.get(id) ?? `${source}:${id}`;
  const out = new Map<string, PicturePerson>();
  const births = new Map<string, string[]>();
  for (const r of recs) {
    if (r.type !== 'person' || !r.source) continue;
    const pid = pidOf(r.source, r.id);
    let p = out.get(pid);
    if (!p) {
      p = { id: pid, birthDate: null, records: [], addresses: [] };
      out.set(pid, p);
    }
    p.records.push({ source: r.source, id: r.id, agency: agencyOf(r.source) });
    if (typeof r.birthDate === 'string') {
      let b = births.get(pid);
      if (!b) births.set(pid, (b = []));
      b.push(r.birthDate);
    }
    if (r.unborn === true && !p.birthDate) p.unborn = true;
    if (typeof r.expectedDate === 'string') p.expectedDate = r.expectedDate;
    if (typeof r.sex === 'string') p.sex = r.sex;
    for (const a of (r.addresses as Record<string, unknown>[] | undefined) ?? []) {
      const addr: PictureAddress = {
        line1: (a.line1 as string) ?? null,
        postcode: (a.postcode as string) ?? null,
        from: (a.from as string) ?? null,
        to: (a.to as string) ?? null,
        kind: (a.kind as string) ?? null,
        sealed: a.sealed === true,
        source: r.source,
        agency: agencyOf(r.source),
      };
      p.addresses.push(addr);
    }
  }
  for (const [pid, dates] of births) {
    const p = out.get(pid);
    if (p) p.birthDate = bestBirthDate(dates);
  }
  // A person with a birth date is born, whatever an earlier record said.
  for (const p of out.values()) if (p.birthDate) delete p.unborn;
  const relationships: PictureRelationship[] = [];
  for (const r of recs) {
    if (r.type !== 'relationship' || !r.source) continue;
    relationships.push({
      from: pidOf(r.source, String(r.from)),
      to: pidOf(r.source, String(r.to)),
      kind: String(r.kind),
      start: (r.start as string) ?? null,
      end: (r.end as string) ?? null,
      ref: { source: r.source, id: r.id },
      agency: agencyOf(r.source),
    });
  }
  const events: PictureEvent[] = [];
  for (const r of recs) {
    if (r.type !== 'event' || !r.source) continue;
    const src = r.source;
    events.push({
      ref: { source: src, id: r.id },
      agency: agencyOf(src),
      localAuthority: sources.get(src)?.la ?? null,
      kind: String(r.kind),
      at: String(r.at),
      data: resolveData((r.data as Record<string, unknown>) ?? {}, (id) => pidOf(src, id)),
      subjects: ((r.subjects as { person: string; role: string }[]) ?? []).map((s) => ({ person: pidOf(src, s.person), role: s.role })),
      address: (r.address as PictureEvent['address']) ?? null,
    });
  }
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
