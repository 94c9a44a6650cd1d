"""What a terminal without colour receives: no colour codes at all, highlights in reverse.

The app runs in a real tmux pane; `pipe-pane` records every byte it writes, and every SGR
sequence (ESC [ ... m) in them is read parameter by parameter. Before the fix, TERM=dumb got
24-bit colour, NO_COLOR got 256-colour greys and vt100 got the 16 ANSI colours.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from builders import demo_database
from tmux_terminal import APP, Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)"),
]

ROOT = Path(__file__).resolve().parents[2]
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
COLOUR_PARAMS = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}


def sgr_params(raw: bytes) -> list[int]:
    params = []
    for match in SGR.finditer(raw):
        for part in re.split(rb"[;:]", match.group(1)):
            params.append(int(part) if part else 0)
    return params


@pytest.fixture
def tmux(tmp_path, cli_env):
    env = dict(cli_env, TZ="UTC")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    server = Tmux(tmp_path, env)
    yield server
    server.kill_server()


def raw_output(tmux: Tmux, tmp_path: Path, name: str, terminal_env: str) -> bytes:
    """Start the app with `terminal_env`, recording its output from the very first byte."""
    db = demo_database(tmp_path)
    go, record = tmp_path / f"{name}.go", tmp_path / f"{name}.raw"
    # tmux sets TERM in its panes itself: the app's TERM is given on its own command line.
    tmux.start(
        name,
        f"while [ ! -e {go} ]; do sleep 0.05; done; exec env {terminal_env} {APP} --db {db}",
    )
    tmux.run("pipe-pane", "-o", "-t", name, f"cat > {record}")
    go.touch()
    tmux.wait_for(name, "Who is at the keyboard?", timeout=60)
    tmux.wait_for(name, "Dr Lukas Berg", timeout=60)
    return record.read_bytes()


@pytest.mark.parametrize(
    "terminal_env",
    ["TERM=dumb", "TERM=vt100", "TERM=xterm-256color NO_COLOR=1"],
    ids=["dumb", "vt100", "no-color"],
)
def test_a_terminal_without_colour_gets_no_colour_codes(tmux, tmp_path, terminal_env):
    raw = raw_output(tmux, tmp_path, "plain", terminal_env)
    params = sgr_params(raw)
    assert params, "the app drew nothing with attributes"
    assert not COLOUR_PARAMS & set(params), sorted(COLOUR_PARAMS & set(params))
    assert 7 in params  # the highlighted row is in reverse video, readable in monochrome


def test_a_colour_terminal_still_gets_colour(tmux, tmp_path):
    """The other side of the rule: xterm-256color keeps its colours."""
    raw = raw_output(tmux, tmp_path, "colour", "TERM=xterm-256color")
    assert COLOUR_PARAMS & set(sgr_params(raw))
