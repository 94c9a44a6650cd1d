"""Shared fixtures. No test touches the user's real data or config directories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("MENTOR_TUI_DB", raising=False)
    yield home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "mentor.db"


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def cli_env() -> dict[str, str]:
    """Environment for running the real `mentor-tui` in a subprocess."""
    env = dict(os.environ)
    env.setdefault("LANG", "C.UTF-8")
    return env


@pytest.fixture
def tmux(tmp_path, cli_env):
    """A private tmux server running this tree's app (see tests/tmux_terminal.py)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it)")
    from tmux_terminal import Tmux

    env = dict(cli_env, TERM="xterm-256color", TZ="UTC")
    env.pop("SSH_CONNECTION", None)  # the app would think it runs under someone's SSH login
    # The app under test is this tree's, whatever the environment's installed copy is.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    server = Tmux(tmp_path, env)
    yield server
    server.kill_server()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test driving a real terminal is end to end whatever its file says (`make test-fast`).
    for item in items:
        if "tmux" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)
