"""Synthetic bundles: a whole programme's exports without a single real pair.

Used by bench/coordinator.py (2,000 mentorships, 100,000 sessions), bench/import_memory.py
and by tests that need exact control over what the coordinator sees; it lives in bench/, not
in the installed package, because no user of mentor-tui needs invented programmes. Deterministic for a given seed. Records are
written straight to disk, one at a time, so generating a large programme needs no memory.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mentor_tui import __version__
from mentor_tui.core.models import GOAL_CATEGORIES
from mentor_tui.share.bundle import FORMAT, VERSION, BundleWriter, export_day, sections_by_kind
from mentor_tui.share.coarsen import CAREER_STAGE_GROUPS, SPECIALTY_GROUP_NAMES, iso_week

AGENDAS = (
    (
        "Regular check-in",
        (("notes", 5), ("action-items", 10), ("goals-review", 10), ("notes", 12), ("wrap-up", 8)),
    ),
    (
        "Research, grants and publications",
        (("notes", 10), ("goals-review", 20), ("action-items", 10), ("wrap-up", 5)),
    ),
    (
        "Reverse mentoring",
        (("notes", 5), ("reverse-mentoring", 30), ("reflection", 10), ("wrap-up", 5)),
    ),
    (
        "Wellness and work-life balance",
        (("notes", 10), ("reflection", 20), ("action-items", 10), ("wrap-up", 5)),
    ),
    ("First meeting", (("notes", 15), ("goals-review", 20), ("wrap-up", 10))),
)
TOPICS = (
    ("ai-assistants", "AI assistants and their limits"),
    ("reference-managers", "Reference managers"),
    ("social-media-presence", "Social media for professional presence"),
    ("data-visualisation", "Data visualisation"),
    ("telehealth", "Telehealth platforms"),
)


def pid(*parts: object) -> str:
    """A deterministic 20-hex-digit id that looks like a pseudonym."""
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:20]


def header(
    programme: str,
    source: str,
    exported_at: datetime | str,
    *,
    include_text: bool = False,
) -> dict[str, Any]:
    stamp = datetime.fromisoformat(exported_at) if isinstance(exported_at, str) else exported_at
    return {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "programme": programme,
        "exported_at": export_day(stamp),
        "app_version": __version__,
        "include_text": include_text,
        "source": source,
    }


def source_key(source: str) -> Ed25519PrivateKey:
    """A synthetic source's signing key: deterministic, so its later bundles match its pin."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"key:{source}".encode()).digest())


def write_bundle(
    path: Path,
    head: dict[str, Any],
    records: Iterable[dict[str, Any]],
    *,
    signer: Ed25519PrivateKey | None = None,
) -> Path:
    """Write records as a signed bundle, streaming: header, each record, trailer.

    Signed with source_key(the header's source) unless another `signer` is given.
    """
    path = Path(path)
    if signer is None:
        signer = source_key(str(head.get("source")))
    with path.open("wb") as out:
        writer = BundleWriter(out, signer)
        writer.write(head)
        for record in records:
            writer.write(record)
        writer.close()
    return path


def mentorship_record(
    mid: str,
    members: list[tuple[str, str, str, str]],
    *,
    status: str = "active",
    style: str = "one-on-one",
    start_week: str | None = None,
) -> dict[str, Any]:
    return {
        "type": "mentorship",
        "id": mid,
        "style": style,
        "status": status,
        "start_week": start_week,
        "members": [
            {"id": m, "role": role, "career_stage": stage, "specialty": specialty}
            for m, role, stage, specialty in members
        ],
    }


def session_record(
    sid: str,
    mid: str,
    week: str,
    *,
    agenda: str = "Regular check-in",
    builtin: bool = True,
    sections: Sequence[tuple[str, float, float]] | None = None,
    ratings: list[dict[str, Any]] | None = None,
    skills: list[dict[str, Any]] | None = None,
    status: str = "ended",
    notes: int = 0,
    checkins: int = 0,
    actions_created: int = 0,
    mode: str = "in-person",
) -> dict[str, Any]:
    sections = sections if sections is not None else [("notes", 30, 30)]
    return {
        "type": "session",
        "id": sid,
        "mentorship": mid,
        "week": week,
        "agenda": agenda,
        "agenda_builtin": builtin,
        "mode": mode,
        "status": status,
        "planned_minutes": round(sum(p for _, p, _ in sections)),
        "actual_minutes": round(sum(a for _, _, a in sections)),
        "sections": sections_by_kind(sections),
        "notes": notes,
        "checkins": checkins,
        "actions_created": actions_created,
        "ratings": ratings or [],
        "skills": skills or [],
    }


def goal_record(
    gid: str,
    mid: str,
    week: str,
    *,
    category: str = "research",
    status: str = "open",
    progress: int = 0,
    owner_role: str = "mentee",
    reverse: bool = False,
    checkins: int = 0,
) -> dict[str, Any]:
    return {
        "type": "goal",
        "id": gid,
        "mentorship": mid,
        "owner_role": owner_role,
        "category": category,
        "status": status,
        "progress": progress,
        "created_week": week,
        "due_week": None,
        "reverse": reverse,
        "checkins": checkins,
    }


def action_record(
    aid: str,
    mid: str,
    week: str,
    *,
    session: str | None = None,
    done: bool = False,
    overdue: bool = False,
    owner_role: str = "mentee",
) -> dict[str, Any]:
    return {
        "type": "action",
        "id": aid,
        "mentorship": mid,
        "session": session,
        "owner_role": owner_role,
        "created_week": week,
        "due_week": None,
        "done": done,
        "done_week": week if done else None,
        "overdue": overdue and not done,
    }


@dataclass
class Programme:
    """A synthetic programme: `mentorships` pairs holding `sessions` sessions in all."""

    programme: str = "BENCH"
    mentorships: int = 2000
    sessions: int = 100_000
    sources: int = 20
    seed: int = 7
    start: date = date(2023, 1, 2)
    weeks: int = 104

    def source_id(self, index: int) -> str:
        return pid("source", self.seed, index)

    def records(self, source_index: int) -> Iterator[dict[str, Any]]:
        """Every record of one source (a pair database holding some of the mentorships)."""
        rng = random.Random(f"{self.seed}:{source_index}")
        per_source = range(source_index, self.mentorships, self.sources)
        base, extra = divmod(self.sessions, self.mentorships)
        for m in per_source:
            mid = pid("m", self.seed, m)
            mentor, mentee = pid("p", self.seed, m, 0), pid("p", self.seed, m, 1)
            yield mentorship_record(
                mid,
                [
                    (
                        mentor,
                        "mentor",
                        rng.choice(CAREER_STAGE_GROUPS),
                        rng.choice(SPECIALTY_GROUP_NAMES),
                    ),
                    (
                        mentee,
                        "mentee",
                        rng.choice(CAREER_STAGE_GROUPS),
                        rng.choice(SPECIALTY_GROUP_NAMES),
                    ),
                ],
                status=rng.choices(("active", "paused", "closed"), (90, 5, 5))[0],
                start_week=iso_week(self.start),
            )
            count = base + (1 if m < extra else 0)
            first = rng.randrange(0, 20)
            sids = []
            for s in range(count):
                sid = pid("s", self.seed, m, s)
                sids.append(sid)
                week_index = first + (s * (self.weeks - first)) // max(count, 1)
                day = self.start + timedelta(weeks=week_index)
                name, plan = rng.choice(AGENDAS)
                sections = [
                    (kind, minutes, round(minutes * rng.uniform(0.6, 1.5), 1))
                    for kind, minutes in plan
                ]
                skills = []
                if any(kind == "reverse-mentoring" for kind, _ in plan):
                    key, title = rng.choice(TOPICS)
                    before = rng.randint(1, 3)
                    skills.append(
                        {
                            "member": mentor,
                            "topic": key,
                            "topic_title": title,
                            "custom": False,
                            "before": before,
                            "after": min(5, before + rng.randint(0, 2)),
                        }
                    )
                yield session_record(
                    sid,
                    mid,
                    iso_week(day) or "",
                    agenda=name,
                    sections=sections,
                    ratings=[
                        {
                            "member": mentor,
                            "role": "mentor",
                            "score": rng.randint(3, 5),
                            "pairing_working": True,
                        },
                        {
                            "member": mentee,
                            "role": "mentee",
                            "score": rng.randint(2, 5),
                            "pairing_working": rng.random() > 0.1,
                        },
                    ],
                    skills=skills,
                    notes=rng.randint(0, 6),
                    checkins=rng.randint(0, 2),
                    actions_created=1,
                )
            for g in range(3):
                done = rng.random() < 0.4
                yield goal_record(
                    pid("g", self.seed, m, g),
                    mid,
                    iso_week(self.start) or "",
                    category=rng.choice(GOAL_CATEGORIES),
                    status="done" if done else "in-progress",
                    progress=100 if done else rng.randint(0, 90),
                )
            for s, sid in enumerate(sids):
                done = rng.random() < 0.6
                yield action_record(
                    pid("a", self.seed, m, s),
                    mid,
                    iso_week(self.start) or "",
                    session=sid,
                    done=done,
                    overdue=rng.random() < 0.3,
                    owner_role=rng.choice(("mentor", "mentee")),
                )

    def write(self, folder: Path, exported_at: datetime | None = None) -> list[Path]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = exported_at or datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
        paths = []
        for index in range(self.sources):
            path = folder / f"{self.programme.lower()}-{index:03d}.jsonl"
            write_bundle(
                path, header(self.programme, self.source_id(index), stamp), self.records(index)
            )
            paths.append(path)
        return paths
