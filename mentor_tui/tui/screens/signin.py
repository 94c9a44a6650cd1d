"""Who is at the keyboard: signing in, signing a partner in, and setting a passphrase.

The app reads pair data only through a repository bound to a signed-in person
(docs/architecture.md, "Trust model"); these screens are how a person gets one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import Person
from mentor_tui.tui import fmt
from mentor_tui.tui.screens.dialogs import Dialog
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


class SignInScreen(Screen[None]):
    """The first screen when nobody is signed in: pick yourself, type your passphrase."""

    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = ["forms.tcss", "signin.tcss"]
    AUTO_FOCUS = "#people"
    BINDINGS = [Binding("escape", "back", "Back to the list", show=False)]

    def compose(self) -> ComposeResult:
        yield TopBar("Sign in")
        with Vertical(id="signin-body"):
            yield Static("Who is at the keyboard?", id="signin-question")
            yield OptionList(id="people")
            yield Label("Passphrase", id="passphrase-label", classes="field-label")
            yield Input(password=True, id="passphrase", compact=True)
            yield Static("", id="signin-message", classes="field-message")
            yield Button("Sign in", id="sign-in", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        accounts = self.app.accounts
        people = self.query_one("#people", OptionList)
        for person in accounts.people():
            lock = "" if accounts.has_passphrase(person.id) else "  (no passphrase)"
            people.add_option(Option(Content(fmt.printable(person.display_name) + lock), id=person.id))
        if people.option_count:
            people.highlighted = 0
        self._show_passphrase(False)

    def _chosen(self) -> Person | None:
        people = self.query_one("#people", OptionList)
        if people.highlighted is None:
            return None
        option = people.get_option_at_index(people.highlighted)
        return self.app.accounts.get(option.id) if option.id else None

    def _show_passphrase(self, show: bool) -> None:
        for selector in ("#passphrase-label", "#passphrase"):
            self.query_one(selector).display = show

    @on(OptionList.OptionSelected, "#people")
    def _person_selected(self) -> None:
        person = self._chosen()
        if person is None:
            return
        if self.app.accounts.has_passphrase(person.id):
            self._show_passphrase(True)
            self.query_one("#signin-message", Static).update(
                Content(f"Type the passphrase of {fmt.printable(person.display_name)}.")
            )
            self.query_one("#passphrase", Input).focus()
        else:
            self._sign_in(person, None)

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#sign-in")
    def _submit(self) -> None:
        person = self._chosen()
        if person is None:
            return
        if not self.app.accounts.has_passphrase(person.id):
            self._sign_in(person, None)
            return
        field = self.query_one("#passphrase", Input)
        if not field.display:
            self._person_selected()
            return
        self._sign_in(person, field.value)

    def _sign_in(self, person: Person, passphrase: str | None) -> None:
        field = self.query_one("#passphrase", Input)
        try:
            self.app.sign_in(person, passphrase)
        except UserError as exc:
            field.value = ""
            message = self.query_one("#signin-message", Static)
            message.update(Content(exc.message))
            message.add_class("-error")
            return
        field.value = ""
        self.app.signed_in_first()

    def action_back(self) -> None:
        self._show_passphrase(False)
        self.query_one("#signin-message", Static).update("")
        self.query_one("#people", OptionList).focus()


class _PassphraseCheck(Dialog[bool]):
    """One masked field for a person's passphrase; `accept` says what it opens."""

    action = "Sign in"

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    def title_and_question(self, name: str) -> tuple[str, str]:  # pragma: no cover
        raise NotImplementedError

    def accept(self, passphrase: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        title, question = self.title_and_question(fmt.printable(self.person.display_name))
        with Vertical(classes="dialog dialog-small"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Static(question, classes="dialog-question", markup=False)
            yield Input(password=True, id="passphrase", compact=True)
            yield Static("", id="passphrase-message", classes="field-message")
            yield from self.buttons(self.action)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def submit(self) -> None:
        field = self.query_one("#passphrase", Input)
        try:
            self.accept(field.value)
        except UserError as exc:
            field.value = ""
            self.set_message("#passphrase-message", exc.message, error=True)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PassphraseDialog(_PassphraseCheck):
    """A partner signs in to this app (F2 to someone not yet signed in): masked, one try a time."""

    def title_and_question(self, name: str) -> tuple[str, str]:
        return f"Sign in {name}", f"{name} types their passphrase; everyone else looks away."

    def accept(self, passphrase: str) -> None:
        self.app.sign_in(self.person, passphrase)


class SetPassphraseDialog(Dialog[bool]):
    """Set a first passphrase, or change one (the current one is asked for)."""

    def __init__(self, person: Person, *, offer: bool = False, private: bool = False) -> None:
        super().__init__()
        self.person = person
        self.offer = offer
        # Offered at the moment someone first writes a private note.
        self.private = private

    def compose(self) -> ComposeResult:
        name = fmt.printable(self.person.display_name)
        self.has_one = self.app.accounts.has_passphrase(self.person.id)
        with Vertical(classes="dialog dialog-small"):
            yield Static(
                f"{'Change the' if self.has_one else 'Set a'} passphrase for {name}",
                classes="dialog-title",
                markup=False,
            )
            if self.private:
                yield Static(
                    "Private notes are encrypted for you alone, with a key your passphrase "
                    "opens. Set one to write them.",
                    classes="dialog-question",
                )
            elif self.offer:
                yield Static(
                    "With a passphrase, only you can act as you in mentor-tui, and your "
                    "private notes are encrypted. Escape to skip for now.",
                    classes="dialog-question",
                )
            if self.has_one:
                yield Label("Current passphrase", classes="field-label")
                yield Input(password=True, id="current", compact=True)
            yield Label("New passphrase (8 characters or more)", classes="field-label")
            yield Input(password=True, id="new", compact=True)
            yield Label("The same again", classes="field-label")
            yield Input(password=True, id="again", compact=True)
            yield Static("", id="set-message", classes="field-message")
            yield from self.buttons("Set passphrase")

    def on_mount(self) -> None:
        self.query_one("#current" if self.has_one else "#new", Input).focus()

    def submit(self) -> None:
        new = self.query_one("#new", Input).value
        again = self.query_one("#again", Input).value
        current = self.query_one("#current", Input).value if self.has_one else None
        if new != again:
            self.set_message("#set-message", "The two new passphrases differ; type them again.", error=True)
            return
        try:
            key, code = self.app.accounts.set_passphrase(self.person.id, new, current=current)
        except UserError as exc:
            self.set_message("#set-message", exc.message, error=True)
            return
        own = self.app.repo_for(self.person.id)
        if own is not None:
            own.private_key = key
        self.app.notify(f"Passphrase set for {fmt.printable(self.person.display_name)}.", markup=False)
        app = self.app
        if code is None:
            self.dismiss(True)
            offer_backup_replacement(app)
            return

        def shown(_: object) -> None:
            self.dismiss(True)
            offer_backup_replacement(app)

        self.app.push_screen(RecoveryCodeDialog(code), shown)

    def action_cancel(self) -> None:
        self.dismiss(False)


class RecoveryCodeDialog(Dialog[bool]):
    """Shown once, when a passphrase is first set: the only other way to the private notes."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static("Your recovery code", classes="dialog-title")
            yield Static(self.code, id="recovery-code", markup=False)
            yield Static(
                "Write this down and keep it apart from this computer. Without it and "
                "without your passphrase your private notes cannot be read by anyone, "
                "including you. It is shown only this once.",
                classes="dialog-question",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("I have written it down", id="submit", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#submit", Button).focus()

    def submit(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(True)


class UnlockDialog(_PassphraseCheck):
    """A person signed in by their SSH key, or before sealing existed, opens their private
    notes with their passphrase: the data key stays in this app's memory only."""

    action = "Open"

    def title_and_question(self, name: str) -> tuple[str, str]:
        return (
            f"Private notes of {name}",
            "They are encrypted for you alone: type your passphrase to open them.",
        )

    def accept(self, passphrase: str) -> None:
        key = self.app.accounts.unlock_key(self.person.id, passphrase)
        own = self.app.repo_for(self.person.id)
        if own is not None:
            own.private_key = key


def offer_backup_replacement(app: MentorApp) -> None:
    """Backups from before the sealing may hold the notes' plain text: ask, never assume."""
    from mentor_tui.tui.screens.dialogs import ConfirmDialog

    try:
        plain = app.accounts.plain_backups()
    except (UserError, OSError):
        return
    if not plain:
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            app.notify("The older backups are kept; `mentor-tui data backups` lists them.")
            return
        try:
            _, removed = app.accounts.replace_plain_backups()
        except (UserError, OSError) as exc:
            app.show_error(str(exc))
            return
        app.notify(f"Took a fresh, encrypted backup; removed {len(removed)} older one(s).")

    app.push_screen(
        ConfirmDialog(
            f"{len(plain)} backup(s) taken before today hold your private notes in plain "
            "text. Replace them with one fresh, encrypted backup?",
            yes="Replace them",
            no="Keep them",
        ),
        answered,
    )
