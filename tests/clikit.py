"""The command line as a script sees it: the real `mentor-tui` in a subprocess, its JSON and
its one-line errors.

The checks work on both ways the tests run it: `click.testing.CliRunner` in-process
(`exit_code`) and the real `python -m mentor_tui` in a subprocess (`returncode`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def run(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | str | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`mentor-tui ARGS` as this interpreter runs it (a generous limit: a busy 2-core machine)."""
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        input=stdin,
        timeout=120,
    )


def exit_status(result: Any) -> int:
    if isinstance(result, subprocess.CompletedProcess):
        return result.returncode
    return result.exit_code


def ok_json(result: Any) -> Any:
    assert exit_status(result) == 0, result.stderr
    return json.loads(result.stdout)


def one_line_error(result: Any, status: int = 1) -> str:
    """The error's last line; for a user error (status 1) the only line, `mentor-tui: ...`.

    A usage error (status 2) is click's own several lines; only the status and the absence of
    a traceback are checked.
    """
    assert exit_status(result) == status, (exit_status(result), result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if status == 1:
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("mentor-tui: ")
    return lines[-1]
