import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dLogH,
  erf,
  erfc,
  erfcx,
  log1mexp,
  logH,
  logNormalCdf,
  logNormalPdf,
  normalCdf,
  normalPdf,
  normalQuantile,
} from '../../core/normal.js';

/*
 * References from scipy 1.17.1 (python3):
 *   from scipy.special import log_ndtr, erfcx, erfc, ndtri, ndtr
 *   xs = [-40,-38.5,-30,-20,-12.5,-10,-7,-5,-3.3,-2,-1.5,-1,-0.7,-0.3,-1e-3,0,1e-3,0.5,1,2.2,3,4.5,6,7,8]
 *   [repr(float(log_ndtr(x))) for x in xs]
 *   NDTR (Φ) comes from 120-digit decimal arithmetic (see the log h note below), not scipy.ndtr:
 *   scipy's ndtr(-30) = 4.906713927147908e-198 is off by 5.7e-14 relative (it rounds -x/√2 inside erfc).
 *   ts = [-26,-10,-5,-1,-0.47,-0.2,0,0.1,0.46875,0.5,1,2,3.9,4.1,10,25,30,100,1e4,1e8]
 *   [repr(float(erfcx(t))) for t in ts]; [repr(float(erfc(t))) for t in ts]
 *   ps = [1e-300,1e-100,1e-20,1e-10,1e-5,0.001,0.02,0.075,0.2,0.5,0.7,0.925,0.99,1-1e-10]
 *   [repr(float(ndtri(p))) for p in ps]
 */
const XS = [-40, -38.5, -30, -20, -12.5, -10, -7, -5, -3.3, -2, -1.5, -1, -0.7, -0.3, -1e-3, 0, 1e-3, 0.5, 1, 2.2, 3, 4.5, 6, 7, 8];
const LOG_NDTR = [-804.6084420137539, -745.6952702904113, -454.32124395634327, -203.9171553710973, -81.57596787074388, -53.23128515051248, -27.384307498811076, -15.064998393988727, -7.634616148071127, -3.7831843336820317, -2.7059444008238898, -1.8410216450092634, -1.4189677615315315, -0.9621028181688505, -0.6939453834669651, -0.6931471805599453, -0.6923496142726884, -0.36894641528865635, -0.1727537790234499, -0.01400100575938457, -0.0013508099647481925, -3.3976788968344594e-6, -9.86587645524372e-10, -1.2798125438866539e-12, -6.220960574271742e-16];
const NDTR = [0, 0, 4.906713927148187e-198, 2.7536241186062337e-89, 3.732564298877713e-36, 7.619853024160525e-24, 1.279812543885835e-12, 2.866515718791939e-7, 0.0004834241423837772, 0.02275013194817921, 0.06680720126885807, 0.15865525393145705, 0.241963652223073, 0.3820885778110474, 0.49960105778608893, 0.5, 0.500398942213911, 0.6914624612740131, 0.8413447460685429, 0.9860965524865014, 0.9986501019683699, 0.9999966023268753, 0.9999999990134123, 0.9999999999987201, 0.9999999999999993];
const TS = [-26, -10, -5, -1, -0.47, -0.2, 0, 0.1, 0.46875, 0.5, 1, 2, 3.9, 4.1, 10, 25, 30, 100, 1e4, 1e8];
const ERFCX = [7.657724931490568e293, 5.376234283632271e43, 144009798674.66104, 5.008980080762283, 1.862996892254801, 1.2726020284831956, 1.0, 0.8964569799691268, 0.632069689249556, 0.6156903441929258, 0.427583576155807, 0.2553956763105058, 0.14031418160068973, 0.13383411641865198, 0.05614099274382259, 0.022549572432641357, 0.018795888861416754, 0.005641613782989433, 5.641895807268084e-5, 5.641895835477563e-9];
const ERFC = [2.0, 2.0, 1.9999999999984626, 1.8427007929497148, 1.4937450508860821, 1.2227025892104784, 1.0, 0.8875370839817152, 0.507386526782062, 0.4795001221869535, 0.15729920705028516, 0.004677734981047266, 3.479224859723178e-8, 6.7000276540849075e-9, 2.0884875837625446e-45, 8.300172571196523e-274, 0, 0, 0, 0];
const PS = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.075, 0.2, 0.5, 0.7, 0.925, 0.99, 1 - 1e-10];
const NDTRI = [-37.0470962993612, -21.273453560965322, -9.262340089798409, -6.361340902404056, -4.264890793922825, -3.090232306167813, -2.053748910631823, -1.4395314709384563, -0.8416212335729142, 0.0, 0.5244005127080407, 1.4395314709384563, 2.3263478740408408, 6.361340889697422];

function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

test('logNormalCdf matches scipy.special.log_ndtr to 1e-14 relative on [-40, 8]', () => {
  XS.forEach((x, i) => {
    const e = relErr(logNormalCdf(x), LOG_NDTR[i]);
    assert.ok(e <= 1e-14, `x=${x}: ${logNormalCdf(x)} vs ${LOG_NDTR[i]} (rel ${e})`);
  });
});

test('normalCdf matches 120-digit references (relative 1e-14 where not underflowed)', () => {
  XS.forEach((x, i) => {
    if (NDTR[i] === 0) assert.ok(normalCdf(x) < 1e-300);
    else assert.ok(relErr(normalCdf(x), NDTR[i]) <= 1e-14, `x=${x}: ${normalCdf(x)} vs ${NDTR[i]}`);
  });
});

test('erfcx and erfc match scipy to 1e-14 relative, including large arguments', () => {
  TS.forEach((t, i) => {
    assert.ok(relErr(erfcx(t), ERFCX[i]) <= 1e-14, `erfcx(${t}) = ${erfcx(t)} vs ${ERFCX[i]}`);
    if (ERFC[i] === 0) assert.equal(erfc(t), 0);
    else assert.ok(relErr(erfc(t), ERFC[i]) <= 1e-14, `erfc(${t}) = ${erfc(t)} vs ${ERFC[i]}`);
  });
  assert.equal(erfcx(-30), Infinity);
  assert.ok(Math.abs(erf(0.3) + erf(-0.3)) === 0 && Math.abs(erf(1) - 0.8427007929497149) < 1e-15);
});

test('normalQuantile matches scipy ndtri and inverts normalCdf', () => {
  PS.forEach((p, i) => {
    const tol = NDTRI[i] === 0 ? 0 : 1e-14;
    assert.ok(Math.abs(normalQuantile(p) - NDTRI[i]) <= tol * Math.abs(NDTRI[i]) + 1e-300, `p=${p}`);
  });
  for (const x of [-8, -3, -0.5, 0.25, 2, 5]) assert.ok(Math.abs(normalQuantile(normalCdf(x)) - x) < 1e-9 * Math.max(1, Math.abs(x)));
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});

test('normalPdf and logNormalPdf', () => {
  assert.ok(relErr(normalPdf(0), 0.3989422804014327) < 1e-15);
  assert.ok(relErr(logNormalPdf(40), -800.9189385332047) < 1e-15);
});

/*
 * log h(z) references: 120-digit decimal arithmetic (python's decimal; mpmath is not installed).
 * Φ by the erf Taylor series for |z| <= 6, by Laplace's continued fraction for the Mills ratio
 * otherwise; the two agree to 1e-102 at z = -5, -6:
 *   from decimal import Decimal as Dm, getcontext; getcontext().prec = 120
 *   PI = Dm('3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798')
 *   def phi(z): return (-(z*z)/2).exp() / (2*PI).sqrt()
 *   def Phi_series(z):
 *       x = z / Dm(2).sqrt(); s = Dm(0); term = x; n = 0
 *       while True:
 *           t = term / (2*n+1); s += t
 *           if abs(t) < Dm(10)**-110: break
 *           n += 1; term = -term * x * x / n
 *       return (1 + 2/PI.sqrt()*s)/2
 *   def mills(x, terms=4000):  # R(x) = Phi(-x)/phi(x), x > 0
 *       v = x
 *       for k in range(terms, 0, -1): v = x + k / v
 *       return 1 / v
 *   def h(z):
 *       if abs(z) <= 6: return phi(z) + z*Phi_series(z)
 *       if z < 0: return phi(z) * (1 + z*mills(-z))
 *       return phi(z) + z*(1 - phi(z)*mills(z))
 *   float(h(Dm('-40')).ln())  # and so on; Φ(x) = phi(x)*mills(-x) for x < -6, Phi_series(x) otherwise
 */
const LOGH_REF: [number, number][] = [
  [-1000, -500014.73445209116],
  [-100, -5010.12957880025],
  [-40, -808.29856835662],
  [-20, -206.9178385094251],
  [-10, -55.55312203612235],
  [-5, -16.74430116266099],
  [-3, -7.869686059603029],
  [-2, -4.768783523917114],
  [-1.0000001, -2.485121216139768],
  [-1, -2.4851210257126413],
  [-0.5, -1.6205162643873199],
  [0, -0.9189385332046728],
  [0.5, -0.3598276837450638],
  [1, 0.08002621884930694],
  [3, 1.0987396653277077],
  [10, 2.302585092994046],
];

test('logH matches 120-digit references (relative 1e-13) where plain EI underflows', () => {
  for (const [z, ref] of LOGH_REF) {
    const e = relErr(logH(z), ref);
    assert.ok(e <= 1e-13, `z=${z}: ${logH(z)} vs ${ref} (rel ${e})`);
  }
  // Plain h(z) = φ(z) + zΦ(z) underflows to 0 (or worse) at z = -40.
  const plain = normalPdf(-40) + -40 * normalCdf(-40);
  assert.ok(plain <= 0, `plain EI at z=-40 is ${plain}`);
  // Asymptotic branch: continuous with the erfcx branch across z = -1/√ε.
  const zb = -1 / Math.sqrt(Number.EPSILON);
  assert.ok(relErr(logH(zb * 1.0000001), logH(zb * 0.9999999)) < 1e-6);
  assert.ok(Number.isFinite(logH(-1e10)));
});

test('dLogH equals central finite differences of logH across all branches', () => {
  for (const z of [-1e4, -300, -40, -5, -1.5, -1.0001, -0.9999, -0.3, 0, 0.7, 4, 30]) {
    const h = 1e-6 * Math.max(1, Math.abs(z));
    const fd = (logH(z + h) - logH(z - h)) / (2 * h);
    assert.ok(relErr(dLogH(z), fd) < 1e-5, `z=${z}: ${dLogH(z)} vs ${fd}`);
  }
});

test('log1mexp is accurate on both branches', () => {
  assert.ok(relErr(log1mexp(-1e-20), Math.log(1e-20)) < 1e-12);
  assert.ok(relErr(log1mexp(-50), -Math.exp(-50)) < 1e-12);
});
