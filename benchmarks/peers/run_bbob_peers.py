#!/usr/bin/env python3
"""Peers on the bbob grid: Optuna 3.1 TPE, Optuna CMA-ES (the `cmaes` module) and random search
on the same instances, seeds and budgets as `npm run bench -- --bbob ...` (benchmarks/README.md).

Functions and noise are the TypeScript ones, evaluated through benchmarks/peers/bbob-evaluator.ts
(one JSON-lines subprocess), so peers and our runs score the very same problems. Every sampler
works on the unit cube mapped linearly to [-5, 5]^d, as in peers.md. Output: a result file in the
runner's record format (run-records.ts), readable by benchmarks/merge.ts and bbob/compare.ts.

Usage (Debian's Python, which has optuna 3.1 and cmaes):
  /usr/bin/python3 benchmarks/peers/run_bbob_peers.py --set evaluation --functions 1-24 \
      --dims 2,5 --noise none --seeds 10 [--seed-offset 0] --samplers tpe,cmaes,random --out F.json [--shard 0/2]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import optuna

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETS = {"selection": [1, 2, 3, 4, 5], "evaluation": list(range(6, 16))}


def int_list(spec):
    out = set()
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return sorted(out)


def budget(d):
    return 100 if d <= 6 else (150 if d < 20 else 200)


def initial_trials(d):
    return 10 if d <= 6 else 2 * d


def name(fid, instance, d, noise):
    base = "bbob_f%03d_i%02d_d%02d" % (fid, instance, d)
    return base if noise == "none" else base + "_" + noise


class Evaluator:
    """The TypeScript problems behind a JSON-lines pipe."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["npx", "tsx", "benchmarks/peers/bbob-evaluator.ts"], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(self, req):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        if "error" in out:
            raise RuntimeError(out["error"])
        return out

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def sampler_for(kind, seed, d):
    if kind == "tpe":
        return optuna.samplers.TPESampler(seed=seed, n_startup_trials=initial_trials(d))
    if kind == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if kind == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError("unknown sampler " + kind)


def run_one(ev, kind, problem, seed):
    info = ev.ask({"problem": problem, "info": True})
    d, lo, hi, optimum = info["dim"], info["lower"], info["upper"], info["optimum"]
    n = budget(d)
    study = optuna.create_study(direction="minimize", sampler=sampler_for(kind, seed, d))
    best, regret, ask_ms = float("inf"), [], []
    t0 = time.perf_counter()
    for _ in range(n):
        a0 = time.perf_counter()
        trial = study.ask()
        u = [trial.suggest_float("x%d" % i, 0.0, 1.0) for i in range(d)]
        ask_ms.append((time.perf_counter() - a0) * 1000)
        x = [lo[i] + u[i] * (hi[i] - lo[i]) for i in range(d)]
        out = ev.ask({"problem": problem, "seed": seed, "x": x})
        study.tell(trial, out["observed"])
        best = min(best, out["clean"])
        regret.append(float("%.6g" % (best - optimum)))
    return {
        "problem": problem, "algorithm": "optuna-" + kind, "seed": seed, "budget": n,
        "initialTrials": initial_trials(d) if kind == "tpe" else 0, "regret": regret,
        "askMs": [round(v, 2) for v in ask_ms], "phaseCounts": {kind: n}, "firstModelAsk": -1,
        "fallbackReasons": {}, "modelFallbacks": 0, "wallMs": (time.perf_counter() - t0) * 1000,
        "spec": {"sampler": type(study.sampler).__name__, "optuna": optuna.__version__, "seed": seed},
    }


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=list(SETS), default="evaluation")
    ap.add_argument("--functions", default="1-24")
    ap.add_argument("--dims", default="2,5,10,20")
    ap.add_argument("--noise", default="none")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--seed-offset", type=int, default=0, help="seeds are offset .. offset + seeds - 1 (as the runner's --seed-offset)")
    ap.add_argument("--samplers", default="tpe,cmaes,random")
    ap.add_argument("--shard", default="0/1", help="i/n: run every n-th task starting at i")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    shard, shards = (int(v) for v in args.shard.split("/"))
    tasks = []
    for noise in args.noise.split(","):
        for d in int_list(args.dims):
            for fid in int_list(args.functions):
                for seed in range(args.seed_offset, args.seed_offset + args.seeds):
                    instance = SETS[args.set][seed % len(SETS[args.set])]
                    for kind in args.samplers.split(","):
                        tasks.append((kind, name(fid, instance, d, noise), seed))
    tasks = tasks[shard::shards]
    progress = args.out + ".progress.jsonl"
    done = set()
    if os.path.exists(progress):
        with open(progress) as f:
            for line in f:
                try:
                    r = json.loads(line)
                    done.add((r["algorithm"], r["problem"], r["seed"]))
                except ValueError:
                    pass
    ev = Evaluator()
    t0 = time.time()
    with open(progress, "a") as log:
        for i, (kind, problem, seed) in enumerate(tasks):
            if ("optuna-" + kind, problem, seed) in done:
                continue
            r = run_one(ev, kind, problem, seed)
            log.write(json.dumps(r) + "\n")
            log.flush()
            sys.stderr.write("[%d/%d] %s %s seed %d: %.3g (%.1f s)\n" % (i + 1, len(tasks), problem, r["algorithm"], seed, r["regret"][-1], r["wallMs"] / 1000))
    ev.close()
    runs = []
    with open(progress) as f:
        for line in f:
            runs.append(json.loads(line))
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    with open(args.out, "w") as f:
        json.dump({"command": "python3 benchmarks/peers/run_bbob_peers.py " + " ".join(argv), "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "provenance": {"gitCommit": commit, "optuna": optuna.__version__, "python": sys.version.split()[0]}, "runs": runs}, f)
        f.write("\n")
    os.remove(progress)
    sys.stderr.write("%d runs in %.0f s -> %s\n" % (len(runs), time.time() - t0, args.out))


if __name__ == "__main__":
    main(sys.argv[1:])
