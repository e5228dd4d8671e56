"""Train the PFN on the on-the-fly GP prior (see README.md). Checkpoints, resumes, logs, exports.

Usage: npm run pfn:train -- [--workdir tmp/pfn-run] [--max-minutes 75] [--steps 100000] [--resume]
       npm run pfn:train -- --smoke   (30-second end-to-end run)
LR schedule: linear warm-up then cosine to 0 over progress = max(step/steps, elapsed/maxMinutes),
so a time budget and a step budget both end the schedule smoothly; elapsed training time is
kept in the checkpoint, so resuming continues the same schedule.
"""
import argparse, csv, json, math, os, sys, time
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prior import sample_batch, encode_x, normalize_y, Y_MODES  # noqa: E402
from model import PFN  # noqa: E402
from bar import make_borders, bar_nll  # noqa: E402


def parse():
    p = argparse.ArgumentParser()
    a = p.add_argument
    a("--workdir", default="tmp/pfn-run"); a("--resume", action="store_true")
    a("--smoke", action="store_true"); a("--steps", type=int, default=100000)
    a("--max-minutes", type=float, default=75.0); a("--batch", type=int, default=32)
    a("--seq-len", type=int, default=128); a("--max-ctx", type=int, default=100)
    a("--max-dim", type=int, default=8); a("--d-model", type=int, default=128)
    a("--heads", type=int, default=4); a("--layers", type=int, default=4)
    a("--ff", type=int, default=256); a("--dec-hidden", type=int, default=256)
    a("--buckets", type=int, default=256); a("--lr", type=float, default=1e-3)
    a("--warmup", type=int, default=300); a("--wd", type=float, default=0.0)
    a("--seed", type=int, default=1); a("--threads", type=int, default=1)
    a("--val-size", type=int, default=512); a("--val-every", type=int, default=250)
    a("--ckpt-minutes", type=float, default=3.0); a("--border-datasets", type=int, default=4000)
    a("--export-dir", default="surrogates/pfn/weights"); a("--no-export", action="store_true")
    a("--device", default="auto", help="cpu, cuda or auto (cuda when available)")
    a("--y-mode", default="identity", choices=Y_MODES, help="target encoding (manifest inputEncoding.yMode)")
    args = p.parse_args()
    args.command = "npm run pfn:train -- " + " ".join(sys.argv[1:])
    if args.smoke:  # tiny, fast, end-to-end
        args.max_minutes = min(args.max_minutes, 0.5); args.d_model = 32; args.layers = 2
        args.ff = 64; args.dec_hidden = 64; args.buckets = 64; args.batch = 8
        args.val_size = 32; args.val_every = 20; args.border_datasets = 200
        args.warmup = 10; args.ckpt_minutes = 0.2
        if args.workdir == "tmp/pfn-run": args.workdir = "tmp/pfn-smoke"
    return args


def make_val(args):
    """Fixed seeded validation set (seed + 7919), identical across runs and resumes."""
    g = torch.Generator().manual_seed(args.seed * 1_000_003 + 7919)
    dev = args.dev
    return [sample_batch(64, args.seq_len, args.max_dim, args.max_ctx, g, dev)
            for _ in range(max(1, args.val_size // 64))] if args.val_size >= 64 else \
           [sample_batch(args.val_size, args.seq_len, args.max_dim, args.max_ctx, g, dev)]


def batch_loss(model, b, borders, max_dim, y_mode):
    """Mean NLL (nats, encoded y units) over all query targets of the batch; also (sum, count)."""
    z = encode_x(b["x"], b["d"], max_dim)
    yn, _, _ = normalize_y(b["y"], b["n_ctx"], y_mode)
    h = model.hidden(z, yn, b["n_ctx"])
    S = yn.shape[1]
    q = (torch.arange(S, device=yn.device).unsqueeze(0) >= b["n_ctx"].unsqueeze(1))
    nll = bar_nll(model.decoder(h[q]), yn[q], borders)  # decode query tokens only
    return nll.mean(), nll.sum().item(), nll.numel()


@torch.no_grad()
def validate(model, val, borders, max_dim, y_mode):
    model.eval(); s = 0.0; n = 0
    for b in val:
        _, bs, bn = batch_loss(model, b, borders, max_dim, y_mode); s += bs; n += bn
    model.train(); return s / n


def compute_borders(args):
    g = torch.Generator().manual_seed(args.seed * 1_000_003 + 104729)
    ts = []
    left = args.border_datasets
    while left > 0:
        nb = min(256, left); left -= nb
        b = sample_batch(nb, args.seq_len, args.max_dim, args.max_ctx, g, args.dev)
        yn, _, _ = normalize_y(b["y"].double(), b["n_ctx"], args.y_mode)
        q = torch.arange(args.seq_len, device=yn.device).unsqueeze(0) >= b["n_ctx"].unsqueeze(1)
        ts.append(yn[q].cpu())
    t = torch.cat(ts)
    return make_borders(t, args.buckets), t.numel()


def lr_at(args, step, elapsed):
    prog = max(step / args.steps, elapsed / (60.0 * args.max_minutes))
    warm = min(1.0, (step + 1) / args.warmup)
    return args.lr * warm * 0.5 * (1.0 + math.cos(math.pi * min(1.0, prog))), prog


def save_ckpt(path, state):
    tmp = path + ".tmp"; torch.save(state, tmp); os.replace(tmp, path)


def main():
    args = parse()
    torch.set_num_threads(args.threads)
    os.makedirs(args.workdir, exist_ok=True)
    ckpt_path = os.path.join(args.workdir, "ckpt.pt")
    csv_path = os.path.join(args.workdir, "loss.csv")
    state = None
    if args.resume and os.path.exists(ckpt_path):
        state = torch.load(ckpt_path, weights_only=False, map_location="cpu")
        saved = state["args"]
        for k in ("steps", "max_minutes", "no_export", "export_dir", "threads", "ckpt_minutes", "device"):
            saved[k] = getattr(args, k)  # budget/export knobs may change on resume
        saved["command"] = saved.get("command", "") + " (resumed: " + " ".join(sys.argv[1:]) + ")"
        args = argparse.Namespace(**saved); args.resume = True
        torch.set_num_threads(args.threads)
        print(f"resumed from {ckpt_path} at step {state['step']}", flush=True)
    args.y_mode = getattr(args, "y_mode", "context-standardized")  # checkpoints from before the flag
    args.dev = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                            ("cpu" if args.device == "auto" else args.device))
    if args.dev.type == "cuda":  # TF32 matmuls: ~3x the fp32 rate, ample precision for this model
        torch.backends.cuda.matmul.allow_tf32 = True; torch.backends.cudnn.allow_tf32 = True
    print(f"device {args.dev}" + (f" ({torch.cuda.get_device_name(args.dev)})" if args.dev.type == "cuda" else ""), flush=True)
    torch.manual_seed(args.seed)
    model = PFN(args.max_dim, args.d_model, args.heads, args.layers, args.ff, args.dec_hidden, args.buckets).to(args.dev)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.wd, betas=(0.9, 0.999))
    if state is None:
        t0 = time.time(); borders, nb = compute_borders(args)
        print(f"borders from {nb} normalized query targets in {time.time()-t0:.1f}s: "
              f"b0={borders[0]:.3f} b1={borders[1]:.3f} mid={borders[args.buckets//2]:.3f} "
              f"b[-2]={borders[-2]:.3f} b[-1]={borders[-1]:.3f}", flush=True)
        step, elapsed, seen, n_border_targets = 0, 0.0, 0, nb
        with open(csv_path, "w") as f:
            csv.writer(f).writerow(["step", "elapsed_s", "lr", "train_loss_ema", "val_loss"])
    else:
        model.load_state_dict(state["model"]); opt.load_state_dict(state["opt"])
        borders = state["borders"]; step = state["step"]; elapsed = state["elapsed"]
        seen = state["seen"]; n_border_targets = state["n_border_targets"]
    print(f"model params {model.n_params()} | args {json.dumps({k: v for k, v in vars(args).items() if k != 'dev'})}", flush=True)
    val = make_val(args)
    val_hist = state["val_hist"] if state else []
    borders_f = borders.float().to(args.dev)
    ema = None; win_loss = None; last_ckpt = time.time(); t_start = time.time() - elapsed
    t_win = time.time(); s_win = step

    def checkpoint():
        save_ckpt(ckpt_path, dict(model=model.state_dict(), opt=opt.state_dict(), borders=borders,
                                  step=step, elapsed=time.time() - t_start, seen=seen,
                                  args={k: v for k, v in vars(args).items() if k != 'dev'},
                                  val_hist=val_hist, n_border_targets=n_border_targets))

    if not val_hist:
        v = validate(model, val, borders_f, args.max_dim, args.y_mode); val_hist.append((step, v))
        print(f"step {step} val {v:.4f}", flush=True)
    while True:
        elapsed = time.time() - t_start
        lr, prog = lr_at(args, step, elapsed)
        if prog >= 1.0: break
        for gr in opt.param_groups: gr["lr"] = lr
        g = torch.Generator().manual_seed(args.seed * 1_000_003 + step)
        b = sample_batch(args.batch, args.seq_len, args.max_dim, args.max_ctx, g, args.dev)
        loss, _, _ = batch_loss(model, b, borders_f, args.max_dim, args.y_mode)
        opt.zero_grad(set_to_none=True); loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step(); step += 1; seen += args.batch
        win_loss = loss.detach() if win_loss is None else win_loss + loss.detach()
        vl = ""
        if step % args.val_every == 0:
            v = validate(model, val, borders_f, args.max_dim, args.y_mode); val_hist.append((step, v)); vl = f"{v:.5f}"
        if step % 25 == 0 or vl:
            # read the loss back only here: a .item() per step would stall the GPU queue every step
            li = win_loss.item() / max(1, step - s_win); win_loss = None
            if math.isfinite(li): ema = li if ema is None else 0.6 * ema + 0.4 * li
            now = time.time(); sps = (now - t_win) / max(1, step - s_win); t_win, s_win = now, step
            print(f"step {step} t {now-t_start:.0f}s lr {lr:.2e} loss {li:.4f} ema {ema:.4f} "
                  f"gnorm {float(gn):.2f} {sps:.4f}s/step" + (f" VAL {vl}" if vl else ""), flush=True)
            with open(csv_path, "a") as f:
                csv.writer(f).writerow([step, f"{now-t_start:.1f}", f"{lr:.3e}", f"{ema:.5f}", vl])
        if time.time() - last_ckpt > 60 * args.ckpt_minutes:
            checkpoint(); last_ckpt = time.time()
    v = validate(model, val, borders_f, args.max_dim, args.y_mode); val_hist.append((step, v))
    print(f"finished step {step} final val {v:.5f}", flush=True)
    with open(csv_path, "a") as f:
        csv.writer(f).writerow([step, f"{time.time()-t_start:.1f}", "0", "" if ema is None else f"{ema:.5f}", f"{v:.5f}"])
    checkpoint()
    if not args.no_export:
        from export import export
        export(model.cpu(), borders, {k: v for k, v in vars(args).items() if k != 'dev'}, dict(step=step, elapsed=time.time() - t_start, seen=seen,
                                           final_val=v, n_border_targets=n_border_targets), args.export_dir)


if __name__ == "__main__":
    main()
