"""Write surrogates/pfn/weights/{manifest.json, weights.bin, parity.json} per surrogates/pfn/FORMAT.md.

CLI: .venv-pfn/bin/python tools/pfn/export.py --workdir tmp/pfn-run [--out surrogates/pfn/weights]
(re-exports the last checkpoint of a workdir).
"""
import argparse, hashlib, json, math, os, platform, sys
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prior import PRIOR, encode_x, normalize_y  # noqa: E402
from model import PFN  # noqa: E402
from bar import bar_nll  # noqa: E402

X_ENCODING = "z_j = (x_j - 0.5) * sqrt(12) * sqrt(maxDim / d) for j < d, 0 for j >= d"
Y_ENCODING = {
    "identity": "yn = y (the net sees targets on the prior's scale; callers put observed y on it, e.g. Yeo-Johnson + standardization)",
    "context-standardized": "yn = (y - mean(ctx y)) / std(ctx y), population std (ddof 0), std := max(std, 1e-3); std := 1 when n_ctx = 1",
}


def input_encoding(y_mode):
    return {"x": X_ENCODING, "yMode": y_mode, "y": Y_ENCODING[y_mode]}


def machine():
    cpu = platform.processor() or ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip(); break
    except OSError:
        pass
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"
    return f"{platform.system()} {platform.release()} {platform.machine()}, {cpu}, {os.cpu_count()} CPUs, {gpu}"


def parity(model, max_dim, y_mode):
    """Fixed small case: d = 3 < maxDim, 6 context points with raw (un-normalized) y, 4 queries."""
    g = torch.Generator().manual_seed(12345)
    d, n, nq = 3, 6, 4
    X = torch.rand(n + nq, d, generator=g, dtype=torch.float64)
    yraw = 10.0 + 3.0 * torch.sin(6.0 * X[:, 0]) + 2.0 * X[:, 1] ** 2 - X[:, 2]
    X = torch.round(X * 1e6) / 1e6; yraw = torch.round(yraw * 1e6) / 1e6  # exact in JSON
    xp = torch.zeros(1, n + nq, max_dim, dtype=torch.float32); xp[0, :, :d] = X.float()
    nctx = torch.tensor([n]); dd = torch.tensor([d])
    z = encode_x(xp, dd, max_dim)
    yn, _, _ = normalize_y(yraw.float().unsqueeze(0), nctx, y_mode)
    with torch.no_grad():
        logits = model(z, yn, nctx)[0, n:]
        nll = bar_nll(logits, yn[0, n:], model._borders.float())
    return {"d": d, "ctxX": X[:n].tolist(), "ctxY": yraw[:n].tolist(), "qX": X[n:].tolist(),
            "logits": logits.double().tolist(), "qY": yraw[n:].tolist(), "nll": nll.double().tolist(),
            "nllUnits": "encoded y units (yMode %s; context-standardized: add log(std of ctx y) for raw units)" % y_mode,
            "note": "torch float32 forward; TS must match logits to 1e-4 absolute"}


def export(model, borders, args, info, out_dir):
    a = vars(args) if not isinstance(args, dict) else args
    os.makedirs(out_dir, exist_ok=True)
    model = model.float().eval()
    tensors, chunks, off = [], [], 0
    for name, t in model.state_dict().items():
        arr = t.detach().cpu().contiguous().numpy().astype("<f4")
        tensors.append({"name": name, "shape": list(arr.shape), "offset": off})
        chunks.append(arr.tobytes()); off += arr.size
    blob = b"".join(chunks)
    with open(os.path.join(out_dir, "weights.bin"), "wb") as f:
        f.write(blob)
    manifest = {
        "format": "bo-pfn/1",
        "architecture": model.arch,
        "tensors": tensors,
        "weightsBytes": len(blob),
        "weightsSha256": hashlib.sha256(blob).hexdigest(),
        "borders": [float(b) for b in borders.double()],
        "bordersMethod": ("from %d encoded prior query targets (tools/pfn/bar.py make_borders): "
                          "B - 2T equal-mass core buckets between the alpha and 1-alpha quantiles, "
                          "T = %d dyadic-mass tail buckets per side at quantiles alpha/2^k, outer borders = "
                          "sample min/max; alpha = 2/(B - 2T + 4)" % (info.get("n_border_targets", 0), 8)),
        "inputEncoding": input_encoding(a.get("y_mode", "context-standardized")),
        "prior": dict(PRIOR, maxDim=a["max_dim"], maxContext=a["max_ctx"], seqLen=a["seq_len"]),
        "training": {
            "maxContext": a["max_ctx"], "seqLen": a["seq_len"], "steps": info["step"],
            "batchSize": a["batch"], "seed": a["seed"], "lr": a["lr"], "warmupSteps": a["warmup"],
            "weightDecay": a["wd"], "optimizer": "AdamW, cosine schedule with linear warm-up, grad-norm clip 1.0",
            "datasetsSeen": info["seen"],
            "finalValidationLoss": info["final_val"],
            "validationLossUnits": "mean NLL in nats per query target, encoded y units, over a fixed seeded set of %d datasets" % a["val_size"],
            "trainingSeconds": round(info["elapsed"], 1), "machine": machine(),
            "torchVersion": torch.__version__, "threads": a["threads"], "device": a.get("device", "cpu"), "command": a.get("command", ""),
            "smoke": bool(a.get("smoke", False)),
        },
    }
    model._borders = borders
    par = parity(model, a["max_dim"], a.get("y_mode", "context-standardized"))
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(out_dir, "parity.json"), "w") as f:
        json.dump(par, f)
    src = os.path.join(a.get("workdir", ""), "loss.csv")
    if os.path.exists(src):  # loss curve of the run that produced these weights
        with open(src) as fi, open(os.path.join(out_dir, "training-loss.csv"), "w") as fo:
            fo.write(fi.read())
    print(f"exported {len(tensors)} tensors, {len(blob)} bytes to {out_dir}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", default="tmp/pfn-run"); p.add_argument("--out", default="surrogates/pfn/weights")
    ar = p.parse_args()
    st = torch.load(os.path.join(ar.workdir, "ckpt.pt"), weights_only=False)
    a = st["args"]
    m = PFN(a["max_dim"], a["d_model"], a["heads"], a["layers"], a["ff"], a["dec_hidden"], a["buckets"])
    m.load_state_dict(st["model"])
    vh = st["val_hist"]
    export(m, st["borders"], a, dict(step=st["step"], elapsed=st["elapsed"], seen=st["seen"],
                                     final_val=vh[-1][1] if vh else float("nan"),
                                     n_border_targets=st["n_border_targets"]), ar.out)


if __name__ == "__main__":
    main()
