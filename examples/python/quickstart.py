"""Quickstart: minimise Branin with ask/tell, then with 4 worker threads.

    npm start &                                   # the server on 127.0.0.1:7700
    PYTHONPATH=clients/python /usr/bin/python3 examples/python/quickstart.py [--url URL] [--token T]
(or install the client first: see clients/python/README.md). BO_URL / BO_TOKEN work too.
"""
from __future__ import annotations

import argparse
import math
import os

import bayesopt


def branin(x1: float, x2: float) -> float:
    """Branin-Hoo; its minimum is 0.397887."""
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=os.environ.get("BO_URL", "http://127.0.0.1:7700"))
    ap.add_argument("--token", default=os.environ.get("BO_TOKEN"))
    args = ap.parse_args()

    client = bayesopt.connect(args.url, token=args.token)
    space = {"x1": {"type": "float", "low": -5, "high": 10}, "x2": {"type": "float", "low": 0, "high": 15}}
    study = client.create_study(name="quickstart-py", space=space, objectives={"loss": "minimize"},
                                algorithm={"surrogate": "gp", "acquisition": "qlognei", "seed": 1})
    for _ in range(15):  # the loop by hand
        trial = study.ask()[0]
        study.tell(trial.id, {"loss": branin(trial.params["x1"], trial.params["x2"])})
    # ... and 15 more with 4 threads (a failing fn would fail its trial, not the run)
    best = study.optimize(lambda p: {"loss": branin(p["x1"], p["x2"])}, n_trials=15, n_workers=4)
    assert best is not None
    print(f"study {study.id}: best loss {best.values['loss']:.5f} at {best.params} (trial #{best.number}; optimum 0.397887)")
    rec = study.recommend()
    print(f"model recommends {rec['params']}: predicted {rec['predicted']:.4f} "
          f"(95% interval {rec['interval']['lower']:.4f} .. {rec['interval']['upper']:.4f})")


if __name__ == "__main__":
    main()
