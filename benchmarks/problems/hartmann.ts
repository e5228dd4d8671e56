import type { Problem } from './types.js';

/** f = −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²) on [0,1]^d (Hartmann; sfu.ca/~ssurjano/hart3, hart6). */
function hartmannValue(x: ArrayLike<number>, A: number[][], P: number[][]): number {
  const alpha = [1.0, 1.2, 3.0, 3.2];
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let j = 0; j < A[i].length; j++) {
      const diff = x[j] - P[i][j];
      s += A[i][j] * diff * diff;
    }
    total -= alpha[i] * Math.exp(-s);
  }
  return total;
}

const A3 = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const P3 = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((r) => r.map((v) => v * 1e-4));

const A6 = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P6 = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));

/** Hartmann 3-D on [0,1]^3. */
export const hartmann3: Problem = {
  name: 'hartmann3',
  dim: 3,
  lower: [0, 0, 0],
  upper: [1, 1, 1],
  optimum: -3.862779787332663,
  argmin: [0.1145889, 0.5556489, 0.85254698],
  noise: 0,
  f: (x) => hartmannValue(x, A3, P3),
};

/** Hartmann 6-D on [0,1]^6. */
export const hartmann6: Problem = {
  name: 'hartmann6',
  dim: 6,
  lower: [0, 0, 0, 0, 0, 0],
  upper: [1, 1, 1, 1, 1, 1],
  optimum: -3.3223680114155147,
  argmin: [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573],
  noise: 0,
  f: (x) => hartmannValue(x, A6, P6),
};

/** Hartmann 6-D observed with N(0, 0.1²) noise; regret is measured on the noise-free f. */
export const hartmann6Noisy: Problem = { ...hartmann6, name: 'hartmann6_noisy', noise: 0.1 };
