"""REST transport: one JSON request per operation under /v1, retried with the same requestId."""
from __future__ import annotations

import http.client
import json
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Dict, Optional, Tuple

from .errors import BayesOptError
from .preflight import check_outgoing

#: operation -> (method, path) as in protocol/messages.ts Routes.
ROUTES: Dict[str, Tuple[str, str]] = {
    "study:create": ("POST", "/v1/studies"),
    "study:list": ("GET", "/v1/studies"),
    "study:get": ("GET", "/v1/studies/{studyId}"),
    "study:delete": ("DELETE", "/v1/studies/{studyId}"),
    "study:export": ("GET", "/v1/studies/{studyId}/export"),
    "trial:ask": ("POST", "/v1/studies/{studyId}/ask"),
    "trial:tell": ("POST", "/v1/studies/{studyId}/trials/{trialId}/tell"),
    "trial:fail": ("POST", "/v1/studies/{studyId}/trials/{trialId}/fail"),
    "trial:heartbeat": ("POST", "/v1/studies/{studyId}/trials/{trialId}/heartbeat"),
    "trial:report": ("POST", "/v1/studies/{studyId}/trials/{trialId}/report"),
    "trial:prune": ("POST", "/v1/studies/{studyId}/trials/{trialId}/prune"),
    "trial:list": ("GET", "/v1/studies/{studyId}/trials"),
    "trial:best": ("GET", "/v1/studies/{studyId}/best"),
    "study:recommend": ("GET", "/v1/studies/{studyId}/recommend"),
    "study:slices": ("GET", "/v1/studies/{studyId}/slices"),
    "study:pareto": ("GET", "/v1/studies/{studyId}/pareto"),
    "trial:enqueue": ("POST", "/v1/studies/{studyId}/trials"),
    "trial:add": ("POST", "/v1/studies/{studyId}/completed-trials"),
    "health": ("GET", "/v1/health"),
}

#: Operations whose schema takes a requestId: the server answers a retry of them with the first result.
IDEMPOTENT = frozenset({"study:create", "trial:ask", "trial:tell", "trial:fail", "trial:report", "trial:prune", "trial:enqueue", "trial:add"})

#: Failures of the connection itself (refused, reset, timed out, closed mid-answer): worth a retry.
CONNECTION_ERRORS = (urllib.error.URLError, ConnectionError, socket.timeout, http.client.HTTPException, OSError)


def new_request_id() -> str:
    """A fresh request id (UUID v4)."""
    return str(uuid.uuid4())


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(2, 0.05·2^attempt)] plus 25 ms."""
    return 0.025 + random.random() * min(2.0, 0.05 * 2**attempt)


def _json_default(value: Any) -> Any:
    """Lets numpy scalars and arrays through (training code often returns them)."""
    for attr in ("item", "tolist"):
        if hasattr(value, attr):
            return getattr(value, attr)()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _retry_after(headers: Any) -> Optional[float]:
    raw = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


class Transport:
    """Sends operations to the server; thread-safe (every call opens its own HTTP request)."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 30.0, retries: int = 8, max_wait: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.retries = retries
        #: Longest a Retry-After hint may make us wait, seconds.
        self.max_wait = max_wait

    def request(self, operation: str, payload: Dict[str, Any]) -> Any:
        """Sends one operation and returns its `data`; raises BayesOptError.

        Connection failures and retryable codes are retried up to `retries` times with the same
        requestId (so a retried tell is never a second result), waiting at least what the
        server's Retry-After asks. Non-finite numbers are refused before sending.
        """
        body = dict(payload)
        if operation in IDEMPOTENT and body.get("requestId") is None:
            body["requestId"] = new_request_id()
        check_outgoing(operation, body)
        attempt = 0
        while True:
            try:
                return self._attempt(operation, body)
            except BayesOptError as err:
                if not err.retryable or attempt >= self.retries:
                    raise
                hint = min(err.retry_after or 0.0, self.max_wait)
                time.sleep(max(hint, backoff_seconds(attempt)))
                attempt += 1

    def _build(self, operation: str, body: Dict[str, Any]) -> urllib.request.Request:
        method, template = ROUTES[operation]
        fields = dict(body)
        path = template
        for name in ("studyId", "trialId"):
            if "{" + name + "}" in path:
                path = path.replace("{" + name + "}", urllib.parse.quote(str(fields.pop(name)), safe=""))
        headers = {"Accept": "application/json"}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        data: Optional[bytes] = None
        if method == "GET":
            # Booleans as the server's query parser reads them (true/false), not Python's True/False.
            query = {k: (",".join(v) if isinstance(v, (list, tuple)) else str(v).lower() if isinstance(v, bool) else v) for k, v in fields.items() if v is not None}
            if query:
                path += "?" + urllib.parse.urlencode(query)
        elif method == "POST":
            # The server refuses writes that are not application/json (415): a CSRF guard.
            data = json.dumps(fields, allow_nan=False, default=_json_default).encode("utf-8")
            headers["Content-Type"] = "application/json"
        return urllib.request.Request(self.url + path, data=data, headers=headers, method=method)

    def _attempt(self, operation: str, body: Dict[str, Any]) -> Any:
        req = self._build(operation, body)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                return self._ack(operation, res.status, res.read(), res.headers)
        except urllib.error.HTTPError as e:
            with e:
                return self._ack(operation, e.code, e.read(), e.headers)
        except CONNECTION_ERRORS as e:
            reason = getattr(e, "reason", e)
            raise BayesOptError("UNAVAILABLE", f"{operation}: {self.url}: {reason}", retryable=True) from e

    def _ack(self, operation: str, status: int, raw: bytes, headers: Any) -> Any:
        try:
            ack = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            # Not our server's envelope (a proxy's error page): 5xx may pass, the rest will not.
            raise BayesOptError("UNAVAILABLE" if status >= 500 else "INTERNAL", f"{operation}: HTTP {status} without a JSON answer", retryable=status >= 500)
        if isinstance(ack, dict) and ack.get("ok") is True:
            return ack.get("data")
        raise BayesOptError.from_wire(ack.get("error") if isinstance(ack, dict) else None, _retry_after(headers))
