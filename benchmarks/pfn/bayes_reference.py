"""How close can ANY predictor get to the exact GP given the true hyperparameters? (issue #8)

The PFN is trained to approximate the posterior predictive of its prior, which averages over the
unknown hyperparameters; the exact GP with each dataset's TRUE hyperparameters knows more than
any predictor can, so "PFN within 0.05 nats of it" has a floor. This script estimates that floor
with a hyperparameter-marginalized GP: for each dataset, M hyperparameter draws theta_m from the
prior (tools/pfn/prior.py numbers), self-normalized importance weights w_m ∝ p(y_ctx | theta_m)
(exact GP marginal likelihood), predictive density per query sum_m w_m N(y_q; mu_m, var_m).
With finite M this is itself an approximation of the Bayes predictor (its NLL is an upper
estimate of the Bayes-optimal NLL); the effective sample size is reported.

It also scores the shipped PFN (weights read from manifest.json + weights.bin, run in torch) and
the true-hyperparameter GP on the same datasets, all in raw y units (n_ctx ~ U{2..50}, d ~ U{1..8}).

Usage: .venv-pfn/bin/python benchmarks/pfn/bayes_reference.py [--datasets 300] [--draws 4096] [--seed 11]
       [--weights surrogates/pfn/weights] [--queries 20]
"""
import argparse, json, math, os, sys
import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "pfn"))
from prior import sample_batch, encode_x, normalize_y, matern52  # noqa: E402
from model import PFN  # noqa: E402
from bar import bar_nll  # noqa: E402

LOG2PI = math.log(2 * math.pi)


def load_pfn(wdir):
    m = json.load(open(os.path.join(wdir, "manifest.json")))
    a = m["architecture"]
    net = PFN(a["maxDim"], a["dModel"], a["nHeads"], a["nLayers"], a["ffDim"], a["decoderHidden"], a["nBuckets"], a["layerNormEps"])
    blob = np.fromfile(os.path.join(wdir, "weights.bin"), dtype="<f4")
    sd = {t["name"]: torch.from_numpy(blob[t["offset"]:t["offset"] + int(np.prod(t["shape"]))].reshape(t["shape"]).copy())
          for t in m["tensors"]}
    net.load_state_dict(sd); net.eval()
    return net, torch.tensor(m["borders"], dtype=torch.float64), m.get("inputEncoding", {}).get("yMode", "context-standardized"), a["maxDim"]


def gp_pred(xs_c, xs_q, yc, os_, s2):
    """Batched exact GP predictive (zero mean) over a leading batch of hyperparameter draws.
    xs_* already divided by lengthscales: [M,n,d], [M,q,d]; os_, s2 [M]. Returns mu, var [M,q] and log p(yc) [M]."""
    M, n, _ = xs_c.shape
    K = os_.view(M, 1, 1) * matern52(torch.cdist(xs_c, xs_c)) + s2.view(M, 1, 1) * torch.eye(n, dtype=xs_c.dtype)
    Kq = os_.view(M, 1, 1) * matern52(torch.cdist(xs_c, xs_q))  # [M,n,q]
    L, info = torch.linalg.cholesky_ex(K)
    alpha = torch.cholesky_solve(yc.view(1, n, 1).expand(M, n, 1), L)  # [M,n,1]
    logml = -0.5 * (yc.view(1, n, 1) * alpha).sum((1, 2)) - torch.log(torch.diagonal(L, dim1=1, dim2=2)).sum(1) - 0.5 * n * LOG2PI
    logml = torch.where(info == 0, logml, torch.full_like(logml, -math.inf))
    mu = (Kq * alpha).sum(1)
    V = torch.linalg.solve_triangular(L, Kq, upper=False)
    var = (os_.view(M, 1) - (V * V).sum(1)).clamp_min(1e-12) + s2.view(M, 1)
    return mu, var, logml


def prior_draws(M, D, d, gen):
    """theta ~ prior (same numbers as tools/pfn/prior.py): lengthscales, relevance mask, outputscale, noise."""
    present = torch.arange(D) < d
    rel = (torch.rand(M, D, generator=gen) >= 0.3) & present
    pick = torch.randint(0, d, (M,), generator=gen)
    none = rel.sum(1) == 0
    rel[none, pick[none]] = True
    ls = torch._standard_gamma(torch.full((M, D), 1.2107, dtype=torch.float64), generator=gen) / 1.5212
    os_ = torch._standard_gamma(torch.full((M,), 0.8452, dtype=torch.float64), generator=gen) / 0.3994
    noise = torch.exp(-4.63 + 0.5 * torch.randn(M, generator=gen, dtype=torch.float64))
    inv = torch.where(rel, 1.0 / ls.clamp_min(1e-6), torch.zeros_like(ls))
    return inv, os_, noise + 1e-6 * os_ + 1e-9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--datasets", type=int, default=300); p.add_argument("--draws", type=int, default=4096)
    p.add_argument("--seed", type=int, default=11); p.add_argument("--queries", type=int, default=20)
    p.add_argument("--weights", default=os.path.join(ROOT, "surrogates", "pfn", "weights"))
    p.add_argument("--threads", type=int, default=1)
    ar = p.parse_args(); torch.set_num_threads(ar.threads)
    net, borders, y_mode, D = load_pfn(ar.weights)
    g = torch.Generator().manual_seed(ar.seed); gh = torch.Generator().manual_seed(ar.seed + 1)
    res = {"pfn": [], "gpTrue": [], "gpMarginal": [], "ess": [], "n": [], "d": []}
    left = ar.datasets
    while left > 0:
        B = min(50, left); left -= B
        b = sample_batch(B, 50 + ar.queries, D, 50, g)
        b["n_ctx"] = torch.randint(2, 51, (B,), generator=g)
        for i in range(B):
            n, d = int(b["n_ctx"][i]), int(b["d"][i])
            x = b["x"][i].double(); y = b["y"][i].double()
            xc, yc, xq, yq = x[:n], y[:n], x[50:], y[50:]
            # PFN: context = first n points, queries = the last `queries` points (never in the context)
            xin = torch.cat([xc, xq]).float().unsqueeze(0); yin = torch.cat([yc, yq]).float().unsqueeze(0)
            nct = torch.tensor([n]); z = encode_x(xin, torch.tensor([d]), D)
            yn, _, sd = normalize_y(yin, nct, y_mode)
            with torch.no_grad():
                lg = net(z, yn, nct)[0, n:]
            res["pfn"].append((bar_nll(lg.double(), yn[0, n:].double(), borders) + math.log(float(sd[0]))).mean().item())
            # true hyperparameters
            inv = torch.where(b["relevant"][i], 1.0 / b["ls"][i].clamp_min(1e-6), torch.zeros_like(b["ls"][i]))
            s2 = b["noise"][i] + 1e-6 * b["os"][i] + 1e-9
            mu, var, _ = gp_pred((xc * inv).unsqueeze(0), (xq * inv).unsqueeze(0), yc, b["os"][i].view(1), s2.view(1))
            res["gpTrue"].append((0.5 * (LOG2PI + torch.log(var[0]) + (yq - mu[0]) ** 2 / var[0])).mean().item())
            # marginalized over prior draws (self-normalized importance sampling)
            invm, osm, s2m = prior_draws(ar.draws, D, d, gh)
            mu, var, lml = gp_pred(xc.unsqueeze(0) * invm.unsqueeze(1), xq.unsqueeze(0) * invm.unsqueeze(1), yc, osm, s2m)
            lw = torch.log_softmax(lml, 0)
            res["ess"].append(float(1.0 / torch.exp(2 * lw).sum()))
            logdens = torch.logsumexp(lw.view(-1, 1) - 0.5 * (LOG2PI + torch.log(var) + (yq.view(1, -1) - mu) ** 2 / var), 0)
            res["gpMarginal"].append((-logdens).mean().item())
            res["n"].append(n); res["d"].append(d)
    A = {k: np.array(v) for k, v in res.items()}
    se = lambda v: v.std(ddof=1) / math.sqrt(len(v))
    print(f"{ar.datasets} datasets, {ar.queries} held-out points each, n ~ U{{2..50}}, d ~ U{{1..{D}}}, {ar.draws} prior draws per dataset")
    for k in ("pfn", "gpMarginal", "gpTrue"):
        print(f"  {k:11s} mean NLL {A[k].mean():.4f} ± {se(A[k]):.4f}")
    for a_, b_ in (("pfn", "gpTrue"), ("gpMarginal", "gpTrue"), ("pfn", "gpMarginal")):
        dlt = A[a_] - A[b_]
        print(f"  {a_} - {b_}: {dlt.mean():+.4f} ± {se(dlt):.4f} (paired)")
    print(f"  importance-sampling ESS: median {np.median(A['ess']):.0f}, 10th pct {np.percentile(A['ess'], 10):.1f}")
    for lo, hi in ((2, 10), (11, 25), (26, 50)):
        m = (A["n"] >= lo) & (A["n"] <= hi)
        print(f"  n {lo}-{hi}: {m.sum()} datasets; pfn-gpTrue {(A['pfn']-A['gpTrue'])[m].mean():+.4f}, "
              f"gpMarginal-gpTrue {(A['gpMarginal']-A['gpTrue'])[m].mean():+.4f}, median ESS {np.median(A['ess'][m]):.0f}")


if __name__ == "__main__":
    main()
