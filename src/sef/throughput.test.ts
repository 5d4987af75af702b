import { describe, expect, it } from 'vitest';
import { exampleEvent } from './examples.ts';
import { parseLine } from './parse.ts';

// In its own file so that the property tests' megamorphic inputs do not
// deoptimise the parser before it is measured.
describe('throughput', () => {
  it('parses a typical event line quickly', () => {
    const l = JSON.stringify(exampleEvent);
    for (let i = 0; i < 5_000; i++) parseLine(l); // warm up the JIT
    const n = 50_000;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) parseLine(l);
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const perSecond = Math.round(n / wallS);
    // CPU time is steadier than wall time when other work shares the machine
    const perCpuSecond = Math.round(n / ((cpu.user + cpu.system) / 1e6));
    console.log(
      `parseLine: ${perSecond.toLocaleString('en-GB')} typical event lines/s wall, ${perCpuSecond.toLocaleString('en-GB')} per CPU second (${l.length} bytes each)`,
    );
    // loose floor: a shared CI core under load must still pass
    expect(perSecond).toBeGreaterThan(10_000);
  });
});
