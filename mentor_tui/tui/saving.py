"""Saving a file the person names: a path on this machine, or a name in their outbox.

Locally the field holds a path and an existing file is replaced only after a yes in a
dialog. Under `serve` (app.outbox set) no typed path may reach the file system
(docs/architecture.md, trust model): the field holds a file name, the file goes to the person's outbox through
mentor_tui.outbox.save, and the message says how to fetch it with the same SSH key.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from mentor_tui import outbox
from mentor_tui.core.errors import UserError

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def mentor_app(screen: Screen[Any]) -> MentorApp:
    """The app a screen runs in, for helpers handed a screen (a screen class says the same
    with `app = getters.app(MentorApp)`); every screen of mentor-tui runs in MentorApp."""
    return cast("MentorApp", screen.app)


def in_outbox(app: MentorApp) -> bool:
    return app.outbox is not None


def field_value(app: MentorApp, local_default: str) -> str:
    """What the Save-as field starts with: the suggested path, or just its name."""
    return Path(local_default).name if in_outbox(app) else local_default


def fetch_hint(name: str) -> str:
    """How to download `name` from the outbox: the port and address the person used."""
    parts = os.environ.get("SSH_CONNECTION", "").split()
    host, port = (parts[2], parts[3]) if len(parts) == 4 else ("HOST", "PORT")
    if ":" in host:  # an IPv6 address needs brackets in sftp's host:path
        host = f"[{host}]"
    return f"sftp -P {port} {host}:{name}  (or: scp -P {port} {host}:{name} .)"


def save_as(
    screen: Screen[Any],
    raw: str,
    *,
    render: Callable[[], bytes],
    write_local: Callable[[Path], Path],
    done: Callable[[Path, str, bool], None],
) -> None:
    """Save what `render` gives under the name or path `raw`; `done(path, where, replaced)`
    reports success (`where` says it for a person). Refusals are shown as one sentence
    and write nothing."""
    app = mentor_app(screen)

    def failed(message: str) -> None:
        app.notify(message, severity="error", timeout=10)

    if app.outbox is not None:
        try:
            name = outbox.check_name(raw)
            replaced = outbox.exists(app.outbox, name)
            saved = outbox.save(app.outbox, name, render())
        except UserError as exc:
            failed(exc.message)
            return
        except OSError as exc:
            failed(f"Could not save {raw}: {exc.strerror or exc}; try again or another name.")
            return
        done(
            saved,
            f"{saved.name} in your outbox (only your key can fetch it): {fetch_hint(saved.name)}",
            replaced,
        )
        return

    target = Path(raw).expanduser()

    def write() -> None:
        existed = target.exists()
        try:
            written = write_local(target)
        except UserError as exc:
            failed(exc.message)
            return
        except OSError as exc:
            failed(f"Could not write {target}: {exc.strerror or exc}; choose another path.")
            return
        done(written, str(written), existed)

    if target.exists() and not target.is_dir():
        from mentor_tui.tui.screens.dialogs import ConfirmDialog

        app.push_screen(
            ConfirmDialog(f"{target} already exists. Replace it?", yes="Replace", no="Keep it"),
            lambda yes: write() if yes else None,
        )
        return
    write()
