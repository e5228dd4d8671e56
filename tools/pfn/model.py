"""PFN transformer (names match surrogates/pfn/FORMAT.md; post-LN encoder, masked attention, MLP decoder).

Context token = encoder_x(z) + encoder_y(yn); query token = encoder_x(z). Every token attends to
the context tokens only (key j allowed iff j < n_ctx of its dataset), so queries are independent.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


class SelfAttn(nn.Module):
    """Multi-head attention with torch MultiheadAttention parameter names (in_proj_weight rows q,k,v)."""

    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * d_model, d_model))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d_model))
        self.out_proj = nn.Linear(d_model, d_model)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.weight)  # PFN init: attention output projection zeroed
        nn.init.zeros_(self.out_proj.bias)

    def forward(self, h, key_mask):
        """h [B,S,E]; key_mask [B,1,1,S] bool (True = may attend)."""
        B, S, E = h.shape
        H = self.n_heads
        qkv = F.linear(h, self.in_proj_weight, self.in_proj_bias)  # [B,S,3E]
        q, k, v = qkv.view(B, S, 3, H, E // H).permute(2, 0, 3, 1, 4)  # each [B,H,S,E/H]
        o = F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask)  # scale 1/sqrt(E/H)
        return self.out_proj(o.transpose(1, 2).reshape(B, S, E))


class Layer(nn.Module):
    """Post-LN encoder layer: h = LN1(h + MHA(h)); h = LN2(h + W2 gelu(W1 h + b1) + b2)."""

    def __init__(self, d_model, n_heads, ff, eps):
        super().__init__()
        self.self_attn = SelfAttn(d_model, n_heads)
        self.linear1 = nn.Linear(d_model, ff)
        self.linear2 = nn.Linear(ff, d_model)
        nn.init.zeros_(self.linear2.weight)  # PFN init: second FF linear zeroed
        nn.init.zeros_(self.linear2.bias)
        self.norm1 = nn.LayerNorm(d_model, eps=eps)
        self.norm2 = nn.LayerNorm(d_model, eps=eps)

    def forward(self, h, key_mask):
        h = self.norm1(h + self.self_attn(h, key_mask))
        return self.norm2(h + self.linear2(F.gelu(self.linear1(h))))


class PFN(nn.Module):
    """Full model; forward(z [B,S,maxDim], yn [B,S], n_ctx [B]) -> logits [B,S,nBuckets]
    (rows j < n_ctx are context positions; their logits are not used)."""

    def __init__(self, max_dim, d_model, n_heads, n_layers, ff, dec_hidden, n_buckets, eps=1e-5):
        super().__init__()
        self.arch = dict(maxDim=max_dim, dModel=d_model, nHeads=n_heads, nLayers=n_layers,
                         ffDim=ff, decoderHidden=dec_hidden, nBuckets=n_buckets,
                         activation="gelu-erf", norm="post", layerNormEps=eps)
        self.encoder_x = nn.Linear(max_dim, d_model)
        self.encoder_y = nn.Linear(1, d_model)
        self.layers = nn.ModuleList([Layer(d_model, n_heads, ff, eps) for _ in range(n_layers)])
        self.decoder = nn.Sequential(nn.Linear(d_model, dec_hidden), nn.GELU(),
                                     nn.Linear(dec_hidden, n_buckets))

    def forward(self, z, yn, n_ctx):
        return self.decoder(self.hidden(z, yn, n_ctx))

    def hidden(self, z, yn, n_ctx):
        """Final-layer token states [B,S,dModel] (decoder not applied)."""
        B, S, _ = z.shape
        is_ctx = torch.arange(S, device=z.device).unsqueeze(0) < n_ctx.unsqueeze(1)  # [B,S]
        ye = self.encoder_y(yn.unsqueeze(-1)) * is_ctx.unsqueeze(-1).to(z.dtype)
        h = self.encoder_x(z) + ye
        key_mask = is_ctx.view(B, 1, 1, S)
        for layer in self.layers:
            h = layer(h, key_mask)
        return h

    def n_params(self):
        return sum(p.numel() for p in self.parameters())
