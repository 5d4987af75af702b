// Writes docs/sef.schema.json from the zod schemas in src/sef, the single
// source of truth. Run: npx tsx scripts/gen-json-schema.ts
// (src/sef/json-schema.test.ts fails when the committed file is stale.)

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sefJsonSchemaText } from '../src/sef/json-schema.ts';

const target = fileURLToPath(new URL('../docs/sef.schema.json', import.meta.url));
writeFileSync(target, sefJsonSchemaText());
console.log(`wrote ${target}`);
