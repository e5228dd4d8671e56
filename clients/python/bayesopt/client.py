"""Client: a connection to the service (REST), and `connect`."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from .errors import BayesOptError
from .study import Study
from .transport import Transport, new_request_id


class Client:
    """Makes and opens studies. Thread-safe: share one client between worker threads."""

    def __init__(self, transport: Transport, client_id: Optional[str] = None) -> None:
        self._transport = transport
        #: Sent with every ask, so the server knows which client holds a trial.
        self.client_id = client_id or new_request_id()

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self._transport.url

    def create_study(
        self,
        name: str,
        space: Mapping[str, Any],
        objectives: Mapping[str, str],
        algorithm: Optional[Mapping[str, Any]] = None,
        lease_seconds: Optional[float] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        request_id: Optional[str] = None,
        constraints: Optional[Mapping[str, Mapping[str, float]]] = None,
    ) -> Study:
        """Creates a study. A bad spec raises INVALID_ARGUMENT with the field path in `issues`.

        A parameter spec may carry ``"when": {"parent": [values, ...]}`` (conditional parameter):
        it is active only when the categorical or int parent is active and takes one of the values
        (several parents: all must hold); trial params then hold only the active parameters.

        `constraints` (outcome constraints), e.g. ``{"memory_gb": {"max": 16}}``: metrics each tell
        reports in its values alongside the objectives; only feasible trials count as best or on
        the Pareto front.

        Pass `request_id` to make a create safe to repeat after a crash (the same study comes back).
        """
        body: Dict[str, Any] = {"name": name, "space": dict(space), "objectives": dict(objectives)}
        if algorithm is not None:
            body["algorithm"] = dict(algorithm)
        if constraints is not None:
            body["constraints"] = {k: dict(v) for k, v in constraints.items()}
        if lease_seconds is not None:
            body["leaseSeconds"] = lease_seconds
        if metadata is not None:
            body["metadata"] = dict(metadata)
        if request_id is not None:
            body["requestId"] = request_id
        return Study(self._transport, self._transport.request("study:create", body), self.client_id)

    def get_study(self, study_id: str) -> Study:
        """Opens an existing study by id (NOT_FOUND when there is none)."""
        return Study(self._transport, self._transport.request("study:get", {"studyId": study_id}), self.client_id)

    def list_studies(self, limit: Optional[int] = None) -> List[Study]:
        """Studies oldest first; `limit` keeps the first `limit`."""
        infos = self._transport.request("study:list", {} if limit is None else {"limit": limit})
        return [Study(self._transport, info, self.client_id) for info in infos]

    def health(self) -> Dict[str, Any]:
        """The server's health report (version, storage, compute pool)."""
        return dict(self._transport.request("health", {}))

    def events(self, study: Study) -> Any:
        """Live events of a study (needs the optional python-socketio; see bayesopt.events)."""
        from .events import StudyEvents

        return StudyEvents(self.url, self._transport.token, study.id)

    def close(self) -> None:
        """Nothing to release (REST opens a request per call); kept for symmetry with the SDK."""


def connect(url: str = "http://127.0.0.1:7700", token: Optional[str] = None, timeout: float = 30.0, retries: int = 8) -> Client:
    """Connects to a server and checks it answers (`/v1/health`); raises BayesOptError when it cannot.

    `timeout` bounds each HTTP request (seconds); `retries` is how often a request is retried
    (same requestId) after a connection error or a retryable code.
    """
    transport = Transport(url, token=token, timeout=timeout, retries=retries)
    client = Client(transport)
    try:
        client.health()
    except BayesOptError as err:
        if err.code in ("UNAUTHENTICATED", "PERMISSION_DENIED"):
            raise
        raise BayesOptError(err.code, f"could not reach {url}: {err.message}", err.issues, err.retryable) from err
    return client
