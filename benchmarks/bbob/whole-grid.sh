#!/usr/bin/env bash
# The whole bbob evaluation grid (480 cells: f1-f24, d = 2, 5, 10, 20, five noise models) for the GP default against
# the peers, from stored runs. NEW lists the runs made under the current default; OLD the earlier defaults' runs, used
# only for cells NEW does not cover (relabel-runs.py keeps the first run of a problem and seed, so NEW comes first).
# Update NEW when a cell is re-run under a new default, PEERS when peer runs are added.
#   bash benchmarks/bbob/whole-grid.sh benchmarks/results/bbob-sNN-grid-compare.md
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: whole-grid.sh OUT.md}
R=benchmarks/results; P=benchmarks/peers/results
P5="$P/bbob-eval-d2-5.json $P/bbob-eval-d5-s3to5.json $P/bbob-s10-eval-d5-f4to24-s6to9.json $P/bbob-s10-eval-d5-f3-s7to9.json"
P10="$P/bbob-eval-d10-s3.json $P/bbob-eval-d10-20-cma-random-s3.json $P/bbob-s10-eval-d10-tpe-s0.json $P/bbob-s10-eval-d10-tpe-s1-2.json $P/bbob-s11-eval-d10-s3to9.json"
PEERS="$P5 $P10 $P/bbob-s12-eval-d20.json $P/bbob-s13-eval-d2-noisy.json $P/bbob-s13-eval-d5-noisy.json $P/bbob-s13-eval-d5-noisy-gl-mult.json $P/bbob-s14-eval-d10-gh-0of2.json $P/bbob-s14-eval-d10-gh-1of2.json $P/bbob-s15-eval-d10-gl.json $P/bbob-s16-eval-d10-cm.json $P/bbob-s16-eval-d20-gh-s0to4.json $P/bbob-s18-eval-d20-noisy3-s0to4.json $P/bbob-s19-eval-d20-gh-mult-s5to9.json $P/bbob-s24-eval-d20-cauchy-gl-s5to9.json"
NEW="$R/bbob-s24-eval-d20-gauss-low-s5to9.json $R/bbob-s24-eval-d20-cauchy-s5to9.json $R/bbob-s23-eval-d20-mult-default.json $R/bbob-s23-eval-d20-gh-default.json $R/bbob-s22-eval-d20-cauchy-default.json $R/bbob-s22-eval-d20-gl-default.json $R/bbob-s22-eval-d20-none-default.json $R/bbob-s22-eval-d10-gh-default.json $R/bbob-s21-eval-d10-cm-default.json $R/bbob-s21-eval-d10-none-default.json $R/bbob-s21-eval-d10-gl-default.json $R/bbob-s21-eval-d2d5-candidate.json $R/bbob-s20-eval-cauchy-d2d5-as-candidate.jsonl"
OLD="$(ls $R/bbob-s12-eval-explore-d2-*.json | tr '\n' ' ') $R/bbob-s15-eval-d5.json $R/bbob-s15-eval-d10.json $R/bbob-s18-eval-d20.json $R/bbob-s13-eval-noisy-d2.json $R/bbob-s13-eval-noisy-d2-cm.json $R/bbob-s15-eval-noisy-d5-gh-mult.json $R/bbob-s15-eval-noisy-d5-gl-cauchy.json $R/bbob-s15-eval-noisy-d10-gh.json $R/bbob-s15-eval-noisy-d10-gl.json $R/bbob-s16-eval-noisy-d10-cm.json $R/bbob-s18-eval-d20-gh-as-default.jsonl $R/bbob-s18-eval-d20-gauss-low.json $R/bbob-s18-eval-d20-mult.json $R/bbob-s18-eval-d20-cauchy.json $R/bbob-s19-eval-d20-gauss-high-s5to9.json $R/bbob-s19-eval-d20-mult-s5to9.json"
ours=$(mktemp --suffix=.jsonl)
trap 'rm -f "$ours"' EXIT
python3 benchmarks/bbob/relabel-runs.py gp-qlognei-explore "$ours" --only gp-qlognei-explore,gp-qlognei-explore-robust-verify $NEW $OLD
npx tsx benchmarks/bbob/compare.ts "$ours" $PEERS --ours gp-qlognei-explore --md "$out" | tail -4
