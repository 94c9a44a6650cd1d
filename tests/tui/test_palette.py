"""The command palette on every screen: each key that has a name is in it, shows that key,
and choosing it runs what the key runs (tui/commands.py: one provider for all screens)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from textual.actions import parse
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import OptionList
from tuikit import until, wait_for_screen

from mentor_tui.tui import keymap
from mentor_tui.tui.commands import OPENS_SCREEN
from mentor_tui.tui.screens.actions import ActionsScreen
from mentor_tui.tui.screens.agenda_picker import AgendaPickerScreen
from mentor_tui.tui.screens.agreement import AgreementScreen
from mentor_tui.tui.screens.competencies import CompetenciesScreen
from mentor_tui.tui.screens.development import DevelopmentScreen
from mentor_tui.tui.screens.export import ExportScreen
from mentor_tui.tui.screens.followup import FollowUpScreen
from mentor_tui.tui.screens.goals import GoalsScreen
from mentor_tui.tui.screens.help import HelpScreen
from mentor_tui.tui.screens.history import HistoryScreen
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.onboarding import OnboardingScreen
from mentor_tui.tui.screens.resume import ResumeScreen
from mentor_tui.tui.screens.reverse import ReverseScreen
from mentor_tui.tui.screens.roles import RolesScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.session_view import SessionViewScreen
from mentor_tui.tui.screens.support import SupportScreen
from mentor_tui.tui.screens.wrapup import WrapUpScreen

# Keys the palette leaves to others: Textual's own palette entry "Quit" runs ctrl+q's action
# (checked by title below, not run), and Tab / shift+Tab move between the fields of the
# screen under the palette, which the palette itself holds the focus from.
NOT_COMMANDS = {"quit", "focus_next", "focus_previous"}


def _past(app):
    mentorship = app.current_mentorship()
    return app.repo.sessions.last(mentorship_id=mentorship.id)


# How to reach each screen from Home with the demo pair.
SCREENS = {
    "home": lambda app: None,
    "agenda picker": lambda app: AgendaPickerScreen(app.current_mentorship()),
    "wrap-up": lambda app: WrapUpScreen(_past(app).id, from_history=True),
    "past session": lambda app: SessionViewScreen(_past(app).id),
    "follow-up": lambda app: FollowUpScreen(_past(app).id),
    "resume": lambda app: ResumeScreen([_past(app)]),
    "history": lambda app: HistoryScreen(),
    "goals": lambda app: GoalsScreen(app.current_mentorship().id),
    "what I owe": lambda app: ActionsScreen(),
    "reverse": lambda app: ReverseScreen(app.current_mentorship().id),
    "plan": lambda app: DevelopmentScreen(app.current_mentorship().id),
    "agreement": lambda app: AgreementScreen(app.current_mentorship().id),
    "competencies": lambda app: CompetenciesScreen(app.current_mentorship().id),
    "roles": lambda app: RolesScreen(app.current_mentorship().id),
    "export": lambda app: ExportScreen(),
    "onboarding": lambda app: OnboardingScreen(adding=True),
    "help": lambda app: HelpScreen(),
    "support": lambda app: SupportScreen(),
}


def _does(action: str, namespace, app) -> tuple[object, str, tuple]:
    """Which node's action runs, by name and arguments (Home's open_screen('x') runs app's x)."""
    space, name, params = parse(action)
    if name in OPENS_SCREEN:
        return app, str(params[0]), ()
    return (app if space == "app" else namespace), name, params


def _keys_in(prompt: str) -> list[str]:
    found = re.search(r"\(([^()]*)\)\s*$", prompt)
    return found.group(1).split(", ") if found else []


async def _open_palette(pilot) -> OptionList:
    await pilot.press("ctrl+p")
    palette = await wait_for_screen(pilot, CommandPalette)
    options = palette.query_one(OptionList)
    await until(pilot, lambda: options.option_count > 0)
    return options


async def _session(pilot, app) -> SessionScreen:
    app.action_start_session()
    await wait_for_screen(pilot, AgendaPickerScreen)
    await pilot.press("enter")
    return await wait_for_screen(pilot, SessionScreen)


@pytest.mark.parametrize("name", [*SCREENS, "session"])
async def test_every_named_key_is_in_the_palette_and_runs(demo, make_app, name):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        if name == "session":
            screen = await _session(pilot, app)
        elif (made := SCREENS[name](app)) is not None:
            app.push_screen(made)
            screen = await wait_for_screen(pilot, type(made))
        else:
            screen = app.screen
        bindings = [b for b in screen.BINDINGS if isinstance(b, Binding) and b.description]
        if name == "home":
            bindings += [b for b in keymap.APP if b.description]
        assert bindings, "a screen without named keys would pass without checking anything"
        run_anything = app.run_action
        ran: list[tuple[object, str, tuple]] = []

        async def record(action, default_namespace=None, namespaces=None):
            if default_namespace in (screen, app):  # the palette's choice: note it, run nothing
                ran.append(_does(action, default_namespace, app))
                return True
            return await run_anything(action, default_namespace, namespaces)  # the palette's keys

        for binding in bindings:
            options = await _open_palette(pilot)
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            if parse(binding.action)[1] in NOT_COMMANDS:
                assert binding.action.endswith("quit") <= any(p.startswith("Quit") for p in prompts)
                await pilot.press("escape")
                await wait_for_screen(pilot, type(screen))
                continue
            key = app.get_key_display(replace(binding, key=binding.key.split(",")[0]))
            shown = [i for i, p in enumerate(prompts) if key in _keys_in(p)]
            assert shown, f"{name}: no palette entry shows {key} ({binding.action})"
            options.highlighted = shown[0]
            ran.clear()
            app.run_action = record
            try:
                await pilot.press("enter")
                await until(pilot, lambda: bool(ran))
            finally:
                del app.run_action
            assert ran[0] == _does(binding.action, screen, app), (name, prompts[shown[0]])
            await wait_for_screen(pilot, type(screen))


async def test_a_screen_lists_only_the_shared_commands_it_has(demo, make_app):
    """Back, Close, Cancel: only where the screen has that action (Textual's App has an
    action_back of its own, which must not turn up on Home as "Leave this screen")."""
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        options = await _open_palette(pilot)
        titles = {
            str(options.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(options.option_count)
        }
        assert "Home" in titles and not titles & {"Back", "Close", "Cancel", "Reveal private notes"}
        await pilot.press("escape")
        app.push_screen(HistoryScreen())
        await wait_for_screen(pilot, HistoryScreen)
        options = await _open_palette(pilot)
        titles = {
            str(options.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(options.option_count)
        }
        assert {"Back", "Reveal private notes"} <= titles and not titles & {"Close", "Cancel"}
