import { z } from 'zod';
import { MixtureConstraintFields } from './mixture.js';

/** Names users give parameters, simplex components and objectives. */
export const Name = z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_.\-]*$/, 'names start with a letter or _ and use letters, digits, _ . -');

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

export const Choice = z.union([z.string().max(256), finite(), z.boolean()]);

/**
 * A condition `{parent: [values...]}`: the parameter is active only when every listed parent (a
 * categorical or int parameter) is itself active and takes one of its listed values (several keys:
 * all must hold). An inactive parameter is absent from asks, tells and adds.
 */
export const When = z
  .record(Name, z.array(Choice).min(1).max(1000))
  .refine((w) => Object.keys(w).length > 0, 'a condition names at least one parent')
  .refine((w) => Object.keys(w).length <= 16, 'a condition names at most 16 parents');

export const FloatParam = z.strictObject({
  type: z.literal('float'),
  low: finite(),
  high: finite(),
  log: z.boolean().optional(),
  when: When.optional(),
});

export const IntParam = z.strictObject({
  type: z.literal('int'),
  low: z.number().int(),
  high: z.number().int(),
  log: z.boolean().optional(),
  when: When.optional(),
});

export const CategoricalParam = z.strictObject({
  type: z.literal('categorical'),
  choices: z.array(Choice).min(1).max(1000),
  when: When.optional(),
});

/**
 * Mixture weights over named components; a value is {component: weight}, weights >= 0 summing to 1,
 * within the optional mixture constraints (protocol/mixture.ts: min, max, tokens, minWeight).
 */
export const SimplexParam = z.strictObject({
  type: z.literal('simplex'),
  components: z.array(Name).min(2).max(256),
  ...MixtureConstraintFields,
  when: When.optional(),
});

/** Discrete fidelity levels (for example proxy model sizes), each with a relative cost; `target` is the level that matters. */
export const FidelityParam = z.strictObject({
  type: z.literal('fidelity'),
  levels: z.array(z.strictObject({ value: z.union([z.string().max(256), finite()]), cost: finite().refine((c) => c > 0, 'cost must be > 0') })).min(1).max(64),
  target: z.union([z.string().max(256), finite()]).optional(),
  when: When.optional(),
});

export const ParamSpec = z.discriminatedUnion('type', [FloatParam, IntParam, CategoricalParam, SimplexParam, FidelityParam]);

/** Most parameters of one space (as many as a pool has columns). */
export const MAX_SPACE_PARAMS = 1024;

/** A search space: parameter name -> spec, in the order given. */
export const SpaceSpec = z
  .record(Name, ParamSpec)
  .refine((s) => Object.keys(s).length > 0, 'a space needs at least one parameter')
  .refine((s) => Object.keys(s).length <= MAX_SPACE_PARAMS, `a space has at most ${MAX_SPACE_PARAMS} parameters`);

export type FloatParam = z.infer<typeof FloatParam>;
export type IntParam = z.infer<typeof IntParam>;
export type CategoricalParam = z.infer<typeof CategoricalParam>;
export type SimplexParam = z.infer<typeof SimplexParam>;
export type FidelityParam = z.infer<typeof FidelityParam>;
export type ParamSpec = z.infer<typeof ParamSpec>;
export type SpaceSpec = z.infer<typeof SpaceSpec>;
export type Choice = z.infer<typeof Choice>;
export type When = z.infer<typeof When>;

/** A parameter value in user units. */
export type ParamValue = number | string | boolean | Record<string, number>;
/** One point in user units: parameter name -> value. */
export type Params = Record<string, ParamValue>;

/** The value type of one parameter spec (used by the SDK to type trial.params from the space). */
export type ValueOf<S> = S extends { type: 'float' | 'int' }
  ? number
  : S extends { type: 'categorical'; choices: readonly (infer C)[] }
    ? C
    : S extends { type: 'simplex'; components: readonly (infer K extends string)[] }
      ? Record<K, number>
      : S extends { type: 'fidelity'; levels: readonly { value: infer V }[] }
        ? V
        : never;

/** Typed params for a space spec object: a parameter with a `when` condition is optional (absent while inactive). */
export type ParamsOf<S> = Flatten<
  { [K in keyof S as S[K] extends { when: object } ? never : K]: ValueOf<S[K]> } & {
    [K in keyof S as S[K] extends { when: object } ? K : never]?: ValueOf<S[K]>;
  }
>;
type Flatten<T> = { [K in keyof T]: T[K] };
