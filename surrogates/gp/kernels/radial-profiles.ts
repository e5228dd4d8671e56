/**
 * Radial profiles of stationary kernels as functions of the scaled squared distance
 * r² = Σ_k (x_k − x'_k)² / ℓ_k². Each gives k(r²) and dk/d(r²); the latter is finite at r = 0
 * for all three, which keeps x-gradients at training points finite (Rasmussen & Williams 2006,
 * eqs. 4.9, 4.17; GPyTorch's RBFKernel and MaternKernel use the same forms).
 */
export interface RadialProfile {
  readonly name: 'rbf' | 'matern52' | 'matern32';
  /** k(r²) with k(0) = 1. */
  value(r2: number): number;
  /** dk/d(r²). */
  slope(r2: number): number;
  /** k(r²) and dk/d(r²), computed together (they share the exponential). */
  valueAndSlope(r2: number): { value: number; slope: number };
  /** buf[i] ← k(buf[i]) for i in [from, to): one call per row keeps the hot loop free of calls. */
  valueInPlace(buf: Float64Array, from: number, to: number): void;
  /** buf[i] ← dk/d(r²) at r² = buf[i] for i in [from, to). */
  slopeInPlace(buf: Float64Array, from: number, to: number): void;
  /** buf[i] ← k(buf[i]) and slope[i] ← dk/d(r²) at the same r², sharing the exponential. */
  valueAndSlopeInPlace(buf: Float64Array, slope: Float64Array, from: number, to: number): void;
}

const SQRT5 = Math.sqrt(5);
const SQRT3 = Math.sqrt(3);

/** RBF: k = exp(−r²/2), dk/dr² = −½ exp(−r²/2). */
export const rbfProfile: RadialProfile = {
  name: 'rbf',
  value: (r2) => Math.exp(-0.5 * r2),
  slope: (r2) => -0.5 * Math.exp(-0.5 * r2),
  valueAndSlope(r2) {
    const e = Math.exp(-0.5 * r2);
    return { value: e, slope: -0.5 * e };
  },
  valueInPlace(buf, from, to) {
    for (let i = from; i < to; i++) buf[i] = Math.exp(-0.5 * buf[i]);
  },
  slopeInPlace(buf, from, to) {
    for (let i = from; i < to; i++) buf[i] = -0.5 * Math.exp(-0.5 * buf[i]);
  },
  valueAndSlopeInPlace(buf, slope, from, to) {
    for (let i = from; i < to; i++) {
      const e = Math.exp(-0.5 * buf[i]);
      buf[i] = e;
      slope[i] = -0.5 * e;
    }
  },
};

/** Matérn-5/2: k = (1 + √5 r + 5r²/3) e^(−√5 r), dk/dr² = −(5/6)(1 + √5 r) e^(−√5 r). */
export const matern52Profile: RadialProfile = {
  name: 'matern52',
  value(r2) {
    const r = Math.sqrt(r2);
    return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
  },
  slope(r2) {
    const r = Math.sqrt(r2);
    return -(5 / 6) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
  },
  valueAndSlope(r2) {
    const r = Math.sqrt(r2);
    const e = Math.exp(-SQRT5 * r);
    return { value: (1 + SQRT5 * r + (5 / 3) * r2) * e, slope: -(5 / 6) * (1 + SQRT5 * r) * e };
  },
  valueInPlace(buf, from, to) {
    for (let i = from; i < to; i++) {
      const r2 = buf[i];
      const r = Math.sqrt(r2);
      buf[i] = (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
    }
  },
  slopeInPlace(buf, from, to) {
    for (let i = from; i < to; i++) {
      const r = Math.sqrt(buf[i]);
      buf[i] = -(5 / 6) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
    }
  },
  valueAndSlopeInPlace(buf, slope, from, to) {
    for (let i = from; i < to; i++) {
      const r2 = buf[i];
      const r = Math.sqrt(r2);
      const e = Math.exp(-SQRT5 * r);
      buf[i] = (1 + SQRT5 * r + (5 / 3) * r2) * e;
      slope[i] = -(5 / 6) * (1 + SQRT5 * r) * e;
    }
  },
};

/** Matérn-3/2: k = (1 + √3 r) e^(−√3 r), dk/dr² = −(3/2) e^(−√3 r). */
export const matern32Profile: RadialProfile = {
  name: 'matern32',
  value(r2) {
    const r = Math.sqrt(r2);
    return (1 + SQRT3 * r) * Math.exp(-SQRT3 * r);
  },
  slope: (r2) => -1.5 * Math.exp(-SQRT3 * Math.sqrt(r2)),
  valueAndSlope(r2) {
    const r = Math.sqrt(r2);
    const e = Math.exp(-SQRT3 * r);
    return { value: (1 + SQRT3 * r) * e, slope: -1.5 * e };
  },
  valueInPlace(buf, from, to) {
    for (let i = from; i < to; i++) {
      const r = Math.sqrt(buf[i]);
      buf[i] = (1 + SQRT3 * r) * Math.exp(-SQRT3 * r);
    }
  },
  slopeInPlace(buf, from, to) {
    for (let i = from; i < to; i++) buf[i] = -1.5 * Math.exp(-SQRT3 * Math.sqrt(buf[i]));
  },
  valueAndSlopeInPlace(buf, slope, from, to) {
    for (let i = from; i < to; i++) {
      const r = Math.sqrt(buf[i]);
      const e = Math.exp(-SQRT3 * r);
      buf[i] = (1 + SQRT3 * r) * e;
      slope[i] = -1.5 * e;
    }
  },
};

/** Look up a profile by name. */
export function radialProfile(name: RadialProfile['name']): RadialProfile {
  switch (name) {
    case 'rbf':
      return rbfProfile;
    case 'matern52':
      return matern52Profile;
    case 'matern32':
      return matern32Profile;
  }
}
