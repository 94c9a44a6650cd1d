"""The command palette for one screen: each screen lists its own actions as `PALETTE`.

A screen sets `COMMANDS = {ScreenCommands}` and `PALETTE = [(title, help, action), ...]`;
the palette then offers those commands beside the app's, and runs `action_<action>` on the
screen. The help line names the key, so the palette also teaches the keyboard.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


class ScreenCommands(Provider):
    def _entries(self) -> list[tuple[str, str, str]]:
        return list(getattr(self.screen, "PALETTE", ()))

    def _run(self, screen: Screen, action: str) -> None:
        handler = getattr(screen, f"action_{action}", None)
        if handler is not None:
            handler()

    async def discover(self) -> Hits:
        for title, help_text, action in self._entries():
            yield DiscoveryHit(title, partial(self._run, self.screen, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, self.screen, action),
                    help=help_text,
                )
