"""`mentor-tui sessions list|show`."""

from __future__ import annotations

from typing import TypedDict

import click

from mentor_tui.cli import main
from mentor_tui.cli.output import echo, print_json, print_table
from mentor_tui.core.durations import duration
from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import ActionItem, Role, Session
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating
from mentor_tui.launch import CliContext
from mentor_tui.store.repository import Repository


@main.group()
def sessions() -> None:
    """Past and running sessions."""


@sessions.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Newest N only.")
@click.pass_obj
def list_sessions(ctx: CliContext, as_json: bool, limit: int | None) -> None:
    """List sessions, newest first."""
    with ctx.open_as() as repo:
        found = repo.sessions.list(limit=limit)
        titles = {m.id: m.title for m in repo.mentorships.list()}
    if as_json:
        print_json(found)
        return
    if not found:
        echo("No sessions yet.")
        return
    print_table(
        ["ID", "STARTED (UTC)", "STATUS", "MENTORSHIP", "AGENDA"],
        [
            [s.id[:8], s.started_at[:16].replace("T", " "), s.status.value,
             titles.get(s.mentorship_id, "?"), s.agenda_name]
            for s in found
        ],
    )


class _Titled(TypedDict):
    id: str
    title: str


class _Member(TypedDict):
    id: str
    name: str
    role: Role


class ShownSession(TypedDict):
    """One session as `sessions show` prints it (and --json writes it: these are its keys)."""

    session: Session
    mentorship: _Titled
    members: list[_Member]
    notes: list[Note]
    action_items: list[ActionItem]
    checkins: list[CheckIn]
    ratings: list[Rating]
    skill_ratings: list[SkillRating]


def session_record(repo: Repository, session_id: str, viewer_id: str | None) -> ShownSession:
    """Everything about one session that `viewer_id` may read (others' private notes never)."""
    session = repo.sessions.get(session_id)
    mentorship = repo.mentorships.get(session.mentorship_id)
    people = {m.person_id: repo.people.get(m.person_id) for m in mentorship.members}
    return {
        "session": session,
        "mentorship": {"id": mentorship.id, "title": mentorship.title},
        "members": [
            {"id": m.person_id, "name": people[m.person_id].display_name, "role": m.role}
            for m in mentorship.members
        ],
        "notes": repo.notes.for_session(
            session.id, viewer_id=viewer_id, include_private=viewer_id is not None
        ),
        "action_items": repo.actions.list(session_id=session.id),
        "checkins": repo.goals.checkins_for_session(session.id),
        "ratings": repo.feedback.ratings(session.id),
        "skill_ratings": repo.feedback.skill_ratings(session_id=session.id),
    }


@sessions.command("show")
@click.argument("session_id", required=False)
@click.option("--last", is_flag=True, help="The most recent finished session.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--markdown", is_flag=True, help="Print a Markdown summary.")
@click.pass_obj
def show(ctx: CliContext, session_id: str | None, last: bool, as_json: bool, markdown: bool) -> None:
    """Show one session. Private notes appear only to their author, signed in with --as NAME."""
    if session_id and last:
        raise click.UsageError("Give a session ID or --last, not both.")
    if not session_id and not last:
        raise click.UsageError(
            "Say which session: give its ID (`mentor-tui sessions list` shows them) or --last."
        )
    if as_json and markdown:
        raise click.UsageError("Choose --json or --markdown, not both.")
    with ctx.open_as() as repo:
        viewer = repo.viewer_id
        target = session_id or repo.sessions.last().id  # one of them, checked above
        record = session_record(repo, target, viewer)
        if markdown:
            from mentor_tui.cli.followup import session_markdown_for

            # The summary is for pasting anywhere: it never carries private notes.
            echo(session_markdown_for(repo, record["session"].id), nl=False)
            return
    if as_json:
        print_json(record)
        return
    _print_plain(record)


def _print_plain(record: ShownSession) -> None:
    session = record["session"]
    names = {m["id"]: m["name"] for m in record["members"]}
    echo(f"{session.agenda_name}: {record['mentorship']['title']}")
    echo(f"Started {session.started_at}  status {session.status.value}  id {session.id}")
    for section in session.sections:
        echo(f"\n## {section.title} ({duration(section.planned_minutes * 60)} planned, "
             f"{duration(section.elapsed_seconds)} spent)")
        for note in record["notes"]:
            if note.section_key == section.key:
                private = " (private)" if note.visibility.value == "private" else ""
                echo(f"- {names.get(note.author_id, '?')}{private}: {note.body}")
    if record["action_items"]:
        echo("\n## Action items")
        for item in record["action_items"]:
            mark = "x" if item.done else "-" if item.dropped else " "
            due = f" (due {item.due.isoformat()})" if item.due else ""
            gone = " (no longer needed)" if item.dropped else ""
            echo(f"- [{mark}] {names.get(item.owner_id, '?')}: {item.text}{due}{gone}")
