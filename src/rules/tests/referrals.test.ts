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
