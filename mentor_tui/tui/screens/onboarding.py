"""First run: who you are, who you mentor (or who mentors you), how and how often you meet.

One short form. The agreement starts from the built-in template and is edited later,
together, from Home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static

from mentor_tui import paths
from mentor_tui.core.errors import DateError, UserError
from mentor_tui.core.models import Member, Mentorship, Person, Role, Style
from mentor_tui.tui import fmt
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.core.dates import Cadence
    from mentor_tui.tui.app import MentorApp

STYLE_LABELS = {
    Style.ONE_ON_ONE: "One-on-one",
    Style.SHADOWING: "Shadowing",
    Style.NETWORKING: "Networking",
    Style.GROUP: "Group",
    Style.SPOT: "Spot (casual, short)",
    Style.VIRTUAL: "Virtual",
}

# Mentoring is not for doctors only: nurses, midwives and allied health professionals have
# their own stages. The stored words are ones share/coarsen.py groups for bundles.
CAREER_STAGES = (
    ("Student (medicine, nursing, allied health)", "student"),
    ("Resident, registrar or trainee doctor", "trainee doctor"),
    ("Fellow or postdoc", "fellow"),
    ("Consultant or attending", "consultant"),
    ("Early-career faculty or lecturer", "early-career faculty"),
    ("Associate professor or senior lecturer", "associate professor"),
    ("Professor or department lead", "professor"),
    ("Staff or specialist nurse (e.g. band 5-7)", "staff nurse"),
    ("Advanced practice nurse (ANP, NP, CNS)", "advanced nurse practitioner"),
    ("Nurse consultant or nurse leader (band 8+)", "nurse consultant"),
    ("Midwife", "midwife"),
    ("Allied health (physio, OT, SLT, radiography...)", "allied health professional"),
    ("Pharmacist", "pharmacist"),
    ("Physician associate or assistant", "physician associate"),
    ("Other", "other"),
)


class OnboardingScreen(Screen[Mentorship | None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "onboarding.tcss"]
    AUTO_FOCUS = "#me-name"
    BINDINGS = [Binding("escape", "cancel", "Back", show=False)]

    def __init__(self, *, adding: bool = False) -> None:
        super().__init__()
        self.adding = adding

    def compose(self) -> ComposeResult:
        yield TopBar("Welcome" if not self.adding else "New mentorship")
        with VerticalScroll(id="onboarding-form"):
            yield Static(
                "Set up your mentorship in a minute. You can change all of this later.",
                id="onboarding-intro",
            )
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Your name", classes="field-label")
                    yield Input(placeholder="Your name, as your colleagues know it", id="me-name", compact=True)
                with Vertical(classes="narrow"):
                    yield Label("You are the", classes="field-label")
                    yield Select(
                        [("mentor", Role.MENTOR.value), ("mentee", Role.MENTEE.value)],
                        compact=True,
                        value=Role.MENTOR.value,
                        allow_blank=False,
                        id="me-role",
                    )
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Your email (optional)", classes="field-label")
                    yield Input(placeholder="you@hospital.example", id="me-email", compact=True)
                with Vertical():
                    yield Label("Your career stage (optional)", classes="field-label")
                    yield Select(CAREER_STAGES, compact=True, prompt="Choose…", id="me-stage")
            yield Label("Your partner (for a group, names separated by commas)", classes="field-label")
            yield Input(placeholder="Your mentor's or mentee's name", id="partner-names", compact=True)
            yield Label("Partner's email (optional, one partner only)", classes="field-label")
            yield Input(placeholder="them@hospital.example", id="partner-email", compact=True)
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Mentoring style", classes="field-label")
                    yield Select(
                        [(label, style.value) for style, label in STYLE_LABELS.items()],
                        compact=True,
                        value=Style.ONE_ON_ONE.value,
                        allow_blank=False,
                        id="style",
                    )
                with Vertical():
                    yield Label("How often you meet", classes="field-label")
                    yield Input(placeholder="every 2 weeks on tuesday", id="cadence", compact=True)
            yield Static("", id="cadence-message", classes="field-message")
            yield Label("What is this mentorship for? (optional)", classes="field-label")
            yield Input(placeholder="A first grant, the next career step…", id="purpose", compact=True)
            yield Static(
                "The agreement (confidentiality, feedback, a no-fault ending) starts from a "
                "template; read and edit it together from Home with e.",
                classes="field-hint",
            )
            yield Static("", id="form-message", classes="field-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create mentorship", id="create", variant="primary", compact=True)
        yield Footer(compact=True)

    def action_cancel(self) -> None:
        if self.adding:
            self.dismiss(None)

    @on(Input.Changed, "#cadence")
    def _cadence_changed(self, event: Input.Changed) -> None:
        self._check_cadence(event.value)

    def _check_cadence(self, text: str) -> tuple[bool, Cadence | None]:
        message = self.query_one("#cadence-message", Static)
        if not text.strip():
            message.update("")
            message.remove_class("-error")
            return True, None
        from mentor_tui.core.dates import parse_cadence

        try:
            cadence = parse_cadence(text)
        except DateError as exc:
            message.update(exc.message)
            message.add_class("-error")
            return False, None
        message.update(f"→ {cadence.words}")
        message.remove_class("-error")
        return True, cadence

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def create(self) -> None:
        value = self.query_one
        my_name = value("#me-name", Input).value.strip()
        partners = [n.strip() for n in value("#partner-names", Input).value.split(",") if n.strip()]
        if not my_name:
            return self._fail("Type your name.", "#me-name")
        if not partners:
            return self._fail("Type your partner's name.", "#partner-names")
        emails = {
            "#me-email": value("#me-email", Input).value.strip(),
            "#partner-email": value("#partner-email", Input).value.strip(),
        }
        for selector, email in emails.items():
            if email and ("@" not in email or " " in email):
                return self._fail(f"{email} does not look like an email address.", selector)
        ok, cadence = self._check_cadence(value("#cadence", Input).value)
        if not ok:
            return self._fail("Fix the meeting rhythm, or leave it empty.", "#cadence")
        my_role = Role(str(value("#me-role", Select).value))
        their_role = Role.MENTEE if my_role == Role.MENTOR else Role.MENTOR
        style = Style(str(value("#style", Select).value))
        if len(partners) > 1 and style == Style.ONE_ON_ONE:
            style = Style.GROUP
        accounts = self.app.accounts
        today = self.app.today()
        try:
            stage = value("#me-stage", Select).value
            me = self._person(
                my_name,
                emails["#me-email"],
                me=True,
                career_stage=stage if isinstance(stage, str) else None,  # not chosen: NULL
            )
            others = [
                self._person(name, emails["#partner-email"] if len(partners) == 1 else "")
                for name in partners
            ]
            from mentor_tui.core.catalogue import new_agreement

            agreement = new_agreement(today, paths.prompts_dir(), paths.user_prompts_dir())
            purpose = value("#purpose", Input).value.strip()
            if purpose:
                agreement.goals = purpose
            if cadence is not None:
                agreement.meeting_frequency = cadence.words
            title = " & ".join(fmt.first_name(p.display_name) for p in [me, *others])
            mentorship = accounts.register(
                Mentorship(
                    title=title,
                    style=style,
                    members=[Member(me.id, my_role)] + [Member(o.id, their_role) for o in others],
                    cadence=cadence.words if cadence else "",
                    rrule=cadence.rrule if cadence else "",
                    start_date=today,
                    agreement=agreement,
                )
            )
            first = self.app.me is None
            if first:
                self.app.sign_in(me, None)
        except UserError as exc:
            return self._fail(exc.message, None)
        self.app.current_mentorship_id = mentorship.id
        self.app.notify(f"Created {mentorship.title}. Press s to start your first session.")
        if self.adding:
            self.dismiss(mentorship)
        else:
            self.app.signed_in_first()
        if not self.app.accounts.has_passphrase(me.id):
            from mentor_tui.tui.screens.signin import SetPassphraseDialog

            self.app.push_screen(SetPassphraseDialog(me, offer=True))

    def _person(
        self, name: str, email: str, *, me: bool = False, career_stage: str | None = None
    ) -> Person:
        """Found by name, or added. Naming yourself as someone with a passphrase signs no one in."""
        app = self.app
        person = app.accounts.person_named(
            name,
            email,
            viewer_id=app.me.id if app.me is not None else None,
            career_stage=career_stage,
        )
        if me and app.me is not None and person.id != app.me.id and app.alone:
            raise UserError(f"This window acts for {app.me.display_name} alone; use your own name.")
        if me and not app.is_signed_in(person.id) and app.accounts.has_passphrase(person.id):
            raise UserError(f"{name} already has a passphrase here; sign in as them first.")
        return person

    def _fail(self, message: str, selector: str | None) -> None:
        """The message goes under the field it is about, scrolled into view with it: at
        80x24 the form's own message line is below the fold, and enter seemed to do nothing."""
        for old in self.query(".field-error"):
            old.remove()
        form_message = self.query_one("#form-message", Static)
        if selector is None:
            form_message.update(message)
            form_message.add_class("-error")
            self.call_after_refresh(form_message.scroll_visible, animate=False)
            return
        form_message.update("")
        field = self.query_one(selector)
        note = Static(message, classes="field-message field-error -error")
        assert isinstance(field.parent, Widget)  # the form the field sits in
        field.parent.mount(note, after=field)
        field.focus()
        self.call_after_refresh(note.scroll_visible, animate=False)
