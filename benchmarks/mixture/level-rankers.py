"""
How well each source of evidence ranks admire-ift's best 7B row (issue 22, session 12): the proxy
laws (a ridge on the mixture weights, lambda by exact leave-one-out, as RegMix/surrogates/ridge.ts)
fitted on runs of one level, and a GP fitted on the other 59 7B rows (leave-one-out), against the 7B
pool (the first 60 7B rows, ADMIRE's pool). Rank 1 = the law puts the best 7B row first. Design sizes
are random subsets of the 0.5B (or 3B) runs of the pool's own mixtures ("twins", what proxy-mean's
design draws first), 300 draws each (numpy seed 2).
    python3 benchmarks/mixture/level-rankers.py [DATA_DIR]   (default ../shared/data or $MIXTURE_DATA_DIR)
Reads the CSV in place; writes nothing.
"""
import csv
import os
import sys
from collections import defaultdict

import numpy as np
from scipy.stats import spearmanr

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('MIXTURE_DATA_DIR', os.path.join(here, '..', '..', '..', 'shared', 'data'))
rows = list(csv.DictReader(open(os.path.join(data, 'admire_ift_runs', 'admire_ift_runs.csv'))))
ratio = [c for c in rows[0] if c.startswith('ratio_')]
LEVELS = ['Qwen2.5-0.5B', 'Qwen2.5-3B', 'Qwen2.5-7B']
by = defaultdict(list)
for r in rows:
    by[r['model']].append(r)
W = {m: np.array([[float(r[c]) for c in ratio] for r in by[m]]) for m in LEVELS}
W = {m: w / w.sum(1, keepdims=True) for m, w in W.items()}
Y = {m: np.array([float(r['metric_avg_id+ood']) for r in by[m]]) for m in LEVELS}
W7, Y7 = W[LEVELS[2]][:60], Y[LEVELS[2]][:60]
best = int(np.argmax(Y7))
key = lambda w: tuple(np.round(w, 3))
pool_keys = set(key(w) for w in W7)
ALPHAS = np.logspace(-6, 3, 40)


def rank(pred):
    return int((pred > pred[best]).sum()) + 1


def ridge_law(X, y, at):
    """Ridge of the z-scored y on centred X, lambda by exact leave-one-out (the hat matrix's diagonal)."""
    y = (y - y.mean()) / y.std()
    mu = X.mean(0)
    Xc = X - mu
    n, p = Xc.shape
    best_loo = None
    for a in ALPHAS:
        H = Xc @ np.linalg.solve(Xc.T @ Xc + a * np.eye(p), Xc.T) + np.ones((n, n)) / n
        e = (y - H @ y) / np.maximum(1 - np.diag(H), 1e-9)
        if best_loo is None or np.mean(e ** 2) < best_loo[0]:
            best_loo = (np.mean(e ** 2), a)
    beta = np.linalg.solve(Xc.T @ Xc + best_loo[1] * np.eye(p), Xc.T @ (y - y.mean()))
    return (at - mu) @ beta


print('Where each evidence ranks the best 7B row among the 60 pool rows (1 = first):')
for m in LEVELS[:2]:
    twins = np.array([key(w) in pool_keys for w in W[m]])
    own = np.array([Y[m][[key(w) for w in W[m]].index(key(w7))] for w7 in W7])
    print(f'  {m}: its own value {rank(own)}; law on all {len(W[m])} runs {rank(ridge_law(W[m], Y[m], W7))}; '
          f'law on the {int((~twins).sum())} runs of other mixtures {rank(ridge_law(W[m][~twins], Y[m][~twins], W7))}')
rng = np.random.default_rng(2)
for m, sizes in [(LEVELS[0], [8, 12, 17, 24]), (LEVELS[1], [6, 10, 17])]:
    twins = np.where([key(w) in pool_keys for w in W[m]])[0]
    cells = []
    for n in sizes:
        r = np.array([rank(ridge_law(W[m][i], Y[m][i], W7)) for i in (rng.choice(twins, n, replace=False) for _ in range(300))])
        cells.append(f'n={n}: median {np.median(r):g}, P(rank <= 5) {np.mean(r <= 5):.2f}')
    print(f'  {m} law on n random twins of pool rows: ' + '; '.join(cells))

# A GP on the 7B rows themselves, leave-one-out: isotropic RBF on the weights, hyperparameters by
# marginal likelihood on a grid (z-scored values); the closed-form LOO mean (R&W 2006 eq. 5.12).
y = (Y7 - Y7.mean()) / Y7.std()
D = ((W7[:, None, :] - W7[None, :, :]) ** 2).sum(-1)
grid = [(ls, sn) for ls in [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2] for sn in [0.1, 0.3, 0.5, 0.8, 1.0]]


def lml(ls, sn):
    K = np.exp(-D / (2 * ls * ls)) + sn ** 2 * np.eye(60)
    L = np.linalg.cholesky(K)
    return -0.5 * y @ np.linalg.solve(K, y) - np.log(np.diag(L)).sum()


ls, sn = max(grid, key=lambda g: lml(*g))
Ki = np.linalg.inv(np.exp(-D / (2 * ls * ls)) + sn ** 2 * np.eye(60))
loo = y - (Ki @ y) / np.diag(Ki)
print(f'  7B GP leave-one-out (lengthscale {ls}, noise sd {sn}): Spearman with the 7B values {spearmanr(loo, y)[0]:.3f}, best row ranked {rank(loo)}')
print(f'  7B linear law leave-one-out: best row ranked {rank(np.array([ridge_law(np.delete(W7, i, 0), np.delete(Y7, i), W7[i:i + 1])[0] for i in range(60)]))}')
top = np.sort(Y7)[::-1]
print(f'7B values, best first: {", ".join(f"{v:.4f}" for v in top[:8])}; rows within 0.002 of the best: {int((Y7 >= top[0] - 0.002).sum())}, '
      f'within 0.002 of the second: {int((Y7 >= top[1] - 0.002).sum())}')
