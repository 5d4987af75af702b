/**
 * One plain-English line per event for a chronology, from its kind and data:
 * what a practitioner would write in a case note, not a dump of fields.
 */
type Data = Record<string, unknown>;

const words = (v: unknown): string => (typeof v === 'string' ? v.replace(/_/g, ' ') : '');
const list = (v: unknown): string => (Array.isArray(v) ? v.map(words).filter(Boolean).join(', ') : '');
const part = (label: string, v: unknown): string | null => {
  const text = Array.isArray(v) ? list(v) : typeof v === 'boolean' ? (v ? 'yes' : 'no') : words(v);
  return text ? `${label} ${text}` : null;
};

const describers: Record<string, (d: Data) => (string | null)[]> = {
  referral: (d) => ['Referral', part('from', d.referrer), part('about', d.concerns), part('outcome:', d.outcome)],
  assessment: (d) => [`Assessment ${words(d.stage) || ''}`.trim(), part('outcome:', d.outcome), d.previousHistoryConsidered === false ? 'previous history not considered' : null],
  strategy_discussion: (d) => ['Strategy discussion', part('decision:', d.decision), part('attended by', d.attendees)],
  decision_changed: (d) => [`Decision changed from ${words(d.from)} to ${words(d.to)}`, d.partnersInformed === false ? 'partners not informed' : d.partnersInformed === true ? 'partners informed' : null],
  s47_enquiry: (d) => [`Section 47 enquiry ${words(d.stage)}`.trim(), part('outcome:', d.outcome)],
  cp_conference: (d) => [`${words(d.conference) || 'Child protection'} conference`.replace(/^./, (c) => c.toUpperCase()), part('outcome:', d.outcome), part('category:', d.category), part('attended by', d.attendees)],
  plan: (d) => [`${(words(d.plan) || '').toUpperCase()} plan ${words(d.stage)}`.trim(), part('reason:', d.reason), part('dissent from', d.dissent)],
  plan_action: (d) => [`Plan action: ${words(d.action)}`, part('owner', d.owner), part('due', d.due), part('status', d.status)],
  core_group: (d) => ['Core group', part('invited', d.invited), part('attended by', d.attendees)],
  visit: (d) => [`${(words(d.purpose) || 'home').replace(/^./, (c) => c.toUpperCase())} visit`, part('outcome:', d.outcome), d.seenAlone === true ? 'child seen alone' : null],
  written_agreement: (d) => [`Written agreement ${words(d.stage)}`.trim(), part('shared with', d.sharedWith)],
  escalation: (d) => [`Escalation ${words(d.stage)}`.trim(), part('by', d.by), part('about', d.about)],
  case_closed: (d) => [`${(words(d.service) || 'Case').toUpperCase()} case closed`, part('reason:', d.reason)],
  allocation: (d) => [`Allocated ${words(d.role) || 'worker'}`],
  transfer: (d) => [`Transfer ${words(d.stage)}`.trim(), part('from', d.fromLocalAuthority), part('to', d.toLocalAuthority)],
  looked_after: (d) => [`Looked after ${words(d.stage)}`.trim(), part('legal status', d.legalStatus)],
  appointment: (d) => [`${(words(d.service) || 'health').replace(/^./, (c) => c.toUpperCase())} appointment`, part('outcome:', d.outcome)],
  pregnancy: (d) => [`Pregnancy ${words(d.stage)}`.trim(), d.gestationWeeks !== undefined ? `at ${String(d.gestationWeeks)} weeks` : null, part('expected', d.expectedDate)],
  service_level: (d) => [`${(words(d.service) || 'Service').replace(/^./, (c) => c.toUpperCase())} level: ${words(d.level)}`],
  gp_registration: (d) => [`GP ${words(d.stage)}`.trim(), part('practice', d.practice)],
  health_concern: (d) => ['Health concern', part('', d.concern)],
  police_incident: (d) => [
    `Police incident${d.category ? `: ${words(d.category)}` : ''}`,
    d.childrenPresent === true ? (d.childrenSeen === true ? 'children present and seen' : 'children present, not seen') : null,
    part('shared with', d.sharedWith),
  ],
  da_risk_assessment: (d) => [`Domestic abuse risk assessment (${words(d.tool).toUpperCase() || 'tool not recorded'})`, part('level', d.level), d.score !== undefined ? `${String(d.score)} risk factors` : null],
  da_disclosure: (d) => ['Domestic abuse disclosed', part('to', d.to)],
  intelligence: (d) => ['Police intelligence', part('', d.category), part('grading:', d.grading)],
  marac: (d) => [`MARAC ${words(d.stage)}`.trim(), part('area', d.area), part('reason:', d.reason)],
  clares_law: (d) => [`Clare's Law ${words(d.route)}`.trim(), part('outcome:', d.outcome)],
  sharing_decision: (d) => [`Information ${d.decision === 'not_shared' ? 'not shared' : 'shared'}`, part('with', d.with), part('reason:', d.reason)],
  school_notification: (d) => [`School notified (${words(d.scheme) || 'notification'})`],
  offence: (d) => [`Offence ${words(d.stage)}`.trim(), part('', d.category)],
  supervision: (d) => [`Probation supervision ${words(d.stage)}`.trim(), part('risk of serious harm', d.riskOfSeriousHarm)],
  enrolment: (d) => [`${(words(d.setting) || 'Setting').replace(/^./, (c) => c.toUpperCase())} ${words(d.stage)}`.trim(), part('destination', d.destination)],
  attendance: (d) => [`Attendance ${d.percent !== undefined ? `${String(d.percent)}%` : ''}`.trim(), part('from', d.from), part('to', d.to)],
  move: (d) => [`Moved${d.kind ? ` (${words(d.kind)})` : ''}`, part('from', d.fromLocalAuthority), part('to', d.toLocalAuthority)],
  housing_concern: (d) => ['Housing concern', part('', d.concern)],
};

export function describeEvent(kind: string, data: Data): string {
  const describe = describers[kind];
  if (!describe) return kind.startsWith('x-') ? `Local record (${kind.slice(2).replace(/[-_]/g, ' ')})` : kind.replace(/_/g, ' ');
  return describe(data)
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .join('; ');
}
