"""Trial: one evaluation of a study, as the server returns it (params in user units)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass(frozen=True)
class Trial:
    """A trial. `state` is queued, running, completed, failed, abandoned or pruned; `raw` is the wire object.

    `intermediate` is its learning curve, ``[{"step": int, "value": float}, ...]`` by step, filled
    only by ``study.trials(curves=True)`` and exports (empty otherwise)."""

    id: str
    number: int
    state: str
    params: Dict[str, Any]
    study_id: str
    values: Optional[Dict[str, float]] = None
    fail_reason: Optional[str] = None
    diagnostics: Dict[str, Any] = field(default_factory=dict)
    intermediate: List[Dict[str, Any]] = field(default_factory=list)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_wire(cls, t: Dict[str, Any]) -> "Trial":
        """Builds a Trial from the server's JSON object."""
        return cls(
            id=t["id"],
            number=t["number"],
            state=t["state"],
            params=dict(t.get("params") or {}),
            study_id=t.get("studyId", ""),
            values=t.get("values"),
            fail_reason=t.get("failReason"),
            diagnostics=dict(t.get("diagnostics") or {}),
            intermediate=list(t.get("intermediate") or []),
            raw=t,
        )
