"""The type checker of `make lint`, enforced in CI: mypy --strict over the files [tool.mypy] lists."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed; `pip install -e '.[test]'` brings it",
)
def test_strict_packages_type_check(repo_root: Path, tmp_path: Path):
    # The files and strictness come from pyproject.toml, so this and `make lint` agree.
    # A cache of its own: a stale or shared one must not hide an error.
    env = {**os.environ, "PYTHONPATH": str(repo_root)}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stdout + result.stderr
