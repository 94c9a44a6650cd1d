"""Mentor roles: what each mentor does for this mentee, and who covers what.

The four roles come from Chopra, Arora and Saint (JAMA Intern Med 2018): coach, sponsor,
connector and traditional mentor. A mentee usually needs several mentors; the coverage
list looks across all of a mentee's mentorships and shows the roles nobody plays yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from mentor_tui.core.errors import UserError
from mentor_tui.core.models import MentorRole, Role
from mentor_tui.tui import keymap
from mentor_tui.tui.commands import Command
from mentor_tui.tui.fmt import Piece
from mentor_tui.tui.widgets.common.topbar import TopBar

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

NARROW = 110

ROLE_WORDS = {
    MentorRole.COACH: ("Coach", "helps with one skill or problem, for a while"),
    MentorRole.SPONSOR: ("Sponsor", "puts the mentee forward and opens doors"),
    MentorRole.CONNECTOR: ("Connector", "introduces the mentee to people who can help"),
    MentorRole.TRADITIONAL: ("Traditional", "a long-term guide across the whole career"),
}


def role_prompt(role: MentorRole) -> Content:
    name, what = ROLE_WORDS[role]
    return Content.assemble((f"{name:<13}", "bold"), (what, "$foreground-muted"))


class RolesScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(MentorApp)

    CSS_PATH = "roles.tcss"
    BINDINGS = [*keymap.ROLES]
    PALETTE = [
        Command(
            "Toggle mentor role", "Whether the mentor plays the highlighted role (or space)", "toggle_role"
        ),
    ]

    def __init__(self, mentorship_id: str) -> None:
        super().__init__()
        self.mentorship_id = mentorship_id

    def compose(self) -> ComposeResult:
        app = self.app
        self.mentorship = app.repo.mentorships.get(self.mentorship_id)
        mentors = [m for m in self.mentorship.members if m.role == Role.MENTOR]
        self.mentees = self.mentorship.people_in(Role.MENTEE)
        mentee_names = " and ".join(app.person_name(p) for p in self.mentees) or "the mentee"
        yield TopBar(f"Mentor roles · {self.mentorship.title}")
        with VerticalScroll(id="roles-body"), Horizontal(id="roles-columns"):
            with Vertical(id="roles-mine"):
                yield Label(f"What each mentor does for {mentee_names}", classes="roles-heading")
                if not mentors:
                    yield Static("This mentorship has no mentor yet.", classes="muted")
                for member in mentors:
                    yield Label(app.person_name(member.person_id), classes="mentor-name")
                    yield SelectionList[str](
                        *(
                            Selection(role_prompt(r), r.value, r in member.mentor_roles)
                            for r in MentorRole
                        ),
                        id=f"roles-{member.person_id}",
                        classes="role-list",
                        compact=True,
                    )
                yield Static(
                    "Space ticks a role. Most mentees need several mentors; "
                    "one rarely plays all four roles.",
                    classes="muted roles-hint",
                )
            with Vertical(id="roles-coverage"):
                yield Label("Who covers what", classes="roles-heading")
                yield Static(id="coverage")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._fit_width()
        lists = list(self.query(".role-list").results(SelectionList))
        if lists:
            lists[0].focus()
        self.show_coverage()

    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        self.query_one("#roles-columns").set_class(self.size.width < NARROW, "-narrow")

    def show_coverage(self) -> None:
        app = self.app
        parts: list[Piece] = []
        for mentee_id in self.mentees:
            covers = app.repo.mentorships.role_coverage(mentee_id)
            mentors = {pid for c in covers for pid in c.mentor_ids}
            if parts:
                parts.append("\n\n")
            count = f"{len(mentors)} mentor{'s' if len(mentors) != 1 else ''}"
            parts += [(app.person_name(mentee_id), "bold"), (f"  ({count})", "$foreground-muted")]
            for cover in covers:
                name, _ = ROLE_WORDS[cover.role]
                parts += ["\n", (f"  {name:<13}", "bold")]
                if cover.mentor_ids:
                    parts.append(", ".join(app.person_name(p) for p in cover.mentor_ids))
                else:
                    parts.append(("nobody yet", "$text-warning"))
        if not parts:
            parts = [("This mentorship has no mentee.", "$foreground-muted")]
        self.query_one("#coverage", Static).update(Content.assemble(*parts))

    @on(SelectionList.SelectedChanged, ".role-list")
    def _roles_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        widget = event.selection_list
        person_id = (widget.id or "").removeprefix("roles-")
        roles = [MentorRole(v) for v in widget.selected]
        try:
            self.app.repo.mentorships.set_mentor_roles(self.mentorship_id, person_id, roles)
        except UserError as exc:
            self.app.show_error(exc)
            return
        self.show_coverage()

    def action_toggle_role(self) -> None:
        focused = self.focused
        if isinstance(focused, SelectionList):
            focused.action_select()
        else:
            lists = list(self.query(".role-list").results(SelectionList))
            if lists:
                lists[0].focus()

    def action_back(self) -> None:
        self.dismiss()
