import { describe, expect, it } from 'vitest';
import homeConditions from '../catalogue/home-conditions-recurring.ts';
import notShared from '../catalogue/not-shared-without-reason.ts';
import turnover from '../catalogue/professional-turnover.ts';
import softIntel from '../catalogue/soft-intel-at-child-address.ts';
import upDrift from '../catalogue/universal-plus-drift.ts';
import { HOME, PictureBuilder, run } from '../test-builder.ts';

describe('not-shared-without-reason', () => {
  it('fires at a decision not to share recorded without a reason', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2012-01-01' });
    b.event('police_incident', '2019-03-01', { category: 'other', sharedWith: [] }, { id: 'INC-1', subjects: { C: 'child' } });
    b.event('sharing_decision', '2019-03-02', { about: 'police-src:INC-1', decision: 'not_shared', with: [] }, { subjects: { C: 'child' } });
    expect(run(notShared, b, 'C', '2019-04-01')[0]?.raisedAt).toBe('2019-03-02T00:00:00.000Z');
  });
  it('stays quiet when the reason is recorded', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2012-01-01' });
    b.event('police_incident', '2019-03-01', { category: 'other', sharedWith: [] }, { id: 'INC-1', subjects: { C: 'child' } });
    b.event('sharing_decision', '2019-03-02', { about: 'police-src:INC-1', decision: 'not_shared', with: [], reason: 'not safeguarding-relevant: lost property' }, { subjects: { C: 'child' } });
    expect(run(notShared, b, 'C', '2019-04-01')).toEqual([]);
  });
  function cin() {
    const b = new PictureBuilder().person('C', { birthDate: '2012-01-01' });
    b.event('plan', '2019-01-01', { plan: 'cin', planId: 'P1', stage: 'started' }, { subjects: { C: 'child' } });
    b.event('health_concern', '2019-03-01', { concern: 'injury' }, { id: 'HC-1', agency: 'gp', subjects: { C: 'child' } });
    return b;
  }
  it('fires 5 days after a health concern about a child on a CIN plan is neither shared nor decided', () => {
    expect(run(notShared, cin(), 'C', '2019-04-01')[0]?.raisedAt).toBe('2019-03-06T23:59:59.999Z');
  });
  it('stays quiet when a sharing decision is recorded on the 5th day', () => {
    const b = cin();
    b.event('sharing_decision', '2019-03-06', { about: 'gp-src:HC-1', decision: 'shared', with: ['csc'] }, { agency: 'gp', subjects: { C: 'child' } });
    expect(run(notShared, b, 'C', '2019-04-01')).toEqual([]);
  });
});

describe('soft-intel-at-child-address', () => {
  // 004 §6.80, §6.104: intelligence that the vacated family home was used for drug dealing, not shared.
  function intel(sharedWith: string[]) {
    const b = new PictureBuilder().person('MARK', { birthDate: '2015-02-01', addresses: [{ ...HOME, from: '2015-02-01', to: '2018-12-15' }] });
    b.event('referral', '2018-10-20', { referrer: 'nursery', outcome: 'assessment' }, { subjects: { MARK: 'child' } });
    b.event('intelligence', '2019-02-01', { category: 'drug_supply', grading: 'unverified', sharedWith }, { address: HOME });
    return b;
  }
  it('fires 5 days after drug-supply intelligence about the address the child recently left', () => {
    const [c] = run(softIntel, intel([]), 'MARK', '2019-03-01');
    expect(c?.raisedAt).toBe('2019-02-06T23:59:59.999Z');
    expect(c?.explanation).toMatch(/recently left/);
  });
  it('stays quiet when the intelligence was shared with CSC', () => {
    expect(run(softIntel, intel(['csc']), 'MARK', '2019-03-01')).toEqual([]);
  });
});

describe('home-conditions-recurring', () => {
  // 000: damp and disorganised in 2014, unhygienic in 2015, again in 2018.
  function concerns(third: string) {
    const b = new PictureBuilder().person('C', { birthDate: '2007-01-01' }).person('M', { birthDate: '1985-01-01' }).rel('C', 'M', 'mother');
    b.event('housing_concern', '2014-03-01', { concern: 'conditions' }, { subjects: { M: 'tenant' } });
    b.event('housing_concern', '2015-05-01', { concern: 'conditions' }, { agency: 'school', subjects: { C: 'child' } });
    b.event('housing_concern', third, { concern: 'overcrowding' }, { agency: 'health_visiting', subjects: { M: 'mother' } });
    return b;
  }
  it('fires on the third concern within 24 months', () => {
    expect(run(homeConditions, concerns('2016-02-01'), 'C', '2016-03-01')[0]?.raisedAt).toBe('2016-02-01T00:00:00.000Z');
  });
  it('stays quiet when the third is a day outside 24 months of the first', () => {
    expect(run(homeConditions, concerns('2016-03-02'), 'C', '2016-04-01')).toEqual([]);
  });
});

describe('professional-turnover', () => {
  // 001: many changes of health visitor; 004 §6.28: changes of social worker.
  function allocations(withLast: boolean) {
    const b = new PictureBuilder().person('C', { birthDate: '2016-01-01' });
    const list: [string, string, string][] = [['2017-01-01', 'health_visitor', 'hv1'], ['2017-03-01', 'health_visitor', 'hv2'], ['2017-04-01', 'health_visitor', 'hv2'], ['2017-06-01', 'health_visitor', 'hv3']];
    // The case moves to a long-term team: a new social worker for the child.
    if (withLast) list.push(['2017-09-01', 'social_worker', 'sw2']);
    for (const [d, role, worker] of list) b.event('allocation', d, { role, worker }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires at the third change in 12 months', () => {
    expect(run(turnover, allocations(true), 'C', '2017-10-01')[0]?.raisedAt).toBe('2017-09-01T00:00:00.000Z');
  });
  it('stays quiet with one change fewer (re-allocating the same worker is not a change)', () => {
    expect(run(turnover, allocations(false), 'C', '2017-10-01')).toEqual([]);
  });
});

describe('universal-plus-drift', () => {
  // 004 Rec 1: Universal Plus families not monitored at the agreed frequency.
  function up(lastVisit: string) {
    const b = new PictureBuilder().person('MARK', { birthDate: '2015-02-01' });
    b.event('service_level', '2015-09-01', { service: 'health_visiting', level: 'universal_plus', contactEveryDays: 60 }, { subjects: { MARK: 'child' } });
    b.event('visit', '2015-10-01', { purpose: 'review', outcome: 'seen', seen: ['MARK'] }, { agency: 'health_visiting', subjects: { MARK: 'child' } });
    if (lastVisit) b.event('visit', lastVisit, { purpose: 'review', outcome: 'seen', seen: ['MARK'] }, { agency: 'health_visiting', subjects: { MARK: 'child' } });
    return b;
  }
  it('fires after 60 days + 50% without contact', () => {
    expect(run(upDrift, up(''), 'MARK', '2016-01-05')[0]?.raisedAt).toBe('2015-12-31T00:00:00.000Z');
  });
  it('stays quiet when the health visitor saw the child the day before', () => {
    expect(run(upDrift, up('2015-12-30'), 'MARK', '2016-01-05')).toEqual([]);
  });
});
