"""Revealing private notes (ctrl+r): always the person typing now, their key opened first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def toggle_reveal(app: MentorApp, shown: bool, then: Callable[[str | None], None]) -> None:
    """Hide private notes if they are `shown` (`then(None)`), else reveal them: `then(id)`
    with the id of the person typing now.

    Only theirs, as a repository shows private notes to their author only (store/scope.py),
    so revealing for anyone else would show nothing. Sealed notes need their key open: the
    passphrase is asked for first when it is not.
    """
    me = app.me
    if shown or me is None:
        then(None)
        return
    if app.repo.private_key is None and app.accounts.has_passphrase(me.id):
        from mentor_tui.tui.screens.signin import UnlockDialog

        app.push_screen(UnlockDialog(me), lambda ok: then(me.id) if ok else None)
        return
    then(me.id)
