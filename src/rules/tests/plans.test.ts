import { describe, expect, it } from 'vitest';
import coreGroupGaps from '../catalogue/core-group-gaps.ts';
import cpActions from '../catalogue/cp-plan-actions-dropped.ts';
import s47 from '../catalogue/s47-changed-without-partners.ts';
import stepDown from '../catalogue/step-down-dissent-not-escalated.ts';
import writtenAgreement from '../catalogue/written-agreement-unshared.ts';
import { PictureBuilder, run } from '../test-builder.ts';

const child = () => new PictureBuilder().person('C', { birthDate: '2015-02-01' });

describe('s47-changed-without-partners', () => {
  // 002 LP5: section 47 changed to section 17 without partners.
  function changed(partnersInformed: boolean) {
    const b = child();
    b.event('strategy_discussion', '2020-06-01', { decision: 's47', attendees: ['csc', 'police', 'health_visiting'] }, { subjects: { C: 'child' } });
    b.event('decision_changed', '2020-06-10', { from: 's47', to: 's17', partnersInformed }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires when the change is made without informing partners, routed to them', () => {
    const [c] = run(s47, changed(false), 'C', '2020-07-01');
    expect(c?.raisedAt).toBe('2020-06-10T00:00:00.000Z');
    expect(c?.routing?.agencies).toEqual(['police', 'health_visiting']);
  });
  it('stays quiet when partners were informed', () => {
    expect(run(s47, changed(true), 'C', '2020-07-01')).toEqual([]);
  });
});

describe('step-down-dissent-not-escalated', () => {
  // 004 §6.51, §6.112: health visitor and children’s centre dissented; nobody escalated.
  function ended() {
    const b = child();
    b.event('plan', '2019-07-25', { plan: 'cp', planId: 'P1', stage: 'ended', reason: 'stepped_down', dissent: ['health_visiting', 'other'] }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires when no escalation follows within 5 working days', () => {
    const [c] = run(stepDown, ended(), 'C', '2019-08-20');
    expect(c?.raisedAt).toBe('2019-08-01T23:59:59.999Z');
    expect(c?.routing?.agencies).toEqual(['health_visiting', 'other']);
  });
  it('stays quiet when the health visitor escalates on the 5th working day', () => {
    const b = ended();
    b.event('escalation', '2019-08-01', { stage: 'raised', by: 'health_visiting', about: 'step-down' }, { subjects: { C: 'child' } });
    expect(run(stepDown, b, 'C', '2019-08-20')).toEqual([]);
  });
});

describe('cp-plan-actions-dropped', () => {
  // 004 §6.16, §6.32: Mark’s speech and language needs were assessed but never in the plan.
  function plan() {
    const b = child();
    b.event('plan', '2018-12-10', { plan: 'cp', planId: 'P1', stage: 'started', needs: ['speech_language', 'domestic_abuse'] }, { subjects: { C: 'child' } });
    b.event('plan_action', '2018-12-20', { planId: 'P1', actionId: 'A1', action: 'Refuge placement', owner: 'housing', due: '2019-06-01', status: 'open', addresses: ['domestic_abuse'] });
    return b;
  }
  it('fires 6 weeks after the plan started when an assessed need has no action', () => {
    const [c] = run(cpActions, plan(), 'C', '2019-02-01');
    expect(c?.raisedAt).toBe('2019-01-21T23:59:59.999Z');
    expect(c?.explanation).toMatch(/speech_language/);
  });
  it('stays quiet when an action addresses it the day before', () => {
    const b = plan();
    b.event('plan_action', '2019-01-21', { planId: 'P1', actionId: 'A2', action: 'SALT referral', owner: 'health_visiting', due: '2019-03-01', status: 'open', addresses: ['speech_language'] });
    expect(run(cpActions, b, 'C', '2019-02-01')).toEqual([]);
  });
  it('fires the day after an action’s due date passes without done', () => {
    const b = plan();
    b.event('plan_action', '2019-01-21', { planId: 'P1', actionId: 'A2', action: 'SALT referral', due: '2019-03-01', status: 'open', addresses: ['speech_language'] });
    const [c] = run(cpActions, b, 'C', '2019-04-01');
    expect(c?.raisedAt).toBe('2019-03-01T23:59:59.999Z');
  });
  it('stays quiet when the action is done on its due date', () => {
    const b = plan();
    b.event('plan_action', '2019-01-21', { planId: 'P1', actionId: 'A2', action: 'SALT referral', due: '2019-03-01', status: 'open', addresses: ['speech_language'] });
    b.event('plan_action', '2019-03-01', { planId: 'P1', actionId: 'A2', due: '2019-03-01', status: 'done', addresses: ['speech_language'] });
    expect(run(cpActions, b, 'C', '2019-04-01')).toEqual([]);
  });
  it('fires when an action is dropped without a reason', () => {
    const b = plan();
    b.event('plan_action', '2019-01-10', { planId: 'P1', actionId: 'A2', due: '2019-06-01', status: 'open', addresses: ['speech_language'] });
    b.event('plan_action', '2019-02-15', { planId: 'P1', actionId: 'A2', due: '2019-06-01', status: 'dropped', addresses: ['speech_language'] });
    expect(run(cpActions, b, 'C', '2019-03-01')[0]?.raisedAt).toBe('2019-02-15T00:00:00.000Z');
  });
});

describe('core-group-gaps', () => {
  // 004 §6.31, §6.46: late and changing core groups, housing absent.
  function icpc() {
    const b = child();
    b.event('cp_conference', '2018-12-10', { conference: 'initial', outcome: 'cp_plan', category: 'emotional' }, { subjects: { C: 'child' } });
    b.event('plan', '2018-12-10', { plan: 'cp', planId: 'P1', stage: 'started' }, { subjects: { C: 'child' } });
    return b;
  }
  it('fires when no core group meets within 10 working days of the initial conference', () => {
    const [c] = run(coreGroupGaps, icpc(), 'C', '2019-01-15');
    expect(c?.raisedAt).toBe('2018-12-24T23:59:59.999Z');
  });
  it('stays quiet when the core group meets on the 10th working day', () => {
    const b = icpc();
    b.event('core_group', '2018-12-24', { planId: 'P1', attendees: ['csc', 'health_visiting'] }, { subjects: { C: 'child' } });
    expect(run(coreGroupGaps, b, 'C', '2019-01-15')).toEqual([]);
  });
  it('fires when a core group meets without housing although there is a housing concern', () => {
    const b = icpc();
    b.event('housing_concern', '2018-11-01', { concern: 'conditions' }, { subjects: { C: 'child' } });
    b.event('core_group', '2018-12-20', { planId: 'P1', attendees: ['csc', 'health_visiting'] }, { subjects: { C: 'child' } });
    const [c] = run(coreGroupGaps, b, 'C', '2019-01-15');
    expect(c?.raisedAt).toBe('2018-12-20T00:00:00.000Z');
    expect(c?.explanation).toMatch(/without housing/);
  });
  it('fires on the third change of membership within 8 months', () => {
    const b = icpc();
    const groups: [string, string[]][] = [['2018-12-20', ['csc', 'nursery']], ['2019-01-25', ['csc', 'health_visiting']], ['2019-03-05', ['csc', 'other']], ['2019-04-15', ['csc', 'health_visiting', 'other']]];
    for (const [d, attendees] of groups) b.event('core_group', d, { planId: 'P1', attendees }, { subjects: { C: 'child' } });
    const cs = run(coreGroupGaps, b, 'C', '2019-05-01');
    expect(cs.map((c) => c.raisedAt)).toEqual(['2019-04-15T00:00:00.000Z']);
  });
});

describe('written-agreement-unshared', () => {
  // 004 §6.110: a colleague saw the excluded relative in the house, unaware of the agreement.
  it('fires when a written agreement is shared with no partner agency', () => {
    const b = child();
    b.event('written_agreement', '2016-10-15', { stage: 'made', sharedWith: [], terms: 'exclude the family member' }, { subjects: { C: 'child' } });
    expect(run(writtenAgreement, b, 'C', '2016-11-01')[0]?.raisedAt).toBe('2016-10-15T00:00:00.000Z');
  });
  it('stays quiet when it is shared with the health visitor', () => {
    const b = child();
    b.event('written_agreement', '2016-10-15', { stage: 'made', sharedWith: ['health_visiting'] }, { subjects: { C: 'child' } });
    expect(run(writtenAgreement, b, 'C', '2016-11-01')).toEqual([]);
  });
  it('fires 5 working days after a breach with no strategy discussion or review', () => {
    const b = child();
    b.event('written_agreement', '2016-10-15', { stage: 'made', sharedWith: ['health_visiting'] }, { subjects: { C: 'child' } });
    b.event('written_agreement', '2016-11-03', { stage: 'breached', sharedWith: ['health_visiting'] }, { subjects: { C: 'child' } });
    expect(run(writtenAgreement, b, 'C', '2016-12-01')[0]?.raisedAt).toBe('2016-11-10T23:59:59.999Z');
    b.event('strategy_discussion', '2016-11-10', { decision: 's47' }, { subjects: { C: 'child' } });
    expect(run(writtenAgreement, b, 'C', '2016-12-01')).toEqual([]);
  });
});
