// Compile-time checks that the exported types are usable by other folders
// (tsc type-checks this file), plus the runtime facts they rely on.
import { describe, expect, it } from 'vitest';
import { parseRecord } from './parse.ts';
import type { EventData } from './kinds.ts';
import type { EventRecord, PersonRecord, SefAddress, SefRecord, SourceRecord } from './records.ts';

function describeEvent(e: EventRecord): string {
  switch (e.kind) {
    case 'plan': {
      // data is typed per kind after narrowing
      const stage: 'started' | 'ended' = e.data.stage;
      return `plan ${e.data.plan} ${stage}`;
    }
    case 'police_incident':
      return `incident, children present: ${String(e.data.childrenPresent ?? 'unknown')}`;
    default:
      return e.kind;
  }
}

describe('exported types', () => {
  it('let code build records and narrow events by kind', () => {
    const address: SefAddress = { line1: '1 Test Street', postcode: 'SW18 2AB', kind: 'home' };
    const person: PersonRecord = { type: 'person', source: 'demo', id: 'P-1', name: { given: 'Test' }, addresses: [address] };
    const source: SourceRecord = { type: 'source', id: 'demo', agency: 'csc' };
    const records: SefRecord[] = [person, source];
    expect(records.map((r) => parseRecord(r).ok)).toEqual([true, true]);

    const plan = parseRecord({ type: 'event', source: 'demo', id: 'E-1', kind: 'plan', at: '2020-01-01', data: { plan: 'cp', stage: 'started' } });
    if (!plan.ok || plan.record.type !== 'event') throw new Error('plan must parse');
    expect(describeEvent(plan.record)).toBe('plan cp started');
    const data: EventData<'plan'> = { plan: 'cin', stage: 'ended' };
    expect(data.stage).toBe('ended');
  });
});
