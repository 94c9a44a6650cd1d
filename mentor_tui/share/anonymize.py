"""The pair's side: what leaves in a pseudonymised bundle, built from the pair's database.

`plan_export` builds every record in memory (a pair's database is small) so the export
screen and `export --dry-run` can show exactly the bytes `write` would put in the file.

What leaves: pseudonymous ids (see keys.py), coarsened member attributes (career-stage and
specialty groups), mentorship style and status, ISO weeks instead of dates, the export day
(not the time), agenda names (built-in ones; a pair's own agenda only as "custom" unless text
is included), how many sections of each kind with their planned and actual whole minutes
(never the sequence of an agenda), the number of shared notes, goals by category, status and
progress, action items created, completed and overdue, reverse-mentoring topics with the
skill change, and ratings. Free text (shared notes, goal titles, action items, rating words)
only with include_text, and then scrubbed. Private notes never leave, in any form.
"""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mentor_tui import __version__, paths
from mentor_tui.core.clock import now, parse_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.models import GOAL_CATEGORIES, Mentorship, Style
from mentor_tui.files import write_private
from mentor_tui.share.bundle import (
    FORMAT,
    SECTION_KINDS,
    VERSION,
    BundleWriter,
    Enrolment,
    dumps,
    export_day,
    normalize_programme,
    sections_by_kind,
)
from mentor_tui.share.coarsen import career_stage_group, iso_week, specialty_group
from mentor_tui.share.keys import (
    KEY_FILE,
    SIGNING_KEY_FILE,
    Pseudonymizer,
    load_or_create_key,
    load_or_create_signing_key,
    public_key_hex,
)
from mentor_tui.share.scrub import Scrubber

if TYPE_CHECKING:
    from mentor_tui.core.models import ActionItem, Goal, Person
    from mentor_tui.store.repository import Repository

PROGRAMME_SETTING = "export.programme"
SOURCE_SETTING = "export.source_id"
CUSTOM = "custom"
_PLACEHOLDER = re.compile(r"\[(NAME|EMAIL|PHONE|URL|DATE|ID|PLACE)\]")


def key_path() -> Path:
    return paths.data_dir() / KEY_FILE


def signing_key_path() -> Path:
    """The pair's bundle signing key: beside the pseudonym key, 0600, made on first export."""
    return paths.data_dir() / SIGNING_KEY_FILE


def resolve_programme(repo: Repository, option: str | None, *, remember: bool) -> str:
    """--programme wins and is remembered; otherwise the one remembered from last time."""
    if option:
        code = normalize_programme(option)
        if remember and repo.get_setting(PROGRAMME_SETTING) != code:
            repo.set_setting(PROGRAMME_SETTING, code)
        return code
    stored = repo.get_setting(PROGRAMME_SETTING)
    if not stored:
        raise UserError(
            "This database has no programme code yet; give it once with --programme CODE "
            "(your programme coordinator has it)."
        )
    return stored


def source_id(repo: Repository) -> str:
    """A random id for this database, made once: the coordinator keeps one snapshot per source."""
    found = repo.get_setting(SOURCE_SETTING)
    if not found:
        found = uuid.uuid4().hex
        repo.set_setting(SOURCE_SETTING, found)
    return found


def builtin_agendas() -> dict[str, str]:
    from mentor_tui.core.agendas import load_library

    library = load_library(paths.prompts_dir() / "agendas", None)
    return {agenda.key: agenda.name for agenda in library.agendas}


def builtin_topics() -> dict[str, str]:
    from mentor_tui.core.catalogue import load_topics

    return {topic.key: topic.title for topic in load_topics(paths.prompts_dir(), None)}


def _local_date(instant: str | None) -> date | None:
    if not instant:
        return None
    return parse_iso(instant).astimezone().date()


def _week_of(instant: str | None) -> str | None:
    return iso_week(_local_date(instant))


@dataclass
class ExportPlan:
    """Every record an export would write, in order, and what they add up to."""

    header: dict[str, Any]
    signer: Ed25519PrivateKey
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def include_text(self) -> bool:
        return bool(self.header["include_text"])

    @property
    def programme(self) -> str:
        code: str = self.header["programme"]  # plan_export puts normalize_programme()'s str
        return code

    def counts(self) -> Counter[str]:
        return Counter(r["type"] for r in self.records)

    def lines(self) -> Iterator[bytes]:
        """Exactly the bytes of the bundle, line by line, trailer included."""

        class _Sink:
            def __init__(self) -> None:
                self.last = b""

            def write(self, data: bytes) -> None:
                self.last = data

        writer = BundleWriter(_Sink(), self.signer)
        yield writer.write(self.header)
        for record in self.records:
            yield writer.write(record)
        yield dumps(writer.trailer())

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the bundle atomically, 0600: a half-written file never has the final name."""
        return write_private(path, self.lines(), what="bundle")

    def risk(self) -> list[str]:
        """What a coordinator could still learn, in plain words (the screen and CLI show it)."""
        lines = [
            "This is pseudonymised personal data, not anonymous data: the pseudonyms are keyed "
            "and cannot be reversed without the key on this computer, but each person keeps "
            "the same pseudonym in every export.",
            "A coordinator who knows your programme, your career stages and specialties and "
            "roughly when you met (the weeks of your sessions) may still recognise the two of "
            "you, the more easily the smaller the programme.",
        ]
        if self.include_text:
            lines.append(
                "Scrubbed text can still give you away (a rare case, a place, a turn of "
                "phrase): read every piece before you send it."
            )
        return lines

    def describe(self) -> list[str]:
        """What will leave and what will not, in plain words, for the preview."""
        counts = self.counts()
        text_fields = 0
        placeholders: Counter[str] = Counter()
        for record in self.records:
            for value in _texts(record):
                text_fields += 1
                placeholders.update(_PLACEHOLDER.findall(value))
        lines = [
            f"Programme {self.programme}; bundle format {FORMAT} v{VERSION}; "
            f"export day {self.header['exported_at']} (the day only, not the time).",
            f"Leaves in the file: {counts['mentorship']} mentorship(s) and their members under "
            "pseudonyms, with career-stage and specialty groups only;",
            f"  {counts['session']} session(s) by ISO week: agenda, mode, how many sections of "
            "each kind with planned and actual whole minutes (never their order), how many "
            "shared notes, ratings, skill change;",
            f"  {counts['goal']} goal(s) by category, status and progress; "
            f"{counts['action']} action item(s): created, done, overdue.",
        ]
        if self.include_text:
            found = ", ".join(f"{n} x [{k}]" for k, n in sorted(placeholders.items())) or "none"
            lines.append(
                f"Free text ({text_fields} piece(s): {counts['note']} shared note(s), goal "
                "titles, action items, rating words) leaves scrubbed; "
                f"placeholders put in: {found}."
            )
        else:
            lines.append("No free text leaves (add --include-text to send it scrubbed).")
        lines.append(
            "Never leaves: names, e-mail addresses, phone numbers, mentorship titles, exact "
            "dates, private notes, and the key that makes the pseudonyms."
        )
        return lines


def _texts(record: dict[str, Any]) -> Iterator[str]:
    for name in ("text", "title"):
        if isinstance(record.get(name), str):
            yield record[name]
    for rating in record.get("ratings", ()) if record["type"] == "session" else ():
        if isinstance(rating.get("word"), str):
            yield rating["word"]


def plan_export(
    repo: Repository,
    *,
    key: bytes,
    programme: str,
    include_text: bool = False,
    today: date | None = None,
    exported_at: datetime | None = None,
    source: str | None = None,
    agendas: dict[str, str] | None = None,
    topics: dict[str, str] | None = None,
    signer: Ed25519PrivateKey | None = None,
) -> ExportPlan:
    """Every record of a pseudonymised export of `repo`; nothing is written anywhere.

    `signer` defaults to the pair's signing key (signing_key_path(), made if missing).
    """
    pseudo = Pseudonymizer(key)
    today = today or now().astimezone().date()
    agendas = builtin_agendas() if agendas is None else agendas
    topics = builtin_topics() if topics is None else topics
    # Settled before the reads: source_id may save the id on a first export.
    source_value = source or source_id(repo)
    if signer is None:
        signer = load_or_create_signing_key(signing_key_path())
    from mentor_tui.store import database

    # Every read in one snapshot: a person the partner's app adds meanwhile must not show
    # up in a note without being in the scrubber's list of names (nor half a mentorship).
    with database.snapshot(repo.db):
        return _plan(
            repo, pseudo=pseudo, today=today, agendas=agendas, topics=topics,
            programme=programme, include_text=include_text, exported_at=exported_at,
            source=source_value, signer=signer,
        )


def _plan(
    repo: Repository,
    *,
    pseudo: Pseudonymizer,
    today: date,
    agendas: dict[str, str],
    topics: dict[str, str],
    programme: str,
    include_text: bool,
    exported_at: datetime | None,
    source: str,
    signer: Ed25519PrivateKey,
) -> ExportPlan:
    people = {p.id: p for p in repo.people.list()}
    scrubber = (
        Scrubber(
            [p.display_name for p in people.values()],
            [p.email for p in people.values() if p.email],
        )
        if include_text
        else None
    )
    header = {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "programme": normalize_programme(programme),
        "exported_at": export_day(exported_at or now()),
        "app_version": __version__,
        "include_text": include_text,
        "source": pseudo("source", source),
    }
    plan = ExportPlan(header=header, signer=signer)
    actions_all = repo.actions.list()
    goals_all = repo.goals.list()
    # In pseudonym order: the order in which the pair made their mentorships stays here.
    mentorships = sorted(repo.mentorships.list(), key=lambda m: pseudo("mentorship", m.id))
    for mentorship in mentorships:
        plan.records.extend(
            _mentorship_records(
                repo,
                mentorship,
                pseudo=pseudo,
                people=people,
                scrubber=scrubber,
                today=today,
                agendas=agendas,
                topics=topics,
                goals=[g for g in goals_all if g.mentorship_id == mentorship.id],
                actions=[a for a in actions_all if a.mentorship_id == mentorship.id],
            )
        )
    return plan


def _mentorship_records(
    repo: Repository,
    mentorship: Mentorship,
    *,
    pseudo: Pseudonymizer,
    people: dict[str, Person],
    scrubber: Scrubber | None,
    today: date,
    agendas: dict[str, str],
    topics: dict[str, str],
    goals: list[Goal],
    actions: list[ActionItem],
) -> Iterator[dict[str, Any]]:
    mid = pseudo("mentorship", mentorship.id)
    members = []
    for member in mentorship.members:
        person = people.get(member.person_id)
        members.append(
            {
                "id": pseudo("person", member.person_id),
                "role": member.role.value,
                "career_stage": career_stage_group(person.career_stage if person else None),
                "specialty": specialty_group(person.specialty if person else None),
            }
        )
    yield {
        "type": "mentorship",
        "id": mid,
        "style": mentorship.style.value if isinstance(mentorship.style, Style) else "other",
        "status": mentorship.status.value,
        "start_week": iso_week(mentorship.start_date),
        "members": members,
    }
    action_counts = Counter(a.session_id for a in actions if a.session_id)
    notes_out: list[dict[str, Any]] = []
    session_ids: dict[str, str] = {}
    # Oldest first: the file reads as the mentorship's history.
    for summary in reversed(repo.sessions.list(mentorship_id=mentorship.id)):
        session = repo.sessions.get(summary.id)
        sid = pseudo("session", session.id)
        session_ids[session.id] = sid
        kinds = {s.key: (s.kind if s.kind in SECTION_KINDS else "other") for s in session.sections}
        minutes = [
            (kinds[s.key], s.planned_minutes, repo.sessions.elapsed(s, session.ended_at) / 60)
            for s in session.sections
        ]
        shared = [n for n in repo.notes.for_session(session.id) if n.visibility == "shared"]
        ratings = []
        for rating in repo.feedback.ratings(session.id):
            role = mentorship.role_of(rating.person_id)
            entry: dict[str, Any] = {
                "member": pseudo("person", rating.person_id),
                "role": role.value if role else None,
                "score": rating.score,
                # The answer to "is the pairing working?" is its author's alone
                # (docs/architecture.md, trust model): it never leaves in a bundle.
                "pairing_working": None,
            }
            if scrubber is not None and rating.word:
                entry["word"] = scrubber(rating.word)
            ratings.append(entry)
        skills = []
        for skill in repo.feedback.skill_ratings(session_id=session.id):
            known = skill.topic_key in topics
            skills.append(
                {
                    "member": pseudo("person", skill.person_id),
                    "topic": skill.topic_key if known else CUSTOM,
                    "topic_title": topics[skill.topic_key] if known else None,
                    "custom": not known,
                    "before": skill.before,
                    "after": skill.after,
                }
            )
        builtin = agendas.get(session.agenda_key) == session.agenda_name
        if builtin:
            agenda = session.agenda_name
        elif scrubber is not None:
            agenda = (scrubber(session.agenda_name) or CUSTOM)[:200]
        else:
            agenda = CUSTOM
        yield {
            "type": "session",
            "id": sid,
            "mentorship": mid,
            "week": _week_of(session.started_at),
            "agenda": agenda,
            "agenda_builtin": builtin,
            "mode": session.mode.value,
            "status": session.status.value,
            "planned_minutes": round(session.planned_minutes),
            "actual_minutes": round(sum(actual for _, _, actual in minutes)),
            "sections": sections_by_kind(minutes),
            "notes": sum(1 for n in shared if n.body.strip()),
            "checkins": len(repo.goals.checkins_for_session(session.id)),
            "actions_created": action_counts.get(session.id, 0),
            "ratings": ratings,
            "skills": skills,
        }
        if scrubber is not None:
            for note in shared:
                if not note.body.strip():
                    continue
                notes_out.append(
                    {
                        "type": "note",
                        "id": pseudo("note", note.id),
                        "mentorship": mid,
                        "session": sid,
                        "section_kind": kinds.get(note.section_key, "other"),
                        "text": scrubber(note.body),
                    }
                )
    for goal in goals:
        role = mentorship.role_of(goal.owner_id)
        record: dict[str, Any] = {
            "type": "goal",
            "id": pseudo("goal", goal.id),
            "mentorship": mid,
            "owner_role": role.value if role else None,
            "category": goal.category if goal.category in GOAL_CATEGORIES else "other",
            "status": goal.status.value,
            "progress": max(0, min(100, int(goal.progress))),
            "created_week": _week_of(goal.created_at),
            "due_week": iso_week(goal.due),
            "reverse": goal.topic_key is not None,
            "checkins": len(repo.goals.checkins(goal.id)),
        }
        if scrubber is not None:
            record["title"] = scrubber(goal.title)
        yield record
    for item in actions:
        role = mentorship.role_of(item.owner_id)
        record = {
            "type": "action",
            "id": pseudo("action", item.id),
            "mentorship": mid,
            "session": session_ids.get(item.session_id) if item.session_id else None,
            "owner_role": role.value if role else None,
            "created_week": _week_of(item.created_at),
            "due_week": iso_week(item.due),
            "done": item.done,
            "done_week": _week_of(item.done_at),
            "overdue": item.overdue(today),
        }
        if scrubber is not None:
            record["text"] = scrubber(item.text)
        yield record
    yield from notes_out


def export_plan_for(
    repo: Repository,
    *,
    programme: str | None,
    include_text: bool,
    remember: bool,
    today: date | None = None,
    exported_at: datetime | None = None,
) -> ExportPlan:
    """The plan the CLI and the export screen show and write: key, programme, source resolved."""
    code = resolve_programme(repo, programme, remember=remember)
    key = load_or_create_key(key_path())
    return plan_export(
        repo,
        key=key,
        programme=code,
        include_text=include_text,
        today=today,
        exported_at=exported_at,
    )


def enrolment_for(repo: Repository, *, programme: str | None, remember: bool) -> Enrolment:
    """What `export --enrolment` hands the coordinator: programme, source and public key.

    Makes the pseudonym and signing keys if this is the first export, as an export would.
    """
    code = resolve_programme(repo, programme, remember=remember)
    pseudo = Pseudonymizer(load_or_create_key(key_path()))
    signer = load_or_create_signing_key(signing_key_path())
    return Enrolment(
        programme=code, source=pseudo("source", source_id(repo)), public_key=public_key_hex(signer)
    )


def fields_by_type(plan: ExportPlan) -> list[tuple[str, int, list[str]]]:
    """What the file holds per record type: (type, how many, the fields that leave).

    A field holding a list of objects is shown with the fields of those objects, as
    `ratings(member, role, score)`. Taken from the records themselves, so it is exactly what
    leaves, text fields included only when the plan includes text.
    """
    counts: dict[str, int] = {}
    fields: dict[str, dict[str, dict[str, None]]] = {}
    for record in plan.records:
        kind = record["type"]
        counts[kind] = counts.get(kind, 0) + 1
        seen = fields.setdefault(kind, {})
        for name, value in record.items():
            if name == "type":
                continue
            inner = seen.setdefault(name, {})
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        inner.update(dict.fromkeys(item))
    result = []
    for kind, count in counts.items():
        shown = []
        for name, inner in fields[kind].items():
            shown.append(f"{name}({', '.join(inner)})" if inner else name)
        result.append((kind, count, shown))
    return result


def free_texts(plan: ExportPlan) -> list[tuple[str, str]]:
    """Every piece of free text the plan would send, as (what it is, the scrubbed text)."""
    found: list[tuple[str, str]] = []
    for record in plan.records:
        kind = record["type"]
        if kind == "note" and isinstance(record.get("text"), str):
            found.append(
                (f"shared note ({record.get('section_kind', 'notes')} section)", record["text"])
            )
        elif kind == "goal" and isinstance(record.get("title"), str):
            found.append(("goal title", record["title"]))
        elif kind == "action" and isinstance(record.get("text"), str):
            found.append(("action item", record["text"]))
        elif kind == "session":
            if not record.get("agenda_builtin") and record.get("agenda") != CUSTOM:
                found.append(("agenda name", record["agenda"]))
            for rating in record.get("ratings", ()):
                if isinstance(rating.get("word"), str):
                    found.append(("rating word", rating["word"]))
    return found
