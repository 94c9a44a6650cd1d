"""The partner in a second terminal, on the same database: `--as` is a claim, the
passphrase the identity, and an app started `--as` someone acts for them alone.

Two real `mentor-tui` processes under tmux. With the protection off (launch.py passing
alone=False, or not calling Accounts.unlock), these fail.
"""

from __future__ import annotations

from tmux_terminal import APP

from mentor_tui.store import open_store
from mentor_tui.store.accounts import Accounts

SECRET = "amara's own long passphrase"


def test_a_partner_started_as_themselves_cannot_type_as_the_mentor(tmux, demo_db, tmp_path):
    with open_store(demo_db) as store:
        accounts = Accounts(store)
        accounts.set_passphrase(accounts.find("Dr Amara Okafor").id, SECRET)
    # Second terminal: the partner claims to be Amara; the terminal asks her passphrase,
    # hidden, and a guess ends it in one line.
    tmux.start_reporting("claim", f"{APP} --db {demo_db} --as 'Dr Amara Okafor'")
    tmux.wait_for("claim", "Passphrase for Dr Amara Okafor")
    tmux.keys("claim", "not her passphrase", literal=True)
    tmux.keys("claim", "Enter")
    shown = tmux.wait_for("claim", "exit=")
    assert "not the passphrase" in shown and "exit=1" in shown
    assert "not her passphrase" not in shown  # never echoed
    wrong = tmp_path / "guess"
    wrong.write_text("a guess at her passphrase\n")
    tmux.start_reporting(
        "guess", f"{APP} --db {demo_db} --as 'Dr Amara Okafor' --passphrase-file {wrong}"
    )
    shown = tmux.wait_for("guess", "exit=")
    assert "not the passphrase" in shown and "exit=1" in shown
    # As himself: in the session, F2 never makes him the mentor.
    tmux.start_reporting("lukas", f"{APP} --db {demo_db} --as 'Dr Lukas Berg'")
    tmux.wait_for("lukas", "Amara & Lukas")
    tmux.keys("lukas", "s")
    tmux.wait_for("lukas", "Start a session")
    tmux.keys("lukas", "Enter")
    tmux.wait_for("lukas", "Typing: Dr Lukas Berg")
    tmux.keys("lukas", "F2")
    shown = tmux.wait_for("lukas", "alone")
    assert "Typing: Dr Lukas Berg" in shown and "Typing: Dr Amara" not in shown
    assert "passphrase" not in shown.lower().split("alone")[0][-200:]  # no dialog to try
    tmux.keys("lukas", "C-q")
    assert "exit=0" in tmux.wait_for("lukas", "exit=")
