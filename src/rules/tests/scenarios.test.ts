// The rules against the five hand-written review scenarios in test/scenarios,
// with the linkage those files declare (so this checks the rules, not record
// linkage): every expected alert is raised on its expected date, or is a
// later occurrence of a condition whose alert is already open (one open alert
// per rule and subject). Prints the lead time before each review's trigger.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAY, parseTime } from '../calendar.ts';
import { evaluatePicture } from '../engine.ts';
import { defaultPolicy } from '../policy.ts';
import type { Condition } from '../rule.ts';
import { pictureFromSef } from '../scenario-picture.ts';

interface Expected {
  asOf: string;
  trigger: { date: string } | null;
  people: Record<string, { source: string; id: string }[]>;
  alerts: { rule: string; who: string; earliest: string }[];
  notRaised: Record<string, string>;
}

const FILES = ['lloyd-mark-cspr', 'mark-lloyd-briefing', 'smith', 'walker-thompson', 'williams'];

// Where the rules and the scenario oracle (src/demo/oracle.ts) knowingly differ.
const KNOWN: Record<string, string> = {
  // The oracle's working days skip weekends only; the rules also skip bank
  // holidays (Christmas 2018, August 2019), so the deadline passes later.
  'cross-boundary-move': 'bank holidays',
};
const KNOWN_NOT_RAISED: Record<string, string> = {
  // police-tv NOM0000004 records Mr D at the family's Railway Street flat from
  // 2019-04-25, so police did link him to the address; the expected file says
  // no agency did.
  'lloyd-mark-cspr/unknown-adult-in-household': 'scenario data',
  'mark-lloyd-briefing/unknown-adult-in-household': 'scenario data',
};

const day = (iso: string) => iso.slice(0, 10);

function covers(c: Condition, earliest: string): boolean {
  if (day(c.raisedAt) === earliest) return true;
  // A later occurrence merged into an alert that was already open.
  return day(c.raisedAt) <= earliest && (c.resolvedAt === undefined || day(c.resolvedAt) >= earliest);
}

describe('review scenarios (test/scenarios)', () => {
  for (const file of FILES) {
    it(`${file}: raises every expected alert on its date`, () => {
      const dir = new URL('../../../test/scenarios/', import.meta.url);
      const expected = JSON.parse(readFileSync(new URL(`${file}.expected.json`, dir), 'utf8')) as Expected;
      const picture = pictureFromSef(readFileSync(new URL(`${file}.sef.jsonl`, dir), 'utf8'), expected.people);
      const ev = evaluatePicture(picture, `${expected.asOf}T23:59:59.999Z`, defaultPolicy());
      const missed: string[] = [];
      const leads: number[] = [];
      for (const a of expected.alerts) {
        const mine = ev.conditions.filter((c) => c.rule === a.rule && c.subject === a.who);
        const hit = mine.find((c) => covers(c, a.earliest));
        if (hit) {
          if (expected.trigger && day(hit.raisedAt) === a.earliest) leads.push((parseTime(expected.trigger.date) - parseTime(day(hit.raisedAt))) / DAY);
          continue;
        }
        if (KNOWN[a.rule] && mine.length > 0) continue;
        missed.push(`${a.rule} for ${a.who} expected ${a.earliest}; raised ${mine.map((c) => day(c.raisedAt)).join(', ') || 'never'}`);
      }
      const wrongly = Object.keys(expected.notRaised).filter((rule) => ev.conditions.some((c) => c.rule === rule) && !KNOWN_NOT_RAISED[`${file}/${rule}`]);
      const before = leads.filter((d) => d > 0);
      console.log(
        `scenario ${file}: ${expected.alerts.length - missed.length}/${expected.alerts.length} expected alerts raised; ` +
          `${before.length} before the trigger (${expected.trigger?.date ?? 'none'}), the earliest ${Math.max(0, ...before)} days before`,
      );
      expect(missed).toEqual([]);
      expect(wrongly).toEqual([]);
    });
  }
});
