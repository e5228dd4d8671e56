"""The thread pool behind Study.optimize."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from .errors import BayesOptError
from .heartbeat import Heartbeat
from .trial import Trial

if TYPE_CHECKING:
    from .study import Study, Values


def run_optimize(
    study: "Study",
    fn: Callable[[Dict[str, Any]], "Values"],
    n_trials: int,
    n_workers: int,
    heartbeat_interval: float,
    on_trial: Optional[Callable[[Trial], None]],
) -> Optional[Trial]:
    """Workers share one claim counter, so exactly `n_trials` trials are asked."""
    if not isinstance(n_trials, int) or n_trials < 0:
        raise BayesOptError("INVALID_ARGUMENT", "n_trials must be a non-negative integer")
    workers = max(1, min(int(n_workers), n_trials or 1))
    lock = threading.Lock()
    claimed = [0]
    errors: List[BaseException] = []

    def claim() -> bool:
        with lock:
            if errors or claimed[0] >= n_trials:
                return False
            claimed[0] += 1
            return True

    def worker() -> None:
        try:
            while claim():
                trial = study.ask(1)[0]
                values: Any = None
                failure: Optional[str] = None
                with Heartbeat(lambda: study.heartbeat(trial.id), heartbeat_interval):
                    try:
                        values = fn(trial.params)
                    except Exception as exc:  # the user's objective failed: fail the trial, go on
                        failure = (str(exc) or type(exc).__name__)[:4096]
                try:
                    done = study.tell(trial.id, values) if failure is None else study.fail(trial.id, failure)
                except BayesOptError as err:
                    # Non-finite or malformed values are the objective's fault: fail the trial and go on.
                    if err.code != "INVALID_ARGUMENT" or err.retryable or failure is not None:
                        raise
                    done = study.fail(trial.id, f"invalid values {values!r}: {err.message}"[:4096])
                if on_trial is not None:
                    on_trial(done)
        except BaseException as exc:  # stop the others; raised in the caller's thread below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=worker, name=f"bayesopt-worker-{i}", daemon=True) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return study.best()
