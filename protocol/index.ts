/** The wire: zod schemas and types shared by server and SDK. */
export * from './errors.js';
export * from './space.js';
export * from './mixture.js';
export * from './algorithm.js';
export * from './trust-region.js';
export * from './study.js';
export * from './pareto.js';
export * from './messages.js';
export * from './json-bounds.js';
export * from './json-walk.js';
export * from './slices.js';
export * from './pruner.js';

