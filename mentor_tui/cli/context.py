"""What every subcommand shares: which database, and as whom."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mentor_tui import paths
from mentor_tui.core.errors import UserError

if TYPE_CHECKING:
    from mentor_tui.core.models import Person
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.store.repository import Repository


@dataclass
class CliContext:
    db_option: str | None = None
    as_name: str | None = None
    db_from_env: bool = False
    passphrase_file: str | None = None

    @property
    def db_path(self) -> Path:
        return paths.resolve_db(self.db_option)

    def open_store(self, *, create: bool = True) -> Repository:
        """The unbound store: for the owner's maintenance commands only (docs/architecture.md).

        They read everything, so --as (a person's view) would be a false promise there.
        """
        if self.as_name:
            raise UserError(
                "This is a database owner's command and reads everything; run it without --as."
            )
        return self._open(create=create)

    def _open(self, *, create: bool) -> Repository:
        from mentor_tui.store import open_store

        return open_store(self.db_path, create=create)

    @contextlib.contextmanager
    def open_as(self, *, create: bool = False) -> Iterator[Repository]:
        """The repository a command reads and writes through.

        With --as, the person it names, signed in with their passphrase: their mentorships
        and their own private content. Without, the database owner's view: every mentorship,
        nobody's private content.
        """
        from mentor_tui.store.accounts import Accounts

        with self._open(create=create) as store:
            accounts = Accounts(store)
            if self.as_name:
                person = accounts.find(self.as_name)
                repo = accounts.sign_in(person.id, self.passphrase_for(accounts, person))
            else:
                repo = accounts.owner()
            with repo:
                yield repo

    def passphrase_for(self, accounts: Accounts, person: Person) -> str | None:
        """From --passphrase-file, else typed at the terminal; never from the environment."""
        if not accounts.has_passphrase(person.id):
            return None
        if self.passphrase_file:
            return read_passphrase_file(self.passphrase_file)
        if sys.stdin.isatty():
            return click.prompt(
                f"Passphrase for {person.display_name}", hide_input=True, err=True
            )
        raise UserError(
            f"{person.display_name} has a passphrase: type it at a terminal, "
            "or give it with --passphrase-file FILE."
        )


def read_passphrase_file(name: str) -> str:
    """The first line of the file, without its line ending."""
    try:
        with open(name, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    except FileNotFoundError:
        raise UserError(f"There is no passphrase file {name}.") from None
    except UnicodeDecodeError:
        raise UserError(f"{name} is not a UTF-8 text file.") from None
