"""`mentor-tui followup` and `mentor-tui schedule`: the follow-up email and the next meeting.

The repository reads live here (render/ takes loaded dataclasses only): `repo.session_record`
is also what `sessions show --markdown` uses, through `session_markdown_for`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.cli.context import CliContext
from mentor_tui.cli.output import echo
from mentor_tui.core.agendas import load_library
from mentor_tui.core.clock import now, parse_iso
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import Mentorship
from mentor_tui.render.context import SessionRecord, build_context, choose_sender, long_date
from mentor_tui.render.email import Recipient, build_message, envelope, write_eml
from mentor_tui.render.files import check_target
from mentor_tui.render.ics import meeting_calendar, write_ics
from mentor_tui.render.mailto import mailto_link
from mentor_tui.render.schedule import (
    NextMeeting,
    local_zone_name,
    parse_time,
    propose_next_meeting,
    zone_named,
)
from mentor_tui.render.summary import session_markdown
from mentor_tui.render.templates import (
    default_template_for,
    list_templates,
    render_email,
    sensitive_warning,
)

# -- reading the repository --------------------------------------------------------------


def next_meeting_for(
    record: SessionRecord, *, zone: str, at_now: datetime | None = None
) -> NextMeeting | None:
    return propose_next_meeting(
        record.mentorship,
        now=at_now or now(),
        zone=zone,
        last_start=parse_iso(record.session.started_at),
        planned_minutes=record.session.planned_minutes,
    )


def followup_context(
    repo,
    session_id: str,
    *,
    sender_id: str | None = None,
    zone: str | None = None,
    today: date | None = None,
    at_now: datetime | None = None,
    opening: str = "",
) -> dict:
    """The template variables for a session, the way the CLI and the follow-up screen see them."""
    record = repo.session_record(session_id)
    agendas = load_library(paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas")
    zone = zone or local_zone_name()
    tz = ZoneInfo(zone)
    moment = at_now or now()
    return build_context(
        record,
        tz=tz,
        today=today or moment.astimezone(tz).date(),
        next_meeting=next_meeting_for(record, zone=zone, at_now=moment),
        sender_id=sender_id,
        agendas=agendas,
        opening=opening,
    )


def session_markdown_for(repo, session_id: str, *, zone: str | None = None) -> str:
    """What `sessions show --markdown` prints."""
    record = repo.session_record(session_id)
    zone = zone or local_zone_name()
    return session_markdown(
        record, tz=ZoneInfo(zone), next_meeting=next_meeting_for(record, zone=zone)
    )


def open_existing_store(cli: CliContext):
    if not cli.db_path.exists():
        raise UserError(
            f"There is no database at {cli.db_path}; give the right one with --db, "
            "or create one with `mentor-tui demo --no-open`."
        )
    return cli.open_as()


def resolve_session_id(repo, session_id: str | None, last: bool) -> str:
    if last and session_id:
        raise click.UsageError("Give a session ID or --last, not both.")
    if not last and not session_id:
        raise click.UsageError("Say which session: give its ID or --last.")
    if last:
        return repo.last_session(ended=True).id
    return repo.get_session(session_id).id


def sender_id_for(repo, cli: CliContext) -> str | None:
    return repo.viewer_id


# -- followup ----------------------------------------------------------------------------


@main.command()
@click.argument("session_id", metavar="[ID]", required=False)
@click.option("--last", is_flag=True, help="The most recent finished session.")
@click.option(
    "--template",
    "-t",
    "template",
    default=None,
    metavar="NAME",
    help="An email template (see --list-templates), or the path of a .j2 file. Default: "
    "followup, or next-steps (no notes) after a wellness or ethics session.",
)
@click.option(
    "--opening",
    default="",
    metavar="TEXT",
    help="Your own first line, in your words (otherwise a plain thank-you).",
)
@click.option(
    "--eml",
    type=click.Path(),
    metavar="FILE",
    help="Write an email (.eml, readable by you only) to open in a mail client.",
)
@click.option("--text", is_flag=True, help="Print the subject line and body to stdout.")
@click.option("--mailto", is_flag=True, help="Print a mailto: link to stdout.")
@click.option("--list-templates", "show_templates", is_flag=True, help="List the templates.")
@click.pass_obj
def followup(
    cli: CliContext,
    session_id: str | None,
    last: bool,
    template: str | None,
    opening: str,
    eml: str | None,
    text: bool,
    mailto: bool,
    show_templates: bool,
) -> None:
    """Render the follow-up email of a session: as .eml, plain text or a mailto: link.

    Shared notes only, never private ones. The sender is the first mentor with an email
    address, or the person given with `mentor-tui --as NAME followup ...`. Your own templates
    go in the `emails` folder of the config directory; see docs/templates.md.
    """
    if show_templates:
        for info in list_templates():
            where = "built-in" if info.builtin else str(info.path)
            echo(f"{info.name:<20} {info.description}  [{where}]")
        return
    chosen = [flag for flag, on in (("--eml", eml), ("--text", text), ("--mailto", mailto)) if on]
    if len(chosen) != 1:
        raise click.UsageError("Choose one output: --eml FILE, --text or --mailto.")
    target = check_target(eml) if eml else None
    with open_existing_store(cli) as repo:
        sid = resolve_session_id(repo, session_id, last)
        context = followup_context(repo, sid, sender_id=sender_id_for(repo, cli), opening=opening)
    template = template or default_template_for(context)
    warning = sensitive_warning(template, context)
    if warning:
        echo(f"mentor-tui: {warning}", err=True)
    rendered = render_email(template, context)
    env = envelope(context)
    if env.without_email and not text:
        echo(
            "mentor-tui: no email address for " + ", ".join(env.without_email) + "; "
            "they are left out of the recipients.",
            err=True,
        )
    if target is not None:
        message = build_message(
            subject=rendered.subject, body=rendered.body, sender=env.sender, to=env.to, cc=env.cc
        )
        written = write_eml(message, target)
        echo(f"Wrote {written} (readable by you only); open it in your mail client to send.")
    elif text:
        echo(rendered.text, nl=False)
    else:
        link = mailto_link(
            to=env.to_addresses, cc=env.cc_addresses, subject=rendered.subject, body=rendered.body
        )
        echo(link.url)
        if not link.has_body:
            echo(
                "mentor-tui: the email is too long for a mailto: link, so the link has the "
                "subject only; use --eml FILE or --text for the whole email.",
                err=True,
            )


# -- schedule ----------------------------------------------------------------------------


def find_mentorship(repo, key: str) -> Mentorship:
    try:
        return repo.get_mentorship(key)
    except NotFound:
        pass
    wanted = key.strip().lower()
    matches = [
        m
        for m in repo.list_mentorships()
        if (len(wanted) >= 4 and m.id.startswith(wanted)) or m.title.lower() == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(f'More than one mentorship matches "{key}"; use its full id.')
    raise NotFound(f'No mentorship matches "{key}"; `mentor-tui sessions list` shows them.')


def default_mentorship(repo) -> Mentorship:
    """The mentorship of the most recent session, else the only active one."""
    recent = repo.list_sessions(limit=1)
    if recent:
        return repo.get_mentorship(recent[0].mentorship_id)
    active = repo.list_mentorships(include_closed=False)
    if len(active) == 1:
        return active[0]
    if not active:
        raise UserError("There is no mentorship in this database yet; create one first.")
    raise UserError("There are several mentorships; choose one with --mentorship ID.")


@main.command()
@click.option("--next", "next_", is_flag=True, help="Propose the next meeting from the cadence.")
@click.option(
    "--ics",
    type=click.Path(),
    metavar="FILE",
    required=True,
    help="Write the meeting as an iCalendar file for any calendar.",
)
@click.option("--mentorship", "mentorship_key", metavar="ID", help="Which mentorship.")
@click.option("--time", "at", metavar="HH:MM", help="Time of day (default: as last time).")
@click.option("--tz", "zone", metavar="ZONE", help="Time zone, e.g. Europe/Paris (default: local).")
@click.option("--minutes", type=click.IntRange(5, 480), help="Length (default: the agreement's).")
@click.pass_obj
def schedule(
    cli: CliContext,
    next_: bool,
    ics: str,
    mentorship_key: str | None,
    at: str | None,
    zone: str | None,
    minutes: int | None,
) -> None:
    """Write the next meeting, proposed from the mentorship's cadence, as an .ics file.

    The event repeats with the mentorship's cadence (RRULE); organizer and attendees are
    the members with email addresses.
    """
    if not next_:
        raise click.UsageError("Say --next: schedule proposes the next meeting from the cadence.")
    zone = zone or local_zone_name()
    zone_named(zone)
    at_time = parse_time(at) if at else None
    target = check_target(ics)
    with open_existing_store(cli) as repo:
        mentorship = (
            find_mentorship(repo, mentorship_key) if mentorship_key else default_mentorship(repo)
        )
        sessions = repo.list_sessions(mentorship_id=mentorship.id, limit=1)
        last = repo.get_session(sessions[0].id) if sessions else None
        people = {m.person_id: repo.get_person(m.person_id) for m in mentorship.members}
        organizer_id = sender_id_for(repo, cli)
    meeting = propose_next_meeting(
        mentorship,
        now=now(),
        zone=zone,
        last_start=parse_iso(last.started_at) if last else None,
        at=at_time,
        minutes=minutes,
        planned_minutes=last.planned_minutes if last else None,
    )
    if meeting is None:
        raise UserError(
            f'"{mentorship.title}" has no meeting rhythm (cadence) yet, or it has ended; '
            'set one such as "every 2 weeks on Tuesday" first.'
        )
    organizer_id = choose_sender(mentorship, people, organizer_id)
    organizer = people.get(organizer_id) if organizer_id else None
    attendees = [p for pid, p in people.items() if pid != organizer_id]
    names = " and ".join(p.display_name for p in people.values())
    cadence = f", {mentorship.cadence}" if mentorship.cadence else ""
    cal = meeting_calendar(
        meeting,
        mentorship_id=mentorship.id,
        title=f"Mentoring: {mentorship.title}",
        organizer=Recipient(organizer.display_name, organizer.email or "") if organizer else None,
        attendees=[Recipient(p.display_name, p.email or "") for p in attendees],
        description=f"Mentoring session of {names}{cadence}. Planned with mentor-tui.",
    )
    written = write_ics(cal, target)
    without = [p.display_name for p in people.values() if not p.email]
    if without:
        echo(
            "mentor-tui: no email address for " + ", ".join(without) + "; "
            "they are not on the invitation.",
            err=True,
        )
    start = meeting.start
    echo(
        f"Next meeting: {long_date(start.date())}, {start:%H:%M} ({meeting.zone}); wrote {written}."
    )
