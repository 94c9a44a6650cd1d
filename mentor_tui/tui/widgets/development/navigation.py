"""Palette commands that open the goals, action-item and development screens from anywhere.

Mixed into MentorApp: `run_command("goals")` looks for `command_goals` on the current
screen, then here. Each screen opens for the current mentorship (the one picked on Home).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from mentor_tui.core.models import Mentorship, SessionStatus


class DevelopmentNavigation:
    """Open issue 4's screens; `self` is the MentorApp."""

    def _already_on(self: Any, screen_type: type[Screen], **same: Any) -> bool:
        screen = self.screen
        return isinstance(screen, screen_type) and all(
            getattr(screen, name, None) == value for name, value in same.items()
        )

    def _open_for_mentorship(self: Any, make: Callable[[Mentorship], Screen]) -> None:
        def opened(mentorship: Mentorship) -> None:
            screen = make(mentorship)
            if self._already_on(type(screen), mentorship_id=mentorship.id):
                return
            self.push_screen(screen)

        self.pick_mentorship_then(opened)

    def session_in_progress(self: Any, mentorship_id: str) -> str | None:
        """The session open on screen for this mentorship, else one still marked active."""
        for screen in reversed(self.screen_stack):
            if type(screen).__name__ == "SessionScreen":
                mentorship = getattr(screen, "mentorship", None)
                if mentorship is not None and mentorship.id == mentorship_id:
                    return screen.session_id
        active = self.repo.sessions.list(
            mentorship_id=mentorship_id, status=SessionStatus.ACTIVE, limit=1
        )
        return active[0].id if active else None

    def command_goals(self: Any) -> None:
        from mentor_tui.tui.screens.goals import GoalsScreen

        self._open_for_mentorship(lambda m: GoalsScreen(m.id))

    def command_owed(self: Any) -> None:
        from mentor_tui.tui.screens.actions import ActionsScreen

        if not isinstance(self.screen, ActionsScreen):
            self.push_screen(ActionsScreen())

    def command_reverse_mentoring(self: Any) -> None:
        from mentor_tui.tui.screens.reverse import ReverseScreen

        self._open_for_mentorship(
            lambda m: ReverseScreen(m.id, session_id=self.session_in_progress(m.id))
        )

    def command_development_plan(self: Any) -> None:
        from mentor_tui.tui.screens.development import DevelopmentScreen

        self._open_for_mentorship(lambda m: DevelopmentScreen(m.id))

    def command_agreement(self: Any) -> None:
        from mentor_tui.tui.screens.agreement import AgreementScreen

        self._open_for_mentorship(lambda m: AgreementScreen(m.id))

    def command_competencies(self: Any) -> None:
        from mentor_tui.tui.screens.competencies import CompetenciesScreen

        self._open_for_mentorship(lambda m: CompetenciesScreen(m.id))

    def command_mentor_roles(self: Any) -> None:
        from mentor_tui.tui.screens.roles import RolesScreen

        self._open_for_mentorship(lambda m: RolesScreen(m.id))
