#!/usr/bin/env node
// The `seen` command. Seen is written in TypeScript and run through tsx, so a
// checkout works after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
