"""Conditional parameters (`when`) through the Python client against the real server: asks name
exactly the active parameters (checked against the definition: active iff every parent named in
`when` is active and takes a listed value), and add/enqueue refuse an inactive parameter or a
missing active one with the field path."""
from __future__ import annotations

import math

import pytest

import bayesopt

SPACE = {
    "opt": {"type": "categorical", "choices": ["adam", "sgd"]},
    "lr": {"type": "float", "low": 1e-4, "high": 1.0, "log": True},
    "momentum": {"type": "float", "low": 0.0, "high": 0.99, "when": {"opt": ["sgd"]}},
    "nesterov": {"type": "categorical", "choices": [True, False], "when": {"opt": ["sgd"]}},
    "beta2": {"type": "float", "low": 0.9, "high": 0.9999, "when": {"opt": ["adam"]}},
    "warmup": {"type": "int", "low": 0, "high": 3},
    "shape": {"type": "categorical", "choices": ["linear", "cosine"], "when": {"warmup": [1, 2, 3]}},
}


def active(name: str, params: dict) -> bool:
    when = SPACE[name].get("when")
    if not when:
        return True
    return all(active(parent, params) and params.get(parent, object()) in values for parent, values in when.items())


def loss(p: dict) -> float:
    lr = math.log10(p["lr"]) + 2
    branch = (p["momentum"] - 0.9) ** 2 + (0 if p["nesterov"] else 0.05) if p["opt"] == "sgd" else (p["beta2"] - 0.999) ** 2 * 100
    return lr**2 + branch + (0.1 if p["warmup"] == 0 else 0.0 if p["shape"] == "cosine" else 0.03)


def test_conditional_space_asks_only_active_params(client) -> None:
    study = client.create_study(name="py-conditional", space=SPACE, objectives={"loss": "minimize"},
                                algorithm={"surrogate": "gp", "acquisition": "log-ei", "initialTrials": 6, "seed": 5})
    seen = []

    def fn(params: dict) -> float:
        assert sorted(params) == sorted(n for n in SPACE if active(n, params)), params
        seen.append(params)
        return loss(params)

    study.optimize(fn, n_trials=12)
    assert len(seen) == 12 and {p["opt"] for p in seen} == {"adam", "sgd"}
    trials = study.trials()
    # fn's assertion failing would fail its trial (optimize goes on), so all must be completed.
    assert len(trials) == 12 and all(t.state == "completed" for t in trials)
    assert any(t.diagnostics.get("phase") == "model" for t in trials)
    # And on the stored trials.
    for t in trials:
        assert sorted(t.params) == sorted(n for n in SPACE if active(n, t.params)), t.params


def test_inactive_or_missing_params_are_invalid_with_their_path(client) -> None:
    study = client.create_study(name="py-conditional-add", space=SPACE, objectives={"loss": "minimize"})
    good = {"opt": "adam", "lr": 0.01, "beta2": 0.99, "warmup": 0}
    assert study.add_trials([{"params": good, "values": 1.0}])[0].params == good
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.add_trials([{"params": {**good, "momentum": 0.5}, "values": 1.0}])
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["trials", 0, "params", "momentum"]
    with pytest.raises(bayesopt.BayesOptError) as err:
        study.enqueue({**good, "warmup": 2})
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["params", "shape"]


def test_bad_condition_is_refused_at_create_with_its_path(client) -> None:
    with pytest.raises(bayesopt.BayesOptError) as err:
        client.create_study(name="bad", space={"opt": SPACE["opt"], "m": {"type": "float", "low": 0, "high": 1, "when": {"opt": ["rmsprop"]}}},
                            objectives={"loss": "minimize"})
    assert err.value.code == "INVALID_ARGUMENT" and err.value.issues[0]["path"] == ["space", "m", "when", "opt", 0]
