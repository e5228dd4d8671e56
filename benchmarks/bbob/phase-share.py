"""Per dimension and noise model: how a study's evaluations were spent, by ask phase (the runner's
RunResult.phaseCounts: initial-design, model, exploration, verification), over every run of one
algorithm; with the verification asks per run (median, max). Session 22, issue 20: the budget share of
re-measured suspected outliers. Reads result .json or progress .jsonl files (later files win on duplicates).
Usage: python3 benchmarks/bbob/phase-share.py --algorithm gp-qlognei-explore [--md out.md] FILE...
"""
import collections
import json
import re
import statistics
import sys

PHASES = ["initial-design", "model", "exploration", "verification"]


def records(path):
    text = open(path).read().strip()
    if path.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)["runs"]


def main(argv):
    def option(name):
        return argv[argv.index(name) + 1] if name in argv else None
    algorithm, md = option("--algorithm"), option("--md")
    files = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or not argv[i - 1].startswith("--"))]
    runs = {}
    for path in files:
        for r in records(path):
            if r.get("algorithm") == algorithm and "phaseCounts" in r:
                runs[(r["problem"], r["seed"], r["budget"])] = r
    groups = collections.defaultdict(list)
    for (problem, _, budget), r in runs.items():
        m = re.match(r"bbob_f\d+_i\d+_d(\d+)(?:_(.+))?$", problem)
        if m:
            groups[(int(m.group(1)), m.group(2) or "none", budget)].append(r["phaseCounts"])
    rows = ["| d | noise | budget | runs | " + " | ".join(PHASES) + " | verification asks per run: median / max |", "|" + "---|" * (len(PHASES) + 5)]
    for key in sorted(groups):
        counts = groups[key]
        total = sum(sum(c.values()) for c in counts)
        shares = [100 * sum(c.get(p, 0) for c in counts) / total for p in PHASES]
        per_run = [c.get("verification", 0) for c in counts]
        rows.append(f"| {key[0]} | {key[1]} | {key[2]} | {len(counts)} | " + " | ".join(f"{s:.1f}%" for s in shares) + f" | {statistics.median(per_run):g} / {max(per_run)} |")
    text = "\n".join(rows) + "\n"
    sys.stdout.write(text)
    if md:
        open(md, "w").write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
