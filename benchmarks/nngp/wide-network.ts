/**
 * Finite-width random networks in the NTK parameterization, used to check the NNGP/NTK kernels by
 * Monte Carlo (seed-specs.md §4):
 *   z¹ = σ_w/√d · W¹x + σ_b·b¹,  z^l = σ_w/√N · W^l φ(z^{l−1}) + σ_b·b^l,  f = z^{L+1} (width 1),
 *   all W, b entries iid N(0, 1).
 * NNGP check: the empirical covariance of f over many networks. Sampling every weight would cost
 * O(N²) per layer and network; instead each layer's pre-activations at the m inputs are drawn
 * exactly: given the previous layer's post-activations Φ (m×N_prev), the N units of z^l are iid
 * N(0, σ_w²/N_prev·ΦΦᵀ + σ_b²·11ᵀ), which is the law of the network with its weights drawn
 * (integrating W^l analytically unit by unit). So this is an exact simulation of width-N networks.
 * NTK check: the empirical gradient inner product Σ_p ∂f(x)/∂p·∂f(x')/∂p of explicit networks
 * (weights drawn in full), averaged over a few networks (the NTK concentrates at large width).
 */
import type { Rng } from '../../core/rng.js';

export type Act = 'relu' | 'erf';

// Abramowitz–Stegun 7.1.26 is too coarse for a reference; use the series/continued fraction pair.
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf x = 2/√π Σ (−1)^k x^{2k+1} / (k!(2k+1)).
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let k = 1; k < 200; k++) {
      term *= -x2 / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc (Lentz), accurate for |x| >= 2.5.
  let f = ax;
  let C = ax;
  let D = 0;
  for (let k = 1; k < 300; k++) {
    const a = k / 2;
    D = ax + a * D;
    D = 1 / D;
    C = ax + a / C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
  return Math.sign(x) * (1 - erfc);
}

const phi = (a: Act, z: number) => (a === 'relu' ? Math.max(0, z) : erf(z));
const dphi = (a: Act, z: number) => (a === 'relu' ? (z > 0 ? 1 : 0) : (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z));

function chol(C: Float64Array, m: number): Float64Array {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      let s = C[i * m + j];
      for (let k = 0; k < j; k++) s -= L[i * m + k] * L[j * m + k];
      L[i * m + j] = i === j ? Math.sqrt(Math.max(s, 0)) : L[j * m + j] > 0 ? s / L[j * m + j] : 0;
    }
  return L;
}

/** Empirical covariance (m×m) of the outputs of `networks` random width-N networks at the rows of X (m×d). */
export function empiricalNngp(X: number[][], act: Act, depth: number, width: number, networks: number, wVar: number, bVar: number, rng: Rng): Float64Array {
  const m = X.length;
  const d = X[0].length;
  const out = new Float64Array(m * m);
  const f = new Float64Array(m);
  const eps = new Float64Array(m);
  for (let net = 0; net < networks; net++) {
    // Layer-0 "post-activations" are the inputs themselves.
    let post: Float64Array[] = X.map((r) => Float64Array.from(r));
    let nPrev = d;
    for (let l = 1; l <= depth + 1; l++) {
      const C = new Float64Array(m * m);
      for (let i = 0; i < m; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k < nPrev; k++) s += post[i][k] * post[j][k];
          C[i * m + j] = C[j * m + i] = (wVar * s) / nPrev + bVar;
        }
      const L = chol(C, m);
      const units = l === depth + 1 ? 1 : width;
      const next = Array.from({ length: m }, () => new Float64Array(units));
      for (let u = 0; u < units; u++) {
        for (let i = 0; i < m; i++) eps[i] = rng.normal();
        for (let i = 0; i < m; i++) {
          let z = 0;
          for (let k = 0; k <= i; k++) z += L[i * m + k] * eps[k];
          next[i][u] = l === depth + 1 ? z : phi(act, z);
        }
      }
      post = next;
      nPrev = units;
    }
    for (let i = 0; i < m; i++) f[i] = post[i][0];
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] += f[i] * f[j];
  }
  // The prior mean of f is 0, so the second moment is the covariance.
  for (let i = 0; i < m * m; i++) out[i] /= networks;
  return out;
}

/** Empirical NTK (m×m) of each of `networks` explicit networks: Σ_p ∂f/∂p (x_i) ∂f/∂p (x_j). */
export function empiricalNtk(X: number[][], act: Act, depth: number, width: number, networks: number, wVar: number, bVar: number, rng: Rng): Float64Array[] {
  const m = X.length;
  const d = X[0].length;
  const sw = Math.sqrt(wVar);
  const sb = Math.sqrt(bVar);
  const dims = [d, ...Array(depth).fill(width), 1];
  const all: Float64Array[] = [];
  for (let net = 0; net < networks; net++) {
    const out = new Float64Array(m * m);
    all.push(out);
    const W: Float64Array[] = [];
    const B: Float64Array[] = [];
    for (let l = 0; l + 1 < dims.length; l++) {
      W.push(Float64Array.from({ length: dims[l] * dims[l + 1] }, () => rng.normal()));
      B.push(Float64Array.from({ length: dims[l + 1] }, () => rng.normal()));
    }
    // Forward: keep inputs to each layer (post) and pre-activations (pre) per point.
    const posts: Float64Array[][] = [];
    const pres: Float64Array[][] = [];
    for (const x of X) {
      const pl: Float64Array[] = [Float64Array.from(x)];
      const zl: Float64Array[] = [];
      let h = pl[0];
      for (let l = 0; l + 1 < dims.length; l++) {
        const nin = dims[l];
        const nout = dims[l + 1];
        const z = new Float64Array(nout);
        const c = sw / Math.sqrt(nin);
        for (let i = 0; i < nin; i++) {
          const hi = h[i];
          if (hi === 0) continue;
          const row = i * nout;
          for (let o = 0; o < nout; o++) z[o] += hi * W[l][row + o];
        }
        for (let o = 0; o < nout; o++) z[o] = c * z[o] + sb * B[l][o];
        zl.push(z);
        if (l + 2 < dims.length) {
          h = Float64Array.from(z, (v) => phi(act, v));
          pl.push(h);
        }
      }
      posts.push(pl);
      pres.push(zl);
    }
    // Backward: δ^l = ∂f/∂z^l per point, from δ^{L+1} = 1.
    const deltas: Float64Array[][] = X.map(() => []);
    for (let p = 0; p < m; p++) {
      let delta = Float64Array.of(1);
      deltas[p][dims.length - 2] = delta;
      for (let l = dims.length - 2; l >= 1; l--) {
        const nin = dims[l];
        const nout = dims[l + 1];
        const c = sw / Math.sqrt(nin);
        const g = new Float64Array(nin);
        for (let i = 0; i < nin; i++) {
          let s = 0;
          const row = i * nout;
          for (let o = 0; o < nout; o++) s += W[l][row + o] * delta[o];
          g[i] = c * s * dphi(act, pres[p][l - 1][i]);
        }
        delta = g;
        deltas[p][l - 1] = delta;
      }
    }
    // ∂f/∂W^l_{io} = c_l·post_i·δ_o, ∂f/∂b^l_o = σ_b·δ_o: inner products factorize per layer.
    for (let a = 0; a < m; a++)
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let l = 0; l + 1 < dims.length; l++) {
          const nin = dims[l];
          let pp = 0;
          for (let i = 0; i < nin; i++) pp += posts[a][l][i] * posts[b][l][i];
          let dd = 0;
          for (let o = 0; o < dims[l + 1]; o++) dd += deltas[a][l][o] * deltas[b][l][o];
          s += (wVar / nin) * pp * dd + bVar * dd;
        }
        out[a * m + b] = s;
        out[b * m + a] = s;
      }
  }
  return all;
}
