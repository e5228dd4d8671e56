"""Statistics of tools/pfn/prior.py for benchmarks/pfn/prior-check.ts (see there). Usage: python prior_check.py SEED"""
import sys, torch, numpy as np
sys.path.insert(0, 'tools/pfn')
from prior import sample_batch
g = torch.Generator().manual_seed(int(sys.argv[1]))
vs, ratios = [], []
for _ in range(10):
    b = sample_batch(400, 20, 8, 10, g)
    y = b['y'].double().numpy(); x = b['x'].double().numpy(); d = b['d'].numpy()
    for i in range(400):
        yy = y[i]; v = yy.var(); vs.append(v)
        xx = x[i][:, :d[i]]
        D = np.sqrt(((xx[:, None] - xx[None]) ** 2).sum(-1)) / np.sqrt(d[i])
        iu = np.triu_indices(20, 1); close = D[iu] < 0.15
        if close.any(): ratios.append(((yy[iu[0]] - yy[iu[1]])[close] ** 2).mean() / (2 * v))
vs = np.array(vs); print('python var quantiles 10/50/90', np.quantile(vs, [0.1, 0.5, 0.9]).round(4), 'mean', vs.mean().round(4), 'close-pair ratio mean', np.mean(ratios).round(4), len(vs))
