"""Merge run records (JSON-lines progress logs or .json result files) under one algorithm label, first
record per (problem, seed) kept: for comparing runs of one spec that ran under two names (a default that
was renamed when it stopped being the default). Usage: relabel-runs.py LABEL OUT.jsonl [--only NAME,NAME] FILE...
--only keeps the records of those algorithm names only (files that hold several algorithms)."""
import json
import sys


def records(path):
    if path.endswith('.jsonl'):
        return [json.loads(line) for line in open(path) if line.strip()]
    return json.load(open(path))['runs']


label, out_path, *paths = sys.argv[1:]
only = None
if '--only' in paths:
    at = paths.index('--only')
    only = set(paths[at + 1].split(','))
    del paths[at:at + 2]
seen = set()
with open(out_path, 'w') as out:
    for path in paths:
        for r in records(path):
            if 'problem' not in r or (r['problem'], r['seed']) in seen or (only is not None and r.get('algorithm') not in only):
                continue
            key = (r['problem'], r['seed'])
            seen.add(key)
            out.write(json.dumps({**r, 'algorithm': label}) + '\n')
print(len(seen), 'runs')
