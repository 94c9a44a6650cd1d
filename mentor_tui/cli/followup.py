"""`mentor-tui followup` and `mentor-tui schedule`: the follow-up email and the next meeting.

The repository reads live here (render/ takes loaded dataclasses only): `repo.records.session`
is also what `sessions show --markdown` uses, through `session_markdown_for`.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from datetime import date, datetime, time
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.cli.output import echo
from mentor_tui.core.agendas import load_library, prepare_for_next_meeting
from mentor_tui.core.agreement import AGREEMENT_REVIEW_WARNING_DAYS
from mentor_tui.core.clock import now
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.mail import FOLLOWUP, QUEUED, SENT, SentMail
from mentor_tui.core.meetings import Meeting, cadence_of, edited, parse_time, zone_named
from mentor_tui.core.models import Mentorship
from mentor_tui.files import check_target
from mentor_tui.launch import CliContext
from mentor_tui.render.context import build_context, long_date
from mentor_tui.render.email import Envelope, build_message, envelope, write_eml
from mentor_tui.render.ics import invitation, write_ics
from mentor_tui.render.mailto import SAFE_LENGTH, mailto_link
from mentor_tui.render.sending import (
    SendError,
    SmtpSettings,
    deliver,
    forget_kept,
    needs_smtputf8,
    read_kept,
    remember_password,
    send_or_keep,
    smtp_settings,
    stored_password,
)
from mentor_tui.render.summary import session_markdown
from mentor_tui.render.templates import (
    RenderedEmail,
    default_template_for,
    list_templates,
    render_email,
    sensitive_warning,
)

if TYPE_CHECKING:
    from mentor_tui.store.repository import Repository

# -- reading the repository --------------------------------------------------------------


def followup_context(
    repo: Repository,
    session_id: str,
    *,
    sender_id: str | None = None,
    zone: str | None = None,
    today: date | None = None,
    at_now: datetime | None = None,
    opening: str = "",
) -> dict[str, Any]:
    """The template variables for a session, the way the CLI and the follow-up screen see them."""
    record = repo.records.session(session_id)
    agendas = load_library(paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas")
    zone = zone or repo.meetings.person_zone(sender_id or repo.viewer_id)
    tz = zone_named(zone)
    moment = at_now or now()
    return build_context(
        record,
        tz=tz,
        today=today or moment.astimezone(tz).date(),
        next_meeting=repo.meetings.upcoming(record.mentorship, now=moment, zone=zone),
        sender_id=sender_id,
        agendas=agendas,
        opening=opening,
    )


def session_markdown_for(repo: Repository, session_id: str, *, zone: str | None = None) -> str:
    """What `sessions show --markdown` prints."""
    record = repo.records.session(session_id)
    zone = zone or repo.meetings.person_zone(repo.viewer_id)
    return session_markdown(
        record,
        tz=zone_named(zone),
        next_meeting=repo.meetings.upcoming(record.mentorship, zone=zone),
    )


def open_existing_store(cli: CliContext) -> AbstractContextManager[Repository]:
    if not cli.db_path.exists():
        raise UserError(
            f"There is no database at {cli.db_path}; give the right one with --db, "
            "or create one with `mentor-tui demo --no-open`."
        )
    return cli.open_as()


def resolve_session_id(repo: Repository, session_id: str | None, last: bool) -> str:
    if last and session_id:
        raise click.UsageError("Give a session ID or --last, not both.")
    if last:
        return repo.sessions.last(ended=True).id
    if not session_id:
        raise click.UsageError("Say which session: give its ID or --last.")
    return repo.sessions.get(session_id).id


def sender_id_for(repo: Repository, cli: CliContext) -> str | None:
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
@click.option(
    "--send", is_flag=True, help="Send it by SMTP ([smtp] in config.toml; see below)."
)
@click.option("--again", is_flag=True, help="With --send: send a follow-up already sent.")
@click.option(
    "--retry", is_flag=True, help="Send the follow-ups kept in the outbox after a failure."
)
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
    send: bool,
    again: bool,
    retry: bool,
    show_templates: bool,
) -> None:
    """Render the follow-up email of a session: as .eml, plain text or a mailto: link, or
    send it.

    Shared notes only, never private ones. The sender is the first mentor with an email
    address, or the person given with `mentor-tui --as NAME followup ...`. Your own templates
    go in the `emails` folder of the config directory; see docs/templates.md.

    --send delivers through the mail server in the [smtp] table of config.toml (host, port,
    security = "ssl" or "starttls", user, from); the password comes from the system keyring,
    or is asked. Each sent follow-up is recorded; sending one again needs --again. When the
    server cannot be reached, the message is kept in your outbox: --retry sends it later.
    """
    if show_templates:
        for info in list_templates():
            where = "built-in" if info.builtin else str(info.path)
            echo(f"{info.name:<20} {info.description}  [{where}]")
        return
    if retry:
        if session_id or last or eml or text or mailto or send:
            raise click.UsageError("--retry sends what is in the outbox; give it alone.")
        retry_kept(cli)
        return
    chosen = [
        flag
        for flag, on in (("--eml", eml), ("--text", text), ("--mailto", mailto), ("--send", send))
        if on
    ]
    if len(chosen) != 1:
        raise click.UsageError("Choose one output: --eml FILE, --text, --mailto or --send.")
    if again and not send:
        raise click.UsageError("--again goes with --send.")
    if send:
        send_followup(cli, session_id, last, template, again=again, opening=opening)
        return
    target = check_target(eml) if eml else None
    with open_existing_store(cli) as repo:
        sid = resolve_session_id(repo, session_id, last)
        context = followup_context(repo, sid, sender_id=sender_id_for(repo, cli), opening=opening)
    rendered, env = render_followup(context, template)
    if not text:
        warn_without_email(env.without_email, "they are left out of the recipients")
    if target is not None:
        message = build_message(
            subject=rendered.subject, body=rendered.body, sender=env.sender, to=env.to, cc=env.cc
        )
        written = write_eml(message, target)
        echo(f"Wrote {written} (readable by you only); open it in your mail client to send.")
    elif text:
        echo(rendered.text, nl=False)
    else:
        eml_name = f"followup-{context['session']['date']}.eml"
        link = mailto_link(
            to=env.to_addresses,
            cc=env.cc_addresses,
            subject=rendered.subject,
            body=rendered.body,
            fallback=mailto_fallback(eml_name),
        )
        echo(link.url)
        if not link.has_body:
            echo(
                f"mentor-tui: the email is longer than a mailto: link can carry "
                f"({SAFE_LENGTH:,} characters), so the link's body only points at {eml_name}; "
                f"write it with --eml {eml_name} and attach it, or use --send or --text.",
                err=True,
            )


def mailto_fallback(eml_name: str) -> str:
    """The short body of a mailto: link whose whole email is too long for one."""
    return (
        "The follow-up is too long for a mail link; it is in the attached file "
        f"{eml_name}.\n"
    )


# -- sending -----------------------------------------------------------------------------


class AskedPassword:
    """The keyring's password, else one typed (hidden) at a terminal; asked only once the
    server is reached and wants a login. What was typed is kept, for the keyring once the
    server has accepted it."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.typed: list[str] = []

    def __call__(self) -> str:
        settings = self.settings
        stored = stored_password(settings)
        if stored:
            return stored
        if not sys.stdin.isatty():
            raise UserError(
                f"The mail password for {settings.account} is not in the system keyring; "
                "run this once at a terminal to type it (it is then kept in the keyring)."
            )
        typed = click.prompt(f"Mail password for {settings.account}", hide_input=True, err=True)
        self.typed.append(typed)
        return typed


def ask_password(settings: SmtpSettings) -> AskedPassword:
    return AskedPassword(settings)


def keep_typed_password(settings: SmtpSettings, password: AskedPassword) -> None:
    typed = password.typed
    if typed and remember_password(settings, typed[-1]):
        echo("Kept the mail password in the system keyring.", err=True)


def deliver_or_stop(
    message: EmailMessage,
    settings: SmtpSettings,
    password: AskedPassword | None,
    *,
    unsent: str,
) -> str:
    """Send one email, its Message-ID; or stop the command in one sentence: why it did not
    go, then `unsent`, what becomes of the emails not sent."""
    try:
        return deliver(message, settings, password=password)
    except SendError as exc:
        raise UserError(f"{exc.message.rstrip('.')}; {unsent}") from None


def render_followup(
    context: dict[str, Any], template: str | None
) -> tuple[RenderedEmail, Envelope]:
    """The follow-up in the agenda's default template unless one is named, and its
    envelope; a template that would show more than a sensitive agenda allows is said on
    stderr (sensitive_warning)."""
    template = template or default_template_for(context)
    warning = sensitive_warning(template, context)
    if warning:
        echo(f"mentor-tui: {warning}", err=True)
    return render_email(template, context), envelope(context)


def warn_without_email(names: list[str], so: str) -> None:
    if names:
        echo(f"mentor-tui: no email address for {', '.join(names)}; {so}.", err=True)


def followup_message(
    repo: Repository,
    session_id: str,
    template: str | None,
    sender_id: str | None,
    *,
    opening: str = "",
) -> tuple[dict[str, Any], Envelope, EmailMessage]:
    """The follow-up as it will be sent, and the envelope it was built from: the agenda's
    default template unless one is named (next steps only, for a sensitive agenda)."""
    context = followup_context(repo, session_id, sender_id=sender_id, opening=opening)
    rendered, env = render_followup(context, template)
    message = build_message(
        subject=rendered.subject,
        body=rendered.body,
        sender=env.sender,
        to=env.to,
        cc=env.cc,
        draft=False,
        utf8_local=needs_smtputf8(env.sender, *env.to, *env.cc),
    )
    return context, env, message


def send_followup(
    cli: CliContext,
    session_id: str | None,
    last: bool,
    template: str | None,
    *,
    again: bool,
    opening: str = "",
) -> None:
    settings = smtp_settings()
    with open_existing_store(cli) as repo:
        sid = resolve_session_id(repo, session_id, last)
        earlier = repo.mail.list(kind=FOLLOWUP, session_id=sid, status=SENT)
        if earlier and not again:
            when = earlier[-1].sent_at or ""
            raise UserError(
                f"This follow-up was already sent on {when[:16].replace('T', ' ')} UTC to "
                f"{earlier[-1].recipients}; add --again to send it again."
            )
        context, env, message = followup_message(
            repo, sid, template, sender_id_for(repo, cli), opening=opening
        )
        if not env.to and not env.cc:
            raise UserError("Nobody in this mentorship has an email address to send it to.")
        warn_without_email(env.without_email, "they are left out of the recipients")
        password = ask_password(settings)
        outcome = send_or_keep(
            message,
            settings,
            data_dir=paths.data_dir(),
            person_id=context["sender"]["id"] or "owner",
            password=password,
        )
        repo.mail.record(
            SentMail(
                mentorship_id=context["mentorship"]["id"],
                session_id=sid,
                kind=FOLLOWUP,
                recipients=", ".join(outcome.recipients),
                status=SENT if outcome.sent else QUEUED,
                message_id=outcome.message_id,
                outbox_name=outcome.kept,
            )
        )
    if not outcome.sent:
        raise UserError(
            f"{(outcome.error or 'It did not go').rstrip('.')}; the email is kept in your outbox, and "
            "`mentor-tui followup --retry` sends it."
        )
    keep_typed_password(settings, password)
    echo(f"Sent to {', '.join(outcome.recipients)} (Message-ID {outcome.message_id}).")


def retry_kept(cli: CliContext) -> None:
    """Send every follow-up kept in the outbox; stops at the first that still cannot go."""
    settings = smtp_settings()
    with open_existing_store(cli) as repo:
        queued = [(m, m.outbox_name) for m in repo.mail.queued() if m.outbox_name]
        if not queued:
            echo("Nothing is waiting in the outbox.")
            return
        password = ask_password(settings)
        for mail, kept in queued:
            message = read_kept(paths.data_dir(), kept)
            message_id = deliver_or_stop(
                message, settings, password, unsent=f"{len(queued)} email(s) stay in your outbox."
            )
            repo.mail.mark_sent(mail.id, message_id)
            forget_kept(paths.data_dir(), kept)
            echo(f"Sent to {mail.recipients} (Message-ID {message_id}).")
    keep_typed_password(settings, password)


# -- schedule ----------------------------------------------------------------------------


def find_mentorship(repo: Repository, key: str) -> Mentorship:
    try:
        return repo.mentorships.get(key)
    except NotFound:
        pass
    wanted = key.strip().lower()
    matches = [
        m
        for m in repo.mentorships.list()
        if (len(wanted) >= 4 and m.id.startswith(wanted)) or m.title.lower() == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(f'More than one mentorship matches "{key}"; use its full id.')
    raise NotFound(f'No mentorship matches "{key}"; `mentor-tui sessions list` shows them.')


def default_mentorship(repo: Repository) -> Mentorship:
    """The mentorship of the most recent session, else the only active one."""
    recent = repo.sessions.list(limit=1)
    if recent:
        return repo.mentorships.get(recent[0].mentorship_id)
    active = repo.mentorships.list(include_closed=False)
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
@click.option("--time", "at", metavar="HH:MM", help="Time of day (default: the usual one).")
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
    """Write the next meeting as an .ics invitation (METHOD:REQUEST).

    The meeting set in the wrap-up, else the rhythm's next date at the usual time, in your
    time zone (`people zone`). A proposed meeting repeats with the rhythm (RRULE); organizer
    and attendees are the members with email addresses. Sending it again after a change
    updates the event (same UID, higher SEQUENCE).
    """
    if not next_:
        raise click.UsageError("Say --next: schedule proposes the next meeting from the cadence.")
    if zone:
        zone_named(zone)
    at_time = parse_time(at) if at else None
    target = check_target(ics)
    with open_existing_store(cli) as repo:
        mentorship = (
            find_mentorship(repo, mentorship_key) if mentorship_key else default_mentorship(repo)
        )
        meeting = repo.meetings.upcoming(mentorship, zone=zone)
        people = {m.person_id: repo.people.get(m.person_id) for m in mentorship.members}
        organizer_id = sender_id_for(repo, cli)
    if meeting is None:
        cadence_of(mentorship)  # a stored rhythm that cannot be read says so here
        raise UserError(
            f'"{mentorship.title}" has no meeting rhythm (cadence) yet, or it has ended; '
            'set one such as "every 2 weeks on Tuesday" first.'
        )
    meeting = _with_overrides(meeting, at_time, minutes)
    agendas = load_library(paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas")
    agreement = mentorship.agreement
    prepare = prepare_for_next_meeting(
        agendas,
        review_date=agreement.review_date if agreement else None,
        day=meeting.start.date(),
        warning_days=AGREEMENT_REVIEW_WARNING_DAYS,
    )
    cal, without = invitation(meeting, mentorship, people, organizer_id, prepare=prepare)
    written = write_ics(cal, target)
    warn_without_email(without, "they are not on the invitation")
    start = meeting.start
    echo(
        f"Next meeting: {long_date(start.date())}, {start:%H:%M} ({meeting.zone}); wrote {written}."
    )


def _with_overrides(meeting: Meeting, at: time | None, minutes: int | None) -> Meeting:
    if at is None and minutes is None:
        return meeting
    start = meeting.start
    if at is not None:
        start = datetime.combine(start.date(), at, tzinfo=zone_named(meeting.zone))
    return edited(meeting, start=start, minutes=minutes or meeting.minutes, place=meeting.place)
