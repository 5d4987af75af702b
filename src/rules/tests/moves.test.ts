import { describe, expect, it } from 'vitest';
import crossBoundary from '../catalogue/cross-boundary-move.ts';
import maracTransfer from '../catalogue/marac-transfer-lost.ts';
import removedFromRoll from '../catalogue/removed-from-roll.ts';
import { PictureBuilder, run } from '../test-builder.ts';

describe('cross-boundary-move', () => {
  // 004 §6.70: the CP family moved to a refuge out of borough; the network was lost.
  function moved() {
    const b = new PictureBuilder().person('MARK', { birthDate: '2015-02-01' }).person('A', { birthDate: '1990-01-01' }).rel('MARK', 'A', 'mother');
    b.event('plan', '2018-12-10', { plan: 'cp', planId: 'P1', stage: 'started' }, { subjects: { MARK: 'child' } });
    b.event('move', '2018-12-14', { fromLocalAuthority: 'Wandsworth', toLocalAuthority: 'Croydon', kind: 'refuge' }, { subjects: { A: 'tenant', MARK: 'child' } });
    return b;
  }
  it('fires when no transfer is received within 10 working days (over Christmas bank holidays)', () => {
    const [c] = run(crossBoundary, moved(), 'MARK', '2019-02-01');
    // 17–21, 24, 27, 28, 31 Dec and 2 Jan: the 10th working day is 2 January 2019.
    expect(c?.raisedAt).toBe('2019-01-02T23:59:59.999Z');
    expect(c?.routing?.localAuthorities).toEqual(['Wandsworth', 'Croydon']);
  });
  it('stays quiet when the transfer is received on the 10th working day', () => {
    const b = moved();
    b.event('transfer', '2019-01-02', { service: 'csc', fromLocalAuthority: 'Wandsworth', toLocalAuthority: 'Croydon', stage: 'received' }, { subjects: { MARK: 'child' } });
    expect(run(crossBoundary, b, 'MARK', '2019-02-01')).toEqual([]);
  });
  it('stays quiet when the family had no open involvement', () => {
    const b = new PictureBuilder().person('MARK', { birthDate: '2015-02-01' });
    b.event('move', '2018-12-14', { fromLocalAuthority: 'Wandsworth', toLocalAuthority: 'Croydon' }, { subjects: { MARK: 'child' } });
    expect(run(crossBoundary, b, 'MARK', '2019-02-01')).toEqual([]);
  });
});

describe('removed-from-roll', () => {
  // 001: the eldest was taken out of school, the second out of nursery; nobody had contact for three months.
  it('fires when a child is removed from roll to an unknown destination', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2013-01-01' });
    b.event('enrolment', '2019-07-20', { setting: 'school', stage: 'removed_from_roll', destination: 'unknown' }, { subjects: { C: 'child' } });
    const [c] = run(removedFromRoll, b, 'C', '2019-08-01');
    expect(c?.raisedAt).toBe('2019-07-20T00:00:00.000Z');
  });
  it('stays quiet when the destination is known', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2013-01-01' });
    b.event('enrolment', '2019-07-20', { setting: 'school', stage: 'removed_from_roll', destination: 'St Mary’s Primary' }, { subjects: { C: 'child' } });
    expect(run(removedFromRoll, b, 'C', '2019-08-01')).toEqual([]);
  });
  function movedPupil() {
    const b = new PictureBuilder().person('C', { birthDate: '2013-01-01' });
    b.event('enrolment', '2018-09-01', { setting: 'school', stage: 'enrolled' }, { subjects: { C: 'child' } });
    b.event('move', '2019-03-01', { fromLocalAuthority: 'Medway', toLocalAuthority: 'Kent', kind: 'permanent' }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires when no setting records the child within 20 school days of a move', () => {
    const [c] = run(removedFromRoll, movedPupil(), 'C', '2019-05-01');
    expect(c?.raisedAt).toBe('2019-03-29T23:59:59.999Z');
  });
  it('stays quiet for a move within the authority while the child stays on the roll', () => {
    const b = new PictureBuilder().person('C', { birthDate: '2013-01-01' });
    b.event('enrolment', '2018-09-01', { setting: 'school', stage: 'enrolled' }, { subjects: { C: 'child' } });
    b.event('move', '2019-03-01', { fromLocalAuthority: 'Medway', toLocalAuthority: 'Medway', kind: 'permanent' }, { subjects: { C: 'child' } });
    expect(run(removedFromRoll, b, 'C', '2019-05-01')).toEqual([]);
  });
  it('stays quiet when a new school enrols the child on the 20th school day', () => {
    const b = movedPupil();
    b.event('enrolment', '2019-03-29', { setting: 'school', stage: 'enrolled' }, { source: 'kent-school', subjects: { C: 'child' } });
    expect(run(removedFromRoll, b, 'C', '2019-05-01')).toEqual([]);
  });
});

describe('marac-transfer-lost', () => {
  // 004 §6.85: Croydon MARAC referred to Lambeth; she was back in Wandsworth; nobody received it.
  function lost() {
    const b = new PictureBuilder().person('A', { birthDate: '1990-01-01' });
    b.event('marac', '2019-01-05', { stage: 'referred', area: 'Croydon', reason: 'dash_high' }, { subjects: { A: 'victim' }, la: 'Croydon' });
    b.event('move', '2019-03-28', { fromLocalAuthority: 'Croydon', toLocalAuthority: 'Wandsworth', kind: 'temporary' }, { subjects: { A: 'tenant' } });
    return b;
  }
  it('fires when no transfer is received within 28 days of the move', () => {
    const [c] = run(maracTransfer, lost(), 'A', '2019-05-01');
    expect(c?.raisedAt).toBe('2019-04-25T23:59:59.999Z');
  });
  it('stays quiet when the receiving MARAC records the transfer on day 28', () => {
    const b = lost();
    b.event('marac', '2019-04-25', { stage: 'transfer_received', area: 'Wandsworth' }, { subjects: { A: 'victim' } });
    expect(run(maracTransfer, b, 'A', '2019-05-01')).toEqual([]);
  });
});
