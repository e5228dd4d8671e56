#!/usr/bin/env python3
"""Peer run on the learning-curve table: Optuna TPE + HyperbandPruner (Debian's python3-optuna).

Each trial samples the space define-by-run (momentum only for sgd: Optuna's native conditional
space), reads the nearest table entry's curve (table_lookup.py, the rule of table.ts), reports the
validation loss after every epoch and stops when the pruner says so. Trials run one at a time until
the epoch budget is spent. Output: JSON with, per seed, the best-so-far regret after each trial
against total epochs spent (regret = the incumbent's final loss - the table's best final loss; the
incumbent is the best COMPLETED trial, as for the TypeScript runs).

  nice -n 10 /usr/bin/python3 benchmarks/training-curves/optuna_peer.py --seeds 10 --budget 2400 \
      --out benchmarks/training-curves/results/optuna-tpe-hyperband.json
"""
import argparse
import json
import math
import os
import sys

import optuna

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from table_lookup import CurveTable  # noqa: E402


def suggest(trial, space):
    params = {}
    for name, spec in space.items():
        when = spec.get("when")
        if when and not all(params.get(p) in v for p, v in when.items()):
            continue
        if spec["type"] == "categorical":
            params[name] = trial.suggest_categorical(name, spec["choices"])
        elif spec["type"] == "int":
            params[name] = trial.suggest_int(name, spec["low"], spec["high"], log=spec.get("log", False))
        else:
            params[name] = trial.suggest_float(name, spec["low"], spec["high"], log=spec.get("log", False))
    return params


def run_seed(table, seed, budget, n_startup, study_prefix):
    sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=n_startup)
    pruner = optuna.pruners.HyperbandPruner(min_resource=1, max_resource=table.epochs, reduction_factor=3)
    # A fixed study name: HyperbandPruner assigns brackets by crc32 of "<study name>_<trial number>",
    # and a generated name made the brackets, hence the run, differ from one invocation to the next.
    study = optuna.create_study(study_name=f"{study_prefix}-{seed}", direction="minimize", sampler=sampler, pruner=pruner)
    state = {"epochs": 0, "best": math.inf, "pruned": 0}
    trace = []
    last = table.epochs - 1
    while state["epochs"] < budget:
        trial = study.ask()
        entry = table.entries[table.nearest(suggest(trial, table.space))]
        pruned = False
        for step in range(1, table.epochs + 1):
            if state["epochs"] >= budget:
                break
            state["epochs"] += 1
            value = entry["loss"][step - 1]
            trial.report(value, step)
            if step < table.epochs and trial.should_prune():
                pruned = True
                break
        if pruned:
            state["pruned"] += 1
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
        elif step == table.epochs and state["epochs"] <= budget:
            study.tell(trial, entry["loss"][last])
            state["best"] = min(state["best"], entry["loss"][last])
        else:
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
        trace.append([state["epochs"], state["best"] - table.best_final if math.isfinite(state["best"]) else None])
    return {"trace": trace, "trials": len(trace), "pruned": state["pruned"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=1, help="seeds first-seed .. first-seed+seeds-1")
    parser.add_argument("--budget", type=int, default=2400, help="total epochs per run")
    parser.add_argument("--startup", type=int, default=10, help="TPE's random startup trials")
    parser.add_argument("--study-prefix", default="lc-peer",
                        help="study names <prefix>-<seed>: another prefix is another bracket assignment (the peer's own spread)")
    parser.add_argument("--label", default="optuna-tpe-hyperband", help="the method name written to the file")
    parser.add_argument("--out", default="benchmarks/training-curves/results/optuna-tpe-hyperband.json")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    table = CurveTable()
    runs = [{"seed": s, **run_seed(table, s, args.budget, args.startup, args.study_prefix)} for s in range(args.first_seed, args.first_seed + args.seeds)]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump({"algorithm": args.label, "study_prefix": args.study_prefix, "optuna": optuna.__version__, "budget": args.budget, "runs": runs}, handle)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
