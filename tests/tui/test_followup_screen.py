"""The follow-up screen, driven from the keyboard on the real app and a real database."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest
from render.followup_pair import PRIVATE_TEXTS, TODAY, build_pair
from screen_kit import palette, settle
from textual.widgets import Input, OptionList, Static, TextArea
from tuikit import Notices, time_zone, until

from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.followup import FollowUpScreen
from mentor_tui.tui.widgets.common.topbar import TopBar

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def paris():
    """Times on screen are local: pin the zone so every machine draws the same screen."""
    with time_zone("Europe/Paris"):
        yield


@pytest.fixture
def repo(store):
    return store  # tests/tui/conftest.py's real database, under the name these tests use


@pytest.fixture
def pair(repo):
    return build_pair(repo)


def make_app(repo, pair, **kwargs) -> MentorApp:
    return MentorApp(
        repo,
        me=repo.people.get(pair.mentor_id),
        today=lambda: TODAY,
        now=lambda: NOW,
        **kwargs,
    )


async def open_followup(pilot, session_id: str) -> FollowUpScreen:
    await pilot.pause()
    screen = FollowUpScreen(session_id)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def editor(screen) -> TextArea:
    return screen.query_one("#followup-editor", TextArea)


# -- snapshots -------------------------------------------------------------------------------


def _snapshot_before(session_id: str):
    async def run_before(pilot) -> None:
        screen = await open_followup(pilot, session_id)
        # The editor takes focus (and shows its cursor) a frame or more later on a busy machine.
        await until(pilot, lambda: pilot.app.focused is editor(screen))
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot(snap_compare, repo, pair, size):
    assert snap_compare(
        make_app(repo, pair), terminal_size=size, run_before=_snapshot_before(pair.session_id)
    )


@pytest.fixture
def fixed_config(monkeypatch):
    """A config folder at a fixed path: the error on screen names the template's path. The
    path is shared by every pytest on the machine (xdist workers, other checkouts), so a lock
    beside it lets one test at a time own it."""
    import fcntl
    import shutil
    from pathlib import Path

    root = Path("/tmp/mentor-tui-followup-snapshot")
    with open(f"{root}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(root, ignore_errors=True)
        monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
        yield root
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_broken_template(snap_compare, repo, pair, size, fixed_config):
    from mentor_tui.render.templates import user_dir

    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "followup.j2").write_text("{# Mine #}\nSubject: x\n\n{{ ''.__class__.__mro__ }}\n")

    async def run_before(pilot) -> None:
        screen = await open_followup(pilot, pair.session_id)
        await until(pilot, lambda: screen.query_one("#followup-error", Static).display)
        await settle(pilot)

    assert snap_compare(make_app(repo, pair), terminal_size=size, run_before=run_before)


# -- behaviour ------------------------------------------------------------------------------


async def test_opens_with_the_full_followup_and_no_private_notes(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        text = editor(screen).text
        assert text.startswith("Subject: Our meeting on Tuesday 17 March: notes and next steps\n\n")
        assert "Tuesday 31 March 2026 at 17:30 (Europe/Paris time)" in text
        for secret in PRIVATE_TEXTS:
            assert secret not in text
        envelope = str(screen.query_one("#envelope", Static).render())
        assert "Zoë Ñúñez <zoe.nunez@example.org>" in envelope
        assert "Ana Brandão" in envelope
        assert app.focused is editor(screen)


async def test_template_picker_is_a_live_preview_and_keeps_edits(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, OptionList)
        await pilot.press("down")
        await pilot.pause()
        assert screen.current == "next-steps"
        assert editor(screen).text.startswith(
            "Subject: Our meeting on Tuesday 17 March: next steps"
        )
        await pilot.press("down")
        await pilot.pause()
        assert screen.current == "reverse-mentoring"
        assert editor(screen).text.startswith(
            "Subject: Our meeting on Tuesday 17 March: what I learned"
        )
        await pilot.press("down")
        await pilot.pause()
        assert editor(screen).text.startswith("Subject: Thank you for Tuesday 17 March")

        # Edit the thank-you, look at another template, come back: the edit is still there.
        await pilot.press("enter")  # choose it and go to the editor
        assert app.focused is editor(screen)
        await pilot.press("end", "!", "!")
        assert editor(screen).text.startswith("Subject: Thank you for Tuesday 17 March!!\n")
        await pilot.press("shift+tab", "up")
        await pilot.pause()
        assert screen.current == "reverse-mentoring"
        await pilot.press("down")
        await pilot.pause()
        assert editor(screen).text.startswith("Subject: Thank you for Tuesday 17 March!!\n")
        assert "edited" in screen.query_one(TopBar).status

        # F5 puts the template's own text back.
        await pilot.press("f5")
        await pilot.pause()
        assert editor(screen).text.startswith("Subject: Thank you for Tuesday 17 March\n")


async def test_save_eml_from_the_keyboard(repo, pair, tmp_path):
    app = make_app(repo, pair)
    target = tmp_path / "out.eml"
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        # Change the subject line: what is saved is what the editor holds.
        await pilot.press("end", "space", "ü")
        edited = editor(screen).text.splitlines()[0].removeprefix("Subject: ")
        assert "ü" in edited
        screen.query_one("#eml-path", Input).value = str(target)
        await pilot.press("f2")
        await pilot.pause()
        assert target.exists()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        with open(target, "rb") as handle:
            message = BytesParser(policy=policy.default).parse(handle)
        assert message["Subject"] == " ".join(edited.split())
        assert message["From"].addresses[0].display_name == "Zoë Ñúñez"
        assert [a.addr_spec for a in message["To"].addresses] == ["lukasz.ozturk@example.org"]
        assert [a.addr_spec for a in message["Cc"].addresses] == ["ana.brandao@example.org"]
        body = message.get_content()
        assert body.startswith("Dear Łukasz,\n")
        assert all(secret not in body for secret in PRIVATE_TEXTS)

        # Enter in the path field saves too; a folder that does not exist is an error, no file.
        path_input = screen.query_one("#eml-path", Input)
        path_input.value = str(tmp_path / "missing" / "x.eml")
        path_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not (tmp_path / "missing").exists()
        await notices.shown(pilot, "does not exist")


async def test_under_serve_save_as_takes_a_name_for_the_outbox(repo, pair, tmp_path):
    box = tmp_path / "outbox"
    box.mkdir(mode=0o700)
    app = make_app(repo, pair, outbox=box)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        field = screen.query_one("#eml-path", Input)
        assert field.value == "followup-2026-03-17.eml"  # a name, not ~/...
        for hostile in ("../x.eml", "~/x.eml", str(tmp_path / "x.eml"), ".x.eml"):
            field.value = hostile
            await pilot.press("f2")
            await pilot.pause()
        written = sorted(p.name for p in tmp_path.rglob("*") if "mentor.db" not in p.name)
        assert written == ["outbox"]
        field.value = "followup.eml"
        await pilot.press("f2")
        await pilot.pause()
        assert [p.name for p in box.iterdir()] == ["followup.eml"]
        assert stat.S_IMODE((box / "followup.eml").stat().st_mode) == 0o600
        await notices.shown(pilot, "followup.eml in your outbox")


async def test_locally_an_existing_file_is_replaced_only_after_a_yes(repo, pair, tmp_path):
    from mentor_tui.tui.screens.dialogs import ConfirmDialog

    target = tmp_path / "old.eml"
    target.write_text("keep me\n")
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        screen.query_one("#eml-path", Input).value = str(target)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert target.read_text() == "keep me\n"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert b"Subject: Our meeting on" in target.read_bytes()


async def test_a_missing_subject_line_is_refused(repo, pair, tmp_path):
    app = make_app(repo, pair)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        editor(screen).load_text("no subject\n\nbody")
        screen.query_one("#eml-path", Input).value = str(tmp_path / "x.eml")
        await pilot.press("f2")
        await pilot.pause()
        assert not (tmp_path / "x.eml").exists()
        await notices.shown(pilot, "Subject:")


async def test_copy_body_and_subject_to_the_clipboard(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        await pilot.press("f3")
        assert app.clipboard.startswith("Dear Łukasz,\n")
        assert "Subject:" not in app.clipboard
        await pilot.press("f4")
        assert app.clipboard == "Our meeting on Tuesday 17 March: notes and next steps"
        assert screen.error is None


async def test_palette_offers_the_screen_actions(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_followup(pilot, pair.session_id)
        await palette(pilot, "copy follow-up subject")
        await until(pilot, lambda: app.clipboard != "")
        assert app.clipboard == "Our meeting on Tuesday 17 March: notes and next steps"


async def test_broken_user_template_shows_one_line_and_saves_nothing(
    repo, pair, tmp_path, _private_dirs
):
    from mentor_tui.render.templates import user_dir

    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zz-broken.j2").write_text("Subject: x\n\n{{ ''.__class__.__mro__ }}\n")
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        screen.choose_template("zz-broken")
        await pilot.pause()
        banner = screen.query_one("#followup-error", Static)
        assert banner.display
        message = str(banner.render())
        assert "zz-broken.j2, line 3: blocked by the sandbox" in message
        assert editor(screen).read_only and editor(screen).text == ""
        screen.query_one("#eml-path", Input).value = str(tmp_path / "x.eml")
        await pilot.press("f2", "f3")
        await pilot.pause()
        assert not (tmp_path / "x.eml").exists()
        assert app.clipboard == ""
        # Back to a good template: the banner goes, the text comes back.
        screen.choose_template("followup")
        await pilot.pause()
        assert not banner.display and editor(screen).text.startswith("Subject: Our meeting on")


async def test_escape_with_unsaved_edits_asks_twice(repo, pair):
    app = make_app(repo, pair)
    notices = Notices()
    async with app.run_test(size=(100, 30), message_hook=notices) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        await pilot.press("end", "x")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await notices.shown(pilot, "not saved")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_escape_without_edits_leaves_at_once(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_after_copying_escape_leaves_at_once(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        await pilot.press("end", "x", "f3", "escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_an_unknown_session_is_a_message_not_a_crash(repo, pair):
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, "no-such-session")
        banner = screen.query_one("#followup-error", Static)
        assert "No session with id no-such-session" in str(banner.render())
        await pilot.press("f2", "f3")
        assert app.clipboard == ""
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_after_a_wellness_session_it_opens_without_notes_and_warns_on_the_full_one(
    repo, pair
):
    session = repo.sessions.get(pair.session_id)
    session.agenda_key, session.agenda_name = "wellness", "Wellness and work-life balance"
    repo.sessions.save(session)
    app = make_app(repo, pair)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_followup(pilot, pair.session_id)
        assert screen.current == "next-steps"
        text = editor(screen).text
        assert text.startswith("Subject: Our meeting on Tuesday 17 March: next steps\n")
        assert "Wellness" not in text and "Grant: aim" not in text
        banner = screen.query_one("#followup-error", Static)
        assert not banner.display
        screen.choose_template("followup")
        await pilot.pause()
        assert banner.display and "next-steps sends next steps only" in str(banner.render())
