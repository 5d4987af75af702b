// Public API of record linkage: pure functions over plain data. The store
// (incremental linking, `seen people`, `seen explain`) is wired at the edge.

export * from './record.ts';
export * from './strings.ts';
export * from './nicknames.ts';
export * from './prepare.ts';
export * from './comparisons.ts';
export * from './blocking.ts';
export * from './model.ts';
export * from './cluster.ts';
export * from './evaluate.ts';
export * from './pipeline.ts';
export { mulberry32 } from './prng.ts';
