"""How the default's regret compares with a peer's along the run, per set (dimension x noise): at each evaluation
count T, over the set's cells, the geometric mean of (our median regret at T) / (the peer's), and how many cells are
<= the peer's. Shows whether a set is lost early (the design) or late (the model's asks).
Usage: curve-ratio.py --ours FILE... --peers FILE... [--algorithm gp-qlognei-explore] [--peer optuna-cmaes] [--at 20,40,...]"""
import argparse
import collections
import json
import math
import re
import statistics


def records(path):
    if path.endswith('.jsonl'):
        return [json.loads(line) for line in open(path) if line.strip()]
    return json.load(open(path))['runs']


ap = argparse.ArgumentParser()
ap.add_argument('--ours', nargs='+', required=True)
ap.add_argument('--peers', nargs='+', required=True)
ap.add_argument('--algorithm', default='gp-qlognei-explore')
ap.add_argument('--peer', default='optuna-cmaes')
ap.add_argument('--at', default='20,40,60,80,100,125,150')
args = ap.parse_args()

runs = collections.defaultdict(lambda: collections.defaultdict(list))
for path, who in [(p, 'ours') for p in args.ours] + [(p, 'peer') for p in args.peers]:
    for r in records(path):
        if (who == 'ours' and r.get('algorithm') != args.algorithm) or (who == 'peer' and r.get('algorithm') != args.peer):
            continue
        m = re.match(r'bbob_f(\d+)_i\d+_d(\d+)_?(.*)', r['problem'])
        runs[(int(m.group(2)), m.group(3) or 'none', int(m.group(1)))][who].append(r['regret'])
sets = sorted({(d, noise) for (d, noise, _f) in runs})
print('| d | noise | T | cells | geometric mean ours / %s | cells <= %s |' % (args.peer, args.peer))
print('|---|---|---|---|---|---|')
for d, noise in sets:
    for t in [int(x) for x in args.at.split(',')]:
        logs, wins = [], 0
        for (dd, nn, _f), v in runs.items():
            if (dd, nn) != (d, noise) or not v['ours'] or not v['peer'] or len(v['ours'][0]) < t:
                continue
            a = statistics.median(x[t - 1] for x in v['ours'])
            b = statistics.median(x[t - 1] for x in v['peer'])
            logs.append(math.log((a + 1e-8) / (b + 1e-8)))
            wins += a <= b
        if logs:
            print('| %d | %s | %d | %d | %.3g | %d |' % (d, noise, t, len(logs), math.exp(sum(logs) / len(logs)), wins))
