// A small builder of pictures for rule tests: people, relationships and events
// with sensible defaults, so that a test reads like the review's chronology.

import { Calendar } from './calendar.ts';
import type { Agency, Picture, PictureAddress, PictureEvent, PicturePerson, PictureRelationship, Ref } from './picture.ts';
import { indexPicture } from './picture.ts';
import type { Condition, Rule } from './rule.ts';

export type Subjects = Record<string, string> | [string, string][];

export interface EventOptions {
  agency?: Agency;
  id?: string;
  source?: string;
  la?: string | null;
  address?: { line1?: string; postcode?: string } | null;
  subjects?: Subjects;
}

export const HOME = { line1: 'Flat 3, 12 Acre Road', postcode: 'SW18 2AB' };
export const ELSEWHERE = { line1: '4 Mill Lane', postcode: 'CR0 1AA' };

const DEFAULT_AGENCY: Record<string, Agency> = {
  referral: 'csc', assessment: 'csc', strategy_discussion: 'csc', decision_changed: 'csc', s47_enquiry: 'csc',
  cp_conference: 'csc', plan: 'csc', plan_action: 'csc', core_group: 'csc', visit: 'csc', written_agreement: 'csc',
  escalation: 'health_visiting', case_closed: 'csc', allocation: 'csc', transfer: 'csc', looked_after: 'csc',
  appointment: 'gp', pregnancy: 'midwifery', service_level: 'health_visiting', gp_registration: 'gp', health_concern: 'gp',
  police_incident: 'police', da_risk_assessment: 'police', da_disclosure: 'idva', intelligence: 'police', marac: 'marac',
  clares_law: 'police', sharing_decision: 'police', school_notification: 'police', offence: 'police', supervision: 'probation',
  enrolment: 'school', attendance: 'school', move: 'housing', housing_concern: 'housing',
};

export class PictureBuilder {
  readonly people = new Map<string, PicturePerson>();
  readonly relationships: PictureRelationship[] = [];
  readonly events: PictureEvent[] = [];
  private n = 0;

  person(id: string, opts: { birthDate?: string | null; unborn?: boolean; expectedDate?: string; sex?: string; agencies?: Agency[]; addresses?: (Partial<PictureAddress> & { line1: string; postcode: string })[] } = {}): this {
    const agencies = opts.agencies ?? ['csc'];
    const p: PicturePerson = {
      id,
      birthDate: opts.birthDate ?? null,
      records: agencies.map((a) => ({ source: `${a}-src`, id: `${id}-${a}`, agency: a })),
      addresses: (opts.addresses ?? []).map((a) => ({
        line1: a.line1,
        postcode: a.postcode,
        from: a.from ?? null,
        to: a.to ?? null,
        kind: a.kind ?? 'home',
        sealed: a.sealed ?? false,
        source: a.source ?? `${a.agency ?? agencies[0] ?? 'csc'}-src`,
        agency: a.agency ?? agencies[0] ?? 'csc',
      })),
    };
    if (opts.unborn) p.unborn = true;
    if (opts.expectedDate) p.expectedDate = opts.expectedDate;
    if (opts.sex) p.sex = opts.sex;
    this.people.set(id, p);
    return this;
  }

  /** "`to` is the `kind` of `from`". */
  rel(from: string, to: string, kind: string, opts: { start?: string; end?: string; agency?: Agency } = {}): this {
    const agency = opts.agency ?? 'csc';
    this.relationships.push({ from, to, kind, start: opts.start ?? null, end: opts.end ?? null, ref: { source: `${agency}-src`, id: `REL-${++this.n}` }, agency });
    return this;
  }

  event(kind: string, at: string, data: Record<string, unknown> = {}, opts: EventOptions = {}): Ref {
    const agency = opts.agency ?? DEFAULT_AGENCY[kind] ?? 'other';
    const ref = { source: opts.source ?? `${agency}-src`, id: opts.id ?? `${kind}-${++this.n}` };
    const subjects = Array.isArray(opts.subjects)
      ? opts.subjects.map(([person, role]) => ({ person, role }))
      : Object.entries(opts.subjects ?? {}).map(([person, role]) => ({ person, role }));
    this.events.push({ ref, agency, localAuthority: opts.la === undefined ? 'Wandsworth' : opts.la, kind, at, data, subjects, address: opts.address ?? null });
    return ref;
  }

  picture(): Picture {
    return { people: this.people, relationships: this.relationships, events: this.events };
  }
}

/** Evaluates one rule for one subject, with the rule's defaults overridden by `params`. */
export function run<P extends Record<string, unknown>>(rule: Rule<P>, b: PictureBuilder | Picture, subject: string, asOf: string, params: Partial<P> = {}, calendar = new Calendar()): Condition[] {
  const picture = b instanceof PictureBuilder ? b.picture() : b;
  const index = indexPicture(picture, asOf);
  return rule.evaluate({ index, calendar }, subject, { ...rule.defaults, ...params });
}

export const ref = (source: string, id: string): Ref => ({ source, id });
