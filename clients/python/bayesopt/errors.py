"""BayesOptError: the server's wire error (protocol/errors.ts), or a transport failure mapped onto the same codes."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

#: code -> retryable, as in protocol/errors.ts ERROR_CODES (the server's `retryable` flag wins when sent).
RETRYABLE: Dict[str, bool] = {
    "INVALID_ARGUMENT": False,
    "NOT_FOUND": False,
    "CONFLICT": False,
    "FAILED_PRECONDITION": False,
    "UNAUTHENTICATED": False,
    "PERMISSION_DENIED": False,
    "UNAVAILABLE": True,
    "DEADLINE_EXCEEDED": True,
    "INTERNAL": True,
}


class BayesOptError(Exception):
    """An error from the service: `code` (e.g. INVALID_ARGUMENT), `message`, field `issues`
    (each ``{"path": [...], "message": str}``), and whether a retry may succeed."""

    def __init__(
        self,
        code: str,
        message: str,
        issues: Optional[List[Dict[str, Any]]] = None,
        retryable: Optional[bool] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.issues: List[Dict[str, Any]] = list(issues or [])
        self.retryable = RETRYABLE.get(code, False) if retryable is None else retryable
        #: Seconds the server asked us to wait before retrying (a full compute queue), if any.
        self.retry_after = retry_after

    @classmethod
    def from_wire(cls, error: Any, retry_after: Optional[float] = None) -> "BayesOptError":
        """Builds the error from a wire error body, tolerating a malformed one."""
        if not isinstance(error, dict):
            return cls("INTERNAL", "malformed error from server")
        code = error.get("code") if error.get("code") in RETRYABLE else "INTERNAL"
        message = error.get("message") if isinstance(error.get("message"), str) else "malformed error from server"
        issues = error.get("issues") if isinstance(error.get("issues"), list) else []
        retryable = error.get("retryable") if isinstance(error.get("retryable"), bool) else None
        hint = error.get("retryAfterMs")
        if retry_after is None and isinstance(hint, (int, float)) and hint >= 0:
            retry_after = hint / 1000.0
        return cls(str(code), str(message), issues, retryable, retry_after)

    def __reduce__(self):  # keeps the error picklable (multiprocessing, concurrent.futures)
        return (BayesOptError, (self.code, self.message, self.issues, self.retryable, self.retry_after))


class TrialPruned(Exception):
    """Raised by an objective inside ``Study.optimize`` to stop its trial early (as Optuna's
    TrialPruned): the loop prunes the trial, which keeps its last reported value."""
