"""The client's API against the real server: errors with field paths, token auth, the study
surface (best, trials, recommend, get/list, export, enqueue, add), optimize and heartbeats."""
from __future__ import annotations

import threading
import time

import pytest
from conftest import TOKEN

import bayesopt

SPACE = {"x": {"type": "float", "low": -2, "high": 2}}


def test_bad_space_is_invalid_argument_with_the_field_path(client) -> None:
    with pytest.raises(bayesopt.BayesOptError) as err:
        client.create_study(name="bad", space={"x": {"type": "float", "low": 1, "high": "a"}}, objectives={"loss": "minimize"})
    e = err.value
    assert e.code == "INVALID_ARGUMENT" and e.retryable is False
    assert any(i["path"][:3] == ["space", "x", "high"] for i in e.issues), e.issues


def test_unknown_study_is_not_found(client) -> None:
    with pytest.raises(bayesopt.BayesOptError) as err:
        client.get_study("no-such-study")
    assert err.value.code == "NOT_FOUND"


def test_token_auth(token_server) -> None:
    for token in (None, "wrong-token-wrong-token"):
        with pytest.raises(bayesopt.BayesOptError) as err:
            bayesopt.connect(token_server.url, token=token)
        assert err.value.code == "UNAUTHENTICATED"
    client = bayesopt.connect(token_server.url, token=TOKEN)
    study = client.create_study(name="auth", space=SPACE, objectives={"loss": "minimize"})
    assert [s.id for s in client.list_studies()] == [study.id]


def test_study_surface(client) -> None:
    study = client.create_study(name="surface", space=SPACE, objectives={"loss": "minimize"}, algorithm={"surrogate": "gp", "seed": 3})
    assert study.best() is None
    trials = study.ask(count=3)
    assert len(trials) == 3 and len({t.id for t in trials}) == 3 and all(t.state == "running" for t in trials)
    for t in trials[:2]:
        study.tell(t.id, {"loss": (t.params["x"] - 0.5) ** 2})
    failed = study.fail(trials[2], "diverged")
    assert failed.state == "failed" and failed.fail_reason == "diverged"
    best = study.best()
    assert best is not None and best.values["loss"] == min((t.params["x"] - 0.5) ** 2 for t in trials[:2])
    rec = study.recommend()
    assert rec["objective"] == "loss" and rec["interval"]["lower"] <= rec["predicted"] <= rec["interval"]["upper"]
    sl = study.slices()
    assert sl["incumbent"]["trialId"] == best.id and [s["param"] for s in sl["slices"]] == ["x"]
    assert sl["atIncumbent"]["lower"] <= sl["atIncumbent"]["mean"] <= sl["atIncumbent"]["upper"]
    assert client.get_study(study.id).info["trialCounts"]["completed"] == 2
    assert study.id in [s.id for s in client.list_studies()]
    assert study.enqueue({"x": 0.5}).state == "queued"
    assert study.ask()[0].params == {"x": 0.5}
    added = study.add_trials([{"params": {"x": 1.0}, "values": 0.25}])
    assert added[0].state == "completed" and added[0].values == {"loss": 0.25}
    csv = study.export("csv")
    assert csv["format"] == "csv" and csv["content"].count("\n") >= 4
    assert len(study.export()["trials"]) == 5
    study.delete()
    study.delete()  # already gone: still fine
    with pytest.raises(bayesopt.BayesOptError):
        client.get_study(study.id)


def test_optimize_runs_exactly_n_trials_and_fails_those_that_raise(client) -> None:
    study = client.create_study(name="opt", space=SPACE, objectives={"loss": "minimize"}, algorithm={"surrogate": "gp", "acquisition": "qlognei", "seed": 2})
    seen = []
    lock = threading.Lock()

    def fn(p):
        with lock:
            seen.append(p["x"])
            n = len(seen)
        if n == 3:
            raise RuntimeError("out of memory")
        if n == 4:
            return {"loss": float("nan")}  # refused before sending: the trial is failed
        return (p["x"] - 0.5) ** 2

    best = study.optimize(fn, n_trials=10, n_workers=4)
    trials = study.trials()
    assert len(trials) == 10
    states = sorted(t.state for t in trials)
    assert states.count("failed") == 2 and states.count("completed") == 8
    reasons = sorted(t.fail_reason or "" for t in trials if t.state == "failed")
    assert "out of memory" in reasons[1] and "finite" in reasons[0]
    assert best is not None and best.values["loss"] == min(t.values["loss"] for t in trials if t.state == "completed")


def test_heartbeats_keep_a_long_trial_running(client) -> None:
    study = client.create_study(name="lease", space=SPACE, objectives={"loss": "minimize"}, lease_seconds=1)
    states = []

    def slow(p):
        time.sleep(2.5)  # 2.5 leases; the server's view is read meanwhile (listing abandons expired leases)
        states.append([t.state for t in study.trials()])
        return 1.0

    study.optimize(slow, n_trials=1, heartbeat_interval=0.3)
    assert states == [["running"]]
    assert [t.state for t in study.trials()] == ["completed"]


def test_without_heartbeats_the_lease_runs_out(client) -> None:
    # The reference for the test above: the same wait with no beats abandons the trial.
    study = client.create_study(name="lease-off", space=SPACE, objectives={"loss": "minimize"}, lease_seconds=1)
    study.ask()
    time.sleep(2.5)
    assert [t.state for t in study.trials()] == ["abandoned"]
