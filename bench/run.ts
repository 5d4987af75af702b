// `npm run bench -- NAME [ARGS…]`: runs bench/NAME.ts, which prints its figures.
const [name, ...args] = process.argv.slice(2);
const known = ['import', 'demo', 'linkage', 'linkage-store', 'rules', 'rules-store'];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- ${known.join('|')} [options]`);
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { run: (args: string[]) => Promise<void> };
await bench.run(args);
