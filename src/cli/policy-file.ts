import { readFileSync } from 'node:fs';
import { defaultPolicy, loadPolicy, type Policy } from '../rules/index.ts';

/** The partnership's policy from a file (validated; errors name the file and field), or the catalogue's defaults. */
export function policyFrom(file: string | undefined): Policy {
  return file ? loadPolicy(readFileSync(file, 'utf8'), file) : defaultPolicy();
}
