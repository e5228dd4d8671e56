"""Decisions of Optuna's own pruners on given learning curves (the reference for optuna-reference.test.ts).

Reads {kind, params, direction, name, curves, obey} as JSON on stdin; runs one Optuna study whose
trials report the curves in order (step = index) and asks should_prune() after each report;
with `obey` a trial told to stop is told PRUNED, else it runs on and completes with its last
value. Prints the decisions, one list of booleans per trial.
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
cfg = json.load(sys.stdin)
p = cfg["params"]
if cfg["kind"] == "median":
    pruner = optuna.pruners.MedianPruner(n_startup_trials=p["startupTrials"], n_warmup_steps=p["warmupSteps"], interval_steps=p["intervalSteps"])
elif cfg["kind"] == "asha":
    pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=p["minResource"], reduction_factor=p["reductionFactor"], min_early_stopping_rate=p["minEarlyStoppingRate"])
else:
    pruner = optuna.pruners.HyperbandPruner(min_resource=p["minResource"], max_resource=p["maxResource"], reduction_factor=p["reductionFactor"])
study = optuna.create_study(study_name=cfg["name"], direction=cfg["direction"], pruner=pruner)
out = []
for curve in cfg["curves"]:
    trial = study.ask()
    decisions = []
    for step, value in enumerate(curve):
        trial.report(value, step)
        decisions.append(bool(trial.should_prune()))
        if decisions[-1] and cfg["obey"]:
            break
    if decisions[-1] and cfg["obey"]:
        study.tell(trial, state=optuna.trial.TrialState.PRUNED)
    else:
        study.tell(trial, curve[-1])
    out.append(decisions)
print(json.dumps(out))
