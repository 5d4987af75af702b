import { describe, expect, it } from 'vitest';
import adultRisk from '../catalogue/adult-risk-in-household.ts';
import unknownAdult from '../catalogue/unknown-adult-in-household.ts';
import { HOME, PictureBuilder, run } from '../test-builder.ts';

// 004 §4.35 / 003 §3: Mr D, with a history of violence and drugs, was living in the home and no agency working with the children knew.
// The family was known to children's social care (here a child in need plan, `cin: false` leaves it out).
function lloyd(opts: { dKnownToHv?: boolean; cin?: boolean; dLeaves?: string } = {}) {
  const b = new PictureBuilder()
    .person('LLOYD', { birthDate: '2018-04-10', agencies: ['health_visiting'], addresses: [{ ...HOME, from: '2018-04-10', agency: 'health_visiting' }] })
    .person('A', { birthDate: '1990-01-01', agencies: ['health_visiting'], addresses: [{ ...HOME, from: '2017-01-01', agency: 'health_visiting' }] })
    .person('D', { birthDate: '1990-06-01', agencies: opts.dKnownToHv ? ['police', 'health_visiting'] : ['police'], addresses: [{ ...HOME, from: '2019-06-01', ...(opts.dLeaves ? { to: opts.dLeaves } : {}), agency: 'police' }] })
    .rel('LLOYD', 'A', 'mother', { agency: 'health_visiting' });
  b.event('visit', '2019-05-01', { purpose: 'review', outcome: 'seen', seen: ['LLOYD'] }, { agency: 'health_visiting', subjects: { LLOYD: 'child', A: 'mother' } });
  if (opts.cin !== false) b.event('plan', '2019-03-01', { plan: 'cin', planId: 'CIN1', stage: 'started' }, { subjects: { LLOYD: 'child', A: 'parent' } });
  return b;
}

describe('unknown-adult-in-household', () => {
  it('fires when police record an adult at the child’s address whom health visiting does not know', () => {
    const [c, ...rest] = run(unknownAdult, lloyd(), 'LLOYD', '2019-08-01');
    expect(rest).toEqual([]);
    expect(c?.raisedAt).toBe('2019-06-01T00:00:00.000Z');
    expect(c?.people).toEqual(['LLOYD', 'D']);
    expect(c?.explanation).toMatch(/police records the adult at the child’s address/);
  });
  it('stays quiet when the agency working with the child already knows the adult', () => {
    expect(run(unknownAdult, lloyd({ dKnownToHv: true }), 'LLOYD', '2019-08-01')).toEqual([]);
  });
  it('stays quiet for a child children’s services are not involved with (universal services only)', () => {
    expect(run(unknownAdult, lloyd({ cin: false }), 'LLOYD', '2019-08-01')).toEqual([]);
  });
  it('with requireInvolvement: false, holds for a child known only to universal services', () => {
    const [c] = run(unknownAdult, lloyd({ cin: false }), 'LLOYD', '2019-08-01', { requireInvolvement: false });
    expect(c?.raisedAt).toBe('2019-06-01T00:00:00.000Z');
  });
  it('resolves when the adult no longer lives at the child’s address', () => {
    const [c] = run(unknownAdult, lloyd({ dLeaves: '2019-07-01' }), 'LLOYD', '2019-08-01');
    expect(c?.resolvedAt).toBe('2019-07-01T00:00:00.000Z');
    expect(c?.resolution).toMatch(/no longer linked to the child’s household/);
  });
  it('stays quiet when the police incident naming the adult was shared with children’s social care', () => {
    const b = lloyd();
    b.event('police_incident', '2019-05-20', { category: 'domestic_abuse', childrenPresent: true, sharedWith: ['csc'] }, { agency: 'police', subjects: { A: 'victim', D: 'suspect', LLOYD: 'child_present' }, address: HOME });
    expect(run(unknownAdult, b, 'LLOYD', '2019-08-01')).toEqual([]);
  });
  it('resolves when the health visitor records the adult', () => {
    const b = lloyd();
    const v = b.event('visit', '2019-07-15', { outcome: 'seen', seen: ['LLOYD'] }, { agency: 'health_visiting', subjects: { LLOYD: 'child', D: 'household_member' } });
    const [c] = run(unknownAdult, b, 'LLOYD', '2019-08-01');
    expect(c?.resolvedBy).toEqual(v);
  });
});

describe('adult-risk-in-household', () => {
  function withPartner(category: string) {
    const b = new PictureBuilder()
      .person('LLOYD', { birthDate: '2018-04-10' })
      .person('A', { birthDate: '1990-01-01' })
      .person('D', { birthDate: '1990-06-01', agencies: ['police'] })
      .rel('LLOYD', 'A', 'mother')
      .rel('A', 'D', 'partner', { start: '2019-06-01', agency: 'police' });
    b.event('offence', '2015-03-01', { category, stage: 'conviction' }, { subjects: { D: 'perpetrator' } });
    return b;
  }
  it('fires when the mother’s partner has a conviction for violence, from the start of the relationship', () => {
    const [c] = run(adultRisk, withPartner('violence'), 'LLOYD', '2019-08-01');
    expect(c?.raisedAt).toBe('2019-06-01T00:00:00.000Z');
    expect(c?.people).toEqual(['LLOYD', 'D']);
    expect(c?.evidence).toContainEqual({ source: 'police-src', id: 'REL-2' });
  });
  it('stays quiet when the partner’s record is not violence, abuse or drug supply', () => {
    expect(run(adultRisk, withPartner('other'), 'LLOYD', '2019-08-01')).toEqual([]);
  });
  it('fires for an adult under probation supervision with medium risk of serious harm', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2016-01-01' }).person('B', { birthDate: '1977-01-01' }).rel('C', 'B', 'father');
    b.event('supervision', '2017-10-01', { stage: 'started', riskOfSeriousHarm: 'medium' }, { subjects: { B: 'adult' } });
    const [c] = run(adultRisk, b, 'C', '2018-01-01');
    expect(c?.raisedAt).toBe('2017-10-01T00:00:00.000Z');
  });
  it('stays quiet for supervision at low risk', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2016-01-01' }).person('B', { birthDate: '1977-01-01' }).rel('C', 'B', 'father');
    b.event('supervision', '2017-10-01', { stage: 'started', riskOfSeriousHarm: 'low' }, { subjects: { B: 'adult' } });
    expect(run(adultRisk, b, 'C', '2018-01-01')).toEqual([]);
  });
});
