"""Keeps a running trial's lease alive from a background thread while user code evaluates it."""
from __future__ import annotations

import threading
from typing import Callable, Optional

from .errors import BayesOptError


class Heartbeat:
    """Calls `beat()` every `interval` seconds until stopped; use as a context manager.

    Without heartbeats a long evaluation outlives its lease and the server abandons the trial (its
    tell then fails). Errors are kept in `last_error` instead of killing the evaluation: a missed
    beat is recoverable, and the tell will report a lost lease itself.
    """

    def __init__(self, beat: Callable[[], object], interval: float) -> None:
        self._beat = beat
        self.interval = max(0.05, interval)
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.beats = 0
        self.last_error: Optional[BayesOptError] = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._beat()
                self.beats += 1
            except BayesOptError as err:
                self.last_error = err

    def start(self) -> "Heartbeat":
        """Starts the daemon thread (a forgotten heartbeat never keeps the interpreter alive)."""
        self._thread = threading.Thread(target=self._run, name="bayesopt-heartbeat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops beating and waits for the thread (at most one beat in flight)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> "Heartbeat":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
