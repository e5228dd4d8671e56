"""Starts the real server (server/main.ts) on port 0 as a child process and stops it."""
from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parents[3]


class ServerProcess:
    """`node --import tsx server/main.ts --port 0 --storage memory:` that logged its `listening` line."""

    def __init__(self, token: Optional[str] = None, startup_seconds: float = 60.0) -> None:
        args = ["node", "--import", "tsx", "server/main.ts", "--port", "0", "--storage", "memory:", "--log-level", "warn"]
        if token is not None:
            args += ["--token", token]
        env = {k: v for k, v in os.environ.items() if not k.startswith("BO_")}
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: List[str] = []
        self.stderr: List[str] = []
        self._port: Optional[int] = None
        self._ready = threading.Event()
        # Drain both pipes for the server's whole life: a full pipe would block its logging.
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()  # type: ignore[arg-type]
        deadline = time.monotonic() + startup_seconds
        while not self._ready.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start (exit {self.proc.returncode}): {''.join(self.stderr)[-2000:]}")
        self.url = f"http://127.0.0.1:{self._port}"

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for text in self.proc.stdout:
            self.lines.append(text)
            try:
                line = json.loads(text)
            except ValueError:
                continue
            if isinstance(line, dict) and line.get("event") == "listening" and isinstance(line.get("port"), int):
                self._port = line["port"]
                self._ready.set()

    def stop(self) -> None:
        """SIGTERM (graceful close), then SIGKILL after 5 s; safe to call twice."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
