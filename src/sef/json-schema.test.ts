import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// ajv comes with fastify (not a direct dependency); it is only used here, to
// check the generated schema with an independent validator.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { eventExample, exampleEvent, examplePerson, exampleRelationship, exampleSource } from './examples.ts';
import { sefJsonSchema, sefJsonSchemaText } from './json-schema.ts';
import { EVENT_KINDS } from './vocab.ts';

const committed = fileURLToPath(new URL('../../docs/sef.schema.json', import.meta.url));

describe('docs/sef.schema.json', () => {
  it('is up to date with the zod schemas (run: npx tsx scripts/gen-json-schema.ts)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(sefJsonSchemaText());
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(sefJsonSchema());

  it('accepts the examples of every record type and kind', () => {
    for (const v of [exampleSource, examplePerson, exampleRelationship, exampleEvent, ...EVENT_KINDS.map((k) => eventExample(k)), { ...exampleEvent, kind: 'x-local', data: 'anything' }]) {
      expect(validate(v), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects wrong types, unknown kinds and enum values', () => {
    for (const v of [
      { ...examplePerson, birthDate: 20190314 },
      { ...examplePerson, name: 'Aisha' },
      { ...examplePerson, source: 'Police Met' },
      { ...exampleEvent, kind: 'home_visit' },
      { ...exampleEvent, data: { category: 'burglary' } },
      { ...exampleSource, agency: 'fire' },
      { type: 'people', source: 'x', id: '1' },
      { ...eventExample('intelligence'), address: undefined },
    ]) {
      expect(validate(JSON.parse(JSON.stringify(v)))).toBe(false);
    }
  });
});
