/**
 * One layer of the infinite-width recursion (Neural Tangents, "ntk" parameterization;
 * seed-specs.md §4): given the previous layer's covariances K11 = K(x,x), K22 = K(x',x'),
 * K12 = K(x,x'), the activation's dual T(K11,K12,K22) and its derivative dual Ṫ, with the partial
 * derivatives of both in K11, K12, K22 (needed to carry tangents for hyperparameter and input gradients).
 *   ReLU (arc-cosine, Cho & Saul): c = K12/√(K11K22), θ = arccos c, s = √(K11K22 − K12²)
 *     T = (s + (π − θ)K12)/(2π),  Ṫ = (π − θ)/(2π)
 *     ∂T/∂K12 = Ṫ, ∂T/∂K11 = s/(4πK11), ∂T/∂K22 = s/(4πK22)
 *     ∂Ṫ/∂K12 = 1/(2πs), ∂Ṫ/∂K11 = −K12/(4πK11 s), ∂Ṫ/∂K22 = −K12/(4πK22 s)
 *   Erf: A = (1+2K11)(1+2K22), B = A − 4K12²
 *     T = (2/π) arcsin(2K12/√A),  Ṫ = (4/π)/√B
 *     ∂T/∂K12 = Ṫ, ∂T/∂K11 = −Ṫ K12/(1+2K11), ∂T/∂K22 = −Ṫ K12/(1+2K22)
 *     ∂Ṫ/∂K12 = (16/π) K12 B^(−3/2), ∂Ṫ/∂K11 = −(4/π)(1+2K22) B^(−3/2), ∂Ṫ/∂K22 = −(4/π)(1+2K11) B^(−3/2)
 * (The partials were derived by hand from these closed forms and are checked against finite
 * differences in test/surrogates/nngp.)
 */
export type NetworkActivation = 'relu' | 'erf';

/** Dual values and their partial derivatives in (K11, K12, K22). */
export interface DualStep {
  T: number;
  Td: number;
  dT11: number;
  dT12: number;
  dT22: number;
  dTd11: number;
  dTd12: number;
  dTd22: number;
}

/**
 * |c| bound for the partials of Ṫ only, which divide by s = r·√(1 − c²) and diverge as x' → x. The
 * values T and Ṫ use c itself (within [−1, 1]): T is smooth in c up to c = 1 (the θ and s terms
 * cancel to first order), and clamping it there gave every pair of nearly equal inputs the same
 * covariance, a relative error near 1e-7 that left kernel matrices with such pairs indefinite.
 */
const DERIVATIVE_CLAMP = 1 - 1e-7;

/** Off-diagonal step (x ≠ x'); writes into `out` to avoid allocation in the O(n²) loops. */
export function dualStep(act: NetworkActivation, k11: number, k12: number, k22: number, out: DualStep): DualStep {
  if (act === 'relu') {
    const r = Math.sqrt(k11 * k22);
    const c = Math.max(-1, Math.min(1, k12 / r));
    const th = Math.acos(c);
    const s = r * Math.sqrt(1 - c * c);
    const kc = r * c;
    out.T = (s + (Math.PI - th) * kc) / (2 * Math.PI);
    out.Td = (Math.PI - th) / (2 * Math.PI);
    out.dT12 = out.Td;
    out.dT11 = s / (4 * Math.PI * k11);
    out.dT22 = s / (4 * Math.PI * k22);
    const cd = Math.max(-DERIVATIVE_CLAMP, Math.min(DERIVATIVE_CLAMP, c));
    const sd = r * Math.sqrt(1 - cd * cd);
    const kcd = r * cd;
    out.dTd12 = 1 / (2 * Math.PI * sd);
    out.dTd11 = -kcd / (4 * Math.PI * k11 * sd);
    out.dTd22 = -kcd / (4 * Math.PI * k22 * sd);
    return out;
  }
  const a1 = 1 + 2 * k11;
  const a2 = 1 + 2 * k22;
  const A = a1 * a2;
  const B = Math.max(A - 4 * k12 * k12, 1e-300);
  const Td = 4 / Math.PI / Math.sqrt(B);
  const B32 = B * Math.sqrt(B);
  out.T = (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, (2 * k12) / Math.sqrt(A))));
  out.Td = Td;
  out.dT12 = Td;
  out.dT11 = (-Td * k12) / a1;
  out.dT22 = (-Td * k12) / a2;
  out.dTd12 = ((16 / Math.PI) * k12) / B32;
  out.dTd11 = (-(4 / Math.PI) * a2) / B32;
  out.dTd22 = (-(4 / Math.PI) * a1) / B32;
  return out;
}

/** Diagonal step (x = x'): closed forms in K = K(x,x), with total derivatives dT/dK and dṪ/dK. */
export function diagStep(act: NetworkActivation, k: number): { T: number; Td: number; dT: number; dTd: number } {
  if (act === 'relu') return { T: k / 2, Td: 0.5, dT: 0.5, dTd: 0 };
  const q = 1 + 4 * k;
  const a = 1 + 2 * k;
  return {
    T: (2 / Math.PI) * Math.asin((2 * k) / a),
    Td: 4 / Math.PI / Math.sqrt(q),
    dT: 4 / Math.PI / (a * Math.sqrt(q)),
    dTd: -(8 / Math.PI) / (q * Math.sqrt(q)),
  };
}
