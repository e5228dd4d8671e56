"""Seeded on-the-fly GP dataset sampler (PFNs4BO HEBO+ style prior, see surrogates/pfn/FORMAT.md).

Per dataset: d ~ U{1..maxDim}; x ~ U[0,1]^d; each feature irrelevant with prob 0.3 (>= 1
relevant); zero-mean GP, ScaleKernel(Matern-5/2 ARD) with lengthscale ~ Gamma(1.2107, rate
1.5212), outputscale ~ Gamma(0.8452, rate 0.3994); y = f(x) + eps, eps ~ N(0, noise),
noise variance ~ LogNormal(-4.63, 0.5). n_ctx ~ U{1..maxContext}; the rest are queries.
Hyperparameters are drawn per dataset (upstream draws one per 32 datasets; per-dataset draws
give more diversity per step at equal cost).
"""
import math
import torch

PRIOR = {
    "name": "gp-hebo-like",
    "kernel": "ScaleKernel(Matern ARD)",
    "maternNu": 2.5,
    "lengthscale": {"dist": "Gamma", "shape": 1.2107, "rate": 1.5212},
    "outputscale": {"dist": "Gamma", "shape": 0.8452, "rate": 0.3994},
    "noiseVariance": {"dist": "LogNormal", "mu": -4.63, "sigma": 0.5},
    "irrelevantFeatureProb": 0.3,
    "minRelevantFeatures": 1,
    "mean": "zero",
    "x": "U[0,1]^d, d ~ U{1..maxDim} per dataset",
    "nCtx": "U{1..maxContext} per dataset; remaining seqLen - nCtx points are queries",
    "hyperparameterDraws": "one per dataset",
    "jitter": 1e-6,
}


def matern52(r):
    """Matern-5/2 correlation k(r) = (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)."""
    s5r = math.sqrt(5.0) * r
    return (1.0 + s5r + (5.0 / 3.0) * r * r) * torch.exp(-s5r)


def sample_batch(batch, seq_len, max_dim, max_ctx, gen, device=None):
    """Draw `batch` datasets. Returns dict of float32 tensors:
    x [B,S,maxDim] raw in [0,1] (zeros beyond d), y [B,S] raw, d [B] long, n_ctx [B] long.
    All randomness comes from the CPU torch.Generator `gen` (reproducible, and the same numbers
    on every device); the kernel matrix and its Cholesky run on `device` (a GPU when training there)."""
    B, S, D = batch, seq_len, max_dim
    f64 = torch.float64
    d = torch.randint(1, D + 1, (B,), generator=gen)
    feat = torch.arange(D).unsqueeze(0)  # [1,D]
    present = feat < d.unsqueeze(1)  # [B,D]
    relevant = (torch.rand(B, D, generator=gen) >= 0.3) & present
    # guarantee >= 1 relevant: pick a random present feature
    pick = (torch.rand(B, generator=gen) * d.to(f64)).long().clamp(max=D - 1)
    none = relevant.sum(1) == 0
    relevant[none, pick[none]] = True
    x = torch.rand(B, S, D, generator=gen, dtype=f64) * present.unsqueeze(1)
    ls = torch._standard_gamma(torch.full((B, D), 1.2107, dtype=f64), generator=gen) / 1.5212
    os_ = torch._standard_gamma(torch.full((B,), 0.8452, dtype=f64), generator=gen) / 0.3994
    noise = torch.exp(-4.63 + 0.5 * torch.randn(B, generator=gen, dtype=f64))
    z = torch.randn(B, S, 1, generator=gen, dtype=f64)
    n_ctx = torch.randint(1, max_ctx + 1, (B,), generator=gen)
    if device is not None:
        x, ls, os_, noise, relevant, z, d, n_ctx = (t.to(device) for t in (x, ls, os_, noise, relevant, z, d, n_ctx))
    inv_ls = torch.where(relevant, 1.0 / ls.clamp_min(1e-6), torch.zeros_like(ls))
    xs = x * inv_ls.unsqueeze(1)  # [B,S,D]
    sq = (xs * xs).sum(-1)  # r2_ij = |a_i|^2 + |a_j|^2 - 2 a_i.a_j (matmul form: fast)
    r2 = sq.unsqueeze(2) + sq.unsqueeze(1) - 2.0 * (xs @ xs.transpose(1, 2))  # [B,S,S]
    K = os_.view(B, 1, 1) * matern52(r2.clamp_min(0).sqrt())
    eye = torch.eye(S, dtype=f64, device=x.device).unsqueeze(0)
    K = K + (noise.view(B, 1, 1) + 1e-6 * os_.view(B, 1, 1) + 1e-9) * eye
    L, info = torch.linalg.cholesky_ex(K)
    bad = info != 0
    if bad.any():  # extremely rare; add more jitter
        K[bad] = K[bad] + 1e-4 * os_[bad].view(-1, 1, 1) * eye
        L = torch.linalg.cholesky(K)
    y = (L @ z).squeeze(-1)
    return {"x": x.float(), "y": y.float(), "d": d, "n_ctx": n_ctx,
            "ls": ls, "os": os_, "noise": noise, "relevant": relevant}


def encode_x(x, d, max_dim):
    """Contract encoding: z_j = (x_j - 0.5)*sqrt(12)*sqrt(maxDim/d) for j < d, 0 for j >= d.
    x [B,S,maxDim], d [B] -> [B,S,maxDim]."""
    present = (torch.arange(max_dim, device=x.device).unsqueeze(0) < d.unsqueeze(1)).to(x.dtype)
    scale = math.sqrt(12.0) * torch.sqrt(max_dim / d.to(x.dtype))
    return (x - 0.5) * scale.view(-1, 1, 1) * present.unsqueeze(1)


Y_MODES = ("identity", "context-standardized")


def normalize_y(y, n_ctx, mode="context-standardized"):
    """The manifest's inputEncoding.yMode. y [B,S], n_ctx [B] -> (yn [B,S], mean [B], std [B]).
    'identity': yn = y (PFNs4BO: the net sees prior-scale targets; at BO time the policy's
    Yeo-Johnson + standardization puts observed y on that scale).
    'context-standardized': yn = (y - mean(ctx y)) / std(ctx y), population std, std := max(std, 1e-3),
    std := 1 when n_ctx = 1 (heavy-tailed targets for small contexts: see README)."""
    B, S = y.shape
    if mode == "identity":
        return y, torch.zeros(B, dtype=y.dtype, device=y.device), torch.ones(B, dtype=y.dtype, device=y.device)
    assert mode == "context-standardized", mode
    m = (torch.arange(S, device=y.device).unsqueeze(0) < n_ctx.unsqueeze(1)).to(y.dtype)
    n = n_ctx.to(y.dtype)
    mean = (y * m).sum(1) / n
    var = (((y - mean.unsqueeze(1)) * m) ** 2).sum(1) / n
    std = var.sqrt().clamp_min(1e-3)
    std = torch.where(n_ctx == 1, torch.ones_like(std), std)
    return (y - mean.unsqueeze(1)) / std.unsqueeze(1), mean, std
