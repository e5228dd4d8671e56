"""Merge result files (run.ts / server-run.ts / optuna_peer.py format) into one file per method.

    python3 benchmarks/training-curves/merge_runs.py OUT.json LABEL SEED_LO SEED_HI FILE...

Takes the runs of seeds SEED_LO..SEED_HI from the FILEs (the first file holding a seed wins), labels
them LABEL, and sets the budget to the smallest of the files' (report.ts then reads every run at that
budget, exact because trials run one at a time). Session 9 merged scratch runs that split seeds or
budgets over several processes this way (benchmarks/RESULTS.md lists the runs).
"""
import json
import sys


def main():
    out, label, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    runs, budget = {}, None
    for path in sys.argv[5:]:
        data = json.load(open(path))
        budget = data["budget"] if budget is None else min(budget, data["budget"])
        for run in data["runs"]:
            if lo <= run["seed"] <= hi and run["seed"] not in runs:
                runs[run["seed"]] = run
    json.dump({"algorithm": label, "budget": budget, "merged_from": sys.argv[5:], "runs": [runs[s] for s in sorted(runs)]}, open(out, "w"))
    print(f"{out}: {label}, {len(runs)} seeds, budget {budget}")


if __name__ == "__main__":
    main()
