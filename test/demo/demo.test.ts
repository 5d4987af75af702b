// The generated partnership: deterministic, valid SEF, and truth that matches it.

import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/sef/index.ts';
import { demoStream, parseDemoArgs, writeDemo, type DemoOptions } from '../../src/demo/index.ts';

interface Truth {
  type: string;
  [k: string]: unknown;
}

function run(opts: DemoOptions) {
  const { items, stats } = demoStream(opts);
  const lines: string[] = [];
  const truth: Truth[] = [];
  for (const i of items) {
    if (i.kind === 'line') lines.push(i.line);
    else truth.push(JSON.parse(i.line) as Truth);
  }
  return { lines, truth, stats };
}

const cache = new Map<string, ReturnType<typeof run>>();
function demo(seed: string, children = 300): ReturnType<typeof run> {
  const k = `${seed}/${children}`;
  let d = cache.get(k);
  if (!d) {
    d = run({ children, seed });
    cache.set(k, d);
  }
  return d;
}

describe('seen demo', () => {
  it('is byte-identical for a seed and different for another', async () => {
    const hash = (ls: string[]) => createHash('sha256').update(ls.join('\n')).digest('hex');
    const a = run({ children: 400, seed: 'same' });
    const b = run({ children: 400, seed: 'same' });
    const c = run({ children: 400, seed: 'other' });
    expect(hash(a.lines)).toBe(hash(b.lines));
    expect(hash(a.truth.map((t) => JSON.stringify(t)))).toBe(hash(b.truth.map((t) => JSON.stringify(t))));
    expect(hash(a.lines)).not.toBe(hash(c.lines));
    // writeDemo writes exactly the generator's lines.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const r = await writeDemo({ children: 400, seed: 'same', out });
    expect(Buffer.concat(chunks).toString('utf8')).toBe(a.lines.join('\n') + '\n');
    expect(r).toEqual({ records: a.stats.records, people: a.stats.people, children: a.stats.children });
  });

  it('writes at least the children asked for, with sources first', () => {
    const { lines, stats } = demo('s1');
    expect(stats.children).toBeGreaterThanOrEqual(300);
    expect(stats.children).toBeLessThan(360);
    const firstNonSource = lines.findIndex((l) => !l.startsWith('{"type":"source"'));
    expect(lines.slice(firstNonSource).some((l) => l.startsWith('{"type":"source"'))).toBe(false);
    expect(stats.planted).toBe(12);
    expect(stats.controls).toBe(12);
  });

  for (const seed of ['s1', 's2', 'seen']) {
    it(`parses as SEF with nothing quarantined (seed ${seed})`, () => {
      const { lines, stats } = demo(seed);
      const persons = new Set<string>();
      const refs: string[] = [];
      let warnings = 0;
      for (const line of lines) {
        const r = parseLine(line);
        expect(r, line.slice(0, 200)).not.toBeNull();
        if (!r) continue;
        if (!r.ok) throw new Error(`quarantined: ${JSON.stringify(r.problems)} in ${line.slice(0, 300)}`);
        for (const w of r.warnings) {
          // The only warnings are the deliberately mistyped NHS numbers.
          expect(w.path, JSON.stringify(w)).toBe('nhsNumber');
          warnings++;
        }
        const rec = r.record as { type: string; source?: string; id: string; subjects?: { person: string }[]; from?: string; to?: string };
        if (rec.type === 'person') persons.add(`${rec.source}|${rec.id}`);
        for (const s of rec.subjects ?? []) refs.push(`${rec.source}|${s.person}`);
        if (rec.type === 'relationship') refs.push(`${rec.source}|${rec.from}`, `${rec.source}|${rec.to}`);
      }
      expect(warnings).toBeLessThanOrEqual(stats.invalidIdentifiers);
      for (const ref of refs) expect(persons.has(ref), ref).toBe(true);
    });
  }

  it('breaks the share of lines asked for, and says which in the truth', () => {
    const { lines, truth, stats } = run({ children: 200, seed: 'c', corruption: 0.05 });
    let bad = 0;
    for (const l of lines) {
      const r = parseLine(l);
      if (r && !r.ok) bad++;
    }
    const corrupted = truth.filter((t) => t.type === 'corrupted').length;
    expect(corrupted).toBe(stats.corrupted);
    expect(bad).toBe(corrupted);
    expect(corrupted / stats.records).toBeGreaterThan(0.03);
    expect(corrupted / stats.records).toBeLessThan(0.07);
  });

  it('parses its command line', () => {
    expect(parseDemoArgs([])).toEqual({ children: 5000, seed: 'seen', load: false });
    expect(parseDemoArgs(['--children', '250_000', '--seed=x', '--out', 'a.jsonl', '--truth', 't.jsonl', '--corrupt', '0.01', '--load', '--as-of', '2025-01-31'])).toEqual({
      children: 250000,
      seed: 'x',
      out: 'a.jsonl',
      truth: 't.jsonl',
      corruption: 0.01,
      load: true,
      asOf: '2025-01-31',
    });
    expect(() => parseDemoArgs(['--children', 'lots'])).toThrow(/whole number/);
    expect(() => parseDemoArgs(['--corrupt', '2'])).toThrow(/between 0 and 1/);
    expect(() => parseDemoArgs(['--as-of', '2025-02-30'])).toThrow(/YYYY-MM-DD/);
    expect(() => parseDemoArgs(['--seed'])).toThrow(/needs a value/);
    expect(() => parseDemoArgs(['--bogus'])).toThrow(/unknown option/);
  });
});

describe('ground truth', () => {
  const { lines, truth } = demo('s1');
  const records = new Map<string, Record<string, unknown>>();
  for (const l of lines) {
    const o = JSON.parse(l) as Record<string, unknown>;
    if (o.type !== 'source') records.set(`${String(o.type)}|${String(o.source)}|${String(o.id)}`, o);
  }
  const personOf = new Map<string, string>();
  for (const t of truth.filter((x) => x.type === 'person')) {
    for (const r of t.records as { source: string; id: string }[]) {
      const k = `${r.source}|${r.id}`;
      expect(personOf.has(k), `record ${k} has two true persons`).toBe(false);
      personOf.set(k, t.person as string);
    }
  }

  it('names the true person behind every person record', () => {
    const personRecords = [...records.keys()].filter((k) => k.startsWith('person|'));
    expect(personRecords.length).toBeGreaterThan(1000);
    for (const k of personRecords) expect(personOf.has(k.slice('person|'.length)), k).toBe(true);
    // Linking is hard: many people are recorded by several agencies, under several ids.
    const perPerson = new Map<string, number>();
    for (const p of personOf.values()) perPerson.set(p, (perPerson.get(p) ?? 0) + 1);
    expect([...perPerson.values()].filter((n) => n >= 3).length).toBeGreaterThan(200);
  });

  it('lists households with their members', () => {
    const hh = truth.filter((t) => t.type === 'household');
    expect(hh.length).toBeGreaterThan(100);
    for (const h of hh) expect((h.members as unknown[]).length).toBeGreaterThan(0);
  });

  it('plants each review several times, with its key pattern in every copy', () => {
    const expected = truth.filter((t) => t.type === 'expected_alert');
    const byScenario = new Map<string, Set<string>>();
    for (const a of expected) {
      const s = String(a.scenario).replace(/-\d+$/, '');
      const set = byScenario.get(`${s}|${String(a.household)}`) ?? new Set<string>();
      set.add(String(a.rule));
      byScenario.set(`${s}|${String(a.household)}`, set);
    }
    const key: Record<string, string[]> = {
      'lloyd-mark': ['da-repeat-incidents-marac', 'police-concern-not-shared', 'marac-transfer-lost', 'step-down-dissent-not-escalated', 'written-agreement-unshared', 'late-booking'],
      williams: ['repeat-referrals', 'was-not-brought'],
      smith: ['repeat-referrals', 'repeat-assessments-no-intervention', 'siblings-not-considered', 'was-not-brought', 'removed-from-roll', 'child-not-seen'],
      'walker-thompson': ['s47-changed-without-partners', 'step-down-dissent-not-escalated', 'da-in-pregnancy', 'early-help-non-engagement-history', 'home-conditions-recurring'],
    };
    for (const [scenario, rules] of Object.entries(key)) {
      const copies = [...byScenario].filter(([k]) => k.startsWith(`${scenario}|`));
      expect(copies.length, scenario).toBe(3);
      for (const [, got] of copies) for (const r of rules) expect(got.has(r), `${scenario} lacks ${r}`).toBe(true);
    }
    expect(truth.filter((t) => t.type === 'control').length).toBe(12);
    expect(truth.filter((t) => t.type === 'scenario').length).toBe(12);
  });

  it('puts the evidence of every expected alert in the records', () => {
    for (const a of truth.filter((t) => t.type === 'expected_alert')) {
      for (const r of a.records as { source: string; id: string }[]) expect(records.has(`event|${r.source}|${r.id}`), JSON.stringify(r)).toBe(true);
      expect(String(a.earliest)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('three domestic abuse incidents in twelve months really are in the police source, about a victim the truth links to the CSC mother', () => {
    const alerts = truth.filter((t) => t.type === 'expected_alert' && t.rule === 'da-repeat-incidents-marac' && String(t.scenario).startsWith('lloyd-mark'));
    expect(alerts.length).toBe(3);
    for (const a of alerts) {
      const evs = (a.records as { source: string; id: string }[]).map((r) => records.get(`event|${r.source}|${r.id}`) as Record<string, unknown>);
      expect(evs.length).toBe(3);
      const days = evs.map((e) => Date.parse(String(e.at)));
      expect(Math.max(...days) - Math.min(...days)).toBeLessThan(365 * 86_400_000);
      for (const e of evs) {
        expect(e.source).toBe('police-tv');
        expect(e.kind).toBe('police_incident');
        expect((e.data as { category: string }).category).toBe('domestic_abuse');
        const victim = (e.subjects as { person: string; role: string }[]).find((s) => s.role === 'victim');
        expect(victim).toBeDefined();
        // The police's victim record is, in truth, the person the alert names …
        expect(personOf.get(`police-tv|${victim?.person}`)).toBe(a.person);
      }
      // … who is also the mother in children's social care records.
      const cscRecords = [...personOf].filter(([k, p]) => p === a.person && k.startsWith('csc-')).map(([k]) => k);
      expect(cscRecords.length).toBeGreaterThan(0);
      const asMother = [...records.values()].some(
        (r) => r.type === 'relationship' && r.kind === 'mother' && cscRecords.includes(`${String(r.source)}|${String(r.to)}`),
      );
      expect(asMother).toBe(true);
      // And no MARAC referral about her within five days of the third incident.
      const third = Math.max(...days);
      const deadline = third + 5 * 86_400_000;
      const referred = [...records.values()].some(
        (r) =>
          r.type === 'event' &&
          r.kind === 'marac' &&
          (r.data as { stage: string }).stage === 'referred' &&
          Date.parse(String(r.at)) <= deadline &&
          Date.parse(String(r.at)) >= Math.min(...days) &&
          (r.subjects as { person: string }[]).some((s) => personOf.get(`${String(r.source)}|${s.person}`) === a.person),
      );
      expect(referred).toBe(false);
      expect(Date.parse(String(a.earliest))).toBe(Math.floor(third / 86_400_000) * 86_400_000 + 5 * 86_400_000);
    }
  });
});
