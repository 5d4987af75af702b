// The JSON Schema of one SEF v1 line, derived from the zod schemas. It
// describes what an exporter may write (the input side: nulls allowed, data
// optional); cross-field rules (an unborn child needs expectedDate, …) are
// in docs/sef-validation.md, not in the JSON Schema.

import { z } from 'zod';
import { sefRecordSchema } from './records.ts';
import { SEF_VERSION } from './vocab.ts';

export function sefJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(sefRecordSchema, {
    io: 'input',
    target: 'draft-2020-12',
  });
  return {
    $schema: schema.$schema,
    $id: `https://seen.example/sef/v${SEF_VERSION}/record.schema.json`,
    title: `SEF v${SEF_VERSION} record`,
    description:
      'One line of a SEF (Seen event format) JSON Lines file. Generated from src/sef by scripts/gen-json-schema.ts; do not edit by hand.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file contents of docs/sef.schema.json. */
export function sefJsonSchemaText(): string {
  return `${JSON.stringify(sefJsonSchema(), null, 2)}\n`;
}
