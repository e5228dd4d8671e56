"""Held-out check of a checkpoint against the exact GP with the TRUE hyperparameters of each
dataset (the Bayes-optimal predictor for this prior given the hyperparameters), in Python.
Datasets come from the training prior with a different seed; n_ctx ~ U{2..50}; all other
seqLen - n_ctx points are queries. NLL per query target in RAW units (PFN: bar NLL in
normalized units + log(ctx std)); also in normalized units. The official TS evaluation with the
MAP-GP baseline is benchmarks/pfn/ (inference helper); this is the trainer's quick check.
Usage: .venv-pfn/bin/python tools/pfn/eval_gp.py [--workdir tmp/pfn-run] [--datasets 1000]"""
import argparse, math, os, sys
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prior import sample_batch, encode_x, normalize_y, matern52  # noqa: E402
from model import PFN  # noqa: E402
from bar import bar_nll  # noqa: E402


def gp_true_nll(b, i, n):
    """Exact GP predictive NLL (raw units) of dataset i's queries given its true hyperparameters:
    mu = k*^T (K + s2 I)^-1 y, var = k** - k*^T (K + s2 I)^-1 k* + s2 (noisy targets)."""
    x = b["x"][i].double(); y = b["y"][i].double()
    inv = torch.where(b["relevant"][i], 1.0 / b["ls"][i].clamp_min(1e-6), torch.zeros_like(b["ls"][i]))
    xs = x * inv
    r = torch.cdist(xs, xs)
    os_, s2 = b["os"][i], b["noise"][i] + 1e-6 * b["os"][i] + 1e-9  # same diagonal as the sampler
    K = os_ * matern52(r)
    Kc = K[:n, :n] + s2 * torch.eye(n, dtype=torch.float64)
    L = torch.linalg.cholesky(Kc)
    A = torch.cholesky_solve(K[:n, n:], L)  # [n, q]
    mu = A.T @ y[:n]
    var = (os_ - (K[:n, n:] * A).sum(0)).clamp_min(1e-12) + s2
    t = y[n:]
    return 0.5 * (math.log(2 * math.pi) + torch.log(var) + (t - mu) ** 2 / var)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", default="tmp/pfn-run"); p.add_argument("--datasets", type=int, default=1000)
    p.add_argument("--seed", type=int, default=777); p.add_argument("--threads", type=int, default=1)
    ar = p.parse_args(); torch.set_num_threads(ar.threads)
    st = torch.load(os.path.join(ar.workdir, "ckpt.pt"), weights_only=False, map_location="cpu"); a = st["args"]
    m = PFN(a["max_dim"], a["d_model"], a["heads"], a["layers"], a["ff"], a["dec_hidden"], a["buckets"])
    m.load_state_dict(st["model"]); m.eval(); borders = st["borders"].float()
    g = torch.Generator().manual_seed(ar.seed)
    pf_raw, gp_raw, pf_norm, per_ds, meta = [], [], [], [], []
    left = ar.datasets
    while left > 0:
        B = min(64, left); left -= B
        b = sample_batch(B, a["seq_len"], a["max_dim"], a["max_ctx"], g)
        b["n_ctx"] = torch.randint(2, 51, (B,), generator=g)
        z = encode_x(b["x"], b["d"], a["max_dim"])
        yn, _, sd = normalize_y(b["y"], b["n_ctx"], a.get("y_mode", "context-standardized"))
        with torch.no_grad():
            logits = m(z, yn, b["n_ctx"])
        for i in range(B):
            n = int(b["n_ctx"][i])
            nn_ = bar_nll(logits[i, n:], yn[i, n:], borders).double()
            pf_norm.append(nn_); pf_raw.append(nn_ + math.log(float(sd[i])))
            gp_raw.append(gp_true_nll(b, i, n))
            per_ds.append((pf_raw[-1].mean() - gp_raw[-1].mean()).item())
            meta.append((n, int(b["d"][i])))
    P, G = torch.cat(pf_raw), torch.cat(gp_raw)
    print(f"step {st['step']}: {ar.datasets} datasets, {P.numel()} query targets, n_ctx ~ U{{2..50}}")
    print(f"mean NLL per target, raw units: PFN {P.mean():.4f}  exact GP (true hypers) {G.mean():.4f}  gap {P.mean()-G.mean():+.4f}")
    dd = torch.tensor(per_ds)
    print(f"per-dataset mean gap {dd.mean():+.4f} (median {dd.median():+.4f}); PFN normalized-units NLL {torch.cat(pf_norm).mean():.4f}")
    nn_ = torch.tensor([x[0] for x in meta]); dv = torch.tensor([x[1] for x in meta])
    for name, mk in [("n 2-10", nn_ <= 10), ("n 11-25", (nn_ > 10) & (nn_ <= 25)), ("n 26-50", nn_ > 25),
                     ("d 1-3", dv <= 3), ("d 4-6", (dv > 3) & (dv <= 6)), ("d 7-8", dv > 6)]:
        print(f"  {name}: {int(mk.sum())} datasets, per-dataset mean gap {dd[mk].mean():+.4f}")


if __name__ == "__main__":
    main()
