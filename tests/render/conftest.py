from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from followup_pair import TODAY, ZONE, Pair, build_pair

from mentor_tui.cli.followup import followup_context
from mentor_tui.render.context import SessionRecord
from mentor_tui.store import open_store


@pytest.fixture
def repo(db_path):
    store = open_store(db_path)
    yield store
    store.close()


@pytest.fixture
def pair(repo) -> Pair:
    return build_pair(repo)


@pytest.fixture
def record(repo, pair) -> SessionRecord:
    return repo.records.session(pair.session_id)


@pytest.fixture
def context(repo, pair) -> dict:
    return followup_context(
        repo,
        pair.session_id,
        sender_id=pair.mentor_id,
        zone=ZONE,
        today=TODAY,
        at_now=datetime.combine(TODAY, time(9), ZoneInfo(ZONE)),
    )


@pytest.fixture
def user_emails(_private_dirs):
    """The user's own template folder (under the test's private config directory)."""
    from mentor_tui.render.templates import user_dir

    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
