"""Monte Carlo of the learning-curve pruner's startup screen alone, over random orders of the table.

Why: before 3 runs complete (>= 120 epochs) our pruner decides by rank at rungs (policy/pruners/
startup-rank.ts), and BO and TPE both still draw from their random initial phases, so the
125-epoch regret of the benchmark is the screen's doing. This replays the screen's rule on
uniformly random orders of the 500 table configurations (a stand-in for the Sobol design) and
reports the median regret (best completed final - table best) at the budget, per ladder:
rungs at first·3^k; a run goes on past a rung while in the top max(1, floor(n/3)) of the n runs
that reached it, and past the first rung only once `min-trials` runs have reached it. After
`startup` completed runs nothing is pruned (the forecast rule, not modelled here).

    nice -n 10 /usr/bin/python3 benchmarks/training-curves/startup_screen_mc.py --orders 4000 --budget 125
"""
import argparse
import gzip
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def screen_regret(losses, order, first, min_trials, budget, startup=3, eta=3):
    """Regret at `budget` epochs of the startup screen over configurations in `order`."""
    epochs_per_run = losses.shape[1]
    rungs = []
    while first * eta ** len(rungs) < epochs_per_run:
        rungs.append(first * eta ** len(rungs))
    scores = {r: [] for r in rungs}
    spent, completed, incumbent = 0, 0, np.inf
    for i in order:
        if spent >= budget:
            break
        stopped = False
        for step in range(1, epochs_per_run + 1):
            if spent >= budget:
                stopped = True
                break
            spent += 1
            if step == epochs_per_run or completed >= startup or step not in scores:
                continue
            v = losses[i, step - 1]
            scores[step].append(v)
            n = len(scores[step])
            keep = max(1, n // eta)
            if v > sorted(scores[step])[keep - 1] or (step == rungs[0] and n < min_trials):
                stopped = True
                break
        if not stopped:
            completed += 1
            incumbent = min(incumbent, losses[i, -1])
    return incumbent - losses[:, -1].min()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--orders", type=int, default=4000)
    p.add_argument("--budget", type=int, default=125)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    table = json.load(gzip.open(os.path.join(HERE, "table.json.gz")))
    losses = np.array([c["loss"] for c in table["configs"]])
    rng = np.random.default_rng(args.seed)
    orders = [rng.permutation(len(losses)) for _ in range(args.orders)]
    finals = losses[:, -1]
    ranks = lambda x: np.argsort(np.argsort(x))
    for step in (1, 3, 9):
        rho = np.corrcoef(ranks(losses[:, step - 1]), ranks(finals))[0, 1]
        print(f"Spearman(loss at epoch {step}, final loss) = {rho:.3f}")
    print(f"| first rung | runs needed at it | median regret at {args.budget} epochs | mean of min(regret, 1) |")
    print("|---|---|---|---|")
    for first in (1, 2, 3):
        for min_trials in (1, 2, 3, 4, 8):
            r = np.array([screen_regret(losses, o, first, min_trials, args.budget) for o in orders])
            print(f"| {first} | {min_trials} | {np.median(r):.4f} | {np.mean(np.minimum(r, 1)):.4f} |")


if __name__ == "__main__":
    main()
