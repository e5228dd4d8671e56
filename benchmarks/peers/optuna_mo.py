#!/usr/bin/env python3
"""Optuna peers of the multi-objective bench (benchmarks/mo): NSGA-II and MOTPE with Debian's
python3-optuna 3.1, plus nothing else. The problems are written again here from their
definitions (BoTorch's test functions, as benchmarks/mo/problems.ts); test/benchmarks/
mo-problems.test.ts compares both implementations at fixed points.

  /usr/bin/python3 benchmarks/peers/optuna_mo.py --problems branin-currin,dtlz2-d6-m2 \
      --samplers nsga2,motpe --seeds 5 --budget 50 --out optuna.json

Settings as peers-multiobjective.md: NSGA-II population 10 (Optuna defaults otherwise), MOTPE =
TPESampler(multivariate=True, n_startup_trials=10). Constraints (c <= 0 feasible) go to NSGA-II's
constraints_func; TPE in 3.1 ignores them, so MOTPE is run on unconstrained problems only. The
hypervolume per trial (feasible points, minimized objectives, the problem's reference point) is
computed by the TypeScript side from the recorded objective values, not here.
"""
import argparse
import json
import math

import optuna


def branin(x0, x1):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x1 - b * x0 ** 2 + c * x0 - 6) ** 2 + 10 * (1 - t) * math.cos(x0) + 10


def currin(x0, x1):
    x1 = max(x1, 1e-12)
    factor = 1 - math.exp(-1 / (2 * x1))
    return factor * (2300 * x0 ** 3 + 1900 * x0 ** 2 + 2092 * x0 + 60) / (100 * x0 ** 3 + 500 * x0 ** 2 + 4 * x0 + 20)


def dtlz2(x, m):
    g = sum((v - 0.5) ** 2 for v in x[m - 1:])
    out = []
    for k in range(m):
        v = 1 + g
        for j in range(m - 1 - k):
            v *= math.cos(x[j] * math.pi / 2)
        if k > 0:
            v *= math.sin(x[m - 1 - k] * math.pi / 2)
        out.append(v)
    return out


def zdt(kind, x):
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    r = x[0] / g
    return [x[0], g * (1 - (math.sqrt(r) if kind == 1 else r * r))]


def vehicle(x):
    x1, x2, x3, x4, x5 = x
    f1 = 1640.2823 + 2.3573285 * x1 + 2.3220035 * x2 + 4.5688768 * x3 + 7.7213633 * x4 + 4.4559504 * x5
    f2 = (6.5856 + 1.15 * x1 - 1.0427 * x2 + 0.9738 * x3 + 0.8364 * x4 - 0.3695 * x1 * x4 + 0.0861 * x1 * x5
          + 0.3628 * x2 * x4 - 0.1106 * x1 * x1 - 0.3437 * x3 * x3 + 0.1764 * x4 * x4)
    f3 = (-0.0551 + 0.0181 * x1 + 0.1024 * x2 + 0.0421 * x3 - 0.0073 * x1 * x2 + 0.024 * x2 * x3 - 0.0118 * x2 * x4
          - 0.0204 * x3 * x4 - 0.008 * x3 * x5 - 0.0241 * x2 * x2 + 0.0109 * x4 * x4)
    return [f1, f2, f3]


def c2dtlz2_c(x, m, r=0.2):
    """BoTorch's C2DTLZ2 slack, negated (c <= 0 feasible)."""
    f = dtlz2(x, m)
    best = min((f[i] - 1) ** 2 + sum(f[j] ** 2 - r * r for j in range(m) if j != i) for i in range(m))
    centre = sum((v - 1 / math.sqrt(m)) ** 2 - r * r for v in f)
    return [min(best, centre)]


def pressure_vessel(x):
    """Pressure vessel cost (Kannan & Kramer 1994), Ts and Th continuous (benchmarks/mo/pressure-vessel.ts)."""
    ts, th, r, l = x
    return [0.6224 * ts * r * l + 1.7781 * th * r * r + 3.1661 * ts * ts * l + 19.84 * ts * ts * r]


def pressure_vessel_c(x):
    ts, th, r, l = x
    return [0.0193 * r - ts, 0.00954 * r - th, 1296000 - math.pi * r * r * l - 4 / 3 * math.pi * r ** 3, l - 240]


def welded_beam(x):
    """Welded beam cost (Coello 2000 form; benchmarks/mo/welded-beam.ts)."""
    h, l, t, b = x
    return [1.10471 * h * h * l + 0.04811 * t * b * (14 + l)]


def welded_beam_c(x):
    """Shear, bending, h - b, cost cap, deflection, buckling (ratios to the limits), c <= 0 feasible."""
    h, l, t, b = x
    P, L, E, G = 6000.0, 14.0, 30e6, 12e6
    tau_p = P / (math.sqrt(2) * h * l)
    R = math.sqrt(l * l / 4 + ((h + t) / 2) ** 2)
    J = 2 * math.sqrt(2) * h * l * (l * l / 12 + ((h + t) / 2) ** 2)
    tau_pp = P * (L + l / 2) * R / J
    tau = math.sqrt(tau_p ** 2 + tau_p * tau_pp * l / R + tau_pp ** 2)
    sigma = 6 * P * L / (b * t * t)
    delta = 4 * P * L ** 3 / (E * t ** 3 * b)
    pc = 4.013 * E * math.sqrt(t * t * b ** 6 / 36) / (L * L) * (1 - t / (2 * L) * math.sqrt(E / (4 * G)))
    return [tau / 13600 - 1, sigma / 30000 - 1, h - b, 0.10471 * h * h + 0.04811 * t * b * (14 + l) - 5, delta / 0.25 - 1, 1 - pc / P]


# name -> (dim, lower, upper, objectives(x), constraints(x) or None); lower/upper a number or a list per variable
PROBLEMS = {
    "branin-currin": (2, 0.0, 1.0, lambda x: [branin(15 * x[0] - 5, 15 * x[1]), currin(x[0], x[1])], None),
    "dtlz2-d6-m2": (6, 0.0, 1.0, lambda x: dtlz2(x, 2), None),
    "dtlz2-d6-m3": (6, 0.0, 1.0, lambda x: dtlz2(x, 3), None),
    "dtlz2-d6-m4": (6, 0.0, 1.0, lambda x: dtlz2(x, 4), None),
    "zdt1-d10": (10, 0.0, 1.0, lambda x: zdt(1, x), None),
    "zdt2-d10": (10, 0.0, 1.0, lambda x: zdt(2, x), None),
    "vehicle-safety": (5, 1.0, 3.0, vehicle, None),
    "c2dtlz2-d6-m2": (6, 0.0, 1.0, lambda x: dtlz2(x, 2), lambda x: c2dtlz2_c(x, 2)),
    "pressure-vessel": (4, [0.0625, 0.0625, 10.0, 10.0], [6.1875, 6.1875, 200.0, 200.0], pressure_vessel, pressure_vessel_c),
    "welded-beam": (4, [0.125, 0.1, 0.1, 0.1], 10.0, welded_beam, welded_beam_c),
    # Gardner et al. 2014: Branin on [-5, 10] x [0, 15] inside a disk of radius sqrt(50) around (2.5, 7.5)
    "constrained-branin": (2, [-5.0, 0.0], [10.0, 15.0], lambda x: [branin(x[0], x[1])], lambda x: [(x[0] - 2.5) ** 2 + (x[1] - 7.5) ** 2 - 50]),
}


def bounds(lo, hi, dim):
    """Per-variable bounds from a number (the same for every variable) or a list."""
    as_list = lambda v: list(v) if isinstance(v, list) else [v] * dim  # noqa: E731
    return as_list(lo), as_list(hi)


def run(problem, sampler_name, seed, budget):
    dim, lo, hi, f, c = PROBLEMS[problem]
    lo, hi = bounds(lo, hi, dim)
    cons = None
    if c is not None:
        cons = lambda t: t.user_attrs["c"]  # noqa: E731
    if sampler_name == "nsga2":
        sampler = optuna.samplers.NSGAIISampler(population_size=10, seed=seed, constraints_func=cons)
    elif sampler_name == "motpe":
        if c is not None:
            return None
        sampler = optuna.samplers.TPESampler(multivariate=True, n_startup_trials=10, seed=seed)
    else:
        raise SystemExit(f"unknown sampler {sampler_name}")
    m = len(f(lo))
    study = optuna.create_study(directions=["minimize"] * m, sampler=sampler)

    def objective(trial):
        x = [trial.suggest_float(f"x{i}", lo[i], hi[i]) for i in range(dim)]
        if c is not None:
            trial.set_user_attr("c", c(x))
        return f(x)

    study.optimize(objective, n_trials=budget)
    rows = [{"f": t.values, "c": t.user_attrs.get("c", [])} for t in study.trials]
    return {"problem": problem, "algorithm": f"optuna-{sampler_name}", "seed": seed, "evaluations": rows}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", default="branin-currin")
    ap.add_argument("--samplers", default="nsga2,motpe")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--budget", type=int, default=50)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    runs = []
    for p in a.problems.split(","):
        for s in a.samplers.split(","):
            for seed in range(a.seeds):
                r = run(p, s, seed, a.budget)
                if r is not None:
                    runs.append(r)
    with open(a.out, "w") as fh:
        json.dump({"optuna": optuna.__version__, "runs": runs}, fh)


if __name__ == "__main__":
    main()
