"""prompts/ ships inside the wheel, so an installed mentor-tui finds its agendas anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_carries_the_prompts(repo_root: Path, tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(repo_root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("mentor_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    agendas = [n for n in names if n.startswith("mentor_tui/prompts/agendas/") and n.endswith(".toml")]
    assert len(agendas) >= 12
    assert "mentor_tui/prompts/topics.toml" in names
    # Test and benchmark data generators stay out of what users install.
    assert not [n for n in names if n.endswith("synthetic.py")]


def _dry_run(make_dir: Path, target: str) -> str:
    result = subprocess.run(
        ["make", "-n", target, f"PYTHON={sys.executable}"],
        cwd=make_dir, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_installs_only_what_running_needs_and_shows_progress(repo_root: Path, tmp_path: Path):
    """`make -n` on a copy of the Makefile with no .venv: the commands a first `make run` runs."""
    for name in ("Makefile", "pyproject.toml"):
        (tmp_path / name).write_bytes((repo_root / name).read_bytes())
    run = _dry_run(tmp_path, "run")
    installs = [line for line in run.splitlines() if "pip install" in line]
    assert installs, run
    assert not any("[test]" in line for line in installs), run  # the app needs no pytest
    assert not any("--quiet" in line or " -q" in line for line in installs), run  # progress shows
    # `make test` adds the test extra.
    assert "[test]" in _dry_run(tmp_path, "test")
