// The five reviews as SEF files with expected alerts: valid SEF, evidence
// that exists, and in step with the scenario scripts they were rendered from.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/sef/index.ts';
import { renderScenarioFile, SCENARIO_FILES } from '../../src/demo/scenario-files.ts';

const dir = new URL('./', import.meta.url);

interface Expected {
  review: string;
  trigger: { date: string; record: { source: string; id: string } } | null;
  alerts: { rule: string; earliest: string; person: { source: string; id: string }; evidence: { source: string; id: string; at: string }[]; citation: string }[];
  linkageDependent: { rule: string }[];
}

describe('test/scenarios', () => {
  for (const spec of SCENARIO_FILES) {
    describe(spec.file, () => {
      const sef = readFileSync(new URL(`${spec.file}.sef.jsonl`, dir), 'utf8');
      const expected = JSON.parse(readFileSync(new URL(`${spec.file}.expected.json`, dir), 'utf8')) as Expected;

      it('is SEF that imports with no problem and no warning', () => {
        const keys = new Set<string>();
        for (const line of sef.split('\n')) {
          const r = parseLine(line);
          if (r === null) continue;
          if (!r.ok) throw new Error(`${JSON.stringify(r.problems)}: ${line.slice(0, 200)}`);
          expect(r.warnings, line.slice(0, 200)).toEqual([]);
          keys.add(`${r.key.type}|${r.key.source}|${r.key.id}`);
        }
        for (const a of expected.alerts) {
          expect(keys.has(`person|${a.person.source}|${a.person.id}`)).toBe(true);
          for (const e of a.evidence) expect(keys.has(`event|${e.source}|${e.id}`), `${a.rule}: ${e.source}:${e.id}`).toBe(true);
          expect(a.citation).toMatch(/\d{3}/);
        }
        if (expected.trigger) expect(keys.has(`event|${expected.trigger.record.source}|${expected.trigger.record.id}`)).toBe(true);
      });

      it('holds only what was on record when the review looked: no event after asOf', () => {
        const asOf = (expected as unknown as { asOf: string }).asOf;
        const late = sef.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; at?: string }).filter((r) => r.type === 'event' && r.at!.slice(0, 10) > asOf);
        expect(late).toEqual([]);
      });

      it('cites the review paragraphs it follows', () => {
        const comments = sef.split('\n').filter((l) => l.startsWith('// ')).length;
        expect(comments).toBeGreaterThan(20);
        expect(sef).toContain(spec.review);
      });

      it('raises alerts before the trigger event', () => {
        expect(expected.trigger).not.toBeNull();
        const before = expected.alerts.filter((a) => a.earliest < (expected.trigger?.date ?? ''));
        expect(before.length).toBeGreaterThan(3);
      });

      it('matches its scenario script (re-run `npx tsx src/demo/scenario-files.ts` after changing one)', () => {
        const now = renderScenarioFile(spec);
        expect(now.sef).toBe(sef);
        expect(JSON.parse(JSON.stringify(now.expected))).toEqual(expected);
      });
    });
  }
});
