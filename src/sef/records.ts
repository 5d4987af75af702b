// The four SEF v1 record types. These zod schemas are the single source of
// truth: the TypeScript types, the parser and docs/sef.schema.json all come
// from here. They validate; parseRecord/parseLine (parse.ts) also
// normalise (null removal, trimming, postcodes, identifiers, sealing) and
// give plain-English problems, so read SEF through those, not schema.parse.

import { z } from 'zod';
import { dayOf } from './dates.ts';
import {
  agency,
  bool,
  date,
  idString,
  type Normalised,
  list,
  oneOf,
  opt,
  postcode,
  shortLine,
  sourceName,
  text,
} from './fields.ts';
import { eventDataSchemas, type EventDataSchemas } from './kinds.ts';
import { describeValue } from './text.ts';
import { ADDRESS_KINDS, EVENT_KINDS, RELATIONSHIP_KINDS, SEXES, type EventKind } from './vocab.ts';

/** Blank means absent for names and addresses (parseRecord trims them). */
const blank = (s: string | null | undefined): boolean => s == null || s.trim() === '';

const recordedAt = () => opt(date('dateTime')).meta({ description: 'When the source recorded this version' });

export const nameSchema = z
  .looseObject(
    {
      given: opt(shortLine()),
      middle: opt(shortLine()),
      family: opt(shortLine()),
    },
    {
      error: (iss) =>
        iss.code === 'invalid_type' && iss.input !== undefined
          ? `must be an object like {"given":"Aisha","family":"Adeyemi"}, got ${describeValue(iss.input)}`
          : undefined,
    },
  )
  .superRefine((n, ctx) => {
    if (blank(n.given) && blank(n.family))
      ctx.addIssue({ code: 'custom', message: 'needs a given or a family name (or both)', input: n });
  })
  .meta({ id: 'Name', description: 'A person name; given or family is required' });

export const addressSchema = z
  .looseObject({
    line1: opt(shortLine()),
    line2: opt(shortLine()),
    line3: opt(shortLine()),
    town: opt(shortLine()),
    county: opt(shortLine()),
    postcode: opt(postcode()),
    from: opt(date('dayOrDateTime')),
    to: opt(date('dayOrDateTime')),
    kind: opt(oneOf(ADDRESS_KINDS)),
    sealed: opt(bool()).meta({ description: 'Never shown to a user without the right to see it (refuges, protected placements)' }),
  })
  .superRefine((a, ctx) => {
    if (blank(a.line1) && blank(a.postcode))
      ctx.addIssue({ code: 'custom', message: 'needs at least line1 or a postcode', input: a });
    if (a.from && a.to && dayOf(a.to) < dayOf(a.from))
      ctx.addIssue({ code: 'custom', path: ['to'], message: `${JSON.stringify(a.to)} is before from (${a.from})`, input: a.to });
  })
  .meta({ id: 'Address', description: 'An address; needs line1 or a postcode. A refuge address is always treated as sealed.' });

export const subjectSchema = z
  .looseObject({
    person: idString().meta({ description: 'Id of a person record of the same source' }),
    role: opt(shortLine()).meta({
      description:
        'child, parent, carer, victim, suspect, perpetrator, child_present, household_member, adult, mother, baby, tenant, father, or a local role',
    }),
  })
  .meta({ id: 'Subject' });

const common = {
  source: sourceName(),
  id: idString(),
  recordedAt: recordedAt(),
};

export const sourceRecordSchema = z
  .looseObject({
    type: z.literal('source'),
    id: sourceName().meta({ description: 'The source name other records use' }),
    // Optional; when given it must repeat the id.
    source: opt(sourceName()),
    agency: agency(),
    name: opt(shortLine()),
    localAuthority: opt(shortLine()),
    recordedAt: recordedAt(),
  })
  .superRefine((s, ctx) => {
    if (s.source != null && s.source !== s.id)
      ctx.addIssue({ code: 'custom', path: ['source'], message: `must be left out or equal the id ("${s.id}") in a source record`, input: s.source });
  })
  .meta({ id: 'SourceRecord', description: 'An agency system; other records name it in their source field' });

export const personRecordSchema = z
  .looseObject({
    type: z.literal('person'),
    ...common,
    name: nameSchema,
    aliases: opt(list(nameSchema)),
    birthDate: opt(date('partial')),
    sex: opt(oneOf(SEXES)),
    nhsNumber: opt(shortLine()),
    upn: opt(shortLine()),
    unborn: opt(bool()),
    expectedDate: opt(date('day')),
    addresses: opt(list(addressSchema)),
    phones: opt(list(shortLine())),
  })
  .superRefine((p, ctx) => {
    if (p.unborn === true && p.expectedDate == null)
      ctx.addIssue({ code: 'custom', path: ['expectedDate'], message: 'is required for an unborn child ("unborn": true)', input: undefined });
  })
  .meta({ id: 'PersonRecord', description: "One agency's record of a person" });

export const relationshipRecordSchema = z
  .looseObject({
    type: z.literal('relationship'),
    ...common,
    from: idString().meta({ description: 'Person id (same source)' }),
    to: idString().meta({ description: 'Person id (same source): "to is the kind of from"' }),
    kind: oneOf(RELATIONSHIP_KINDS),
    start: opt(date('dayOrDateTime')),
    end: opt(date('dayOrDateTime')),
  })
  .superRefine((r, ctx) => {
    if (r.from === r.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `is the same person as from (${JSON.stringify(r.from)})`, input: r.to });
    if (r.start && r.end && dayOf(r.end) < dayOf(r.start))
      ctx.addIssue({ code: 'custom', path: ['end'], message: `${JSON.stringify(r.end)} is before start (${r.start})`, input: r.end });
  })
  .meta({ id: 'RelationshipRecord', description: '"to is the kind of from"; both are person ids of the same source' });

const eventCommon = {
  type: z.literal('event'),
  ...common,
  at: date('dayOrDateTime').meta({ description: 'When it happened' }),
  subjects: opt(list(subjectSchema)),
  address: opt(addressSchema),
  text: opt(text()),
};

/** An event of one v1 kind, with that kind's `data` (absent `data` is read as {}). */
function eventOfKind<K extends EventKind>(kind: K) {
  const data = eventDataSchemas[kind] as EventDataSchemas[K];
  return z.looseObject({
    ...eventCommon,
    kind: z.literal(kind),
    data: z.prefault(data, {} as z.input<EventDataSchemas[K]>),
  });
}

// intelligence is about a place: sef.md requires its address.
const intelligenceEventSchema = eventOfKind('intelligence').extend({ address: addressSchema });

type EventSchemas = {
  [K in EventKind]: K extends 'intelligence' ? typeof intelligenceEventSchema : ReturnType<typeof eventOfKind<K>>;
};

/** The schema of each v1 event kind (the whole record, not just `data`). */
export const eventSchemas = Object.fromEntries(
  EVENT_KINDS.map((k) => [k, (k === 'intelligence' ? intelligenceEventSchema : eventOfKind(k)).meta({ id: `Event.${k}` })]),
) as unknown as EventSchemas;

export const EXTENSION_KIND_RE = /^x-.+$/;

/** A local extension kind: any data, used by no built-in rule. */
export const extensionEventSchema = z.looseObject({
  ...eventCommon,
  kind: z.templateLiteral(['x-', z.string().min(1)]),
  data: z.unknown(), // absent is normalised to {} by parseRecord
}).meta({ id: 'Event.extension', description: 'A local kind ("x-…"): any data, stored and shown, used by no built-in rule' });

/** Common fields only, to report envelope problems for an event of an unknown kind. */
export const eventEnvelopeSchema = z.looseObject({ ...eventCommon, kind: z.string(), data: z.unknown().optional() });

const knownEventSchemas = EVENT_KINDS.map((k) => eventSchemas[k]) as unknown as [
  EventSchemas[EventKind],
  ...EventSchemas[EventKind][],
];

export const eventRecordSchema = z.union([z.discriminatedUnion('kind', knownEventSchemas), extensionEventSchema]);

export const sefRecordSchema = z.union([sourceRecordSchema, personRecordSchema, relationshipRecordSchema, eventRecordSchema]);

/**
 * What parseRecord returns: the schema output with nulls removed (null means
 * absent), names and addresses trimmed, postcodes normalised, `data` always
 * present.
 */
export type SefName = Normalised<z.output<typeof nameSchema>>;
export type SefAddress = Normalised<z.output<typeof addressSchema>>;
export type SefSubject = Normalised<z.output<typeof subjectSchema>>;
export type SourceRecord = Normalised<z.output<typeof sourceRecordSchema>>;
export type PersonRecord = Normalised<z.output<typeof personRecordSchema>>;
export type RelationshipRecord = Normalised<z.output<typeof relationshipRecordSchema>>;
export type EventRecordOf<K extends EventKind> = Normalised<z.output<EventSchemas[K]>>;
export type KnownEventRecord = EventRecordOf<EventKind>;
export type ExtensionEventRecord = Normalised<z.output<typeof extensionEventSchema>>;
/** An event; narrow on `kind` to get the typed `data`. */
export type EventRecord = KnownEventRecord | ExtensionEventRecord;
export type SefRecord = SourceRecord | PersonRecord | RelationshipRecord | EventRecord;
/** What an exporter may write (before normalisation): nulls allowed, `data` optional. */
export type SefRecordInput = z.input<typeof sefRecordSchema>;
