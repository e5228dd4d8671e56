"""Mixture constraints and rounded-weight imports through the Python client against the real
server: every asked mixture meets min/max/minWeight (checked from the spec's own numbers), a
violating add names the component, and ``simplex_tolerance`` renormalises weights that sum to
0.998 (refused without it)."""
from __future__ import annotations

import pytest

import bayesopt

COMPS = ["web", "code", "books", "math"]
MIX = {"type": "simplex", "components": COMPS, "min": {"web": 0.2}, "max": {"code": 0.3}, "minWeight": 0.05}


def test_asked_mixtures_meet_their_constraints(client) -> None:
    study = client.create_study(name="py-mix", space={"mix": MIX}, objectives={"loss": "minimize"},
                                algorithm={"surrogate": "none", "seed": 3})
    for trial in study.ask(16):
        w = trial.params["mix"]
        assert abs(sum(w.values()) - 1) < 1e-9
        assert w["web"] >= 0.2 - 1e-12 and w["code"] <= 0.3 + 1e-12
        assert all(v == 0 or v >= 0.05 - 1e-12 for v in w.values()), w


def test_violations_and_tolerance(client) -> None:
    study = client.create_study(name="py-mix-add", space={"mix": MIX}, objectives={"loss": "minimize"})
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.add_trials([{"params": {"mix": {"web": 0.3, "code": 0.4, "books": 0.3, "math": 0.0}}, "values": {"loss": 1.0}}])
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["trials", 0, "params", "mix", "code"]
    rounded = {"web": 0.5, "code": 0.25, "books": 0.148, "math": 0.1}  # sums to 0.998
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.add_trials([{"params": {"mix": rounded}, "values": {"loss": 1.0}}])
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["trials", 0, "params", "mix"]
    [trial] = study.add_trials([{"params": {"mix": rounded}, "values": {"loss": 1.0}}], simplex_tolerance=1e-2)
    assert abs(sum(trial.params["mix"].values()) - 1) < 1e-12
    assert abs(trial.params["mix"]["web"] - 0.5 / 0.998) < 1e-12
