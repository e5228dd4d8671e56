"""Tune a scikit-learn MLP on the digits dataset (ships with Debian's python3-sklearn) with 4 workers.

    apt-get install -y python3-sklearn
    npm start &
    PYTHONPATH=clients/python /usr/bin/python3 examples/python/tune_mlp.py [--trials 24] [--workers 4] [--url URL]

Maximises validation accuracy over hidden width, L2 penalty, learning rate and batch size; prints
the best validation score, the trials run and the wall time. Train/validation split is fixed (seed 0).
"""
from __future__ import annotations

import argparse
import os
import time
import warnings

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import bayesopt

SPACE = {
    "hidden": {"type": "int", "low": 8, "high": 256, "log": True},
    "alpha": {"type": "float", "low": 1e-6, "high": 1e-1, "log": True},
    "lr": {"type": "float", "low": 1e-4, "high": 3e-1, "log": True},
    "batch_size": {"type": "categorical", "choices": [32, 64, 128, 256]},
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=os.environ.get("BO_URL", "http://127.0.0.1:7700"))
    ap.add_argument("--token", default=os.environ.get("BO_TOKEN"))
    ap.add_argument("--trials", type=int, default=24)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--max-iter", type=int, default=60, help="epochs per training run")
    args = ap.parse_args()

    X, y = load_digits(return_X_y=True)  # 1,797 8x8 images, 10 classes
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    scaler = StandardScaler().fit(X_train)
    X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)

    def validation_accuracy(p: dict) -> dict:
        model = MLPClassifier(hidden_layer_sizes=(int(p["hidden"]),), alpha=p["alpha"], learning_rate_init=p["lr"],
                              batch_size=int(p["batch_size"]), max_iter=args.max_iter, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # a short budget is the point
            model.fit(X_train, y_train)
        return {"accuracy": float(model.score(X_val, y_val))}

    client = bayesopt.connect(args.url, token=args.token)
    study = client.create_study(name="mlp-digits", space=SPACE, objectives={"accuracy": "maximize"},
                                algorithm={"surrogate": "gp", "acquisition": "qlognei", "seed": 1})
    t0 = time.monotonic()
    done = []
    best = study.optimize(validation_accuracy, n_trials=args.trials, n_workers=args.workers,
                          on_trial=lambda t: done.append(t) or print(f"  trial {t.number:3d} {t.state:9s} {t.values or t.fail_reason} {t.params}"))
    wall = time.monotonic() - t0
    assert best is not None
    print(f"best validation accuracy {best.values['accuracy']:.4f} (trial #{best.number}, params {best.params})")
    print(f"{len(done)} trials with {args.workers} workers in {wall:.1f} s wall time; study {study.id}")


if __name__ == "__main__":
    main()
