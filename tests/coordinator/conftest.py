"""Fixtures for the coordinator tests: a pair database with secrets in it, and bundles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pairdata import KEY, OTHER_KEY, build_pair_db  # noqa: E402,F401


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    data = build_pair_db(tmp_path_factory.mktemp("pair") / "pair.db")
    yield data
    data.repo.close()
