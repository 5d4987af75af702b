export * from './lifecycle.ts';
export * from './routing.ts';
export * from './explain.ts';
