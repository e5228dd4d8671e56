/**
 * (a) Log marginal likelihood, its gradient and the posterior mean/variance at FIXED
 * hyperparameters against numpy. Reference numbers were produced by this python (numpy 2.4),
 * which writes the formulas directly (K, Cholesky, α, W = ααᵀ − K⁻¹, ∂K/∂ln ℓ_k = k'(r²)(−2Δ_k²/ℓ_k²)):
 *
 *   n, d = 8, 3
 *   X = np.array([[(i*0.37 + k*0.61) % 1.0 for k in range(d)] for i in range(n)])
 *   y = np.sin(3*X[:,0]) + X[:,1]**2 - X[:,2]; y = (y - y.mean())/y.std()
 *   Xs = np.array([[0.15,0.5,0.85],[0.6,0.2,0.4],X[3]])
 *   ls = np.array([0.3,0.7,1.1]); noise=0.05; c=0.1
 *   def prof(name, r2):
 *       r = np.sqrt(r2)
 *       if name=='rbf': return np.exp(-r2/2), -0.5*np.exp(-r2/2)
 *       if name=='matern52': e=np.exp(-np.sqrt(5)*r); return (1+np.sqrt(5)*r+5*r2/3)*e, -(5/6)*(1+np.sqrt(5)*r)*e
 *       if name=='matern32': e=np.exp(-np.sqrt(3)*r); return (1+np.sqrt(3)*r)*e, -1.5*e
 *   def kern(name, A, B, ls, s=1.0):
 *       D = (A[:,None,:]-B[None,:,:])/ls
 *       k, g = prof(name, (D**2).sum(-1))
 *       return s*k, s*g, D
 *   for name, s, yvar in [('rbf',None,None),('matern52',None,None),('matern32',None,None),
 *                         ('matern52',1.7,np.linspace(0.01,0.08,n))]:
 *       sc = 1.0 if s is None else s
 *       K, G, D = kern(name, X, X, ls, sc)
 *       Ky = K + noise*np.eye(n) if yvar is None else K + np.diag(noise + yvar)
 *       L = np.linalg.cholesky(Ky); r = y - c; a = np.linalg.solve(Ky, r)
 *       lml = -0.5*r@a - np.log(np.diag(L)).sum() - n/2*np.log(2*np.pi)
 *       W = np.outer(a,a) - np.linalg.inv(Ky)
 *       grads = [0.5*np.sum(W*G*(-2*D[:,:,k]**2)) for k in range(d)]
 *       if s is not None: grads.append(0.5*np.sum(W*K))          # d/d ln s
 *       grads += [0.5*noise*np.trace(W), a.sum()]                 # d/d ln noise, d/dc
 *       Kxs = kern(name, Xs, X, ls, sc)[0]
 *       mu = c + Kxs@a
 *       var = sc - np.einsum('ij,ji->i', Kxs, np.linalg.solve(Ky, Kxs.T))
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromRows, zeros } from '../../../core/matrix.js';
import { parameterLayout, logMarginalLikelihoodWithGradient } from '../../../surrogates/gp/gp-likelihood.js';
import { fittedGpFromHyperparameters } from '../../../surrogates/gp/fitted-gp.js';
import { gammaPrior, logNormalPrior } from '../../../surrogates/gp/priors.js';
import { radialProfile } from '../../../surrogates/gp/kernels/radial-profiles.js';
import { ScaleKernel } from '../../../surrogates/gp/kernels/scale-kernel.js';
import { StationaryArdKernel } from '../../../surrogates/gp/kernels/stationary-ard.js';
import type { Kernel } from '../../../surrogates/gp/kernel.js';

const n = 8;
const d = 3;
const X = zeros(n, d);
for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) X.data[i * d + k] = (i * 0.37 + k * 0.61) % 1.0;
const yRaw = new Float64Array(n);
for (let i = 0; i < n; i++) yRaw[i] = Math.sin(3 * X.data[i * d]) + X.data[i * d + 1] ** 2 - X.data[i * d + 2];
const ym = yRaw.reduce((a, b) => a + b, 0) / n;
const ysd = Math.sqrt(yRaw.reduce((a, b) => a + (b - ym) ** 2, 0) / n);
const y = yRaw.map((v) => (v - ym) / ysd);
const Xs = fromRows([[0.15, 0.5, 0.85], [0.6, 0.2, 0.4], Array.from(X.data.subarray(3 * d, 4 * d))]);
const lengthscales = [0.3, 0.7, 1.1];
const noise = 0.05;
const c = 0.1;

const CASES = [
  {
    name: 'rbf', scale: undefined, yVar: false,
    lml: -10.24807278865577,
    grad: [-2.1289557242294346, -1.8046754691574336, -2.7388096147375247, -0.3753878915674862, -0.336791149913388],
    mean: [0.045682772257533616, -0.25586523362752767, 0.014610800886521697],
    variance: [0.24966754560054982, 0.10103737349234776, 0.022251567614421597],
  },
  {
    name: 'matern52', scale: undefined, yVar: false,
    lml: -10.11898044529891,
    grad: [-0.10936709424513591, -1.1043794477842428, -1.46586776573489, -0.2272714176604155, -0.3410871595308662],
    mean: [0.07067054681519772, -0.33723784608380847, -0.003066637520409893],
    variance: [0.35892612001494806, 0.17465688982621064, 0.03047461200889534],
  },
  {
    name: 'matern32', scale: undefined, yVar: false,
    lml: -10.286899333225774,
    grad: [0.1986406800025442, -0.9256213272962641, -1.0347087608037508, -0.16373195386458278, -0.32678813566277354],
    mean: [0.09160214242350442, -0.3631251951051554, 0.012604191236679801],
    variance: [0.4245401486167567, 0.23299108561794868, 0.0362798055429826],
  },
  {
    name: 'matern52', scale: 1.7, yVar: true,
    lml: -10.077063725921565,
    grad: [0.732879594436699, -0.4369306289405788, -0.6525210186530676, -0.07341366749576705, -0.24741609317713326, -0.21421897773946075],
    mean: [0.07154293431828931, -0.34860331984214377, -0.009589033459084545],
    variance: [0.6141181893533492, 0.31094709795293274, 0.054525290274849425],
  },
] as const;

function makeKernel(name: 'rbf' | 'matern52' | 'matern32', scale: number | undefined): Kernel {
  const base = new StationaryArdKernel({ profile: radialProfile(name), dim: d, lengthscalePrior: logNormalPrior(1, 1), minLengthscale: 0.025 });
  return scale === undefined ? base : new ScaleKernel(base, { outputscalePrior: gammaPrior(2, 0.15) });
}

const close = (a: number, b: number, what: string, tol = 1e-11) =>
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs numpy ${b}`);

for (const cs of CASES) {
  const label = `${cs.name}${cs.scale ? ' + outputscale' : ''}${cs.yVar ? ' + yVar' : ''}`;
  test(`lml, gradient, posterior mean/variance match numpy: ${label}`, () => {
    const kernel = makeKernel(cs.name, cs.scale);
    const theta = [...lengthscales.map(Math.log), ...(cs.scale ? [Math.log(cs.scale)] : [])];
    const yVar = cs.yVar ? Float64Array.from({ length: n }, (_, i) => 0.01 + (0.07 * i) / (n - 1)) : undefined;
    const data = { X, y, ...(yVar ? { yVar } : {}) };
    const layout = parameterLayout(kernel, 1e-4, 10);
    const v = Float64Array.from([...theta, Math.log(noise), c]);
    const grad = new Float64Array(layout.size);
    const f = logMarginalLikelihoodWithGradient(layout, v, data, grad);
    close(f.lml, cs.lml, 'lml');
    cs.grad.forEach((g, i) => close(grad[i], g, `grad ${layout.names[i]}`, 1e-10));
    const gp = fittedGpFromHyperparameters({ kernel, theta, noise, mean: c }, data);
    close(gp.factor.lml, cs.lml, 'fitted lml');
    const post = gp.posterior(Xs);
    const mean = post.mean();
    const variance = post.variance();
    cs.mean.forEach((m, i) => close(mean[i], m, `mean[${i}]`));
    cs.variance.forEach((s, i) => close(variance[i], s, `variance[${i}]`, 1e-10));
    const noisy = gp.posterior(Xs, { observationNoise: true }).variance();
    cs.variance.forEach((s, i) => close(noisy[i], s + noise, `noisy variance[${i}]`, 1e-10));
    const cov = post.covariance();
    for (let i = 0; i < 3; i++) close(cov.data[i * 3 + i], cs.variance[i], `cov diag ${i}`, 1e-10);
    for (let i = 0; i < 3; i++) {
      const p = gp.predictWithGradient(Xs.data.subarray(i * d, (i + 1) * d));
      close(p.mean, cs.mean[i], `predictWithGradient mean ${i}`);
      close(p.variance, cs.variance[i], `predictWithGradient variance ${i}`, 1e-10);
    }
  });
}
