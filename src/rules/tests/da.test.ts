import { describe, expect, it } from 'vitest';
import daInPregnancy from '../catalogue/da-in-pregnancy.ts';
import daRepeat from '../catalogue/da-repeat-incidents-marac.ts';
import daWithoutRa from '../catalogue/da-without-risk-assessment.ts';
import highRisk from '../catalogue/high-risk-da-marac.ts';
import maracNoOutcome from '../catalogue/marac-referral-no-outcome.ts';
import maracRepeat from '../catalogue/marac-repeat.ts';
import { PictureBuilder, run } from '../test-builder.ts';

const victim = () => new PictureBuilder().person('A', { birthDate: '1990-01-01' }).person('B', { birthDate: '1977-01-01', agencies: ['police'] });
const incident = (b: PictureBuilder, at: string, suspect = 'B') =>
  b.event('police_incident', at, { category: 'domestic_abuse', childrenPresent: false, sharedWith: [] }, { subjects: { A: 'victim', [suspect]: 'suspect' } });

describe('da-repeat-incidents-marac', () => {
  // 004 §6.86: three or more police domestic abuse reports in 12 months are referred to MARAC.
  function three() {
    const b = victim();
    incident(b, '2016-07-02');
    incident(b, '2016-07-20');
    incident(b, '2017-07-01');
    return b;
  }
  it('fires 5 days after the third incident in 12 months with no MARAC referral', () => {
    const [c] = run(daRepeat, three(), 'A', '2017-08-01');
    expect(c?.raisedAt).toBe('2017-07-06T23:59:59.999Z');
    expect(c?.evidence).toHaveLength(3);
  });
  it('stays quiet when the referral is made on the 5th day', () => {
    const b = three();
    b.event('marac', '2017-07-06', { stage: 'referred', reason: 'repeat_incidents' }, { subjects: { A: 'victim' } });
    expect(run(daRepeat, b, 'A', '2017-08-01')).toEqual([]);
  });
  it('stays quiet with one incident fewer', () => {
    const b = victim();
    incident(b, '2016-07-20');
    incident(b, '2017-07-01');
    expect(run(daRepeat, b, 'A', '2017-08-01')).toEqual([]);
  });
  it('is not raised before the deadline passes (as-of the 5th day)', () => {
    expect(run(daRepeat, three(), 'A', '2017-07-06T23:59:00Z')).toEqual([]);
  });
  it('counts police reports only when the partnership says so', () => {
    const b = victim();
    incident(b, '2016-07-02');
    incident(b, '2016-07-20');
    b.event('da_disclosure', '2017-07-01', { to: 'health_visiting' }, { subjects: { A: 'victim', B: 'perpetrator' } });
    expect(run(daRepeat, b, 'A', '2017-08-01')).toHaveLength(1);
    expect(run(daRepeat, b, 'A', '2017-08-01', { policeReportsOnly: true })).toEqual([]);
  });
  it('resolves late with the referral named', () => {
    const b = three();
    const r = b.event('marac', '2017-07-10', { stage: 'referred' }, { subjects: { A: 'victim' } });
    const [c] = run(daRepeat, b, 'A', '2017-08-01');
    expect(c?.resolvedBy).toEqual(r);
    expect(c?.resolvedAt).toBe('2017-07-10T00:00:00.000Z');
  });
});

describe('marac-repeat', () => {
  function referred() {
    const b = victim();
    b.event('marac', '2018-01-10', { stage: 'referred', reason: 'dash_high' }, { subjects: { A: 'victim', B: 'perpetrator' } });
    return b;
  }
  it('fires when the same perpetrator abuses again within 12 months and there is no repeat referral in 5 days', () => {
    const b = referred();
    incident(b, '2018-06-01');
    const [c] = run(maracRepeat, b, 'A', '2018-07-01');
    expect(c?.raisedAt).toBe('2018-06-06T23:59:59.999Z');
  });
  it('stays quiet when the repeat referral is made on the 5th day', () => {
    const b = referred();
    incident(b, '2018-06-01');
    b.event('marac', '2018-06-06', { stage: 'referred', reason: 'repeat_incidents' }, { subjects: { A: 'victim' } });
    expect(run(maracRepeat, b, 'A', '2018-07-01')).toEqual([]);
  });
  it('stays quiet for a different perpetrator', () => {
    const b = referred().person('X', { birthDate: '1985-01-01' });
    incident(b, '2018-06-01', 'X');
    expect(run(maracRepeat, b, 'A', '2018-07-01')).toEqual([]);
  });
});

describe('high-risk-da-marac', () => {
  // 004 §6.89: risk high enough for an emergency move, no MARAC referral.
  it('fires 5 days after a DASH with 14 or more ticks', () => {
    const b = victim();
    b.event('da_risk_assessment', '2018-12-05', { tool: 'dash', score: 15, level: 'high', assessor: 'csc' }, { agency: 'csc', subjects: { A: 'victim' } });
    const [c] = run(highRisk, b, 'A', '2019-01-01');
    expect(c?.raisedAt).toBe('2018-12-10T23:59:59.999Z');
    expect(c?.routing?.agencies).toEqual(['csc']);
  });
  it('stays quiet for 13 ticks at medium risk without professional judgement', () => {
    const b = victim();
    b.event('da_risk_assessment', '2018-12-05', { tool: 'dash', score: 13, level: 'medium', professionalJudgementHigh: false }, { subjects: { A: 'victim' } });
    expect(run(highRisk, b, 'A', '2019-01-01')).toEqual([]);
  });
  it('stays quiet when referred on the 5th day', () => {
    const b = victim();
    b.event('da_risk_assessment', '2018-12-05', { tool: 'dash', score: 9, professionalJudgementHigh: true }, { subjects: { A: 'victim' } });
    b.event('marac', '2018-12-10', { stage: 'referred' }, { subjects: { A: 'victim' } });
    expect(run(highRisk, b, 'A', '2019-01-01')).toEqual([]);
  });
});

describe('da-without-risk-assessment', () => {
  // 004 §6.89: disclosure at the conference, no DASH.
  it('fires 7 days after a disclosure with no risk assessment', () => {
    const b = victim();
    b.event('da_disclosure', '2018-12-05', { to: 'csc' }, { agency: 'csc', subjects: { A: 'victim', B: 'perpetrator' } });
    const [c] = run(daWithoutRa, b, 'A', '2019-01-01');
    expect(c?.raisedAt).toBe('2018-12-12T23:59:59.999Z');
    expect(c?.routing?.agencies).toEqual(['csc']);
  });
  it('stays quiet when the DASH is done on the 7th day', () => {
    const b = victim();
    b.event('da_disclosure', '2018-12-05', { to: 'csc' }, { agency: 'csc', subjects: { A: 'victim' } });
    b.event('da_risk_assessment', '2018-12-12', { tool: 'dash', score: 10, level: 'medium' }, { agency: 'csc', subjects: { A: 'victim' } });
    expect(run(daWithoutRa, b, 'A', '2019-01-01')).toEqual([]);
  });
});

describe('marac-referral-no-outcome', () => {
  // 004 §6.32: a referral on file, no outcome, and the MARAC never received it.
  it('fires 28 days after a referral that was not heard', () => {
    const b = victim();
    b.event('marac', '2019-02-01', { stage: 'referred', area: 'Wandsworth' }, { agency: 'csc', subjects: { A: 'victim' } });
    const [c] = run(maracNoOutcome, b, 'A', '2019-04-01');
    expect(c?.raisedAt).toBe('2019-03-01T23:59:59.999Z');
  });
  it('is about the victim, never the perpetrator named on the referral', () => {
    const b = victim();
    b.event('marac', '2019-02-01', { stage: 'referred' }, { subjects: { A: 'victim', B: 'perpetrator' } });
    expect(run(maracNoOutcome, b, 'B', '2019-04-01')).toEqual([]);
    expect(run(maracNoOutcome, b, 'A', '2019-04-01')).toHaveLength(1);
  });
  it('stays quiet when heard on day 28', () => {
    const b = victim();
    b.event('marac', '2019-02-01', { stage: 'referred' }, { subjects: { A: 'victim' } });
    b.event('marac', '2019-03-01', { stage: 'heard' }, { subjects: { A: 'victim' } });
    expect(run(maracNoOutcome, b, 'A', '2019-04-01')).toEqual([]);
  });
});

describe('da-in-pregnancy', () => {
  // 002 LP6: the child called police while her pregnant mother was being hit.
  function pregnant() {
    const b = victim();
    b.event('pregnancy', '2020-10-01', { stage: 'booked', gestationWeeks: 12, expectedDate: '2021-04-10' }, { subjects: { A: 'mother' } });
    b.event('pregnancy', '2021-04-08', { stage: 'birth' }, { subjects: { A: 'mother' } });
    return b;
  }
  it('fires at a domestic abuse incident during the pregnancy', () => {
    const b = pregnant();
    incident(b, '2021-01-15T21:30:00Z');
    const [c] = run(daInPregnancy, b, 'A', '2021-02-01');
    expect(c?.raisedAt).toBe('2021-01-15T21:30:00.000Z');
  });
  it('stays quiet for an incident after the birth', () => {
    const b = pregnant();
    incident(b, '2021-05-01');
    expect(run(daInPregnancy, b, 'A', '2021-06-01')).toEqual([]);
  });
  it('resolves when MASH partners assess', () => {
    const b = pregnant();
    incident(b, '2021-01-15T21:30:00Z');
    const a = b.event('assessment', '2021-01-20', { stage: 'started' }, { subjects: { A: 'mother' } });
    const [c] = run(daInPregnancy, b, 'A', '2021-02-01');
    expect(c?.resolvedBy).toEqual(a);
  });
});
