"""`mentor-tui remind`: the emails between meetings, for cron or a systemd timer.

Two kinds, each sent once (the record in `sent_mail` is the memory, core/mail.py):
- before the next meeting (default 2 days; `--days-before N --mentorship ID` per mentorship),
  to every member with an address: when, the talking points so far, the agenda's `prepare`
  list and the open action items;
- once a week, to the owner of overdue action items, those items.
A reminder that could not go is not recorded, so the next run sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.cli.followup import (
    ask_password,
    deliver_or_stop,
    find_mentorship,
    keep_typed_password,
    open_existing_store,
)
from mentor_tui.cli.output import echo
from mentor_tui.core.agendas import load_library, prepare_for_next_meeting
from mentor_tui.core.agreement import AGREEMENT_REVIEW_WARNING_DAYS
from mentor_tui.core.clock import iso, now, parse_iso
from mentor_tui.core.errors import UserError
from mentor_tui.core.mail import (
    DEFAULT_DAYS_BEFORE,
    MAX_DAYS_BEFORE,
    MEETING_REMINDER,
    OVERDUE_REMINDER,
    SENT,
    SentMail,
    meeting_key,
    meeting_reminder_due,
    overdue_key,
    overdue_prefix,
    overdue_reminder_due,
)
from mentor_tui.core.models import Mentorship, Person
from mentor_tui.launch import CliContext
from mentor_tui.render.context import choose_sender, first_name
from mentor_tui.render.email import Recipient, build_message
from mentor_tui.render.reminders import ReminderText, meeting_reminder, overdue_reminder
from mentor_tui.render.sending import needs_smtputf8, smtp_settings

if TYPE_CHECKING:
    from mentor_tui.core.meetings import Meeting
    from mentor_tui.store.repository import Repository

DAYS_SETTING = "remind.days_before."  # + mentorship id, in the database's settings


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    mentorship: Mentorship
    sender: Recipient | None
    to: list[Recipient]
    text: ReminderText


# -- what the reminders read: one place each, so the features they wait for plug in here ------


def next_meeting_of(
    repo: Repository, mentorship: Mentorship, *, at: datetime, zone: str
) -> Meeting | None:
    """The pair's next meeting, by the one rule Home, wrap-up, email and invite use."""
    return repo.meetings.upcoming(mentorship, now=at, zone=zone)


def local_zone() -> str:
    """This machine's zone."""
    from mentor_tui.core.meetings import local_zone_name

    return local_zone_name()


def talking_points_for(repo: Repository, mentorship_id: str) -> list[tuple[str, str]]:
    """The open talking points (text, who raised it) for the next meeting."""
    return [(point.text, point.raised_by) for point in repo.points.open(mentorship_id)]


def prepare_list(mentorship: Mentorship, day: date) -> list[str]:
    """What to bring or think about for the meeting on `day` (core/agendas.py's one rule)."""
    library = load_library(paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas")
    agreement = mentorship.agreement
    return list(
        prepare_for_next_meeting(
            library,
            review_date=agreement.review_date if agreement else None,
            day=day,
            warning_days=AGREEMENT_REVIEW_WARNING_DAYS,
        )
    )


def days_before(repo: Repository, mentorship_id: str) -> int:
    raw = repo.get_setting(DAYS_SETTING + mentorship_id)
    try:
        return int(raw) if raw is not None else DEFAULT_DAYS_BEFORE
    except ValueError:
        return DEFAULT_DAYS_BEFORE


# -- deciding --------------------------------------------------------------------------------


def _recipient(person: Person) -> Recipient | None:
    return Recipient(person.display_name, person.email) if person.email else None


def due_reminders(repo: Repository, *, at: datetime, zone: str) -> list[Reminder]:
    """Every reminder due at `at` that has not gone yet."""
    today = at.astimezone(ZoneInfo(zone)).date()
    found: list[Reminder] = []
    for mentorship in repo.mentorships.list(include_closed=False):
        people = {m.person_id: repo.people.get(m.person_id) for m in mentorship.members}
        sender_id = choose_sender(mentorship, people)
        sender = _recipient(people[sender_id]) if sender_id else None
        open_items = repo.actions.list(mentorship.id, open_only=True)

        days = days_before(repo, mentorship.id)
        meeting = next_meeting_of(repo, mentorship, at=at, zone=zone) if days else None
        if meeting is not None and meeting_reminder_due(meeting.start, at, days):
            key = meeting_key(mentorship.id, meeting.start)
            to = [r for p in people.values() if (r := _recipient(p))]
            if to and not repo.mail.already_sent(key):
                text = meeting_reminder(
                    title=mentorship.title,
                    meeting=meeting,
                    people=[p.display_name for p in people.values()],
                    talking_points=[
                        f"{text} ({owner_name(people, raised_by)})"
                        for text, raised_by in talking_points_for(repo, mentorship.id)
                    ],
                    prepare=prepare_list(mentorship, meeting.start.date()),
                    open_items=[(item, owner_name(people, item.owner_id)) for item in open_items],
                    today=today,
                )
                found.append(Reminder(MEETING_REMINDER, key, mentorship, sender, to, text))

        for owner_id in dict.fromkeys(i.owner_id for i in open_items):
            overdue = [i for i in open_items if i.owner_id == owner_id and i.overdue(today)]
            owner = people.get(owner_id)
            recipient = _recipient(owner) if owner else None
            if not overdue or owner is None or recipient is None:
                continue
            if not overdue_reminder_due(
                last_overdue_reminder(repo, mentorship.id, owner_id, zone), today
            ):
                continue
            key = overdue_key(mentorship.id, owner_id, today)
            text = overdue_reminder(
                title=mentorship.title,
                owner=owner.display_name,
                partners=[p.display_name for pid, p in people.items() if pid != owner_id],
                items=overdue,
                today=today,
            )
            found.append(Reminder(OVERDUE_REMINDER, key, mentorship, sender, [recipient], text))
    return found


def last_overdue_reminder(
    repo: Repository, mentorship_id: str, owner_id: str, zone: str
) -> date | None:
    prefix = overdue_prefix(mentorship_id, owner_id)
    sent = [
        parse_iso(m.sent_at).astimezone(ZoneInfo(zone)).date()
        for m in repo.mail.list(kind=OVERDUE_REMINDER, mentorship_id=mentorship_id, status=SENT)
        if (m.dedupe_key or "").startswith(prefix) and m.sent_at
    ]
    return max(sent, default=None)


def owner_name(people: dict[str, Person], owner_id: str) -> str:
    person = people.get(owner_id)
    return first_name(person.display_name) if person else "someone else"


# -- the command -----------------------------------------------------------------------------


@main.command()
@click.option("--dry-run", is_flag=True, help="Print what would go; send and record nothing.")
@click.option(
    "--now",
    "at_text",
    metavar="WHEN",
    help="Act as if it were this moment (ISO 8601, e.g. 2026-03-29T18:00+02:00).",
)
@click.option(
    "--days-before",
    type=click.IntRange(0, MAX_DAYS_BEFORE),
    help="Set how many days before a meeting its reminder goes (0: none), with --mentorship.",
)
@click.option("--mentorship", "mentorship_key", metavar="ID", help="Which mentorship.")
@click.option("--tz", "zone", metavar="ZONE", help="Time zone of the meetings (default: local).")
@click.pass_obj
def remind(
    cli: CliContext,
    dry_run: bool,
    at_text: str | None,
    days_before: int | None,
    mentorship_key: str | None,
    zone: str | None,
) -> None:
    """Send the reminders that are due: before the next meeting, and overdue action items.

    Meant for cron or a systemd timer (see the README); each reminder goes once however often
    it runs. Sends through the [smtp] server of config.toml, like `followup --send`.
    """
    if days_before is not None:
        if not mentorship_key:
            raise click.UsageError("Say which mentorship --days-before is for: --mentorship ID.")
        with open_existing_store(cli) as repo:
            mentorship = find_mentorship(repo, mentorship_key)
            repo.set_setting(DAYS_SETTING + mentorship.id, str(days_before))
        when = f"{days_before} day(s) before each meeting" if days_before else "no longer"
        echo(f'Reminders for "{mentorship.title}" go {when}.')
        return
    if mentorship_key:
        raise click.UsageError("--mentorship goes with --days-before.")
    at = _moment(at_text)
    zone = zone or local_zone()
    with open_existing_store(cli) as repo:
        reminders = due_reminders(repo, at=at, zone=zone)
        if not reminders:
            echo("No reminders are due.")
            return
        settings = None if dry_run else smtp_settings()
        password = ask_password(settings) if settings else None
        for reminder in reminders:
            sender = (settings.sender if settings else None) or reminder.sender
            if sender is None:
                echo(
                    f'mentor-tui: no reminder for "{reminder.mentorship.title}": nobody in it has '
                    "an email address to send from; set [smtp] from in config.toml.",
                    err=True,
                )
                continue
            try:
                message = build_message(
                    subject=reminder.text.subject,
                    body=reminder.text.body,
                    sender=sender,
                    to=reminder.to,
                    draft=False,
                    utf8_local=needs_smtputf8(sender, *reminder.to),
                )
            except UserError as exc:
                echo(f"mentor-tui: skipped a reminder: {exc.message}", err=True)
                continue
            addresses = ", ".join(r.email for r in reminder.to)
            if settings is None:  # a dry run, which reads no mail settings
                echo(f"--- would send ({reminder.kind}) to {addresses}")
                echo(f"Subject: {reminder.text.subject}\n")
                echo(reminder.text.body)
                continue
            message_id = deliver_or_stop(
                message, settings, password, unsent="the reminders not sent go on the next run."
            )
            repo.mail.record(
                SentMail(
                    mentorship_id=reminder.mentorship.id,
                    kind=reminder.kind,
                    recipients=addresses,
                    message_id=message_id,
                    dedupe_key=reminder.key,
                    sent_at=iso(at),  # the moment acted as: --now previews a later run
                )
            )
            echo(f"Sent the {reminder.kind} for {reminder.mentorship.title} to {addresses}.")
    if settings is not None and password is not None:
        keep_typed_password(settings, password)


def _moment(text: str | None) -> datetime:
    if not text:
        return now()
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f'"{text}" is not a moment in ISO 8601; write it like 2026-03-29T18:00+02:00.'
        ) from None
    return moment if moment.tzinfo else moment.astimezone()
