"""The export screen: it shows exactly what would leave, and Write puts exactly that in a 0600 file.

The demo pair (Amara mentors Lukas) with the clock frozen; the pseudonym key and the
database's source id are fixed so that the preview draws the same in every run.
"""

from __future__ import annotations

import re
import stat

import pytest
from screen_kit import SIZES, settle
from textual.widgets import Button, Input, Static, TabbedContent, TextArea
from tuikit import NOW, TODAY, from_home, palette, until, wait_for_screen

from mentor_tui import paths
from mentor_tui.core.models import Visibility
from mentor_tui.share.anonymize import PROGRAMME_SETTING, SOURCE_SETTING, export_plan_for
from mentor_tui.share.keys import KEY_FILE
from mentor_tui.tui.screens.dialogs import ConfirmDialog
from mentor_tui.tui.screens.export import ExportScreen
from mentor_tui.tui.screens.home import HomeScreen


def fixed_key(repo) -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / KEY_FILE).write_bytes(bytes(range(32)))
    repo.set_setting(SOURCE_SETTING, "0" * 32)


def shown_text(screen: ExportScreen) -> str:
    """Everything the three views show, as text."""
    parts = [str(w.render()) for w in screen.query("#export-summary Static")]
    parts.append(str(screen.query_one("#export-texts", Static).render()))
    parts.append(screen.query_one("#export-lines", TextArea).text)
    return "\n".join(parts)


def identifying(repo) -> list[str]:
    found = []
    for person in repo.people.list():
        found += person.display_name.replace("Dr ", "").split()
        if person.email:
            found.append(person.email)
    for summary in repo.sessions.list():
        for person in repo.people.list():
            for note in repo.notes.for_session(
                summary.id, viewer_id=person.id, include_private=True
            ):
                if note.visibility == Visibility.PRIVATE:
                    found.append(note.body)
    return found


async def open_export(pilot) -> ExportScreen:
    screen = await from_home(pilot, "x", ExportScreen)
    await until(pilot, lambda: screen.plan is not None or screen.problem is not None)
    return screen


async def test_preview_is_exactly_what_write_writes(demo, make_app, tmp_path):
    app = make_app(demo)
    secrets = identifying(demo)
    assert any("fully academic career" in s for s in secrets)  # the demo's private note
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        # No programme code yet: nothing to preview, nothing to write.
        assert screen.plan is None and "programme code" in (screen.problem or "")
        assert screen.query_one("#export-write", Button).disabled
        code = screen.query_one("#programme", Input)
        code.focus()
        await pilot.press(*"nw-2025", "enter")
        await until(pilot, lambda: screen.plan is not None)
        assert screen.plan.programme == "NW-2025"
        assert demo.get_setting(PROGRAMME_SETTING) is None  # remembered only on Write

        for include_text in (False, True):
            if include_text:
                await pilot.press("f3")
                await until(pilot, lambda: screen.plan.include_text)
            lines = screen.query_one("#export-lines", TextArea).text
            assert (lines + "\n").encode("utf-8") == screen.preview
            # The same bytes the CLI's dry run prints (one function builds both).
            with demo.as_viewer(app.me.id) as mine:
                expected = export_plan_for(
                    mine, programme="NW-2025", include_text=include_text, remember=False,
                    today=TODAY, exported_at=NOW,
                )
            assert b"".join(expected.lines()) == screen.preview

            text = shown_text(screen)
            for secret in secrets:
                assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", text, re.I), secret
            risk = str(screen.query_one("#export-risk", Static).render())
            assert "pseudonymised personal data, not anonymous" in risk
            assert "may still recognise" in risk
            assert ("Scrubbed text can still give you away" in risk) is include_text
            texts = str(screen.query_one("#export-texts", Static).render())
            if include_text:
                assert "[NAME]" in texts and "Shared notes" in texts
            else:
                assert "No free text leaves" in texts

            target = tmp_path / f"bundle-{include_text}.jsonl"
            path = screen.query_one("#bundle-path", Input)
            path.value = str(target)
            await pilot.press("f2")
            await until(pilot, lambda t=target: t.exists())
            assert target.read_bytes() == screen.preview
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert demo.get_setting(PROGRAMME_SETTING) == "NW-2025"
        assert screen.written == target


async def test_an_existing_file_is_replaced_only_after_a_yes(demo, make_app, tmp_path):
    demo.set_setting(PROGRAMME_SETTING, "NW-2025")
    target = tmp_path / "old.jsonl"
    target.write_text("keep me\n")
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        screen.query_one("#bundle-path", Input).value = str(target)
        await pilot.press("f2")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")  # "Keep it"
        await wait_for_screen(pilot, ExportScreen)
        assert target.read_text() == "keep me\n"
        await pilot.press("f2")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("enter")  # "Replace" has the focus
        await until(pilot, lambda: target.read_bytes() == screen.preview)


async def test_a_bad_code_says_so_and_writes_nothing(demo, make_app, tmp_path):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        screen.query_one("#programme", Input).value = "not a code!"
        await until(pilot, lambda: "not a programme code" in (screen.problem or ""))
        assert screen.plan is None and screen.preview == b""
        screen.query_one("#bundle-path", Input).value = str(tmp_path / "x.jsonl")
        await pilot.press("f2")
        await pilot.pause()
        assert not (tmp_path / "x.jsonl").exists()


async def test_reachable_from_the_palette(demo, make_app):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await palette(pilot, "Export pseudonymised")
        screen = await wait_for_screen(pilot, ExportScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        assert screen not in app.screen_stack


def _snapshot_setup(repo, *, with_text: bool):
    fixed_key(repo)
    repo.set_setting(PROGRAMME_SETTING, "NW-2025")

    async def run(pilot):
        screen = await open_export(pilot)
        await until(pilot, lambda: screen.plan is not None)
        tabs = screen.query_one("#export-tabs", TabbedContent)
        if with_text:
            await pilot.press("f3")
            # The plan changes first; the tabs are relabelled once the preview is shown.
            await until(pilot, lambda: "Scrubbed text (" in str(tabs.get_tab("tab-text").label))
        else:
            await until(pilot, lambda: "The file, " in str(tabs.get_tab("tab-lines").label))
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_what_leaves(snap_compare, demo, make_app, size):
    run = _snapshot_setup(demo, with_text=False)
    assert snap_compare(make_app(demo), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_scrubbed_text(snap_compare, demo, make_app, size):
    run = _snapshot_setup(demo, with_text=True)
    assert snap_compare(make_app(demo), terminal_size=size, run_before=run)
