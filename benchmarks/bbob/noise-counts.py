"""Per noise model and dimension: <= TPE / <= CMA-ES / <= random counts of our algorithms on the bbob cells
(one seed: the final regret of the run; session 10, issue 20), the rows compare.ts reads, grouped.
Usage: python3 benchmarks/bbob/noise-counts.py --ours gp-qlognei,gp-qlognei-tr-nr FILE...
(result .json or progress .jsonl files, ours and the peers' alike; a cell counts where every listed one ran)
"""
import collections
import json
import sys

PEERS = ["optuna-tpe", "optuna-cmaes", "optuna-random"]


def load(paths):
    final = {}
    for path in paths:
        text = open(path).read().strip()
        records = [json.loads(l) for l in text.splitlines() if l.strip()] if path.endswith(".jsonl") else json.loads(text)["runs"]
        for r in records:
            final[(r["problem"], r["algorithm"])] = r["regret"][-1]
    return final


def main(argv):
    ours = argv[argv.index("--ours") + 1].split(",")
    files = [a for i, a in enumerate(argv) if a != "--ours" and (i == 0 or argv[i - 1] != "--ours")]
    final = load(files)
    problems = sorted({p for (p, _) in final})
    groups = collections.defaultdict(lambda: collections.Counter())
    for p in problems:
        if not all((p, a) in final for a in ours + PEERS):
            continue
        parts = p.split("_")
        key = (parts[4] if len(parts) > 4 else "none", parts[3])
        for a in ours:
            groups[key][(a, "n")] += 1
            for peer in PEERS:
                groups[key][(a, peer)] += final[(p, a)] <= final[(p, peer)]
    for key in sorted(groups):
        g = groups[key]
        cols = " | ".join(f"{a}: {g[(a, 'optuna-tpe')]} / {g[(a, 'optuna-cmaes')]} / {g[(a, 'optuna-random')]} of {g[(a, 'n')]}" for a in ours)
        print(f"| {key[0]} {key[1]} | {cols} |")


main(sys.argv[1:])
