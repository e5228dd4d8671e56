/**
 * Mann-Whitney U against scipy.stats.mannwhitneyu (method 'asymptotic', continuity correction),
 * run here through python3 on the same samples (ties and infinities included); skips without scipy.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { mannWhitneyU } from '../../benchmarks/mann-whitney.js';
import { createRng } from '../../core/rng.js';

const haveScipy = spawnSync('python3', ['-c', 'import scipy.stats'], { stdio: 'ignore' }).status === 0;

function scipy(cases: { a: number[]; b: number[]; alt: string }[]): { u: number; p: number }[] {
  const script = `import sys, json, math
from scipy.stats import mannwhitneyu
out = []
for c in json.loads(sys.stdin.read()):
    f = lambda xs: [math.inf if x is None else x for x in xs]
    r = mannwhitneyu(f(c['a']), f(c['b']), alternative=c['alt'], method='asymptotic', use_continuity=True)
    out.append({'u': float(r.statistic), 'p': float(r.pvalue)})
print(json.dumps(out))`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

test('Mann-Whitney U and p match scipy (asymptotic) on 60 random cases with ties and infinities (1e-9)', { skip: haveScipy ? false : 'scipy not installed' }, () => {
  const rng = createRng(21);
  const alts = ['two-sided', 'less', 'greater'] as const;
  const cases = Array.from({ length: 60 }, (_, i) => {
    const draw = (n: number, shift: number) => Array.from({ length: n }, () => (rng.uniform() < 0.15 ? Infinity : Math.round((rng.normal() + shift) * 4) / 4));
    return { a: draw(5 + (i % 20), 0), b: draw(8 + (i % 13), (i % 5) * 0.3), alt: alts[i % 3]! };
  });
  // JSON has no Infinity: send null, scipy side maps it back to inf.
  const ref = scipy(cases.map((c) => ({ a: c.a.map((v) => (Number.isFinite(v) ? v : null)) as number[], b: c.b.map((v) => (Number.isFinite(v) ? v : null)) as number[], alt: c.alt })));
  cases.forEach((c, i) => {
    const r = mannWhitneyU(c.a, c.b, c.alt);
    assert.ok(Math.abs(r.u - ref[i]!.u) < 1e-9, `case ${i}: U ${r.u} vs ${ref[i]!.u}`);
    assert.ok(Math.abs(r.p - ref[i]!.p) < 1e-9, `case ${i} (${c.alt}): p ${r.p} vs ${ref[i]!.p}`);
  });
});
