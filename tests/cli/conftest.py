"""The command-line tests' databases (the demo; the follow-up pair of tests/render) and an
in-process `mentor-tui` on the demo."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from render.followup_pair import build_pair

from mentor_tui.cli import main
from mentor_tui.core import clock
from mentor_tui.store import open_store
from mentor_tui.store.demo import seed_demo


@pytest.fixture
def demo(db_path):
    with open_store(db_path) as repo:
        seed_demo(repo, today=clock.today())
    return db_path


@pytest.fixture
def cli(demo):
    """`cli("goals", "list", as_name=...)`: the command line on the demo, as a person."""
    runner = CliRunner()

    def invoke(*args: str, as_name: str | None = None):
        prefix = ["--db", str(demo)] + (["--as", as_name] if as_name else [])
        return runner.invoke(main, [*prefix, *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def pair_db(db_path):
    """The follow-up pair (tests/render/followup_pair.py) in a real file: (path, ids)."""
    with open_store(db_path) as repo:
        pair = build_pair(repo)
    return db_path, pair


@pytest.fixture
def home(_private_dirs):
    """The test's private home (config, data and state below it), as the app sees it."""
    return _private_dirs
