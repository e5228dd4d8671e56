"""Study: a handle on one study of the server (ask/tell/fail, best, trials, recommend, slices, optimize)."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Union

from . import warnings as bo_warnings
from .errors import BayesOptError
from .optimize import run_optimize
from .transport import Transport
from .trial import Trial

#: What tell accepts: {objective: value}, or a bare number when the study has one objective.
Values = Union[Mapping[str, float], float, int]
TrialRef = Union[str, Trial]

def _trial_id(trial: TrialRef) -> str:
    return trial.id if isinstance(trial, Trial) else trial

class Study:
    """A study on the server. `info` is the study object as last fetched (see `refresh`)."""

    def __init__(self, transport: Transport, info: Dict[str, Any], client_id: str) -> None:
        self._transport = transport
        self._client_id = client_id
        self.info = info

    @property
    def id(self) -> str:
        """The study id."""
        return str(self.info["id"])

    @property
    def name(self) -> str:
        """The study name."""
        return str(self.info["name"])

    def __repr__(self) -> str:
        return f"Study(id={self.id!r}, name={self.name!r})"

    def _call(self, operation: str, **fields: Any) -> Any:
        return self._transport.request(operation, {"studyId": self.id, **fields})

    def ask(self, count: int = 1) -> List[Trial]:
        """Asks for `count` trials to evaluate (running, leased to this client).

        A retry after a lost answer returns the same trials (one requestId per call). Trials the
        model could not produce (space-filling fallbacks) raise a BayesOptWarning.
        """
        data = self._call("trial:ask", count=count, clientId=self._client_id)
        trials = [Trial.from_wire(t) for t in data["trials"]]
        bo_warnings.emit(trials)
        return trials

    def tell(self, trial: TrialRef, values: Values, cost: Optional[float] = None) -> Trial:
        """Reports a trial's objective values; a retried tell is never a second result."""
        body: Dict[str, Any] = {"trialId": _trial_id(trial), "values": self._values(values)}
        if cost is not None:
            body["cost"] = cost
        return Trial.from_wire(self._call("trial:tell", **body))

    def fail(self, trial: TrialRef, reason: str = "") -> Trial:
        """Marks a trial failed with a reason (at most 4,096 characters are sent)."""
        return Trial.from_wire(self._call("trial:fail", trialId=_trial_id(trial), reason=reason[:4096]))

    def report(self, trial: TrialRef, step: int, value: float) -> bool:
        """Reports an intermediate value of a running trial at `step` (an integer >= 0, e.g. the epoch).

        Returns True when the study's pruner says to stop the run (then call `prune`). The same
        step and value again answers the same; another value at a reported step is CONFLICT.
        The reason of a decision is in `report_decision`.
        """
        return bool(self.report_decision(trial, step, value)["prune"])

    def report_decision(self, trial: TrialRef, step: int, value: float) -> Dict[str, Any]:
        """Like `report`, answering the whole decision ``{"prune": bool, "reason"?: str}``."""
        return dict(self._call("trial:report", trialId=_trial_id(trial), step=step, value=value))

    def prune(self, trial: TrialRef) -> Trial:
        """Stops a trial early: state 'pruned', keeping its last reported value (it must have reported one)."""
        return Trial.from_wire(self._call("trial:prune", trialId=_trial_id(trial)))

    def heartbeat(self, trial: TrialRef) -> Trial:
        """Extends the lease of a running trial."""
        return Trial.from_wire(self._call("trial:heartbeat", trialId=_trial_id(trial)))

    def best(self) -> Optional[Trial]:
        """The best completed trial by the first objective, or None.

        With outcome constraints only feasible trials count; with several objectives this is
        still the best feasible trial by the first objective (see ``pareto_front``).
        """
        data = self._call("trial:best")
        return None if data is None else Trial.from_wire(data)

    def pareto_front(self) -> Dict[str, Any]:
        """The Pareto front: ``{trials, hypervolume, referencePoint, completed, feasible, ...}``.

        ``trials`` are the non-dominated feasible completed trials (as Trial objects), and
        ``hypervolume`` what they dominate above the reference point (the study's
        ``algorithm.referencePoint``, or inferred). With no feasible trial the front is empty and
        ``leastInfeasible`` (a Trial) and ``note`` say so.
        """
        data = dict(self._call("study:pareto"))
        data["trials"] = [Trial.from_wire(t) for t in data.get("trials", [])]
        if data.get("leastInfeasible") is not None:
            data["leastInfeasible"] = Trial.from_wire(data["leastInfeasible"])
        return data

    def recommend(self) -> Dict[str, Any]:
        """The model's optimum: ``{params, predicted, interval, model, ...}``.

        FAILED_PRECONDITION until the model has 2 completed trials (`best` answers meanwhile).
        """
        return dict(self._call("study:recommend"))

    def slices(self) -> Dict[str, Any]:
        """The model along each parameter through the best trial (the dashboard's view):
        ``{incumbent, atIncumbent, slices: [{param, x, mean, lower, upper}], importance, ...}``.

        FAILED_PRECONDITION like `recommend` until the model has enough data.
        """
        return dict(self._call("study:slices"))

    def trials(self, states: Optional[Sequence[str]] = None, curves: bool = False) -> List[Trial]:
        """All trials in number order, optionally only those in the given states; `curves=True`
        fills each trial's `intermediate` (its learning curve)."""
        extra: Dict[str, Any] = {} if states is None else {"states": list(states)}
        if curves:
            extra["curves"] = True
        return [Trial.from_wire(t) for t in self._call("trial:list", **extra)]

    def enqueue(self, params: Mapping[str, Any]) -> Trial:
        """Queues params; the next ask returns them first."""
        return Trial.from_wire(self._call("trial:enqueue", params=dict(params)))

    def add_trials(self, trials: Sequence[Mapping[str, Any]], simplex_tolerance: Optional[float] = None) -> List[Trial]:
        """Records trials evaluated elsewhere: each ``{"params": {...}, "values": ...}``.

        ``simplex_tolerance``: mixture weights summing to 1 within it are renormalised by the server
        (imports of rounded sweep logs); by default they must sum to 1 within 1e-6.
        """
        body = [{"params": dict(t["params"]), "values": self._values(t["values"]), **({"cost": t["cost"]} if "cost" in t else {})} for t in trials]
        extra = {} if simplex_tolerance is None else {"simplexTolerance": simplex_tolerance}
        return [Trial.from_wire(t) for t in self._call("trial:add", trials=body, **extra)]

    def export(self, format: str = "json") -> Dict[str, Any]:
        """Exports the study and its trials: ``{"format": "json", study, trials}`` or ``{"format": "csv", content}``."""
        return dict(self._call("study:export", format=format))

    def refresh(self) -> Dict[str, Any]:
        """Re-reads the study (trial counts etc.) from the server."""
        self.info = self._call("study:get")
        return self.info

    def delete(self) -> None:
        """Deletes the study and its trials (a retry that finds it gone counts as deleted)."""
        try:
            self._call("study:delete")
        except BayesOptError as err:
            if err.code != "NOT_FOUND":
                raise

    def optimize(
        self,
        fn: Callable[[Dict[str, Any]], Values],
        n_trials: int,
        n_workers: int = 1,
        heartbeat_interval: Optional[float] = None,
        on_trial: Optional[Callable[[Trial], None]] = None,
    ) -> Optional[Trial]:
        """Runs `n_workers` threads, each looping ask -> fn(params) -> tell, until `n_trials` are done.

        `fn` returns a dict of objective values (or a bare number for one objective); when it
        raises, the trial is failed with the exception's text and the loop goes on. An `fn` with
        a second parameter gets a reporter: ``report(step, value) -> bool`` (True = stop); raising
        `bayesopt.TrialPruned` then prunes the trial (failed, saying why, if it reported nothing). While `fn`
        runs a background thread sends heartbeats every `heartbeat_interval` seconds (default: a
        third of the study's lease). A BayesOptError that survives the retries stops every worker
        and is raised. Returns the best trial.
        """
        lease = float(self.info.get("leaseSeconds") or 3600)
        interval = heartbeat_interval if heartbeat_interval is not None else lease / 3
        return run_optimize(self, fn, n_trials, n_workers, interval, on_trial)

    def _values(self, values: Values) -> Dict[str, float]:
        """Turns a bare number into {first objective: value}."""
        if isinstance(values, Mapping):
            return dict(values)
        names = list(self.info.get("objectives", {}))
        if len(names) != 1:
            raise BayesOptError("INVALID_ARGUMENT", f"a bare number needs exactly one objective; this study has {len(names)}")
        return {names[0]: values}  # type: ignore[dict-item]
