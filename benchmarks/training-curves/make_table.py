#!/usr/bin/env python3
"""Builds the tabular learning-curve benchmark by actually training scikit-learn MLPs.

Dataset: scikit-learn's bundled `digits` (1797 8x8 images, 10 classes), standardized, split
60/40 train/validation with a fixed seed. Each configuration of a mixed, conditional space is
trained one epoch at a time with `MLPClassifier.partial_fit` (one pass over the training set per
call) and after every epoch we record the validation log loss, the validation accuracy and the
wall seconds the epoch took. Configurations are drawn uniformly (log-uniform where the spec is
log) with a fixed seed, so the table is reproducible up to floating-point timing noise.

The search space (the same spec the TypeScript benchmark uses, see space.json):
  lr        float log  [1e-4, 0.3]   learning_rate_init
  width     int   log  [8, 256]      units per hidden layer
  depth     int        [1, 3]        hidden layers
  alpha     float log  [1e-6, 1e-1]  L2 penalty
  batch     int   log  [16, 256]     minibatch size
  activation categorical relu | tanh | logistic
  optimizer  categorical adam | sgd
  momentum  float      [0, 0.99]     when: {optimizer: [sgd]}   (Nesterov off)

Output: table.json.gz: {space, epochs, dataset, configs: [{params, loss[], acc[], sec[]}]},
floats rounded to 4 significant digits. Usage:
  nice -n 10 /usr/bin/python3 benchmarks/training-curves/make_table.py --configs 400 --epochs 40
"""
import argparse
import gzip
import json
import math
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

SPACE = {
    "lr": {"type": "float", "low": 1e-4, "high": 0.3, "log": True},
    "width": {"type": "int", "low": 8, "high": 256, "log": True},
    "depth": {"type": "int", "low": 1, "high": 3},
    "alpha": {"type": "float", "low": 1e-6, "high": 1e-1, "log": True},
    "batch": {"type": "int", "low": 16, "high": 256, "log": True},
    "activation": {"type": "categorical", "choices": ["relu", "tanh", "logistic"]},
    "optimizer": {"type": "categorical", "choices": ["adam", "sgd"]},
    "momentum": {"type": "float", "low": 0.0, "high": 0.99, "when": {"optimizer": ["sgd"]}},
}

# Log loss is clipped here so that a diverged run (NaN weights, probabilities of 0) records a
# large finite loss instead of NaN: the benchmark then treats divergence as a bad, finite value.
PROB_FLOOR = 1e-6
LOSS_CAP = -math.log(PROB_FLOOR)


def sig4(x):
    """Rounds to 4 significant digits (keeps the table compact; timing noise is larger)."""
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else LOSS_CAP
    return float(f"{x:.4g}")


def sample_config(rng):
    """One configuration drawn uniformly from SPACE (log-uniform where log)."""
    params = {}
    for name, spec in SPACE.items():
        when = spec.get("when")
        if when and not all(params.get(parent) in values for parent, values in when.items()):
            continue
        if spec["type"] == "categorical":
            params[name] = spec["choices"][rng.integers(len(spec["choices"]))]
            continue
        lo, hi = spec["low"], spec["high"]
        if spec.get("log"):
            value = math.exp(rng.uniform(math.log(lo), math.log(hi + (0.5 if spec["type"] == "int" else 0))))
        else:
            value = rng.uniform(lo, hi + (1 if spec["type"] == "int" else 0))
        params[name] = min(int(value), hi) if spec["type"] == "int" else sig4(value)
    return params


def validation_metrics(model, x_val, y_val):
    """Validation log loss (probabilities floored at PROB_FLOOR) and accuracy."""
    with np.errstate(all="ignore"):
        proba = model.predict_proba(x_val)
    if not np.all(np.isfinite(proba)):
        return LOSS_CAP, float(np.mean(y_val == 0))
    picked = np.clip(proba[np.arange(len(y_val)), y_val], PROB_FLOOR, 1.0)
    loss = float(-np.mean(np.log(picked)))
    acc = float(np.mean(model.classes_[np.argmax(proba, axis=1)] == y_val))
    return min(loss, LOSS_CAP), acc


def train_curve(params, data, epochs, seed):
    """Trains one configuration for `epochs` epochs; returns per-epoch loss, accuracy, seconds."""
    x_tr, y_tr, x_val, y_val, classes = data
    model = MLPClassifier(
        hidden_layer_sizes=(params["width"],) * params["depth"],
        activation=params["activation"],
        solver=params["optimizer"],
        alpha=params["alpha"],
        batch_size=params["batch"],
        learning_rate_init=params["lr"],
        momentum=params.get("momentum", 0.9),
        nesterovs_momentum=False,
        random_state=seed,
        shuffle=True,
    )
    losses, accs, secs = [], [], []
    for epoch in range(epochs):
        start = time.process_time()
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", ConvergenceWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            model.partial_fit(x_tr, y_tr, classes=classes if epoch == 0 else None)
        secs.append(time.process_time() - start)
        loss, acc = validation_metrics(model, x_val, y_val)
        losses.append(loss)
        accs.append(acc)
    return losses, accs, secs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", type=int, default=400)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--out", default="benchmarks/training-curves/table.json.gz")
    args = parser.parse_args()

    digits = load_digits()
    x_tr, x_val, y_tr, y_val = train_test_split(
        digits.data, digits.target, test_size=0.4, random_state=args.seed, stratify=digits.target)
    scaler = StandardScaler().fit(x_tr)
    data = (scaler.transform(x_tr), y_tr, scaler.transform(x_val), y_val, np.unique(digits.target))

    rng = np.random.default_rng(args.seed)
    configs = []
    begin = time.time()
    for index in range(args.configs):
        params = sample_config(rng)
        losses, accs, secs = train_curve(params, data, args.epochs, seed=args.seed + index)
        configs.append({
            "params": params,
            "loss": [sig4(v) for v in losses],
            "acc": [sig4(v) for v in accs],
            "sec": [sig4(v) for v in secs],
        })
        if (index + 1) % 20 == 0:
            print(f"{index + 1}/{args.configs} configs, {time.time() - begin:.0f} s", flush=True)

    table = {
        "dataset": "sklearn digits, standardized, 60/40 stratified split, seed %d" % args.seed,
        "model": "sklearn %s MLPClassifier.partial_fit, one epoch per call" % __import__("sklearn").__version__,
        "epochs": args.epochs,
        "seed": args.seed,
        "space": SPACE,
        "configs": configs,
    }
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(table, handle, separators=(",", ":"))
    print(f"wrote {args.out}: {len(configs)} configs x {args.epochs} epochs in {time.time() - begin:.0f} s")


if __name__ == "__main__":
    main()
