export * from './lifecycle.ts';
export * from './routing.ts';
