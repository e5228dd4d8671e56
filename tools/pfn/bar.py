"""Bar (Riemann) distribution with half-normal tails (spec §2.2, surrogates/pfn/FORMAT.md)."""
import math
import torch

HALF_NORMAL_MEDIAN = 0.6744897501960817  # Phi^-1(0.75): median of HalfNormal(1)


def make_borders(targets, n_buckets, tail_levels=8):
    """Borders from 1-D prior samples of normalized query targets. Returns float64 [B+1].

    Core: n_core = B - 2*T equal-mass buckets between the alpha and 1-alpha quantiles (as spec
    §2.2: equal prior mass). Tails (T buckets per side): dyadic-mass buckets at the quantiles
    alpha, alpha/2, ..., alpha/2^(T-1), then the sample min/max as the outer border, with
    alpha = 2/(n_core + 4) so the innermost tail bucket has the same mass as a core bucket.
    Why: targets normalized by the context's mean/std are heavy-tailed (a 2-point context with a
    tiny spread puts queries hundreds of std away); pure equal-mass buckets end at the 1/B
    quantile and the half-normal tail then scores such targets at ~1000 nats. Dyadic tail
    buckets let the net put learned mass out there (NLL ~10 nats instead)."""
    t = torch.sort(targets.double().flatten()).values
    T = tail_levels
    n_core = n_buckets - 2 * T
    assert n_core >= 2, "need n_buckets > 2 * tail_levels + 1"
    alpha = 2.0 / (n_core + 4)
    core_p = alpha + (1 - 2 * alpha) * torch.arange(n_core + 1, dtype=torch.float64) / n_core
    tail_p = alpha / 2.0 ** torch.arange(T - 1, 0, -1, dtype=torch.float64)  # alpha/2^(T-1) .. alpha/2
    p = torch.cat([tail_p, core_p, 1.0 - tail_p.flip(0)])
    q = quantiles(t, p)
    b = torch.cat([t[:1], q, t[-1:]])
    for i in range(1, b.numel()):  # strictly increasing (ties impossible for continuous targets)
        if b[i] <= b[i - 1]:
            b[i] = b[i - 1] + 1e-9
    assert b.numel() == n_buckets + 1
    return b


def quantiles(sorted_t, p):
    """Linear-interpolated quantiles of sorted samples (numpy 'linear' method)."""
    N = sorted_t.numel()
    pos = p * (N - 1)
    lo = pos.floor().long().clamp(0, N - 1)
    hi = (lo + 1).clamp(max=N - 1)
    f = pos - lo.double()
    return sorted_t[lo] * (1 - f) + sorted_t[hi] * f


def bar_nll(logits, t, borders):
    """NLL (nats) of targets t under the bar distribution. logits [...,B], t [...], borders [B+1].
    Interior bucket k: -log p_k + log w_k; tails: -log p_k - log halfnormal(dist from inner border; s)."""
    B = logits.shape[-1]
    b = borders.to(logits.dtype)
    logp = torch.log_softmax(logits, -1)
    k = (torch.searchsorted(b, t.contiguous(), right=True) - 1).clamp(0, B - 1)
    lp = logp.gather(-1, k.unsqueeze(-1)).squeeze(-1)
    w = b[1:] - b[:-1]
    nll = -lp + torch.log(w[k])
    sL = (b[1] - b[0]) / HALF_NORMAL_MEDIAN
    sR = (b[B] - b[B - 1]) / HALF_NORMAL_MEDIAN
    c = 0.5 * math.log(2.0 / math.pi)

    def hn_logpdf(h, s):
        return c - torch.log(s) - 0.5 * (h / s) ** 2

    left = -lp - hn_logpdf((b[1] - t).clamp_min(0), sL)
    right = -lp - hn_logpdf((t - b[B - 1]).clamp_min(0), sR)
    nll = torch.where(k == 0, left, nll)
    nll = torch.where(k == B - 1, right, nll)
    return nll
