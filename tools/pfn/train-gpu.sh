#!/usr/bin/env bash
# The GPU training run of the shipped weights (one prepared command for a lent GPU machine whose
# python3 already has torch; see README.md "GPU run"). Writes the exported weights and the logs
# under $OUT (default tmp/pfn-gpu-out). MINUTES bounds the training time; DEVICE overrides cuda
# (DEVICE=cpu MINUTES=0.3 checks the script here).
set -uo pipefail
export PYTHONUNBUFFERED=1
OUT="${OUT:-tmp/pfn-gpu-out}"; MINUTES="${MINUTES:-7.5}"; DEVICE="${DEVICE:-cuda}"
WORK="${WORK:-/tmp/pfn-gpu}"
mkdir -p "$OUT"
PY="${PY:-python3}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
"$PY" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
"$PY" -u tools/pfn/train.py --workdir "$WORK" --export-dir "$OUT/weights" --device "$DEVICE" \
  --max-minutes "$MINUTES" --batch 256 --lr 3e-4 --warmup 1000 \
  --d-model 192 --layers 6 --heads 4 --ff 384 --dec-hidden 384 --buckets 512 --y-mode identity \
  --val-every 1000 --ckpt-minutes 2 --threads 4 --seed 1 2>&1 | tee "$OUT/train.log"
# quick held-out check against the exact GP with the true hyperparameters (the official
# evaluation with the MAP GP is benchmarks/pfn/nll-eval.ts, run on the CPU machine)
timeout 90 "$PY" -u tools/pfn/eval_gp.py --workdir "$WORK" --datasets 1000 --threads 8 2>&1 | tee "$OUT/eval.log"
