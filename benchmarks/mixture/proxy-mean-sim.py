"""
A numpy simulation of the proxy-mean policy (policy/proxy-mean-step.ts) on admire-ift, used to
choose its constants on random streams 100-499 (never the TypeScript runner's seeds): a random
design of n0 0.5B runs (from all rows or from the 7B rows' twins), a ridge on their z-scores
(lambda by exact leave-one-out, as surrogates/ridge.ts), then 7B rows by the posterior mean of
z = a + c*phi + w.(x - xbar) (a ~ N(0,1), c ~ N(1,1), w ~ N(0, tau2 I), noise sigma2), or by
phi's order alone ('order'), or by EI. Prints the median cost to epsilon over the streams.
Reads the data from ../shared/data (or $MIXTURE_DATA_DIR); writes nothing.
  python3 benchmarks/mixture/proxy-mean-sim.py [first_stream] [last_stream]
"""
import csv, os, sys
import numpy as np
from math import erf, exp, pi, sqrt

DATA = os.environ.get('MIXTURE_DATA_DIR', os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data'))
rows = list(csv.reader(open(os.path.join(DATA, 'admire_ift_runs', 'admire_ift_runs.csv'))))
head, rows = rows[0], rows[1:]
ratio = [i for i, c in enumerate(head) if c.startswith('ratio_')]
yi = head.index('metric_avg_id+ood')
by = {}
for r in rows:
    w = np.array([float(r[i]) for i in ratio]); w /= w.sum()
    by.setdefault(r[0], []).append((w, float(r[yi])))
P = np.array([w for w, _ in by['Qwen2.5-0.5B']]); Py = np.array([v for _, v in by['Qwen2.5-0.5B']])
T = np.array([w for w, _ in by['Qwen2.5-7B'][:60]]); Ty = np.array([v for _, v in by['Qwen2.5-7B'][:60]])
keys = {tuple(np.round(w, 5)): i for i, w in enumerate(P)}
TWIN = np.array([keys[tuple(np.round(w, 5))] for w in T])
BEST, EPS = Ty.max(), 0.001

def ridge(X, y, lams=(1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10)):
    xm, ym = X.mean(0), y.mean(); Xc, yc = X - xm, y - ym; n, p = X.shape; best = None
    for l in lams:
        inv = np.linalg.inv(Xc.T @ Xc + l * np.eye(p)); b = inv @ Xc.T @ yc
        h = 1 / n + np.einsum('ij,jk,ik->i', Xc, inv, Xc); m = (((yc - Xc @ b) / (1 - h)) ** 2).mean()
        if best is None or m < best[0]: best = (m, b)
    return lambda Z: ym + (Z - xm) @ best[1]

def z(v):
    s = v.std(); return (v - v.mean()) / (s if s > 0 else 1)

def run(stream, n0, src, pick, tau2=0.03, noise=1.0):
    rng = np.random.default_rng(stream)
    i = rng.choice(np.arange(len(P)) if src == 'all' else TWIN, n0, replace=False)
    phi = ridge(P[i], z(Py[i]))(T)
    cost, asked = n0 * 0.177, []
    F = np.column_stack([np.ones(60), phi, T - T.mean(0)])
    pm = np.r_[0, 1, np.zeros(T.shape[1])]; pv = np.r_[1.0, 1.0, np.full(T.shape[1], tau2)]
    while cost < 40:
        free = [k for k in range(60) if k not in asked]
        if pick == 'order' or len(asked) < 2:
            k = max(free, key=lambda k: phi[k])
        else:
            A = F[asked]; S = np.linalg.inv(np.diag(1 / pv) + A.T @ A / noise); m = S @ (pm / pv + A.T @ z(Ty[asked]) / noise)
            mu = F @ m
            if pick == 'ei':
                sd = np.sqrt(np.maximum(np.einsum('ij,jk,ik->i', F, S, F), 1e-12)); g = (mu - z(Ty[asked]).max()) / sd
                mu = sd * (g * np.array([0.5 * (1 + erf(x / sqrt(2))) for x in g]) + np.exp(-g * g / 2) / sqrt(2 * pi))
            k = max(free, key=lambda k: mu[k])
        asked.append(k); cost += 1
        if Ty[k] >= BEST - EPS - 1e-12: return cost
    return np.inf

if __name__ == '__main__':
    s0, s1 = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (100, 500)
    for src in ['all', 'twin']:
        for n0 in [12, 17, 23]:
            for pick, kw in [('order', {}), ('mean', {'tau2': 0.03}), ('mean', {'tau2': 0.3}), ('ei', {'tau2': 0.3, 'noise': 0.1})]:
                c = np.array([run(s, n0, src, pick, **kw) for s in range(s0, s1)])
                print(f'{src:4} n0={n0:2} {pick:5} {kw}: median {np.median(c):.2f}, IQR {np.quantile(c, .25):.2f}-{np.quantile(c, .75):.2f}, reached {np.isfinite(c).sum()}/{len(c)}', flush=True)
