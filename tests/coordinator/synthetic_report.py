"""A synthetic programme (bench/synthetic.py) imported by the coordinator, and a report on it
with one more bundle a test writes itself.

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


def imported(folder: Path, programme: syn.Programme, extra: Iterable[Path] = ()) -> Path:
    """The coordinator's database in `folder` once `programme`'s bundles (and `extra`) are in."""
    path = folder / "coordinator.db"
    with open_programme(path) as repo:
        import_bundles(repo, [*programme.write(folder), *extra])
    return path


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
    head = syn.header(
        programme.programme, syn.pid("source", name), datetime(2025, 1, 6, tzinfo=UTC),
        include_text=True,
    )  # fmt: skip
    bundle = syn.write_bundle(folder / f"{name}.jsonl", head, records)
    with open_programme(imported(folder, programme, [bundle])) as repo:
        return build_report(repo, k=5, as_of=as_of)
