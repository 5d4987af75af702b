import { describe, expect, it } from 'vitest';
import childNotSeen from '../catalogue/child-not-seen.ts';
import noAccess from '../catalogue/no-access-visits.ts';
import siblings from '../catalogue/siblings-not-considered.ts';
import wasNotBrought from '../catalogue/was-not-brought.ts';
import { PictureBuilder, run } from '../test-builder.ts';

describe('child-not-seen', () => {
  // 004 §6.11: on a CP plan, yet not seen for significant periods.
  function cp(seenOn: string[]) {
    const b = new PictureBuilder().person('C', { birthDate: '2010-02-01' });
    b.event('plan', '2019-01-01', { plan: 'cp', planId: 'P1', stage: 'started' }, { subjects: { C: 'child' } });
    for (const d of seenOn) b.event('visit', d, { purpose: 'statutory', outcome: 'seen', seen: ['C'] }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires when a child on a CP plan is not seen for more than 15 days', () => {
    const [c, ...rest] = run(childNotSeen, cp(['2019-01-10']), 'C', '2019-02-01');
    expect(rest).toEqual([]);
    expect(c?.raisedAt).toBe('2019-01-26T00:00:00.000Z');
    expect(c?.explanation).toMatch(/15 days/);
  });
  it('stays quiet when the child was seen the day before the 15 days ran out', () => {
    expect(run(childNotSeen, cp(['2019-01-10', '2019-01-25']), 'C', '2019-02-01')).toEqual([]);
  });
  it('resolves when the child is seen, naming the visit', () => {
    const b = cp(['2019-01-10']);
    const v = b.event('visit', '2019-02-05', { outcome: 'seen', seen: ['C'] }, { subjects: { C: 'child' } });
    const [c] = run(childNotSeen, b, 'C', '2019-02-10');
    expect(c?.resolvedBy).toEqual(v);
    expect(c?.resolvedAt).toBe('2019-02-05T00:00:00.000Z');
  });
  // 001: the twins were unseen while services were open to the family. By
  // default "known" is open involvement of the child or its household (here the
  // mother's MARAC case); a signposted referral alone no longer counts.
  function under5(seenOn: string[], opts: { marac?: boolean } = { marac: true }) {
    const b = new PictureBuilder().person('B', { birthDate: '2017-01-01' }).person('M', { birthDate: '1990-01-01' });
    b.rel('B', 'M', 'mother', { agency: 'health_visiting' });
    b.event('referral', '2017-03-01', { outcome: 'nfa' }, { subjects: { B: 'child', M: 'parent' } });
    if (opts.marac) b.event('marac', '2017-03-01', { stage: 'referred' }, { agency: 'marac', subjects: { M: 'victim' } });
    for (const d of seenOn) b.event('appointment', d, { service: 'development_review', outcome: 'attended' }, { agency: 'health_visiting', subjects: { B: 'child' } });
    return b;
  }
  it('fires for an under-5 not seen for 180 days while its mother’s MARAC case is open', () => {
    const [c, ...rest] = run(childNotSeen, under5([]), 'B', '2017-09-01');
    expect(rest).toEqual([]);
    expect(c?.raisedAt).toBe('2017-08-29T00:00:00.000Z');
    expect(c?.explanation).toMatch(/marac/);
  });
  it('stays quiet for an under-5 seen at an appointment on day 180', () => {
    expect(run(childNotSeen, under5(['2017-08-28']), 'B', '2017-09-01')).toEqual([]);
  });
  it('stays quiet after a referral that closed with no further action (nothing open)', () => {
    expect(run(childNotSeen, under5([], { marac: false }), 'B', '2017-09-01')).toEqual([]);
  });
  it('with under5Known: recent, a referral in the last 12 months is enough', () => {
    const [c] = run(childNotSeen, under5([], { marac: false }), 'B', '2017-09-01', { under5Known: 'recent' });
    expect(c?.raisedAt).toBe('2017-08-29T00:00:00.000Z');
  });
});

describe('was-not-brought', () => {
  // 002 LP1, 001: immunisations and development reviews missed.
  function appts(list: [string, string, string][]) {
    const b = new PictureBuilder().person('C', { birthDate: '2016-01-01' });
    for (const [d, service, outcome] of list) b.event('appointment', d, { service, outcome }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires on the second missed appointment within 12 months', () => {
    const [c] = run(wasNotBrought, appts([['2018-03-01', 'immunisation', 'was_not_brought'], ['2018-09-01', 'development_review', 'did_not_attend']]), 'C', '2018-10-01');
    expect(c?.raisedAt).toBe('2018-09-01T00:00:00.000Z');
    expect(c?.evidence).toHaveLength(2);
  });
  it('stays quiet with one missed appointment fewer', () => {
    expect(run(wasNotBrought, appts([['2018-03-01', 'immunisation', 'was_not_brought']]), 'C', '2018-10-01')).toEqual([]);
  });
  it('stays quiet when the second miss is a day outside 12 months', () => {
    expect(run(wasNotBrought, appts([['2018-03-01', 'immunisation', 'was_not_brought'], ['2019-03-02', 'development_review', 'was_not_brought']]), 'C', '2019-04-01')).toEqual([]);
  });
  it('fires on a missed immunisation and a missed development review when the partnership counts 3', () => {
    const b = appts([['2018-03-01', 'immunisation', 'was_not_brought'], ['2018-09-01', 'development_review', 'was_not_brought']]);
    expect(run(wasNotBrought, b, 'C', '2018-10-01', { count: 3 })[0]?.raisedAt).toBe('2018-09-01T00:00:00.000Z');
    const c = appts([['2018-03-01', 'immunisation', 'was_not_brought'], ['2018-09-01', 'dental', 'was_not_brought']]);
    expect(run(wasNotBrought, c, 'C', '2018-10-01', { count: 3 })).toEqual([]);
  });
  it('stops holding when the first miss leaves the 12-month window', () => {
    const [c] = run(wasNotBrought, appts([['2018-03-01', 'immunisation', 'was_not_brought'], ['2018-09-01', 'gp', 'did_not_attend']]), 'C', '2019-06-01');
    expect(c?.resolvedAt).toBe('2019-03-01T00:00:00.000Z');
    expect(c?.resolvedBy).toBeNull();
  });
});

describe('siblings-not-considered', () => {
  // 004 §6.12, Rec 2: midwives visited for Lloyd; nobody records seeing Mark.
  function lloydAndMark() {
    const b = new PictureBuilder()
      .person('MARK', { birthDate: '2015-02-01' })
      .person('LLOYD', { birthDate: '2018-04-10' })
      .person('A', { birthDate: '1990-01-01' })
      .rel('MARK', 'A', 'mother')
      .rel('LLOYD', 'A', 'mother');
    b.event('visit', '2018-05-10', { purpose: 'new_birth', outcome: 'seen', seen: ['LLOYD'] }, { agency: 'midwifery', subjects: { LLOYD: 'baby', A: 'mother' } });
    return b;
  }
  it('fires for the under-5 sibling not seen within 30 days of a visit about the baby', () => {
    const [c] = run(siblings, lloydAndMark(), 'MARK', '2018-07-01');
    expect(c?.raisedAt).toBe('2018-06-09T23:59:59.999Z');
    expect(c?.people).toEqual(['MARK', 'LLOYD']);
  });
  it('stays quiet when the sibling was seen the day before the 30 days ran out', () => {
    const b = lloydAndMark();
    b.event('visit', '2018-06-09', { purpose: 'assessment', outcome: 'seen', seen: ['MARK'] }, { subjects: { MARK: 'child' } });
    expect(run(siblings, b, 'MARK', '2018-07-01')).toEqual([]);
  });
});

describe('siblings-not-considered (scope)', () => {
  it('leaves a visit that names the under-5 to no-access-visits', () => {
    const b = new PictureBuilder().person('T1', { birthDate: '2016-01-01' }).person('T2', { birthDate: '2016-01-01' }).person('M', { birthDate: '1990-01-01' }).rel('T1', 'M', 'mother').rel('T2', 'M', 'mother');
    b.event('visit', '2017-03-01', { outcome: 'seen', seen: ['T1'] }, { agency: 'health_visiting', subjects: { T1: 'child', T2: 'child' } });
    expect(run(siblings, b, 'T2', '2017-06-01')).toEqual([]);
  });
});

describe('no-access-visits', () => {
  // 001: attempted home visits were not followed up.
  it('fires on the second consecutive visit without seeing the child', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2014-01-01' });
    b.event('visit', '2016-01-10', { outcome: 'no_access' }, { agency: 'health_visiting', subjects: { C: 'child' } });
    b.event('visit', '2016-03-05', { outcome: 'not_seen' }, { agency: 'health_visiting', subjects: { C: 'child' } });
    const [c] = run(noAccess, b, 'C', '2016-04-01');
    expect(c?.raisedAt).toBe('2016-03-05T00:00:00.000Z');
    expect(c?.routing?.agencies).toEqual(['health_visiting']);
  });
  it('stays quiet when a visit saw the child between the two', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2014-01-01' });
    b.event('visit', '2016-01-10', { outcome: 'no_access' }, { agency: 'health_visiting', subjects: { C: 'child' } });
    b.event('visit', '2016-02-01', { outcome: 'seen', seen: ['C'] }, { agency: 'health_visiting', subjects: { C: 'child' } });
    b.event('visit', '2016-03-05', { outcome: 'not_seen' }, { agency: 'health_visiting', subjects: { C: 'child' } });
    expect(run(noAccess, b, 'C', '2016-04-01')).toEqual([]);
  });
});
