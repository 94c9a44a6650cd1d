"""Shared fixtures. No test touches the user's real data or config directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
