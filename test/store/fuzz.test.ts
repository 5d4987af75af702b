import { expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { importText, tableCounts } from '../support/store-helpers.ts';
import { mulberry32, syntheticSef } from '../support/synthetic-sef.ts';

/**
 * Hostile input: at least 10,000 corrupted lines of every kind the issue
 * names, shuffled among good ones. Nothing may crash, and every record must
 * be accounted for exactly once.
 */
function corruptedFile(seed: number): { text: string; records: number; corrupted: number } {
  const rnd = mulberry32(seed);
  const good = [...syntheticSef({ people: 2000, events: 8000, seed, prefix: 'F' })];
  const out: string[] = [];
  let corrupted = 0;
  const deep = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const corruptions: ((line: string, i: number) => string)[] = [
    (l) => l.slice(0, 1 + Math.floor(rnd() * (l.length - 2))), // truncated JSON
    (l) => l.replace(/"birthDate":"[^"]*"/, '"birthDate":19970314').replace(/"at":"[^"]*"/, '"at":true'), // wrong types
    (l) => l.replace(/"kind":"[a-z_]+"/, '"kind":"teleport"'), // unknown kind
    (l) => l.replace(/"type":"(person|event|source)"/, '"type":"spaceship"'), // unknown type
    (l) => l.replace(/"birthDate":"\d{4}-\d{2}-\d{2}"/, '"birthDate":"2019-02-30"').replace(/"at":"[^"]*"/, '"at":"2021-13-45T25:61:00Z"'), // impossible dates
    (l) => l.replace(/"family":"[^"]*"/, `"family":"${'X'.repeat(1_000_000)}"`).replace(/"category":"[^"]*"/, `"category":"${'Y'.repeat(1_000_000)}"`), // 1 MB strings
    (l) => l.replace(/"given":"([^"]*)"/, '"given":"$1\\u0000"').replace(/"id":"([^"]*)"/, '"id":"$1\\u0000"'), // NUL escape
    (l) => l.replace(/"given":"([^"]*)"/, '"given":"$1\u0007\u001b"').replace(/"id":"([^"]*)"/, '"id":"$1\u0001"'), // raw control characters
    (l) => l.replace(/\}$/, `,"data":${deep(5000)}}`), // deep nesting, valid JSON
    (l) => l.replace(/"name":\{/, `"name":{"x":${deep(20000)},`), // deeper nesting, valid JSON
    (l) => l.replace(/"id":"([^"]*)"/, '"id":"$1\\ud800"'), // unpaired surrogate
    (l) => Buffer.from(l).toString('latin1').replace(/"/, '"\u00ff\u00fe'), // mojibake
    (l) => l.replace(/^\{/, '['), // not an object
    () => 'null',
    () => '{}',
    () => '"just a string"',
    () => '12345',
  ];
  const HEAVY = new Set([5, 8, 9]);
  const heavy: Record<number, number> = {};
  for (let i = 0; i < good.length; i++) {
    const line = good[i]!;
    out.push(line);
    // Sources stay intact so that agencies are declared.
    if (i < 4) continue;
    const n = rnd() < 0.6 ? 1 : 2;
    for (let k = 0; k < n; k++) {
      const pickLine = good[4 + Math.floor(rnd() * (good.length - 4))]!;
      // Huge and deeply nested lines are costly to generate and store, and a
      // hundred of each prove the point as well as thousands would.
      let which = Math.floor(rnd() * corruptions.length);
      if (HEAVY.has(which) && (heavy[which] = (heavy[which] ?? 0) + 1) > 100) which = 0;
      const corrupt = corruptions[which]!(pickLine, i);
      // Corruption must not create or remove line breaks or comments.
      out.push(corrupt.replace(/[\n]/g, ' ').replace(/^\s*(\/\/)?/, (m) => (m.includes('//') ? '{' : m)) || '{');
      corrupted += 1;
    }
    // Duplicate ids with different content: a later correction of an earlier record.
    if (rnd() < 0.05) {
      out.push(line.replace(/"sex":"(male|female)"/, (_, s: string) => `"sex":"${s === 'male' ? 'female' : 'male'}"`).replace(/"percent":\d+/, '"percent":101'));
    }
  }
  const records = out.filter((l) => l.trim() !== '' && !l.trimStart().startsWith('//')).length;
  return { text: out.join('\n') + '\n', records, corrupted };
}

describeEachEngine('fuzzed import', (store) => {
  it('survives 10,000+ corrupted lines and accounts for every record exactly once', async () => {
    const { text, records, corrupted } = corruptedFile(2024);
    expect(corrupted).toBeGreaterThanOrEqual(10_000);
    const report = await importText(store(), text, 'fuzz.jsonl', { batchSize: 1000 });
    expect(report.imported + report.unchanged + report.updated + report.quarantined).toBe(records);
    expect(report.quarantined).toBeGreaterThan(corrupted * 0.8);
    expect(report.imported).toBeGreaterThanOrEqual(10_000);

    // And again: nothing new is stored, every record is accounted for again.
    const before = await tableCounts(store().db);
    const again = await importText(store(), text, 'fuzz.jsonl', { batchSize: 1000 });
    expect(again.imported).toBe(0);
    expect(again.unchanged + again.updated + again.quarantined).toBe(records);
    const after = await tableCounts(store().db);
    // Corrections inside the file are re-applied in file order (A, then B): the
    // same versions exist, so only the record_version table may not grow either.
    expect(after).toEqual(before);
  }, 300_000);
});
