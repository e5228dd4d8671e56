"""Intermediate values and pruning through the Python client against the real server (issue 19):
report idempotency, report -> prune flag -> prune -> state, curves in listings, and optimize with
an objective that reports and raises TrialPruned. Expected decisions follow the median rule worked
by hand in the comments."""
from __future__ import annotations

import pytest

import bayesopt

SPACE = {"x": {"type": "float", "low": 0, "high": 1}}
MEDIAN = {"surrogate": "none", "seed": 4, "pruner": {"type": "median", "startupTrials": 1, "warmupSteps": 0}}


def test_report_prune_and_state(client) -> None:
    study = client.create_study(name="py-prune", space=SPACE, objectives={"loss": "minimize"}, algorithm=MEDIAN)
    done, trial = study.ask(count=2)
    # One finished trial with 1.0 at step 0 and 0.5 at step 1: medians 1.0 and 0.5.
    assert study.report(done, 0, 1.0) is False  # no finished trial yet
    assert study.report(done, 1, 0.5) is False
    study.tell(done, 0.5)
    assert study.report(trial, 0, 0.9) is False  # 0.9 < 1.0
    assert study.report(trial, 1, 0.8) is True  # best so far 0.8 > 0.5
    decision = study.report_decision(trial, 1, 0.8)  # a repeat answers the stored decision
    assert decision["prune"] is True and "median 0.5" in decision["reason"]
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.report(trial, 1, 0.7)
    assert err.value.code == "CONFLICT" and "0.8" in err.value.message and "0.7" in err.value.message
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.report(trial, -1, 0.7)
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["step"]
    pruned = study.prune(trial)
    assert pruned.state == "pruned" and pruned.values == {"loss": 0.8}
    assert study.prune(trial.id) == pruned  # idempotent
    listed = {t.id: t for t in study.trials(curves=True)}
    assert listed[trial.id].intermediate == [{"step": 0, "value": 0.9}, {"step": 1, "value": 0.8}]
    assert [t.id for t in study.trials(states=["pruned"])] == [trial.id]
    assert study.trials()[1].intermediate == []
    assert study.best().id == done.id
    assert study.refresh()["trialCounts"]["pruned"] == 1


def test_prune_needs_a_report(client) -> None:
    study = client.create_study(name="py-prune-empty", space=SPACE, objectives={"loss": "minimize"}, algorithm=MEDIAN)
    (t,) = study.ask()
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.prune(t)
    assert err.value.code == "FAILED_PRECONDITION"


def test_optimize_with_reports_and_trial_pruned(client) -> None:
    study = client.create_study(
        name="py-asha", space=SPACE, objectives={"loss": "minimize"},
        algorithm={"surrogate": "none", "seed": 8, "pruner": {"type": "asha", "minResource": 1, "reductionFactor": 3}},
    )

    def objective(params, reporter):
        # loss_k = x + 1/(k+1): ordered by x at every step, so ASHA stops the larger x.
        for k in range(10):
            if reporter.report(k, params["x"] + 1 / (k + 1)):
                raise bayesopt.TrialPruned()
        return params["x"] + 0.1

    study.optimize(objective, n_trials=8)
    trials = study.trials()
    states = [t.state for t in trials]
    assert len(states) == 8 and "pruned" in states and "completed" in states, states
    for t in trials:
        if t.state == "pruned":
            assert t.values["loss"] > t.params["x"] + 0.1


def test_learning_curve_budget_threshold_on_the_wire(client) -> None:
    # The budget-aware threshold travels as plain fields: stored with the study as sent, and a
    # budget smaller than one run is refused with the field's path.
    pruner = {"type": "learning-curve", "maxSteps": 40, "scale": "log", "budget": {"steps": 1000, "threshold": 0.25}}
    study = client.create_study(name="py-lc-budget", space=SPACE, objectives={"loss": "minimize"},
                                algorithm={"surrogate": "none", "seed": 2, "pruner": pruner})
    assert study.refresh()["algorithm"]["pruner"]["budget"] == {"steps": 1000, "threshold": 0.25}
    (t,) = study.ask()
    assert study.report(t, 1, 0.9) is False  # before minSteps (3): no decision
    bad = {**pruner, "budget": {"steps": 39, "threshold": 0.25}}
    with pytest.raises(bayesopt.BayesOptError) as err:
        client.create_study(name="py-lc-budget-bad", space=SPACE, objectives={"loss": "minimize"},
                            algorithm={"surrogate": "none", "pruner": bad})
    assert err.value.code == "INVALID_ARGUMENT"
    assert ["algorithm", "pruner", "budget", "steps"] in [i["path"] for i in err.value.issues]
