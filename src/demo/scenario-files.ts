// Renders the canonical timeline of each review (copy 0: the review's own
// dates, no random data-quality faults) as the SEF files and expected alerts
// of test/scenarios/. The files are committed and hand-checked against the
// reviews; `npx tsx src/demo/scenario-files.ts` rewrites them after a change
// to a scenario script, so that the diff can be read.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dayOf, iso, type Day } from './dates.ts';
import type { Household, Person } from './model.ts';
import { expectedAlerts } from './oracle.ts';
import { source } from './partnership.ts';
import { project } from './project.ts';
import { lloydMark } from './scenarios/lloyd-mark.ts';
import { smith } from './scenarios/smith.ts';
import { walkerThompson } from './scenarios/walker-thompson.ts';
import { williams } from './scenarios/williams.ts';
import { World } from './world.ts';

export interface ScenarioFileSpec {
  file: string;
  review: string;
  title: string;
  build: (world: World) => Household;
  /** who is who, by canonical given name */
  labels: Record<string, string>;
  /** keep only events on or after this review date (the briefing's narrower window) */
  from?: string;
  /** rules the review's learning names that the records, with default thresholds, do not raise: why */
  notRaised: Record<string, string>;
  /** rules that need linkage or household inference the oracle does not model: what the rules should find */
  linkageDependent: { rule: string; who: string; earliest: string; why: string }[];
}

const asOfFor = (h: Household): Day => (h.trigger?.day ?? 0) + 30;

export const SCENARIO_FILES: readonly ScenarioFileSpec[] = [
  {
    file: 'lloyd-mark-cspr',
    review: 'shared/seeds/004_dafda9c8eee178c5.txt',
    title: 'Child Safeguarding Practice Review: Lloyd and Mark (Wandsworth, 2022)',
    build: (w) => lloydMark(w, w.rng.fork('lloyd-mark'), 0),
    labels: { Amy: 'Ms A (mother)', Mark: 'Mark', Lloyd: 'Lloyd', Benjamin: "Mr B (Mark's father)", Daniel: "Mr D (Ms A's partner in 2019)", Ryan: "Ms A's brother" },
    notRaised: {
      'unknown-adult-in-household': '§4.35: no agency recorded Mr D at the address or in the household before Lloyd died; there was nothing to link.',
      'marac-repeat': 'No domestic abuse by Mr B is recorded within twelve months of the Croxden MARAC referral (November 2014).',
      'home-conditions-recurring': '§4.19: the home was in good condition when visited.',
    },
    linkageDependent: [
      { rule: 'adult-risk-in-household', who: "Mr B (Mark's father)", earliest: '2018-10-17', why: "§4.19, §6.22: the nursery's referral names Mr B as a parent; police hold his domestic abuse history and probation supervise him at medium risk of serious harm. Requires linking the CSC, police and probation records of Mr B." },
    ],
  },
  {
    file: 'mark-lloyd-briefing',
    review: 'shared/seeds/003_d1c93e928156e57c.txt',
    title: 'Mark and Lloyd 7-minute briefing (the same family, April 2018 to August 2019)',
    build: (w) => lloydMark(w, w.rng.fork('lloyd-mark'), 0),
    from: '2017-12-01',
    labels: { Amy: 'Ms A (mother)', Mark: 'Mark', Lloyd: 'Lloyd', Benjamin: "Mr B (Mark's father)", Daniel: 'Mr D (new partner)', Ryan: "Ms A's brother" },
    notRaised: {
      'unknown-adult-in-household': '003 §1, §3: Mr D was unknown to every agency; no record linked him to the family.',
    },
    linkageDependent: [
      { rule: 'adult-risk-in-household', who: "Mr B (Mark's father)", earliest: '2018-10-17', why: '003 §3: probation and police knew Mr B; the nursery referral names him as a parent.' },
    ],
  },
  {
    file: 'williams',
    review: 'shared/seeds/000_916965cb9a9cd511.txt',
    title: 'Williams family Learning Lessons Review (Medway, 2020)',
    build: (w) => williams(w, w.rng.fork('williams'), 0),
    labels: { Wendy: 'Mother', William: 'Eldest child', Willow: 'Middle child (3 at the trigger)', Winnie: 'Youngest child (2 at the trigger)', Warren: "Eldest child's father", Wayne: "Mother's partner, the younger children's father" },
    notRaised: {
      'home-conditions-recurring': 'Concerns in 2014, 2015 and 2018 (and the trigger in 2020) never reach three in 24 months: the default threshold misses this family. A partnership may lengthen the window.',
      'no-access-visits': 'Early help were refused entry once, then saw the children: one no-access visit, not two in a row.',
      'police-concern-not-shared': 'The 2020 welfare check was referred to CSC the same day.',
    },
    linkageDependent: [
      { rule: 'unknown-adult-in-household', who: "Mother's partner, the younger children's father", earliest: '2018-09-02', why: "000 Findings: fathers missing from every agency's records; police hold the partner as the suspect at the family's address." },
      { rule: 'adult-risk-in-household', who: "Mother's partner, the younger children's father", earliest: '2018-09-02', why: '000 2018: a domestic abuse incident with both children present.' },
    ],
  },
  {
    file: 'smith',
    review: 'shared/seeds/001_664b905551fdd777.txt',
    title: 'Smith family Learning Lessons Review (Medway, 2020)',
    build: (w) => smith(w, w.rng.fork('smith'), 0),
    labels: { Stacey: 'Mother', Sam: 'Eldest child', Sky: 'Second child', Sid: 'Twin 1', Sol: 'Twin 2', Sage: 'Fifth child', Scott: "Eldest's father", Sean: "Second child's father", Steven: 'Father of the three youngest' },
    notRaised: {},
    linkageDependent: [
      { rule: 'adult-risk-in-household', who: 'Father of the three youngest', earliest: '2016-09-01', why: '001 Findings: partners all known to police, one for drug supply; he lives with the family from 2016.' },
      { rule: 'unknown-adult-in-household', who: 'Father of the three youngest', earliest: '2016-09-01', why: '001 Findings: little documented about him or his relationship with the children.' },
    ],
  },
  {
    file: 'walker-thompson',
    review: 'shared/seeds/002_a4d3bc36566ddeec.txt',
    title: 'Walker-Thompson family 7-point briefing',
    build: (w) => walkerThompson(w, w.rng.fork('walker-thompson'), 0),
    labels: { Bridget: 'Ms Walker (mother)', Patrick: 'Mr Thompson (father)', Kathleen: 'Eldest child', John: 'Second child', Mary: 'Third child', Michael: 'Fourth child', Margaret: 'Fifth child', Tommy: 'Sixth child', Nora: 'Seventh child' },
    notRaised: {},
    linkageDependent: [
      { rule: 'adult-risk-in-household', who: 'Mr Thompson (father)', earliest: '2021-01-12', why: '002 LP6: police record him as the suspect of domestic abuse at the family home.' },
    ],
  },
];

export function renderScenarioFile(spec: ScenarioFileSpec): { sef: string; expected: unknown } {
  const world = new World({ seed: `scenario/${spec.file}`, asOf: dayOf('2030-01-01'), historyYears: 8 });
  const h = spec.build(world);
  if (spec.from) {
    const from = dayOf(spec.from);
    // The briefing keeps the parent's own history (cited in 003 §1) and the period it covers.
    h.events = h.events.filter((e) => e.day >= from || e.subjects.some((s) => s.role === 'child' && h.persons.find((p) => p.pid === s.pid && !p.child)));
  }
  const asOf = asOfFor(h);
  const out = project(world, world.rng.fork('project'), h, { invalidIdentifiers: 0 }, { clean: true, comments: true });
  const label = (p: Person) => spec.labels[p.given] ?? p.given;
  const recordsOf = new Map<string, { source: string; id: string }[]>();
  for (const t of out.truth) {
    const o = JSON.parse(t) as { person: string; records: { source: string; id: string }[] };
    recordsOf.set(o.person, o.records);
  }
  const usedSources = [...new Set(out.lines.filter((l) => !l.startsWith('//')).map((l) => (JSON.parse(l) as { source: string }).source))].sort();
  const header = [
    `// ${spec.title}`,
    `// Source: ${spec.review}. Written from the review text: what each agency would have recorded, and when.`,
    '// Names are invented (Ms A is "Amy", Mr B "Benjamin", …); dates are the review\'s, to the month where it gives only a month.',
    '// A `// …` line before a record cites the paragraph it follows. Expected alerts: the .expected.json file beside this one.',
    ...usedSources.map((id) => {
      const s = source(id);
      return JSON.stringify({ type: 'source', id: s.id, agency: s.agency, name: s.name, localAuthority: s.localAuthority });
    }),
  ];
  const alerts = expectedAlerts(h, asOf).map((a) => {
    const p = h.persons.find((x) => x.pid === a.pid) as Person;
    const recs = recordsOf.get(a.pid) ?? [];
    const primary = recs.find((r) => r.source.startsWith('csc-')) ?? recs[0];
    return {
      rule: a.rule,
      who: label(p),
      person: primary,
      personRecords: recs,
      earliest: iso(a.earliest),
      evidence: a.evidence.map((e) => ({ source: e.src, id: e.id, kind: e.kind, at: iso(e.day) })),
      citation: h.citations?.[a.rule] ?? spec.review,
    };
  });
  const trigger = h.trigger;
  const expected = {
    scenario: spec.file,
    review: spec.review,
    title: spec.title,
    asOf: iso(asOf),
    trigger: trigger ? { date: iso(trigger.day), record: { source: trigger.src, id: trigger.id }, kind: trigger.kind, cite: trigger.tag } : null,
    people: Object.fromEntries(h.persons.filter((p) => recordsOf.has(p.pid)).map((p) => [label(p), recordsOf.get(p.pid)])),
    alerts,
    notRaised: spec.notRaised,
    linkageDependent: spec.linkageDependent,
    note: 'alerts: computed by src/demo/oracle.ts from these records at default thresholds and checked by hand against the review; earliest is the data time the condition first holds (for a deadline rule, the day the deadline passed). linkageDependent: expectations that need record linkage and household inference; dates are when the facts were first all on record.',
  };
  // The world runs on past the review (schools keep recording attendance), but
  // a scenario is what was on record when the review looked: nothing after asOf.
  const lines: string[] = [];
  let comments: string[] = [];
  for (const line of out.lines) {
    if (line.startsWith('//')) {
      comments.push(line);
      continue;
    }
    const record = JSON.parse(line) as { type: string; at?: string };
    if (!(record.type === 'event' && record.at && record.at.slice(0, 10) > iso(asOf))) lines.push(...comments, line);
    comments = [];
  }
  return { sef: [...header, ...lines, ...comments].join('\n') + '\n', expected };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = new URL('../../test/scenarios/', import.meta.url);
  for (const spec of SCENARIO_FILES) {
    const { sef, expected } = renderScenarioFile(spec);
    writeFileSync(new URL(`${spec.file}.sef.jsonl`, dir), sef);
    writeFileSync(new URL(`${spec.file}.expected.json`, dir), JSON.stringify(expected, null, 2) + '\n');
    console.log(spec.file, sef.split('\n').length, 'lines', (expected as { alerts: unknown[] }).alerts.length, 'alerts');
  }
}
