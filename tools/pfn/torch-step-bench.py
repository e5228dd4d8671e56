"""One training step (forward + backward + clip + AdamW) of the PFN in torch, wall and CPU time.
Companion of tfjs-step-bench.ts (same model, same batch). Prior sampling timed separately.
Usage: .venv-pfn/bin/python tools/pfn/torch-step-bench.py THREADS [BATCH] [STEPS]"""
import os, statistics, sys, time
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from prior import sample_batch, encode_x, normalize_y  # noqa: E402
from model import PFN  # noqa: E402
from bar import bar_nll  # noqa: E402

th = int(sys.argv[1]); B = int(sys.argv[2]) if len(sys.argv) > 2 else 16
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 10
torch.set_num_threads(th)
g = torch.Generator().manual_seed(0)
m = PFN(8, 128, 4, 4, 256, 256, 256)
opt = torch.optim.AdamW(m.parameters(), 1e-3)
borders = torch.linspace(-4, 4, 257)
rows = []
for i in range(steps):
    w0, c0 = time.perf_counter(), time.process_time()
    b = sample_batch(B, 128, 8, 100, g)
    w1, c1 = time.perf_counter(), time.process_time()
    z = encode_x(b["x"], b["d"], 8); yn, _, _ = normalize_y(b["y"], b["n_ctx"])
    h = m.hidden(z, yn, b["n_ctx"]); q = torch.arange(128).unsqueeze(0) >= b["n_ctx"].unsqueeze(1)
    loss = bar_nll(m.decoder(h[q]), yn[q], borders).mean()
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
    w2, c2 = time.perf_counter(), time.process_time()
    rows.append((w1 - w0, c1 - c0, w2 - w1, c2 - c1))
r = rows[2:]
med = lambda j: statistics.median(x[j] for x in r)
print(f"torch {torch.__version__} threads {th} B={B}: step wall {med(2):.3f}s cpu {med(3):.3f}s | "
      f"prior sample wall {med(0):.3f}s cpu {med(1):.3f}s (medians of {len(r)} after 2 warm-up)")
