"""Branin through the real server with 4 worker threads: 30 trials reach simple regret < 0.05 and
no two running trials ever share params (checked on the server's running list after every ask).

Workers ask in rounds (all four ask, then evaluate and tell), like test/e2e/branin.test.ts: the
server serialises the asks, so each round's points are fixed whichever thread gets which, and the
figure is the same on every run. study.optimize's free-running threads are tested separately.
"""
from __future__ import annotations

import json
import threading
import time
from typing import List

from conftest import BRANIN_OPTIMUM, branin

import bayesopt

SPACE = {"x1": {"type": "float", "low": -5, "high": 10}, "x2": {"type": "float", "low": 0, "high": 15}}
TRIALS = 30
WORKERS = 4


def test_branin_30_trials_4_workers_reach_regret_below_005_without_duplicate_running_params(server) -> None:
    admin = bayesopt.connect(server.url)
    study = admin.create_study(
        name="branin-py", space=SPACE, objectives={"loss": "minimize"},
        algorithm={"surrogate": "gp", "acquisition": "log-ei", "initialTrials": 8, "seed": 1},
    )
    handles = [bayesopt.connect(server.url).get_study(study.id) for _ in range(WORKERS)]
    problems: List[str] = []
    errors: List[BaseException] = []
    asked = threading.Barrier(WORKERS)

    t0 = time.monotonic()
    rounds = TRIALS // WORKERS  # 7 full rounds (28 trials) in parallel, then 2 trials by one thread
    threads = [threading.Thread(target=lambda h=h: _rounds(h, rounds, asked, problems, errors), daemon=True) for h in handles]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    for _ in range(TRIALS - rounds * WORKERS):
        trial = handles[0].ask()[0]
        handles[0].tell(trial, {"loss": branin(trial.params["x1"], trial.params["x2"])})
    seconds = time.monotonic() - t0

    assert problems == []
    trials = study.trials()
    assert len(trials) == TRIALS and all(t.state == "completed" for t in trials)
    best = study.best()
    assert best is not None
    regret = best.values["loss"] - BRANIN_OPTIMUM
    print(f"\nbranin-py: {TRIALS} trials, {WORKERS} worker threads, best {best.values['loss']:.6f}, regret {regret:.4g}, {seconds:.1f} s")
    assert 0 <= regret < 0.05


def _rounds(mine: bayesopt.Study, rounds: int, barrier: threading.Barrier, problems: List[str], errors: List[BaseException]) -> None:
    """One worker: `rounds` times ask, check the running list, wait for all asks, tell, wait for all tells."""
    try:
        for _ in range(rounds):
            trial = mine.ask()[0]
            keys = [json.dumps(t.params, sort_keys=True) for t in mine.trials(["running"])]
            if len(set(keys)) != len(keys):
                problems.append(f"after asking #{trial.number}: {keys}")
            barrier.wait(timeout=60)
            mine.tell(trial, {"loss": branin(trial.params["x1"], trial.params["x2"])})
            barrier.wait(timeout=60)
    except threading.BrokenBarrierError:
        pass
    except BaseException as exc:  # reported by the test's thread
        errors.append(exc)
        barrier.abort()
