"""The documented offline install works: a venv over Debian's packages, pip without an index."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]


def test_pip_install_offline_in_a_venv() -> None:
    if subprocess.run([sys.executable, "-c", "import venv, ensurepip"], capture_output=True).returncode != 0:
        pytest.skip("python3-venv is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        # Build from a copy: an in-tree build would leave build/ and *.egg-info in the checkout.
        src = Path(tmp) / "src"
        shutil.copytree(PACKAGE, src, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"))
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
        pip = subprocess.run([str(venv / "bin/pip"), "install", "--no-build-isolation", "--no-index", str(src)], capture_output=True, text=True)
        assert pip.returncode == 0, pip.stdout + pip.stderr
        probe = "import bayesopt, pathlib; p = pathlib.Path(bayesopt.__file__).parent; print(p, (p / 'py.typed').exists())"
        out = subprocess.run([str(venv / "bin/python"), "-c", probe], cwd=tmp, capture_output=True, text=True, check=True).stdout
        assert str(venv) in out and out.strip().endswith("True"), out
