"""Final regret of one algorithm's runs from two sets of result files, matched by (problem, seed).

For a default that changed under the same algorithm name (e.g. gp-qlognei before and after a
commit), where benchmarks/auto-table.ts, which compares two names, cannot tell the runs apart.
Usage: python3 benchmarks/compare-runs.py ALGORITHM 'OLD_GLOB' 'NEW_GLOB'
"""
import glob
import json
import statistics
import sys


def load(pattern, algorithm):
    runs = {}
    for path in sorted(glob.glob(pattern)):
        for run in json.load(open(path))['runs']:
            if run['algorithm'] == algorithm:
                runs[(run['problem'], run['seed'])] = run
    return runs


def main():
    algorithm, old_glob, new_glob = sys.argv[1:4]
    old, new = load(old_glob, algorithm), load(new_glob, algorithm)
    problems = list(dict.fromkeys(p for p, _ in new))
    print('| problem | seeds | old median | new median | new/old | same trace / new better / new worse |')
    print('|---|---|---|---|---|---|')
    at_most = counted = 0
    for problem in problems:
        keys = sorted(k for k in new if k[0] == problem and k in old)
        if not keys:
            continue
        o = [old[k]['regret'][-1] for k in keys]
        n = [new[k]['regret'][-1] for k in keys]
        same = sum(old[k]['traceHash'] == new[k]['traceHash'] for k in keys)
        better = sum(b < a for a, b in zip(o, n))
        worse = sum(b > a for a, b in zip(o, n))
        mo, mn = statistics.median(o), statistics.median(n)
        counted += 1
        at_most += mn <= mo
        ratio = f'{mn / mo:.2f}' if mo > 0 else '-'
        print(f'| {problem} | {len(keys)} | {mo:.4g} | {mn:.4g} | {ratio} | {same} / {better} / {worse} |')
    print(f'\nnew median <= old median on {at_most} of {counted} problems')


main()
