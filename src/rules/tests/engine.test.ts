import { describe, expect, it } from 'vitest';
import { coverageOf, evaluatePicture } from '../engine.ts';
import { indexPicture } from '../picture.ts';
import { defaultPolicy } from '../policy.ts';
import { evaluateIndex } from '../engine.ts';
import { HOME, PictureBuilder } from '../test-builder.ts';

// Lloyd and Mark (004), condensed to the records that matter for the catalogue.
function lloydAndMark() {
  const b = new PictureBuilder()
    .person('MARK', { birthDate: '2015-02-01', agencies: ['csc', 'health_visiting'], addresses: [{ ...HOME, from: '2015-02-01', to: '2018-12-15' }] })
    .person('LLOYD', { birthDate: '2018-04-10', agencies: ['csc', 'health_visiting'] })
    .person('A', { birthDate: '1990-01-01', agencies: ['csc', 'health_visiting', 'police'], addresses: [{ ...HOME, from: '2014-01-01', to: '2018-12-15' }] })
    .person('B', { birthDate: '1977-01-01', agencies: ['police', 'probation'] })
    .rel('MARK', 'A', 'mother')
    .rel('LLOYD', 'A', 'mother')
    .rel('MARK', 'B', 'father');
  b.event('plan', '2004-03-01', { plan: 'cp', planId: 'A-OLD', stage: 'started' }, { subjects: { A: 'child' } });
  b.event('police_incident', '2016-07-02', { category: 'domestic_abuse', childrenPresent: true, childrenSeen: false }, { subjects: { A: 'victim', B: 'suspect', MARK: 'child_present' } });
  b.event('police_incident', '2016-07-20', { category: 'domestic_abuse' }, { subjects: { A: 'victim', B: 'suspect' } });
  b.event('assessment', '2016-08-01', { stage: 'completed', outcome: 'nfa', previousHistoryConsidered: false }, { subjects: { MARK: 'child' } });
  b.event('police_incident', '2017-07-01', { category: 'domestic_abuse' }, { subjects: { A: 'victim', B: 'suspect' } });
  b.event('pregnancy', '2017-12-10', { stage: 'booked', gestationWeeks: 22 }, { subjects: { A: 'mother' } });
  b.event('pregnancy', '2018-04-10', { stage: 'birth' }, { subjects: { A: 'mother', LLOYD: 'baby' } });
  b.event('visit', '2018-05-10', { purpose: 'new_birth', outcome: 'seen', seen: ['LLOYD'] }, { agency: 'midwifery', subjects: { LLOYD: 'baby', A: 'mother' } });
  b.event('police_incident', '2018-06-30T22:14:00Z', { category: 'welfare_check', childrenPresent: true, childrenSeen: false, sharedWith: [] }, { subjects: { A: 'adult', LLOYD: 'child_present' } });
  b.event('plan', '2018-12-10', { plan: 'cp', planId: 'P1', stage: 'started', needs: ['speech_language'] }, { subjects: { MARK: 'child', LLOYD: 'child' } });
  b.event('move', '2018-12-14', { fromLocalAuthority: 'Wandsworth', toLocalAuthority: 'Croydon', kind: 'refuge' }, { subjects: { A: 'tenant', MARK: 'child', LLOYD: 'child' } });
  b.event('da_disclosure', '2018-12-10', { to: 'csc' }, { agency: 'csc', subjects: { A: 'victim', B: 'perpetrator' } });
  b.event('intelligence', '2019-02-01', { category: 'drug_supply', grading: 'unverified' }, { address: HOME });
  b.event('plan', '2019-07-25', { plan: 'cp', planId: 'P1', stage: 'ended', dissent: ['health_visiting'] }, { subjects: { MARK: 'child', LLOYD: 'child' } });
  return b;
}

describe('engine', () => {
  it('raises the review’s alerts on their dates over the whole picture', () => {
    const ev = evaluatePicture(lloydAndMark().picture(), '2019-08-31', defaultPolicy());
    const first = (rule: string, subject: string) => ev.conditions.find((c) => c.rule === rule && c.subject === subject)?.raisedAt;
    expect(first('da-repeat-incidents-marac', 'A')).toBe('2017-07-06T23:59:59.999Z');
    expect(first('late-booking', 'A')).toBe('2017-12-10T00:00:00.000Z');
    expect(first('siblings-not-considered', 'MARK')).toBe('2018-06-09T23:59:59.999Z');
    expect(first('police-concern-not-shared', 'LLOYD')).toBe('2018-07-01T23:59:59.999Z');
    expect(first('parent-care-history', 'A')).toBe('2016-08-01T00:00:00.000Z');
    expect(first('high-risk-da-marac', 'A')).toBeUndefined();
    expect(first('da-without-risk-assessment', 'A')).toBe('2016-07-09T23:59:59.999Z');
    expect(first('cross-boundary-move', 'MARK')).toBe('2019-01-02T23:59:59.999Z');
    expect(first('soft-intel-at-child-address', 'MARK')).toBe('2019-02-06T23:59:59.999Z');
    expect(first('step-down-dissent-not-escalated', 'LLOYD')).toBe('2019-08-01T23:59:59.999Z');
    expect(first('child-not-seen-by-police', 'MARK')).toBe('2016-07-02T00:00:00.000Z');
    expect(first('core-group-gaps', 'MARK')).toBe('2018-12-24T23:59:59.999Z');
    expect(first('cp-plan-actions-dropped', 'MARK')).toBe('2019-01-21T23:59:59.999Z');
    // Ms A is in scope too: she was a child when her own CP plan was recorded (history replayed as of today).
    expect(ev.evaluated.find((e) => e.rule === 'child-not-seen')?.subjects.sort()).toEqual(['A', 'LLOYD', 'MARK']);
  });
  it('respects the policy: a switched-off rule is neither evaluated nor in scope', () => {
    const p = defaultPolicy();
    (p.rules['late-booking'] as { enabled: boolean }).enabled = false;
    const ev = evaluatePicture(lloydAndMark().picture(), '2019-08-31', p);
    expect(ev.conditions.some((c) => c.rule === 'late-booking')).toBe(false);
    expect(ev.evaluated.some((e) => e.rule === 'late-booking')).toBe(false);
  });
  it('ignores records after asOf', () => {
    const ev = evaluatePicture(lloydAndMark().picture(), '2017-01-01', defaultPolicy());
    expect(ev.conditions.every((c) => c.raisedAt < '2017-01-01')).toBe(true);
  });
  it('only evaluates the subjects it is given', () => {
    const ev = evaluatePicture(lloydAndMark().picture(), '2019-08-31', defaultPolicy(), { subjects: ['LLOYD'] });
    expect(new Set(ev.conditions.map((c) => c.subject))).toEqual(new Set(['LLOYD']));
  });

  it('evaluates all rules for a household with ~300 events in a few milliseconds', () => {
    const b = lloydAndMark();
    const kinds: [string, Record<string, unknown>, Record<string, string>][] = [
      ['visit', { outcome: 'seen', seen: ['MARK'] }, { MARK: 'child' }],
      ['appointment', { service: 'gp', outcome: 'attended' }, { LLOYD: 'child' }],
      ['referral', { outcome: 'nfa', concerns: ['neglect'] }, { MARK: 'child' }],
      ['police_incident', { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true }, { A: 'victim', B: 'suspect', LLOYD: 'child_present' }],
      ['allocation', { role: 'social_worker', worker: 'w' }, { MARK: 'child' }],
      ['core_group', { planId: 'P1', attendees: ['csc', 'health_visiting'] }, { MARK: 'child' }],
      ['housing_concern', { concern: 'conditions' }, { A: 'tenant' }],
      ['enrolment', { setting: 'nursery', stage: 'enrolled' }, { MARK: 'child' }],
    ];
    const start = Date.parse('2014-06-01');
    for (let i = 0; b.events.length < 300; i++) {
      const [kind, data, subjects] = kinds[i % kinds.length] as (typeof kinds)[number];
      b.event(kind, new Date(start + i * 6 * 86_400_000).toISOString().slice(0, 10), { ...data, worker: `w${i % 5}` }, { subjects });
    }
    const picture = b.picture();
    const policy = defaultPolicy();
    for (let i = 0; i < 20; i++) evaluatePicture(picture, '2019-08-31', policy); // warm up
    const times: number[] = [];
    let conditions = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      conditions = evaluatePicture(picture, '2019-08-31', policy).conditions.length;
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / 200;
    times.sort((x, y) => x - y);
    const mean = times.reduce((s, x) => s + x, 0) / times.length;
    const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
    const ix0 = performance.now();
    indexPicture(picture, '2019-08-31');
    const indexMs = performance.now() - ix0;
    // Wall time is at the mercy of whatever else the machine runs; CPU time is the better figure.
    console.log(
      `rules: one household, ${picture.events.length} events, ${picture.people instanceof Map ? picture.people.size : 0} people, 34 rules: ` +
        `${cpuMs.toFixed(2)} ms CPU per evaluation (wall mean ${mean.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms; index ${indexMs.toFixed(2)} ms), ${conditions} conditions`,
    );
    // A guard against order-of-magnitude regressions, loose enough for a loaded CI machine; the printed figure is the measurement.
    expect(cpuMs).toBeLessThan(40);
    expect(evaluateIndex(indexPicture(picture, '2019-08-31'), policy).conditions.length).toBe(conditions);
  });
});

describe('coverageOf', () => {
  it('answers for the pairs evaluated, whichever household and rule list they came in, and no others', () => {
    const children = ['c1', 'c2'];
    const covered = coverageOf([
      { rule: 'child-not-seen', subjects: children },
      { rule: 'late-booking', subjects: ['m1'] },
      { rule: 'child-not-seen', subjects: ['c3'] },
    ]);
    expect(['c1', 'c2', 'c3'].map((s) => covered('child-not-seen', s))).toEqual([true, true, true]);
    expect(covered('late-booking', 'm1')).toBe(true);
    expect(covered('late-booking', 'c1')).toBe(false);
    expect(covered('child-not-seen', 'm1')).toBe(false);
    expect(covered('repeat-referrals', 'c1')).toBe(false);
  });

  it('is what the evaluation of a household says it evaluated', () => {
    const ev = evaluatePicture(lloydAndMark().picture(), '2019-08-31', defaultPolicy());
    const covered = coverageOf(ev.evaluated);
    for (const e of ev.evaluated) for (const s of e.subjects) expect(covered(e.rule, s)).toBe(true);
    expect(covered(ev.evaluated[0]!.rule, 'someone-else')).toBe(false);
  });
});
