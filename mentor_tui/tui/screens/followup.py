"""The follow-up email: pick a template, see it rendered, edit it, save it as .eml or copy it.

Keyboard only: the template list and the editor are a Tab apart; moving through the list
renders each template into the editor at once (the live preview). Edits are kept per
template while the screen is open, so a look at another template loses nothing; F5 puts
the template's text back. F8 sends it by SMTP (asking first if it went before). F2 saves an .eml (0600) to the path below the editor (under
`serve`, a file name in the person's outbox, fetched with sftp); F3 and F4 copy the body
and the subject to the clipboard through the terminal (OSC 52, which works over SSH; under
tmux it needs `set -g set-clipboard on`). F6 writes the next meeting's calendar invite
(.ics) the same way, F7 copies it.

Shared notes only, never private ones: the record is loaded with the repository's default
(shared) visibility, and the renderer drops anything else all the same.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mentor_tui import paths
from mentor_tui.core.errors import UserError
from mentor_tui.core.mail import FOLLOWUP, QUEUED, SENT, SentMail
from mentor_tui.render.context import build_context, long_date
from mentor_tui.render.email import build_message, envelope, message_bytes, write_eml
from mentor_tui.render.sending import (
    Outcome,
    SmtpSettings,
    needs_smtputf8,
    remember_password,
    send_or_keep,
    smtp_settings,
    stored_password,
)
from mentor_tui.render.templates import (
    DEFAULT_TEMPLATE,
    RenderedEmail,
    TemplateInfo,
    builtin_dir,
    default_template_for,
    list_templates,
    render_email,
    sensitive_warning,
    split_text,
)
from mentor_tui.tui import invite, saving
from mentor_tui.tui.commands import COMMANDS, Command
from mentor_tui.tui.fmt import Piece
from mentor_tui.tui.screens.dialogs import ConfirmDialog, MailPasswordDialog
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

BINDINGS: list[BindingType] = [
    Binding("f2", "save", "Save .eml", id="followup.save", priority=True),
    Binding("f3", "copy_body", "Copy body", id="followup.copy_body", priority=True),
    Binding("f4", "copy_subject", "Copy subject", id="followup.copy_subject", priority=True),
    Binding("f5", "reset", "Reset", id="followup.reset", priority=True),
    Binding("f8", "send", "Send", id="followup.send", priority=True),
    Binding("f6", "calendar_invite", "Invite .ics", id="followup.invite", priority=True),
    Binding(
        "f7", "copy_invite", "Copy invite", id="followup.copy_invite", priority=True, show=False
    ),
    Binding("escape", "back", "Back", id="followup.back"),
]


class FollowUpScreen(Screen[None]):
    """FollowUpScreen(session_id): the follow-up email of one session."""

    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "followup.tcss"
    BINDINGS = BINDINGS
    AUTO_FOCUS = "#followup-editor"
    ACTIONS = [
        Command("Save follow-up as .eml", "Write the email to the path below the editor", "save"),
        Command("Copy follow-up body", "Copy the email body to the clipboard (OSC 52)", "copy_body"),
        Command("Copy follow-up subject", "Copy the subject line to the clipboard", "copy_subject"),
        Command("Reset follow-up to template", "Throw away edits to this template", "reset"),
        Command("Send follow-up by email", "Deliver it through the [smtp] server of config.toml", "send"),
        Command("Copy calendar invite", "Copy the next meeting's .ics to the clipboard", "copy_invite"),
        COMMANDS["followup_email"].here("focus_editor"),
    ]

    @property
    def PALETTE(self) -> list[Command]:  # noqa: N802 - the name every screen's palette has
        """The screen's actions, and one command per template to switch to it."""
        return self.ACTIONS + [
            Command(
                f"Follow-up template: {t.name}",
                t.description or "An email template",
                f"choose_template({t.name!r})",
            )
            for t in self.templates
        ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    SIDE_KEYS = {True: "↑↓ pick · enter: edit", False: "shift+tab: templates"}

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.templates: list[TemplateInfo] = []
        self.current: str = DEFAULT_TEMPLATE
        self._picked = False  # a template the person chose wins over the sensitive default
        self.rendered: dict[str, RenderedEmail] = {}
        self.edits: dict[str, str] = {}  # per template, what the editor held when left
        self.error: str | None = None
        self.context: dict[str, Any] = {}  # the template variables (render/context.py)
        self._loading = False
        self._leave_armed = False
        self.load_error: str | None = None
        self._saved_text: str | None = None
        self._login_refused = False

    # -- data ------------------------------------------------------------------------------

    def _load(self) -> None:
        app = self.app
        me = app.me
        self.zone = app.repo.meetings.person_zone(me.id if me is not None else None)
        tz = ZoneInfo(self.zone)
        record = app.repo.records.session(self.session_id)
        self.record = record
        meeting = app.repo.meetings.upcoming(record.mentorship, now=app.now(), zone=self.zone)
        self.context = build_context(
            record,
            tz=tz,
            today=app.today(),
            next_meeting=meeting,
            sender_id=me.id if me is not None else None,
            agendas=app.agendas,
        )
        if not self._picked:
            self.current = default_template_for(self.context)
        self.templates = list_templates()
        self.builtin_names = {t.name for t in list_templates([builtin_dir()])}
        names = [t.name for t in self.templates]
        if self.current not in names and names:
            self.current = names[0]

    def _render_template(self, name: str) -> RenderedEmail | None:
        if name not in self.rendered:
            try:
                self.rendered[name] = render_email(name, self.context)
            except UserError as exc:
                self.error = exc.message
                return None
        self.error = None
        return self.rendered[name]

    # -- layout ----------------------------------------------------------------------------

    def _title(self) -> str:
        session = self.context["session"]
        return f"Follow-up · {self.context['mentorship']['title']} · {session['date_long']}"

    def _envelope(self) -> Content:
        ctx = self.context

        def names(people: list[dict[str, Any]]) -> str:
            return ", ".join(
                f"{p['name']} <{p['email']}>" if p["email"] else f"{p['name']} (no email)"
                for p in people
            )

        sender = ctx["sender"]
        parts: list[Piece] = [
            ("From ", "$text-muted"),
            names([sender]) if sender["id"] else "nobody",
            ("\nTo   ", "$text-muted"),
            names(ctx["to"]) or "nobody",
        ]
        if ctx["cc"]:
            parts += [("\nCc   ", "$text-muted"), names(ctx["cc"])]
        return Content.assemble(*parts)

    def _default_path(self) -> str:
        return saving.field_value(self.app, f"~/followup-{self.context['session']['date']}.eml")

    def compose(self) -> ComposeResult:
        try:
            self._load()
        except UserError as exc:
            self.load_error = exc.message
            yield TopBar("Follow-up")
            yield Static(
                Content.assemble(exc.message, ("\nPress Esc to go back.", "not bold")),
                id="followup-error",
                classes="banner -error -shown",
            )
            yield Footer(compact=True)
            return
        yield TopBar(self._title(), status=self._status_text())
        with Horizontal(id="followup-body"):
            with Vertical(id="followup-side"):
                yield Label("Template", classes="side-label")
                yield OptionList(
                    *[Option(t.name, id=t.name) for t in self.templates], id="templates"
                )
                yield Static("", id="template-info", classes="muted")
                yield Static(self.SIDE_KEYS[False], id="side-keys", classes="muted")
            with Vertical(id="followup-main"):
                yield Static(self._envelope(), id="envelope")
                yield Static("", id="followup-error", classes="banner -error")
                yield TextArea(
                    "",
                    id="followup-editor",
                    soft_wrap=True,
                    show_line_numbers=False,
                    tab_behavior="focus",
                )
                with Horizontal(id="save-row"):
                    yield Label("Save as", id="save-label")
                    yield Input(self._default_path(), id="eml-path", compact=True)
                    yield Button("Save .eml", id="save", compact=True, variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.load_error:
            return
        options = self.query_one("#templates", OptionList)
        names = [t.name for t in self.templates]
        if self.current in names:
            options.highlighted = names.index(self.current)
        self._show(self.current)

    # -- showing a template ----------------------------------------------------------------

    def _status_text(self) -> str:
        edited = " · edited" if self.current in self.edits and self._is_edited(self.current) else ""
        return f"{self.current}{edited}"

    def _is_edited(self, name: str) -> bool:
        rendered = self.rendered.get(name)
        text = self.edits.get(name)
        return rendered is not None and text is not None and text != rendered.text

    def _show(self, name: str) -> None:
        self.current = name
        rendered = self._render_template(name)
        editor = self.query_one("#followup-editor", TextArea)
        banner = self.query_one("#followup-error", Static)
        info = next((t for t in self.templates if t.name == name), None)
        self.query_one("#template-info", Static).update(self._describe(info))
        self._loading = True
        if rendered is None:
            banner.update(
                Content.assemble(
                    self.error or "",
                    ("\nFix the file and press F5, or choose another template.", "not bold"),
                )
            )
            banner.display = True
            editor.load_text("")
            editor.read_only = True
        else:
            warning = sensitive_warning(name, self.context)
            banner.update(warning or "")
            banner.display = warning is not None
            editor.read_only = False
            editor.load_text(self.edits.get(name, rendered.text))
        self._loading = False
        self._leave_armed = False
        self.query_one(TopBar).set_status(self._status_text())

    def _describe(self, info: TemplateInfo | None) -> Content:
        if info is None:
            return Content("")
        if info.builtin:
            where = "built-in"
        elif info.name in self.builtin_names:
            where = "yours, in place of the built-in one"
        else:
            where = "yours"
        return Content.assemble(info.description or "An email template.", ("\n" + where, "italic"))

    def choose_template(self, name: str) -> None:
        """Switch the editor to another template, keeping this one's edits for later."""
        if name == self.current:
            return
        self._picked = True
        self._remember()
        options = self.query_one("#templates", OptionList)
        names = [t.name for t in self.templates]
        if name in names and options.highlighted != names.index(name):
            options.highlighted = names.index(name)
        self._show(name)


    action_choose_template = choose_template  # the palette's "Follow-up template: ..."

    def _remember(self) -> None:
        if self.current in self.rendered:
            text = self.query_one("#followup-editor", TextArea).text
            if text != self.rendered[self.current].text:
                self.edits[self.current] = text
            else:
                self.edits.pop(self.current, None)

    @on(OptionList.OptionHighlighted, "#templates")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # The list's own first highlight can arrive after on_mount moved it to the default
        # template (next-steps after a sensitive session): a stale event must not switch back.
        if event.option_index != event.option_list.highlighted:
            return
        if event.option.id and event.option.id != self.current:
            self.choose_template(event.option.id)

    @on(OptionList.OptionSelected, "#templates")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.choose_template(event.option.id)
        self.query_one("#followup-editor", TextArea).focus()

    def on_descendant_focus(self) -> None:
        in_list = isinstance(self.focused, OptionList)
        self.query_one("#side-keys", Static).update(self.SIDE_KEYS[in_list])

    @on(TextArea.Changed, "#followup-editor")
    def _edited(self) -> None:
        if self._loading:
            return
        self._remember()
        self._leave_armed = False
        self.query_one(TopBar).set_status(self._status_text())

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        blocked = ("save", "copy_body", "copy_subject", "reset", "send", "calendar_invite", "copy_invite")
        return not (self.load_error and action in blocked)

    def _email(self) -> tuple[str, str] | None:
        if self.error is not None:
            self.app.notify(self.error, severity="error", timeout=10)
            return None
        try:
            return split_text(self.query_one("#followup-editor", TextArea).text)
        except UserError as exc:
            self.app.notify(exc.message, severity="error", timeout=10)
            return None

    @on(Input.Submitted, "#eml-path")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        email = self._email()
        if email is None:
            return
        subject, body = email
        raw = self.query_one("#eml-path", Input).value.strip()
        if not raw:
            self.app.notify("Type where to save the .eml first.", severity="warning")
            self.query_one("#eml-path", Input).focus()
            return
        try:
            env = envelope(self.context)
            message = build_message(
                subject=subject, body=body, sender=env.sender, to=env.to, cc=env.cc
            )
        except UserError as exc:
            self.app.notify(exc.message, severity="error", timeout=10)
            return
        text = self.query_one("#followup-editor", TextArea).text

        def done(_path: Path, where: str, replaced: bool) -> None:
            self._saved_text = text
            verb = "Replaced" if replaced else "Saved"
            self.app.notify(
                f"{verb} {where} (readable by you only); open it in your mail client.",
                timeout=15,
            )

        saving.save_as(
            self,
            raw,
            render=lambda: message_bytes(message),
            write_local=lambda target: write_eml(message, target),
            done=done,
        )

    def action_copy_body(self) -> None:
        email = self._email()
        if email is not None:
            self.app.copy_to_clipboard(email[1])
            self._saved_text = self.query_one("#followup-editor", TextArea).text
            lines = email[1].count("\n")
            self.app.notify(
                f"Copied the body ({lines} lines) to the clipboard. Under tmux this needs "
                "`set -g set-clipboard on`."
            )

    def action_copy_subject(self) -> None:
        email = self._email()
        if email is not None:
            self.app.copy_to_clipboard(email[0])
            self.app.notify(f"Copied the subject: {email[0]}")

    def action_reset(self) -> None:
        self.edits.pop(self.current, None)
        self.rendered.pop(self.current, None)  # the file may have been fixed meanwhile
        self._show(self.current)
        if self.error is None:
            self.app.notify(f"Back to the {self.current} template's text.")

    def action_calendar_invite(self) -> None:
        invite.save_invite(self, self.record.mentorship)

    def action_copy_invite(self) -> None:
        invite.copy_invite(self, self.record.mentorship)

    def action_back(self) -> None:
        if self.load_error:
            self.app.pop_screen()
            return
        self._remember()
        unsaved = any(self._is_edited(name) for name in self.edits)
        saved = self._saved_text
        current = self.query_one("#followup-editor", TextArea).text
        if unsaved and saved != current and not self._leave_armed:
            self._leave_armed = True
            self.app.notify(
                "Your edits are not saved: F2 saves an .eml, F3 copies; Esc again leaves.",
                severity="warning",
            )
            return
        self.app.pop_screen()

    # -- sending ---------------------------------------------------------------------------

    def action_send(self) -> None:
        """Send the email as the editor holds it; asks first if this follow-up went before."""
        email = self._email()
        if email is None:
            return
        subject, body = email
        try:
            settings = smtp_settings()
            env = envelope(self.context)
            if not env.to and not env.cc:
                raise UserError("Nobody in this mentorship has an email address to send it to.")
            message = build_message(
                subject=subject,
                body=body,
                sender=env.sender,
                to=env.to,
                cc=env.cc,
                draft=False,
                utf8_local=needs_smtputf8(env.sender, *env.to, *env.cc),
            )
        except UserError as exc:
            self.app.notify(exc.message, severity="error", timeout=15)
            return
        earlier = self.app.repo.mail.list(kind=FOLLOWUP, session_id=self.session_id, status=SENT)
        if not earlier:
            self._with_password(settings, message)
            return
        last = earlier[-1]
        when = (last.sent_at or "")[:16].replace("T", " ")
        self.app.push_screen(
            ConfirmDialog(
                f"This follow-up was already sent on {when} UTC to {last.recipients}. "
                "Send it again?",
                yes="Send again",
                no="Cancel",
            ),
            callback=lambda yes: self._with_password(settings, message) if yes else None,
        )

    def _with_password(self, settings: SmtpSettings, message: EmailMessage) -> None:
        # After a refused login the keyring's password is the wrong one: ask again.
        if settings.user and (self._login_refused or not stored_password(settings)):
            self.app.push_screen(
                MailPasswordDialog(settings.user, settings.host),
                callback=lambda typed: self._deliver(settings, message, typed) if typed else None,
            )
            return
        self._deliver(settings, message, None)

    def _deliver(self, settings: SmtpSettings, message: EmailMessage, typed: str | None) -> None:
        app = self.app
        outbox = app.outbox
        under_serve = outbox is not None
        if outbox is not None:
            data_dir, person_id = outbox.parent.parent, outbox.name
        else:
            me = app.me
            data_dir = paths.data_dir()
            person_id = me.id if me is not None else (self.context["sender"]["id"] or "owner")
        self.app.notify("Sending the follow-up…", timeout=5)

        def work() -> None:
            outcome = send_or_keep(
                message,
                settings,
                data_dir=data_dir,
                person_id=person_id,
                password=typed if typed else (lambda: stored_password(settings)),
            )
            # Under `serve` the keyring is the operator's account's: a typed password stays
            # with this one sending.
            if outcome.sent and typed and not under_serve:
                remember_password(settings, typed)
            app.call_from_thread(self._delivered, outcome)

        self.run_worker(work, thread=True, exclusive=True, group="send", exit_on_error=False)

    def _delivered(self, outcome: Outcome) -> None:
        self._login_refused = outcome.login_refused
        try:
            self.app.repo.mail.record(
                SentMail(
                    mentorship_id=self.context["mentorship"]["id"],
                    session_id=self.session_id,
                    kind=FOLLOWUP,
                    recipients=", ".join(outcome.recipients),
                    status=SENT if outcome.sent else QUEUED,
                    message_id=outcome.message_id,
                    outbox_name=outcome.kept,
                )
            )
        except UserError as exc:
            self.app.notify(exc.message, severity="error", timeout=15)
        if outcome.sent:
            self._saved_text = self.query_one("#followup-editor", TextArea).text
            self.app.notify(f"Sent to {', '.join(outcome.recipients)}.", timeout=10)
        else:
            self.app.notify(
                f"{(outcome.error or 'Not sent.').rstrip('.')}; the email is kept in your "
                "outbox, and `mentor-tui followup --retry` sends it.",
                severity="error",
                timeout=20,
            )

    def action_focus_editor(self) -> None:
        """The palette's "Follow-up email" while already here: go to the editor."""
        self.query_one("#followup-editor", TextArea).focus()


__all__ = ["FollowUpScreen", "long_date"]
