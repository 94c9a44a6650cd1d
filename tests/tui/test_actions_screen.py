"""What do I owe, and to whom: one list across all mentorships, ticked from the keyboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from screen_kit import SIZES, palette, settle
from textual.widgets import Input, OptionList, Select, Static
from tuikit import TODAY, from_home, person_named, until, wait_for_screen

from mentor_tui.core.models import ActionItem, Member, Mentorship, Person, Role
from mentor_tui.tui.screens.actions import ActionsScreen
from mentor_tui.tui.screens.dialogs import DueDialog
from mentor_tui.tui.screens.home import HomeScreen
from mentor_tui.tui.widgets.common.topbar import TopBar


def second_mentorship(repo) -> Mentorship:
    """Lukas also meets a statistician, and owes her something overdue."""
    lukas = person_named(repo, "Lukas")
    ines = repo.people.add(Person("Dr Ines Moreau"))
    mentorship = repo.mentorships.add(
        Mentorship(
            "Ines & Lukas",
            members=[Member(ines.id, Role.MENTOR), Member(lukas.id, Role.MENTEE)],
        )
    )
    repo.actions.save(
        ActionItem(
            mentorship.id, "Send Ines the cohort table", lukas.id, due=TODAY - timedelta(days=2)
        )
    )
    return mentorship


def prompts(screen: ActionsScreen) -> list[str]:
    options = screen.query_one("#owed", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_what_lukas_owes_across_mentorships_and_ticking_done(demo, make_app):
    second_mentorship(demo)
    lukas = person_named(demo, "Lukas")
    app = make_app(demo, me=lukas)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await from_home(pilot, "o", ActionsScreen)
        shown = prompts(screen)
        assert "You owe Dr Amara Okafor" in shown[0]
        assert any("You owe Dr Ines Moreau" in p for p in shown)
        assert any("Dr Amara Okafor owes you" in p for p in shown)
        overdue = [p for p in shown if p.startswith("☐ ! ")]
        assert {p.split("  ·")[0] for p in overdue} == {
            "☐ ! Draft the analysis plan (one page)",
            "☐ ! Send Ines the cohort table",
        }
        assert "Lukas owes 3 · 2 overdue" in screen.query_one(TopBar).status

        options = screen.query_one("#owed", OptionList)
        item_id = options.highlighted_option.id
        item = demo.actions.get(item_id)
        assert item.owner_id == lukas.id and not item.done
        await pilot.press("space")
        assert demo.actions.get(item_id).done
        assert options.highlighted_option.id == item_id  # still there, ticked
        assert str(options.highlighted_option.prompt).startswith("☑")
        await pilot.press("space")
        assert not demo.actions.get(item_id).done
        await pilot.press("space")

    # Leaving and coming back: the ticked item is gone from the open list, shown with d.
    async with make_app(demo, me=lukas).run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "What I owe")
        screen = await wait_for_screen(pilot, ActionsScreen)
        assert not any(item.text in p for p in prompts(screen))
        await pilot.press("d")
        assert any(p.startswith("☑") and item.text in p for p in prompts(screen))


async def test_whose_list_switches_person(demo, make_app):
    amara = person_named(demo, "Amara")
    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await from_home(pilot, "o", ActionsScreen)
        assert screen.person_id == amara.id  # the mentor of the pair on Home, by default
        assert "You owe Dr Lukas Berg" in prompts(screen)[0]
        lukas = person_named(demo, "Lukas")
        screen.query_one("#whose", Select).value = lukas.id
        await pilot.pause()
        assert "You owe Dr Amara Okafor" in prompts(screen)[0]


@pytest.mark.parametrize("size", SIZES)
def test_actions_snapshot(snap_compare, demo, make_app, size):
    second_mentorship(demo)
    lukas = person_named(demo, "Lukas")

    async def owed(pilot):
        await from_home(pilot, "o", ActionsScreen)
        await settle(pilot)

    assert snap_compare(make_app(demo, me=lukas), terminal_size=size, run_before=owed)


async def test_ticking_or_dropping_says_the_items_text_as_typed_never_as_markup(demo, make_app):
    """An item's text is the user's: "[/b]" in it must reach the toast as text. Ticking done
    once sent it as Textual markup (drop did not), where a stray closing tag breaks the toast."""
    from textual.notifications import Notify

    lukas = person_named(demo, "Lukas")
    mentorship = second_mentorship(demo)
    text = "Read [/b] the [bold]guide[/]"
    demo.actions.save(ActionItem(mentorship.id, text, lukas.id, due=TODAY - timedelta(days=9)))
    said: list[tuple[str, bool]] = []

    def hook(message) -> None:
        if isinstance(message, Notify):
            said.append((str(message.notification.message), message.notification.markup))

    async with make_app(demo, me=lukas).run_test(size=(100, 30), message_hook=hook) as pilot:
        screen = await from_home(pilot, "o", ActionsScreen)
        options = screen.query_one("#owed", OptionList)
        index = next(i for i, p in enumerate(prompts(screen)) if text in p)
        options.highlighted = index
        await pilot.press("space")
        await until(pilot, lambda: any(text in m for m, _ in said))
        await pilot.press("x")  # drop
        await until(pilot, lambda: sum(text in m for m, _ in said) == 2)
    assert [markup for m, markup in said if text in m] == [False, False]


async def open_due_dialog(pilot, repo, due):
    """From Home to What I owe, the highlighted item given `due`, then t: its due dialog."""
    screen = await from_home(pilot, "o", ActionsScreen)
    item = screen._current()
    assert item is not None
    repo.actions.set_due(item.id, due)
    screen.refresh_items()
    await until(pilot, lambda: screen._current() is not None and screen._current().due == due)
    await pilot.press("t")
    return item, await wait_for_screen(pilot, DueDialog)


def under_the_field(dialog: DueDialog) -> str:
    return str(dialog.query_one("#due-message", Static).render())


async def test_due_dialog_reads_the_current_date_back_and_keeps_it_though_past(demo, make_app):
    """The dialog opens with the stored date in the field and read back under it, and Enter
    on it unchanged keeps it even though it is past.

    Seen to fail with DueDialog passing `kept=None` to its DueField: the field opens empty,
    nothing is read back and Enter would clear the date. Not caught, because the behaviour
    does not hang on them alone: DueField.compose's read-back line made `Static("")` (the
    Input posts Changed for its first value, which reads it back before the test looks), and
    DueField.read without its `kept` branch (the shown words are a full ISO date, which
    parse_due reads back to the same day even when it is past)."""
    lukas = person_named(demo, "Lukas")
    past = TODAY - timedelta(days=10)  # Sat 3 May 2025
    async with make_app(demo, me=lukas).run_test(size=(100, 30)) as pilot:
        item, dialog = await open_due_dialog(pilot, demo, past)
        assert under_the_field(dialog) == "→ Sat 3 May 2025 (overdue by 10 days)"
        assert dialog.query_one("#due-words", Input).value == "2025-05-03"
        await pilot.press("enter")
        await wait_for_screen(pilot, ActionsScreen)
        assert demo.actions.get(item.id).due == past


async def test_due_dialog_refuses_words_for_a_past_day_and_saves_nothing(demo, make_app):
    """Words pointing into the past are refused in one sentence under the field, Enter then
    saves nothing and the dialog stays; the stored date typed back reads back again, and
    empty clears it.

    Seen to fail with DueDialog.submit's `if not ok: return` switched off: Enter then saves
    no date over the past one and closes the dialog."""
    lukas = person_named(demo, "Lukas")
    past = TODAY - timedelta(days=10)
    async with make_app(demo, me=lukas).run_test(size=(100, 30)) as pilot:
        item, dialog = await open_due_dialog(pilot, demo, past)
        field = dialog.query_one("#due-words", Input)
        field.value = "last friday"
        await until(pilot, lambda: field.has_class("-invalid"), what="the past day refused")
        refused = under_the_field(dialog)
        assert "in the past" in refused and "→" not in refused
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DueDialog)
        assert demo.actions.get(item.id).due == past
        field.value = "2025-05-03"
        await until(pilot, lambda: under_the_field(dialog).startswith("→ Sat 3 May 2025"))
        assert not field.has_class("-invalid")
        field.value = ""  # empty clears the date, read back as such
        await until(pilot, lambda: under_the_field(dialog) == "No due date.")
        await pilot.press("enter")
        await wait_for_screen(pilot, ActionsScreen)
        assert demo.actions.get(item.id).due is None


@pytest.mark.parametrize("size", SIZES[:1])
def test_due_dialog(snap_compare, demo, make_app, size):
    lukas = person_named(demo, "Lukas")

    async def due(pilot):
        await open_due_dialog(pilot, demo, TODAY - timedelta(days=10))
        await settle(pilot)

    assert snap_compare(make_app(demo, me=lukas), terminal_size=size, run_before=due)
