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
