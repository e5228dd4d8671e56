"""Several objectives and outcome constraints through the Python client and the real server:
the Pareto front against a brute-force front computed here (dominance by definition, the
two-objective hypervolume as a staircase sum), constraint metrics required in tells, `best`
counting feasible trials only, and a reference point with a missing objective refused by path."""
from __future__ import annotations

import pytest

import bayesopt

SPACE = {"x": {"type": "float", "low": 0, "high": 1}}
OBJECTIVES = {"acc": "maximize", "latency": "minimize"}


def brute_front(rows):
    feasible = [(i, r) for i, r in enumerate(rows) if r["mem"] <= 16]
    return sorted(
        i for i, a in feasible
        if not any(b["acc"] >= a["acc"] and b["latency"] <= a["latency"] and (b["acc"] > a["acc"] or b["latency"] < a["latency"]) for _, b in feasible)
    )


def test_pareto_front_and_best(client) -> None:
    study = client.create_study(
        name="mo", space=SPACE, objectives=OBJECTIVES, constraints={"mem": {"max": 16}},
        algorithm={"initialTrials": 8, "referencePoint": {"acc": 0, "latency": 10}},
    )
    rows = [
        {"acc": 0.5, "latency": 3, "mem": 8},
        {"acc": 0.9, "latency": 6, "mem": 12},
        {"acc": 0.95, "latency": 2, "mem": 20},  # infeasible
        {"acc": 0.7, "latency": 2, "mem": 16},
    ]
    trials = study.ask(count=len(rows))
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.tell(trials[0].id, {"acc": 0.5, "latency": 3})
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["values", "mem"]
    for t, r in zip(trials, rows):
        study.tell(t.id, r)
    front = study.pareto_front()
    assert sorted(t.id for t in front["trials"]) == sorted(trials[i].id for i in brute_front(rows))
    assert front["feasible"] == 3 and front["completed"] == 4
    # Staircase over the front {(0.7, 2), (0.9, 6)} above (acc 0, latency 10).
    assert abs(front["hypervolume"] - (0.7 * 8 + 0.2 * 4)) < 1e-12
    assert front["referencePoint"] == {"acc": 0, "latency": 10}
    assert study.best().id == trials[1].id  # best feasible by the first objective


def test_reference_point_missing_an_objective_is_refused_with_its_path(client) -> None:
    with pytest.raises(bayesopt.BayesOptError) as err:
        client.create_study(name="bad", space=SPACE, objectives=OBJECTIVES, algorithm={"referencePoint": {"acc": 0}})
    assert err.value.code == "INVALID_ARGUMENT"
    assert err.value.issues[0]["path"] == ["algorithm", "referencePoint", "latency"]
