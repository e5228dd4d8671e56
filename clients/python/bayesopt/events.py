"""Live study events over socket.io (optional: needs `python-socketio`, not a core dependency).

The core client is REST only. With ``pip install python-socketio[client]`` this module joins a
study's room and calls handlers for ``trial:asked``, ``trial:completed``, ``study:updated`` and
``fit:progress``. Without it, StudyEvents raises FAILED_PRECONDITION saying what to install.
"""
from __future__ import annotations

import importlib.util
from typing import Any, Callable, Dict, Optional

from .errors import BayesOptError

EVENTS = ("trial:asked", "trial:completed", "study:updated", "fit:progress")


def available() -> bool:
    """True when python-socketio is importable."""
    return importlib.util.find_spec("socketio") is not None


class StudyEvents:
    """A socket.io connection subscribed to one study's room; call `on(event, handler)` then `close()`."""

    def __init__(self, url: str, token: Optional[str], study_id: str) -> None:
        if not available():
            raise BayesOptError("FAILED_PRECONDITION", "live events need python-socketio: pip install 'python-socketio[client]'")
        import socketio  # type: ignore[import-not-found]

        self._handlers: Dict[str, list] = {e: [] for e in EVENTS}
        self._sio = socketio.Client(reconnection=True)
        for event in EVENTS:
            self._sio.on(event, self._dispatcher(event))
        auth = {"token": token} if token is not None else {}
        self._sio.connect(url, transports=["websocket"], auth=auth)
        ack = self._sio.call("study:subscribe", {"studyId": study_id}, timeout=15)
        if not (isinstance(ack, dict) and ack.get("ok")):
            self._sio.disconnect()
            raise BayesOptError.from_wire(ack.get("error") if isinstance(ack, dict) else None)

    def _dispatcher(self, event: str) -> Callable[[Any], None]:
        def dispatch(payload: Any) -> None:
            for handler in list(self._handlers[event]):
                handler(payload)

        return dispatch

    def on(self, event: str, handler: Callable[[Any], None]) -> None:
        """Calls `handler(payload)` for each `event` of the study."""
        if event not in self._handlers:
            raise ValueError(f"unknown event {event!r}; one of {', '.join(EVENTS)}")
        self._handlers[event].append(handler)

    def close(self) -> None:
        """Disconnects."""
        self._sio.disconnect()
