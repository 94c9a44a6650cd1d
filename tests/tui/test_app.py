"""Everywhere in the app: the command palette, help, themes, keys, history and search."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, OptionList
from tuikit import (
    Notices,
    from_home,
    palette,
    person_named,
    type_ahead,
    type_text,
    until,
    wait_for_screen,
)

from mentor_tui.core.search import Snippet
from mentor_tui.tui import keymap, themes
from mentor_tui.tui.app import THEME_SETTING
from mentor_tui.tui.commands import COMMANDS, DESIGN_NAMES
from mentor_tui.tui.screens.agenda_picker import AgendaPickerScreen
from mentor_tui.tui.screens.help import HelpScreen
from mentor_tui.tui.screens.history import HistoryScreen
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.screens.onboarding import OnboardingScreen
from mentor_tui.tui.screens.session import SessionScreen
from mentor_tui.tui.screens.session_view import SessionViewScreen
from mentor_tui.tui.screens.signin import SetPassphraseDialog
from mentor_tui.tui.widgets.history.hits import MATCH_STYLE, highlighted


def test_every_design_name_is_a_command():
    titles = {spec.title for spec in COMMANDS.values()}
    assert set(DESIGN_NAMES) <= titles


async def test_palette_lists_every_design_name(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        screen = await wait_for_screen(pilot, CommandPalette)
        shown = screen.query_one(OptionList)

        def prompts() -> list[str]:
            return [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]

        def missing() -> list[str]:
            return [name for name in DESIGN_NAMES if not any(name in p for p in prompts())]

        # The list fills in the background.
        await until(pilot, lambda: not missing())


async def test_palette_drives_a_session(demo, make_app):
    app = make_app(demo)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "next sec")
        await notices.shown(pilot, "during a session")
        await palette(pilot, "start ses")
        await wait_for_screen(pilot, AgendaPickerScreen)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, SessionScreen)
        first = screen.speaker_id
        await palette(pilot, "switch sp")
        assert screen.speaker_id != first
        await palette(pilot, "next sec")
        assert screen.session.current_section == 1


async def test_help_opens_with_f1_and_question_mark(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await from_home(pilot, "f1", HelpScreen)
        await pilot.press("escape")
        help_screen = await from_home(pilot, "question_mark", HelpScreen)
        assert "set -g set-clipboard on" in help_screen.query_one("#help-doc").source
        assert "session.switch_speaker" in str(help_screen.query_one("#help-keys").render())


async def test_help_scrolls_with_the_first_down_or_page_down(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        help_screen = await from_home(pilot, "f1", HelpScreen)
        frame = help_screen.query_one("#help-text")
        await until(pilot, lambda: frame.max_scroll_y > 20)
        await pilot.press("down")  # no Tab first
        await until(pilot, lambda: frame.scroll_y >= 1)
        before = frame.scroll_y
        await pilot.press("pagedown")
        await until(pilot, lambda: frame.scroll_y > before + 5)


async def test_theme_toggle_is_remembered(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        assert app.theme == themes.DARK
        await pilot.press("ctrl+t")
        assert app.theme == themes.LIGHT
    assert demo.get_setting(THEME_SETTING) == themes.LIGHT
    again = make_app(demo, theme=None)
    async with again.run_test(size=(80, 24)):
        assert again.theme == themes.LIGHT


async def test_a_keymap_file_changes_keys(demo, make_app, tmp_path):
    (tmp_path / "keymap.toml").write_text('"home.history" = "y"\n"no.such" = "x"\n')
    app = make_app(demo)
    notices = Notices()
    async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        await notices.shown(pilot, "no.such")
        await pilot.press("y")
        await wait_for_screen(pilot, HistoryScreen)
        # Help lists the keys as bound: the history key is y now.
        await pilot.press("escape")
        help_screen = await from_home(pilot, "f1", HelpScreen)
        keys = str(help_screen.query_one("#help-keys").render()).splitlines()
        history = next(line for line in keys if line.rstrip().endswith("home.history"))
        assert history.split()[0] == "y", history


def test_keymap_ids_are_unique():
    ids = [b.id for bindings in keymap.ALL.values() for b in bindings]
    assert len(ids) == len(set(ids))


def test_search_snippets_are_highlighted():
    content = highlighted(Snippet("an abstract was\naccepted", ((3, 11),)))
    assert content.plain == "an abstract was accepted"
    assert [(s.start, s.end, s.style) for s in content.spans] == [(3, 11, MATCH_STYLE)]


async def test_history_reveal_never_shows_the_partners_private_note(demo, make_app):
    """At one laptop with both signed in, the mentor typing cannot reveal Lukas's note."""
    amara = person_named(demo, "Amara")
    app = make_app(demo, me=amara)
    async with app.run_test(size=(100, 30)) as pilot:
        history = await from_home(pilot, "h", HistoryScreen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "academic")
        await pilot.press("enter")
        await pilot.pause()
        assert history.query_one("#hits", OptionList).option_count == 0


async def test_history_search_and_private_reveal(demo, make_app):
    lukas = person_named(demo, "Lukas")
    app = make_app(demo, me=lukas)
    async with app.run_test(size=(100, 30)) as pilot:
        history = await from_home(pilot, "h", HistoryScreen)
        await pilot.press("slash")
        await type_text(pilot, "academic")
        await pilot.press("enter")
        await pilot.pause()
        hits = history.query_one("#hits", OptionList)
        assert hits.option_count == 0, "Lukas's private note is not found before he reveals it"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert hits.option_count == 1
        prompt = hits.get_option_at_index(0).prompt
        assert "private" in str(prompt)
        assert any(span.style == MATCH_STYLE for span in prompt.spans)
        hits.focus()
        await pilot.press("enter")
        view = await wait_for_screen(pilot, SessionViewScreen)
        doc = view.query_one("#session-doc").document.source
        assert "fully academic career" in doc
        await pilot.press("r")  # hide again
        await pilot.pause()
        assert "fully academic career" not in view.query_one("#session-doc").document.source


def errors_shown(screen) -> str:
    """The form's message line and the messages under single fields."""
    found = [screen.query_one("#form-message"), *screen.query(".field-error")]
    return " ".join(str(w.render()) for w in found)


async def test_onboarding_says_what_is_wrong(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, OnboardingScreen)
        await pilot.press("enter")
        assert "Type your name" in errors_shown(screen)
        screen.query_one("#me-name", Input).value = "Ada"
        screen.query_one("#partner-names", Input).value = "Ben, Cleo"
        screen.query_one("#cadence", Input).value = "biweekly"
        await pilot.pause()
        assert "twice a week" in str(screen.query_one("#cadence-message").render())
        screen.query_one("#cadence", Input).focus()
        await pilot.press("enter")
        assert "rhythm" in errors_shown(screen)
        screen.query_one("#cadence", Input).value = ""
        await pilot.press("enter")
        await wait_for_screen(pilot, SetPassphraseDialog)  # offered, and skipped
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
    (mentorship,) = store.mentorships.list()
    assert mentorship.style.value == "group"
    assert len(mentorship.members) == 3


async def test_history_searches_as_you_type_and_enter_opens_the_first_match(demo, make_app):
    app = make_app(demo, me=person_named(demo, "Lukas"))
    async with app.run_test(size=(100, 30)) as pilot:
        history = await from_home(pilot, "h", HistoryScreen)
        assert not isinstance(app.focused, Input)  # the session list, not the search box
        await type_text(pilot, "abstract")  # no `/` first
        search = history.query_one("#search", Input)
        assert search.value == "abstract"
        hits = history.query_one("#hits", OptionList)
        # The list follows the typing (a search per pause): wait for the one for the whole word.
        best = demo.notes.search("abstract", viewer_id=history.viewer_id, include_private=False)
        first = best[0].note.session_id

        def shown_first() -> str | None:
            return hits.get_option_at_index(0).id.split(":", 1)[1] if hits.option_count else None

        await until(pilot, lambda: shown_first() == first)
        assert app.focused is search
        await pilot.press("enter")
        view = await wait_for_screen(pilot, SessionViewScreen)
        assert view.session_id == first


async def test_keys_typed_fast_after_tab_land_in_the_next_field(store, make_app):
    """Name, Tab past the role box, email, Tab past the career stage, partner: queued at
    once, as pasted."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, OnboardingScreen)
        type_ahead(pilot, *"Ada", "tab", "tab", *"ada@x.org", "tab", "tab", *"Ben", "tab", "tab", "tab", *"weekly")
        names = ("me-name", "me-email", "partner-names", "cadence")
        fields = [screen.query_one(f"#{name}", Input) for name in names]
        await until(pilot, lambda: [f.value for f in fields] == ["Ada", "ada@x.org", "Ben", "weekly"])


async def test_onboarding_errors_show_under_their_field_in_view_at_80x24(store, make_app):
    from textual.widgets import Static

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_screen(pilot, OnboardingScreen)
        await type_text(pilot, "Ada")
        await pilot.press("enter")  # no partner yet
        field = screen.query_one("#partner-names", Input)
        await until(pilot, lambda: bool(screen.query(".field-error")))
        (note,) = screen.query(".field-error").results(Static)
        assert "Type your partner's name." in str(note.render())
        siblings = list(field.parent.children)
        assert siblings.index(note) == siblings.index(field) + 1  # right under the field
        form = screen.query_one("#onboarding-form")
        await until(pilot, lambda: form.scrollable_content_region.contains_region(note.region))
        assert app.focused is field


async def test_historys_read_only_view_opens_nothing_editable(demo, make_app):
    from mentor_tui.tui.screens.wrapup import WrapUpScreen

    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await from_home(pilot, "h", HistoryScreen)
        await pilot.press("enter")  # the newest session
        view = await wait_for_screen(pilot, SessionViewScreen)
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is view
        assert not any(isinstance(s, WrapUpScreen) for s in app.screen_stack)
