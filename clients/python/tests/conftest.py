"""Fixtures: the real server on port 0 (stopped on every path), a connected client, Branin."""
from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Tests run against the source tree unless the package is installed (pip install ./clients/python).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bayesopt  # noqa: E402
from server import ServerProcess  # noqa: E402

TOKEN = "python-suite-token-0123456789"


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    """One server for the suite (memory storage)."""
    s = ServerProcess()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def token_server() -> Iterator[ServerProcess]:
    """A server started with --token."""
    s = ServerProcess(token=TOKEN)
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def client(server: ServerProcess) -> bayesopt.Client:
    return bayesopt.connect(server.url)


BRANIN_OPTIMUM = 0.397887357729738  # Branin-Hoo's global minimum (Dixon & Szegö 1978; sfu.ca/~ssurjano/branin.html)


def branin(x1: float, x2: float) -> float:
    """Branin-Hoo on [-5, 10] x [0, 15]."""
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10
