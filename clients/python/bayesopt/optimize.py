"""The thread pool behind Study.optimize."""
from __future__ import annotations

import inspect
import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from .errors import BayesOptError, TrialPruned
from .heartbeat import Heartbeat
from .trial import Trial

if TYPE_CHECKING:
    from .study import Study, Values


class Reporter:
    """What an objective with a second parameter gets: reports of its own trial."""

    def __init__(self, study: "Study", trial: Trial) -> None:
        self._study = study
        self.trial = trial

    def report(self, step: int, value: float) -> bool:
        """Reports the value at `step`; True when the pruner says to stop (raise TrialPruned)."""
        return self._study.report(self.trial.id, step, value)


def _wants_reporter(fn: Callable[..., Any]) -> bool:
    """Whether `fn` takes a second positional argument (the reporter)."""
    try:
        params = [p for p in inspect.signature(fn).parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    except (TypeError, ValueError):
        return False
    return len(params) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


def _prune_or_fail(study: "Study", trial: Trial, exc: TrialPruned) -> Trial:
    """Prunes the trial; one that reported nothing cannot be (FAILED_PRECONDITION): failed, saying why."""
    try:
        return study.prune(trial.id)
    except BayesOptError as err:
        if err.code != "FAILED_PRECONDITION":
            raise
        return study.fail(trial.id, f"TrialPruned ({exc or 'pruned'}) before any intermediate value was reported: {err.message}"[:4096])


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
    with_reporter = _wants_reporter(fn)
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
                pruned: Optional[TrialPruned] = None
                with Heartbeat(lambda: study.heartbeat(trial.id), heartbeat_interval):
                    try:
                        values = fn(trial.params, Reporter(study, trial)) if with_reporter else fn(trial.params)
                    except TrialPruned as exc:  # the objective stopped on the pruner's advice
                        pruned = exc
                    except Exception as exc:  # the user's objective failed: fail the trial, go on
                        failure = (str(exc) or type(exc).__name__)[:4096]
                try:
                    if pruned is not None:
                        done = _prune_or_fail(study, trial, pruned)
                    else:
                        done = study.tell(trial.id, values) if failure is None else study.fail(trial.id, failure)
                except BayesOptError as err:
                    # Non-finite or malformed values are the objective's fault: fail the trial and go on.
                    if err.code != "INVALID_ARGUMENT" or err.retryable or failure is not None or pruned is not None:
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
