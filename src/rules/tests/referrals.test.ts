import { describe, expect, it } from 'vitest';
import repeatReferrals from '../catalogue/repeat-referrals.ts';
import { PictureBuilder, run } from '../test-builder.ts';

// Smith family (001): referral after referral about neglect, non-engagement and access, none leading to a plan.
function smith(referralDates: string[]) {
  const b = new PictureBuilder()
    .person('C1', { birthDate: '2012-05-01' })
    .person('C2', { birthDate: '2014-09-01' })
    .person('M', { birthDate: '1995-01-01' })
    .rel('C1', 'M', 'mother')
    .rel('C2', 'M', 'mother');
  referralDates.forEach((d, i) => b.event('referral', d, { concerns: ['neglect'], outcome: 'nfa' }, { subjects: { [i % 2 ? 'C2' : 'C1']: 'child' } }));
  return b;
}

describe('repeat-referrals', () => {
  it('fires on the third referral about the child or its siblings within 12 months', () => {
    const b = smith(['2015-01-10', '2015-06-01', '2015-12-20']);
    const [c, ...rest] = run(repeatReferrals, b, 'C1', '2016-01-01');
    expect(rest).toHaveLength(0);
    expect(c?.raisedAt).toBe('2015-12-20T00:00:00.000Z');
    expect(c?.evidence).toHaveLength(3);
    expect(c?.resolvedAt).toBeUndefined();
    expect(c?.explanation).toMatch(/3 in 12 months/);
  });
  it('stays quiet with one referral fewer', () => {
    expect(run(repeatReferrals, smith(['2015-01-10', '2015-12-20']), 'C1', '2016-01-01')).toEqual([]);
  });
  it('stays quiet when the third falls a day outside the 12 months', () => {
    expect(run(repeatReferrals, smith(['2015-01-10', '2015-06-01', '2016-01-10']), 'C1', '2016-02-01')).toEqual([]);
  });
  it('fires on the fifth referral ever, spread over years', () => {
    const b = smith(['2013-01-01', '2014-02-01', '2015-03-01', '2016-04-01', '2017-05-01']);
    const cs = run(repeatReferrals, b, 'C1', '2017-06-01');
    expect(cs.map((c) => c.raisedAt)).toEqual(['2017-05-01T00:00:00.000Z']);
  });
  it('is resolved by an assessment leading to a plan, naming it', () => {
    const b = smith(['2015-01-10', '2015-06-01', '2015-12-20']);
    const plan = b.event('plan', '2016-01-05', { plan: 'cin', planId: 'P1', stage: 'started' }, { subjects: { C1: 'child' } });
    const [c] = run(repeatReferrals, b, 'C1', '2016-03-01');
    expect(c?.resolvedAt).toBe('2016-01-05T00:00:00.000Z');
    expect(c?.resolvedBy).toEqual(plan);
  });
  it('stops holding when the 12-month window no longer holds three', () => {
    const [c] = run(repeatReferrals, smith(['2015-01-10', '2015-06-01', '2015-12-20']), 'C1', '2016-06-01');
    expect(c?.resolvedAt).toBe('2016-01-10T00:00:00.000Z');
    expect(c?.resolvedBy).toBeNull();
  });
});

import repeatAssessments from '../catalogue/repeat-assessments-no-intervention.ts';
import earlyHelpHistory from '../catalogue/early-help-non-engagement-history.ts';

function family() {
  return new PictureBuilder()
    .person('C1', { birthDate: '2012-05-01' })
    .person('C2', { birthDate: '2014-09-01' })
    .person('M', { birthDate: '1995-01-01' })
    .rel('C1', 'M', 'mother')
    .rel('C2', 'M', 'mother');
}

describe('repeat-assessments-no-intervention', () => {
  // 004 §6.20: assessment after assessment concluded there was no role for social care.
  it('fires on the second completed assessment ending nfa/early help within 24 months', () => {
    const b = family();
    b.event('assessment', '2016-05-01', { stage: 'completed', outcome: 'nfa' }, { subjects: { C1: 'child' } });
    b.event('assessment', '2017-03-01', { stage: 'completed', outcome: 'early_help' }, { subjects: { C2: 'child' } });
    const [c, ...rest] = run(repeatAssessments, b, 'C1', '2017-04-01');
    expect(rest).toEqual([]);
    expect(c?.raisedAt).toBe('2017-03-01T00:00:00.000Z');
    expect(c?.people).toEqual(['C1', 'C2']);
  });
  it('stays quiet when the second is a day outside 24 months', () => {
    const b = family();
    b.event('assessment', '2016-05-01', { stage: 'completed', outcome: 'nfa' }, { subjects: { C1: 'child' } });
    b.event('assessment', '2018-05-01', { stage: 'completed', outcome: 'nfa' }, { subjects: { C1: 'child' } });
    expect(run(repeatAssessments, b, 'C1', '2018-06-01')).toEqual([]);
  });
  it('stays quiet when the second led to a plan', () => {
    const b = family();
    b.event('assessment', '2016-05-01', { stage: 'completed', outcome: 'nfa' }, { subjects: { C1: 'child' } });
    b.event('assessment', '2017-03-01', { stage: 'completed', outcome: 'cin' }, { subjects: { C1: 'child' } });
    expect(run(repeatAssessments, b, 'C1', '2017-04-01')).toEqual([]);
  });
});

describe('early-help-non-engagement-history', () => {
  // 002 LP4: passed to early help again although early help had failed to engage the family.
  it('fires when a referral ends in early help within 24 months of an early help closure for non-engagement', () => {
    const b = family();
    b.event('case_closed', '2019-01-10', { service: 'early_help', reason: 'non_engagement' }, { agency: 'early_help', subjects: { C1: 'child', C2: 'child' } });
    b.event('referral', '2020-06-01', { referrer: 'school', concerns: ['neglect'], outcome: 'early_help' }, { subjects: { C2: 'child' } });
    const [c] = run(earlyHelpHistory, b, 'C1', '2020-07-01');
    expect(c?.raisedAt).toBe('2020-06-01T00:00:00.000Z');
    expect(c?.evidence).toHaveLength(2);
  });
  it('stays quiet when the closure was more than 24 months before', () => {
    const b = family();
    b.event('case_closed', '2018-05-31', { service: 'early_help', reason: 'non_engagement' }, { agency: 'early_help', subjects: { C1: 'child' } });
    b.event('referral', '2020-06-01', { outcome: 'early_help' }, { subjects: { C1: 'child' } });
    expect(run(earlyHelpHistory, b, 'C1', '2020-07-01')).toEqual([]);
  });
  it('is resolved by an assessment that considered the history', () => {
    const b = family();
    b.event('case_closed', '2019-01-10', { service: 'early_help', reason: 'non_engagement' }, { agency: 'early_help', subjects: { C1: 'child' } });
    b.event('referral', '2020-06-01', { outcome: 'early_help' }, { subjects: { C1: 'child' } });
    const fix = b.event('assessment', '2020-06-20', { stage: 'started', previousHistoryConsidered: true }, { subjects: { C1: 'child' } });
    const [c] = run(earlyHelpHistory, b, 'C1', '2020-07-01');
    expect(c?.resolvedBy).toEqual(fix);
  });
});
