"""A report on a synthetic programme (bench/synthetic.py) plus one bundle a test writes itself.

The extra bundle says it carries text: only such a bundle may give a topic a title of its own
(without text it is refused: see tests/security/test_forged_bundles.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bench import synthetic as syn
from mentor_tui.coordinator.aggregate import Report, build_report
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.store.programme import open_programme


def taught(member: str, topic: str, title: str, before: int, after: int) -> list[dict[str, Any]]:
    """A session's skills: `member` was taught `topic`, named `title`, and rated it so."""
    return [
        {
            "member": member,
            "topic": topic,
            "topic_title": title,
            "custom": False,
            "before": before,
            "after": after,
        }
    ]


def report_with_bundle(
    folder: Path,
    programme: syn.Programme,
    name: str,
    records: Iterable[dict[str, Any]],
    as_of: date,
) -> Report:
    """`programme`'s bundles and `records` as `name`.jsonl, imported and reported with k=5."""
    files = programme.write(folder)
    head = syn.header(
        programme.programme, syn.pid("source", name), datetime(2025, 1, 6, tzinfo=UTC),
        include_text=True,
    )  # fmt: skip
    files.append(syn.write_bundle(folder / f"{name}.jsonl", head, records))
    with open_programme(folder / "coordinator.db") as repo:
        import_bundles(repo, files)
        return build_report(repo, k=5, as_of=as_of)
