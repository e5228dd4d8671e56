/** The 24 noiseless bbob functions by id (COCO's order and names). */
import { gallagher101, gallagher21 } from './gallagher.js';
import { bentCigar, differentPowers, discus, ellipsoidRotated, sharpRidge } from './ill-conditioned.js';
import type { BbobBuilder } from './instance.js';
import { attractiveSector, rosenbrock, rosenbrockRotated, stepEllipsoid } from './moderate.js';
import { griewankRosenbrock, rastriginRotated, schaffers10, schaffers1000, weierstrass } from './multimodal.js';
import { buecheRastrigin, ellipsoid, linearSlope, rastrigin, sphere } from './separable.js';
import { katsuura, lunacek, schwefel } from './weakly-structured.js';

/** One bbob function: id 1-24, a short name, its builder. */
export interface BbobFunction {
  readonly id: number;
  readonly name: string;
  readonly build: BbobBuilder;
}

/** f1-f24, index i holds f(i+1). */
export const BBOB_FUNCTIONS: readonly BbobFunction[] = [
  { id: 1, name: 'sphere', build: sphere },
  { id: 2, name: 'ellipsoid', build: ellipsoid },
  { id: 3, name: 'rastrigin', build: rastrigin },
  { id: 4, name: 'bueche-rastrigin', build: buecheRastrigin },
  { id: 5, name: 'linear-slope', build: linearSlope },
  { id: 6, name: 'attractive-sector', build: attractiveSector },
  { id: 7, name: 'step-ellipsoid', build: stepEllipsoid },
  { id: 8, name: 'rosenbrock', build: rosenbrock },
  { id: 9, name: 'rosenbrock-rotated', build: rosenbrockRotated },
  { id: 10, name: 'ellipsoid-rotated', build: ellipsoidRotated },
  { id: 11, name: 'discus', build: discus },
  { id: 12, name: 'bent-cigar', build: bentCigar },
  { id: 13, name: 'sharp-ridge', build: sharpRidge },
  { id: 14, name: 'different-powers', build: differentPowers },
  { id: 15, name: 'rastrigin-rotated', build: rastriginRotated },
  { id: 16, name: 'weierstrass', build: weierstrass },
  { id: 17, name: 'schaffers-f7', build: schaffers10 },
  { id: 18, name: 'schaffers-f7-ill', build: schaffers1000 },
  { id: 19, name: 'griewank-rosenbrock', build: griewankRosenbrock },
  { id: 20, name: 'schwefel', build: schwefel },
  { id: 21, name: 'gallagher-101', build: gallagher101 },
  { id: 22, name: 'gallagher-21', build: gallagher21 },
  { id: 23, name: 'katsuura', build: katsuura },
  { id: 24, name: 'lunacek', build: lunacek },
];

/** Function `id` (1-24). */
export function bbobFunction(id: number): BbobFunction {
  const f = BBOB_FUNCTIONS[id - 1];
  if (!f || !Number.isInteger(id)) throw new Error(`bbob function id ${id} is not in 1..24`);
  return f;
}
