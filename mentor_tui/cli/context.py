"""What every subcommand shares: which database, and as whom."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mentor_tui import paths


@dataclass
class CliContext:
    db_option: str | None = None
    as_name: str | None = None
    db_from_env: bool = False

    @property
    def db_path(self) -> Path:
        return paths.resolve_db(self.db_option)

    def open_store(self, *, create: bool = True):
        from mentor_tui.store import open_store

        return open_store(self.db_path, create=create)
