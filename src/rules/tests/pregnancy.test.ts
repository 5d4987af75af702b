import { describe, expect, it } from 'vitest';
import lateBooking from '../catalogue/late-booking.ts';
import parentCareHistory from '../catalogue/parent-care-history.ts';
import preBirth from '../catalogue/pre-birth-history.ts';
import { PictureBuilder, run } from '../test-builder.ts';

describe('pre-birth-history', () => {
  // 001: mother known to CSC as a child; no pre-birth assessment for the twins.
  function booked() {
    const b = new PictureBuilder().person('M', { birthDate: '1990-01-01' });
    b.event('looked_after', '2004-05-01', { stage: 'started', legalStatus: 's20' }, { subjects: { M: 'child' } });
    b.event('pregnancy', '2013-11-01', { stage: 'booked', gestationWeeks: 12 }, { subjects: { M: 'mother' } });
    return b;
  }
  it('fires at 24 weeks’ gestation with no pre-birth assessment', () => {
    const [c] = run(preBirth, booked(), 'M', '2014-03-01');
    // Booked 1 Nov 2013 at 12 weeks: 24 weeks falls on 24 Jan 2014.
    expect(c?.raisedAt).toBe('2014-01-24T00:00:00.000Z');
  });
  it('stays quiet when an assessment starts the day before 24 weeks', () => {
    const b = booked();
    b.event('assessment', '2014-01-23', { stage: 'started' }, { subjects: { M: 'mother' } });
    expect(run(preBirth, b, 'M', '2014-03-01')).toEqual([]);
  });
  it('stays quiet without a history', () => {
    const b = new PictureBuilder().person('M', { birthDate: '1990-01-01' });
    b.event('pregnancy', '2013-11-01', { stage: 'booked', gestationWeeks: 12 }, { subjects: { M: 'mother' } });
    expect(run(preBirth, b, 'M', '2014-03-01')).toEqual([]);
  });
});

describe('late-booking', () => {
  // 004 §4.11: a late antenatal booking at 22 weeks by a mother known to services.
  function booking(weeks: number) {
    const b = new PictureBuilder().person('A', { birthDate: '1990-01-01' });
    b.event('case_closed', '2017-05-01', { service: 'csc', reason: 'non_engagement' }, { subjects: { A: 'parent' } });
    b.event('pregnancy', '2017-12-10', { stage: 'booked', gestationWeeks: weeks }, { subjects: { A: 'mother' } });
    return b;
  }
  it('fires at a booking after 20 weeks', () => {
    expect(run(lateBooking, booking(22), 'A', '2018-01-01')[0]?.raisedAt).toBe('2017-12-10T00:00:00.000Z');
  });
  it('stays quiet at 19 weeks', () => {
    expect(run(lateBooking, booking(19), 'A', '2018-01-01')).toEqual([]);
  });
  it('fires at a birth with no booking', () => {
    const b = new PictureBuilder().person('A', { birthDate: '1990-01-01' });
    b.event('referral', '2016-03-01', { outcome: 'nfa' }, { subjects: { A: 'parent' } });
    b.event('pregnancy', '2018-04-10', { stage: 'birth' }, { subjects: { A: 'mother' } });
    expect(run(lateBooking, b, 'A', '2018-05-01')[0]?.raisedAt).toBe('2018-04-10T00:00:00.000Z');
  });
});

describe('parent-care-history', () => {
  // 004 §3.3, §6.23: Ms A was on a CP plan at 14; later assessments did not draw on it.
  function family(previousHistoryConsidered: boolean) {
    const b = new PictureBuilder().person('MARK', { birthDate: '2015-02-01' }).person('A', { birthDate: '1990-01-01' }).rel('MARK', 'A', 'mother');
    b.event('plan', '2004-03-01', { plan: 'cp', planId: 'OLD', stage: 'started' }, { subjects: { A: 'child' } });
    b.event('assessment', '2016-08-01', { stage: 'completed', outcome: 'nfa', previousHistoryConsidered }, { subjects: { MARK: 'child' } });
    return b;
  }
  it('fires when the assessment does not record the parent’s own CP history', () => {
    const [c] = run(parentCareHistory, family(false), 'A', '2016-09-01');
    expect(c?.raisedAt).toBe('2016-08-01T00:00:00.000Z');
    expect(c?.people).toEqual(['A', 'MARK']);
  });
  it('stays quiet when it does', () => {
    expect(run(parentCareHistory, family(true), 'A', '2016-09-01')).toEqual([]);
  });
});
