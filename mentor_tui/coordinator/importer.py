"""The coordinator's side: bundles into the coordinator's database.

All the bundles named in one import go in one transaction. Each is streamed line by line
and checked as it goes (format, every field, the programme, and the checksum at the end);
the first problem rolls the whole transaction back, so a refused import changes nothing.
Rows are written in batches as they are read (never the whole bundle in memory), but the
transaction commits only after every bundle's checksum and signature checked out and its
key matched the pinned one: a truncated or forged bundle leaves the database as it was.
What must be remembered across a bundle (its mentorship ids, to refuse a duplicate) is kept
in a TEMP table, so memory stays flat however many records a bundle holds
(`python -m bench --only import_memory`).

Every bundle is signed (share/bundle.py checks the signature). The first bundle of a source
pins its key (trust on first use: the summary prints the fingerprint for the coordinator to
check with the pair), unless `coordinator enrol` pinned it before; a bundle for a known
source signed by any other key is refused, and so is one exported more than a day in the
future (it would otherwise outrank every genuine later export).

Never destructive: rows are keyed by (source, pseudonymous id), so a bundle writes only its
own source's rows, and a record whose id another source already holds is refused. A row is
replaced only by one of the same source from an export at least as recent, and each source
keeps only what its latest signed export holds; nothing else deletes (`coordinator forget`
is the deliberate exception). Idempotent by construction. The same bundle twice, or an overlapping later export, therefore counts once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_tui.core.clock import now
from mentor_tui.core.errors import UserError
from mentor_tui.share.bundle import (
    BundleError,
    BundleReader,
    Enrolment,
    Header,
    canonical_instant,
)
from mentor_tui.share.coarsen import parse_week, week_month
from mentor_tui.share.keys import fingerprint

if TYPE_CHECKING:
    from mentor_tui.store.programme import ProgrammeRepo

# How far in the future an export time may be (clocks differ; a day covers every time zone).
FUTURE_SLACK = timedelta(days=1)

# progress(bytes_done, bytes_total, records_done): called every PROGRESS_STEP records
PROGRESS_STEP = 100
Progress = Callable[[int, int, int], None]


@dataclass
class ImportSummary:
    programme: str
    files: int = 0
    new_bundles: int = 0
    records: int = 0
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    pinned: list[tuple[str, str]] = field(default_factory=list)  # (source, fingerprint)

    def lines(self) -> list[str]:
        repeated = self.files - self.new_bundles
        head = (
            f"Imported {self.files} bundle(s) for programme {self.programme}"
            + (f" ({repeated} imported before, counted once)" if repeated else "")
            + f": {self.records} record(s) read."
        )
        parts = []
        for table, label in (
            ("mentorships", "mentorships"),
            ("sessions", "sessions"),
            ("goals", "goals"),
            ("actions", "action items"),
            ("notes", "scrubbed notes"),
        ):
            after, before = self.after.get(table, 0), self.before.get(table, 0)
            delta = after - before
            sign = f"+{delta}" if delta >= 0 else str(delta)
            parts.append(f"{after} {label} ({sign})")
        out = [head, "The programme now holds " + ", ".join(parts) + "."]
        for source, print_ in self.pinned:
            out.append(
                f"New source {source}: its signing key {print_} is now pinned; check this "
                "fingerprint with the pair (they see it with `mentor-tui export --enrolment`)."
            )
        return out


@functools.lru_cache(maxsize=4096)
def _week_facts(week: str) -> tuple[str, str]:
    return parse_week(week).isoformat(), week_month(week)


def _row(record: dict[str, Any], header: Header) -> tuple[str, dict[str, Any]]:
    kind = record["type"]
    row = {k: v for k, v in record.items() if k != "type"}
    row["source"] = header.source
    row["exported_at"] = header.exported_at
    if "mentorship" in row:
        row["mentorship_id"] = row.pop("mentorship")
    if "session" in row:
        row["session_id"] = row.pop("session")
    if kind == "session":
        row["week_monday"], row["month"] = _week_facts(record["week"])
        return "sessions", row
    return {
        "mentorship": "mentorships",
        "goal": "goals",
        "action": "actions",
        "note": "notes",
    }[kind], row


def _check_files(files: Sequence[str | os.PathLike[str]]) -> list[Path]:
    if not files:
        raise UserError("Name at least one bundle to import.")
    paths = []
    for name in files:
        path = Path(name).expanduser()
        if not path.exists():
            raise UserError(
                f"There is no bundle at {path}; check the file name. Nothing was imported."
            )
        if path.is_dir():
            raise UserError(
                f"{path} is a folder; name the bundle files in it. Nothing was imported."
            )
        if not os.access(path, os.R_OK):
            raise UserError(f"{path} cannot be read; check its permissions. Nothing was imported.")
        paths.append(path)
    return paths


def _check_time(header: Header, path: Path) -> None:
    limit = canonical_instant((now() + FUTURE_SLACK).isoformat())
    if header.exported_at > limit:
        raise BundleError(
            f"{path} says it was exported on {header.exported_at[:10]}, more than a day in the "
            "future, so it is refused; ask the pair to check their clock and export again. "
            "Nothing was imported."
        )


def _check_key(repo: ProgrammeRepo, header: Header, key: str, path: Path, summary: ImportSummary) -> None:
    """The bundle's signer must be the key pinned for its source; pin it on first use."""
    pinned = repo.source_key(header.source)
    if pinned is None:
        repo.pin_key(header.source, key, "first import")
        summary.pinned.append((header.source, fingerprint(key)))
    elif pinned != key:
        raise BundleError(
            f"{path} claims to come from source {header.source} but is signed by another key "
            f"({fingerprint(key)}) than the one pinned for it ({fingerprint(pinned)}); "
            "check with the pair before trusting it. Nothing was imported."
        )


def import_bundles(
    repo: ProgrammeRepo,
    files: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every bundle or none of them; returns what changed."""
    paths = _check_files(files)
    total = sum(p.stat().st_size for p in paths)
    done_bytes = 0
    done_records = 0

    def on_bytes(n: int) -> None:
        nonlocal done_bytes
        done_bytes += n

    programme = repo.programme()
    summary = ImportSummary(programme=programme or "", before=repo.counts())
    with repo.write():
        batch = repo.importing()
        for path in paths:
            batch.new_bundle()
            with BundleReader(
                path,
                display_name=str(path),
                on_bytes=on_bytes,
                seen_before=batch.mentorship_seen,
            ) as reader:
                header = reader.header
                assert header is not None
                if programme is None:
                    programme = header.programme
                    repo.set_programme(programme)
                elif header.programme != programme:
                    raise BundleError(
                        f"{path} is for programme {header.programme}, but this coordinator "
                        f"database holds programme {programme}; import it into that "
                        "programme's own database with `mentor-tui coordinator --db FILE`. "
                        "Nothing was imported."
                    )
                _check_time(header, path)
                for record in reader.records():
                    table, row = _row(record, header)
                    batch.add(table, row)
                    done_records += 1
                    if progress is not None and done_records % PROGRESS_STEP == 0:
                        progress(done_bytes, total, done_records)
                # Both are set together once the trailer's checksum and signature check out.
                assert reader.signing_key is not None and reader.sha256 is not None
                _check_key(repo, header, reader.signing_key, path, summary)
                batch.flush()
                clash = batch.clashing_id(header.source)
                if clash is not None:
                    table, row_id = clash
                    raise BundleError(
                        f"{path} holds a record ({table[:-1]} {row_id}) whose id already "
                        "belongs to another source, so it is refused; ask the pair to export "
                        "again. Nothing was imported."
                    )
                if batch.bundle(
                    sha256=reader.sha256,
                    source=header.source,
                    programme=header.programme,
                    exported_at=header.exported_at,
                    app_version=header.app_version,
                    records=reader.records_read,
                    include_text=header.include_text,
                ):
                    summary.new_bundles += 1
                summary.files += 1
        batch.finish()
    if progress is not None:
        progress(total, total, done_records)
    summary.programme = programme or ""
    summary.records = done_records
    summary.after = repo.counts()
    return summary


def enrol(repo: ProgrammeRepo, enrolment: Enrolment) -> bool:
    """Pin a source's key from its enrolment file; True if that very key was pinned already."""
    with repo.write():
        programme = repo.programme()
        if programme is None:
            repo.set_programme(enrolment.programme)
        elif enrolment.programme != programme:
            raise UserError(
                f"The enrolment is for programme {enrolment.programme}, but this coordinator "
                f"database holds programme {programme}; use that programme's own database "
                "with `mentor-tui coordinator --db FILE`. Nothing was enrolled."
            )
        pinned = repo.source_key(enrolment.source)
        if pinned == enrolment.public_key:
            return True
        if pinned is not None:
            raise UserError(
                f"Source {enrolment.source} is already pinned to another key "
                f"({fingerprint(pinned)}); if the pair really has a new key, remove the "
                "source with `mentor-tui coordinator forget` first. Nothing was enrolled."
            )
        repo.pin_key(enrolment.source, enrolment.public_key, "enrolment")
        return False
