"""Retries: a tell whose answer is lost is retried with the same requestId and is not a second
result; a 503 with Retry-After is waited out; non-finite values are refused before sending."""
from __future__ import annotations

import json
import math
import time

import pytest
from fake_http import Recorder, forward

import bayesopt
from bayesopt.transport import Transport

SPACE = {"x": {"type": "float", "low": 0, "high": 1}}


def test_retried_tell_after_a_lost_answer_is_not_a_second_result(server) -> None:
    dropped = []

    def handle(h, body):
        answer = forward(server.url, h, body)  # the server commits the tell ...
        if h.path.endswith("/tell") and not dropped:
            dropped.append(body)
            return None  # ... but its answer never arrives
        return answer

    proxy = Recorder(handle)
    try:
        client = bayesopt.connect(proxy.url)
        study = client.create_study(name="retry-tell", space=SPACE, objectives={"loss": "minimize"})
        trial = study.ask()[0]
        done = study.tell(trial, {"loss": 0.25})
        assert done.state == "completed" and done.values == {"loss": 0.25}
        tells = proxy.bodies("/tell")
        assert len(tells) == 2, "the lost answer was retried once"
        assert tells[0]["requestId"] == tells[1]["requestId"]
        completed = study.trials(["completed"])
        assert [t.id for t in completed] == [trial.id]
        assert study.refresh()["trialCounts"]["completed"] == 1
    finally:
        proxy.close()


def test_same_request_id_with_other_values_is_conflict(client) -> None:
    study = client.create_study(name="rid-conflict", space=SPACE, objectives={"loss": "minimize"})
    trial = study.ask()[0]
    t = client._transport
    body = {"studyId": study.id, "trialId": trial.id, "values": {"loss": 1.0}, "requestId": "rid-1"}
    first = t.request("trial:tell", body)
    assert t.request("trial:tell", body) == first  # a retry gets the first answer
    with pytest.raises(bayesopt.BayesOptError) as err:
        t.request("trial:tell", {**body, "values": {"loss": 2.0}})
    assert err.value.code == "CONFLICT" and not err.value.retryable


def test_503_with_retry_after_is_waited_out_with_the_same_request_id() -> None:
    ok = json.dumps({"ok": True, "data": {"trials": []}}).encode()
    busy = json.dumps({"ok": False, "error": {"code": "UNAVAILABLE", "message": "compute queue full", "retryable": True, "retryAfterMs": 1000}}).encode()
    calls = []

    def handle(h, body):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 503, {"Content-Type": "application/json", "Retry-After": "1"}, busy
        return 200, {"Content-Type": "application/json"}, ok

    fake = Recorder(handle)
    try:
        t = Transport(fake.url, retries=3)
        assert t.request("trial:ask", {"studyId": "s", "count": 1}) == {"trials": []}
        assert calls[1] - calls[0] >= 0.95, "the retry waited the server's Retry-After"
        bodies = fake.bodies("/ask")
        assert len(bodies) == 2 and bodies[0]["requestId"] == bodies[1]["requestId"]
    finally:
        fake.close()


def test_non_retryable_error_is_raised_at_once() -> None:
    calls = []

    def handle(h, body):
        calls.append(1)
        return 404, {"Content-Type": "application/json"}, b'{"ok":false,"error":{"code":"NOT_FOUND","message":"no study","retryable":false}}'

    fake = Recorder(handle)
    try:
        with pytest.raises(bayesopt.BayesOptError) as err:
            Transport(fake.url, retries=5).request("study:get", {"studyId": "nope"})
        assert err.value.code == "NOT_FOUND" and len(calls) == 1
    finally:
        fake.close()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused_before_sending_naming_the_field(bad: float) -> None:
    # Nothing listens on this URL: had the client sent anything, the error would be UNAVAILABLE.
    t = Transport("http://127.0.0.1:9", retries=0)
    with pytest.raises(bayesopt.BayesOptError) as err:
        t.request("trial:tell", {"studyId": "s", "trialId": "t", "values": {"loss": bad}})
    assert err.value.code == "INVALID_ARGUMENT" and not err.value.retryable
    assert err.value.issues[0]["path"] == ["values", "loss"]
    assert "values.loss" in err.value.message


def test_connection_refused_is_unavailable_and_retryable() -> None:
    with pytest.raises(bayesopt.BayesOptError) as err:
        bayesopt.connect("http://127.0.0.1:9", retries=1)
    assert err.value.code == "UNAVAILABLE" and err.value.retryable
