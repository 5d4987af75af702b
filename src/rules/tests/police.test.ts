import { describe, expect, it } from 'vitest';
import childNotSeenByPolice from '../catalogue/child-not-seen-by-police.ts';
import schoolNotify from '../catalogue/children-present-school-notify.ts';
import policeNotShared from '../catalogue/police-concern-not-shared.ts';
import { PictureBuilder, run } from '../test-builder.ts';

describe('children-present-school-notify', () => {
  // 002 LP6: the eldest child called the police; Operation Encompass tells the school before the next school day.
  function incident() {
    const b = new PictureBuilder().person('G', { birthDate: '2010-05-01', agencies: ['school'] }).person('M', { birthDate: '1985-01-01' });
    b.event('police_incident', '2021-01-14T20:00:00Z', { category: 'domestic_abuse', childrenPresent: true, childrenSeen: true }, { subjects: { M: 'victim', G: 'child_present' } });
    return b;
  }
  it('fires at the start of the next school day when the school was not told', () => {
    const [c] = run(schoolNotify, incident(), 'G', '2021-01-20');
    expect(c?.raisedAt).toBe('2021-01-15T09:00:00.000Z');
  });
  it('stays quiet when the school is notified before school starts', () => {
    const b = incident();
    b.event('school_notification', '2021-01-15T08:30:00Z', { scheme: 'operation_encompass', school: 'school-src' }, { subjects: { G: 'child' } });
    expect(run(schoolNotify, b, 'G', '2021-01-20')).toEqual([]);
  });
  it('stays quiet for a child no school or nursery knows (no school to tell)', () => {
    const b = new PictureBuilder().person('G', { birthDate: '2010-05-01' });
    b.event('police_incident', '2021-01-14T20:00:00Z', { category: 'domestic_abuse', childrenPresent: true }, { subjects: { G: 'child_present' } });
    expect(run(schoolNotify, b, 'G', '2021-01-20')).toEqual([]);
  });
  it('waits over a weekend: a Friday-night incident is due by Monday 9:00', () => {
    const b = new PictureBuilder().person('G', { birthDate: '2010-05-01', agencies: ['school'] });
    b.event('police_incident', '2021-01-15T22:00:00Z', { category: 'domestic_abuse', childrenPresent: true }, { subjects: { G: 'child_present' } });
    expect(run(schoolNotify, b, 'G', '2021-01-18T08:59:00Z')).toEqual([]);
    expect(run(schoolNotify, b, 'G', '2021-01-18T10:00:00Z')[0]?.raisedAt).toBe('2021-01-18T09:00:00.000Z');
  });
});

describe('police-concern-not-shared', () => {
  // 004 §4.15: a call to check on a baby’s welfare, not shared with CSC.
  function welfareCheck() {
    const b = new PictureBuilder().person('L', { birthDate: '2018-04-10' }).person('A', { birthDate: '1990-01-01' });
    const r = b.event('police_incident', '2018-06-30T22:14:00Z', { category: 'welfare_check', childrenPresent: true, childrenSeen: true, sharedWith: [] }, { id: 'CAD-114', subjects: { A: 'adult', L: 'child_present' } });
    return { b, r };
  }
  it('fires when not shared with CSC by the end of the next day', () => {
    const [c] = run(policeNotShared, welfareCheck().b, 'L', '2018-07-10');
    expect(c?.raisedAt).toBe('2018-07-01T23:59:59.999Z');
  });
  it('stays quiet when a sharing decision shares it with CSC the next day', () => {
    const { b } = welfareCheck();
    b.event('sharing_decision', '2018-07-01', { about: 'police-src:CAD-114', decision: 'shared', with: ['csc'] }, { subjects: { L: 'child' } });
    expect(run(policeNotShared, b, 'L', '2018-07-10')).toEqual([]);
  });
});

describe('child-not-seen-by-police', () => {
  // 000: officers did not go in; the children were not seen.
  function incident(childrenSeen: boolean) {
    const b = new PictureBuilder().person('C', { birthDate: '2017-06-01' });
    b.event('police_incident', '2020-04-20T10:00:00Z', { category: 'neglect', childrenPresent: true, childrenSeen }, { subjects: { C: 'child_present' } });
    return b;
  }
  it('fires at the incident', () => {
    expect(run(childNotSeenByPolice, incident(false), 'C', '2020-04-21')[0]?.raisedAt).toBe('2020-04-20T10:00:00.000Z');
  });
  it('stays quiet when the officers saw the children', () => {
    expect(run(childNotSeenByPolice, incident(true), 'C', '2020-04-21')).toEqual([]);
  });
});
