// A generated demo imports with nothing quarantined and nothing left waiting;
// so do the five review scenario files.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { demoStream } from '../../src/demo/index.ts';
import { SCENARIO_FILES } from '../../src/demo/scenario-files.ts';
import { describeEachEngine } from '../support/engines.ts';
import { importText } from '../support/store-helpers.ts';

describeEachEngine('importing the demo', (store) => {
  it('imports 300 children with nothing quarantined', async () => {
    const { items, stats } = demoStream({ children: 300, seed: 'import' });
    let text = '';
    for (const i of items) if (i.kind === 'line') text += i.line + '\n';
    const r = await importText(store(), text, 'demo.sef.jsonl');
    expect(r.quarantined).toBe(0);
    expect(r.waiting).toBe(0);
    expect(r.imported).toBe(stats.records);
    // The only warnings are the deliberately mistyped NHS numbers.
    expect(r.warningCount).toBeLessThanOrEqual(stats.invalidIdentifiers);
  });

  it('imports the five review scenario files with nothing quarantined', async () => {
    for (const spec of SCENARIO_FILES) {
      const text = readFileSync(new URL(`../scenarios/${spec.file}.sef.jsonl`, import.meta.url), 'utf8');
      const r = await importText(store(), text, `${spec.file}.sef.jsonl`);
      expect(r.quarantined, spec.file).toBe(0);
      expect(r.waiting, spec.file).toBe(0);
      expect(r.warningCount, spec.file).toBe(0);
    }
  });
});
