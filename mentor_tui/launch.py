"""How `mentor-tui` starts: which database and as whom, and opening the app.

`mentor-tui` with only the app's own options (`--db`, `--as`, `--passphrase-file`) opens the
app straight from here; anything else (a subcommand, --help, --version, a mistake) goes to
the click command tree in mentor_tui.cli. Importing click and building that tree costs about
30 ms, a tenth of the time to Home's first frame (docs/performance.md, "Start-up"), so this
module does not import it. Exit status: 0 on success, 1 on a user error (one line on
stderr), 2 on usage errors.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mentor_tui import paths
from mentor_tui.core.errors import UserError

if TYPE_CHECKING:
    from mentor_tui.core.models import Person
    from mentor_tui.server.handoff import Handoff
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.store.repository import Repository

# Up to this size the integrity check runs before the first screen (it takes a few
# milliseconds); a larger file is checked in the background while Home is drawn, and the
# app stops writing to it if the check fails.
CHECK_FIRST_BYTES = 32 * 1024 * 1024

# The top-level options that the app itself uses, by their click names (mentor_tui.cli.main).
APP_OPTIONS = {"--db": "db_option", "--as": "as_name", "--passphrase-file": "passphrase_file"}
DB_ENV = "MENTOR_TUI_DB"


def main() -> None:
    """The `mentor-tui` command and `python -m mentor_tui`."""
    ctx = app_invocation(sys.argv[1:], os.environ)
    if ctx is not None:
        # The garbage collector waits until Home's first frame (MentorApp.on_mount turns it
        # back on): start-up builds objects that live as long as the app, which it would
        # scan over and over for nothing, about 20 ms (docs/performance.md, "Start-up").
        gc.disable()
    if ctx is None:
        from mentor_tui.cli import main as command_tree

        command_tree()
        return
    try:
        run_app(ctx)
    except (Exception, KeyboardInterrupt) as exc:
        explain_failure(exc)


def app_invocation(argv: Sequence[str], environ: Mapping[str, str]) -> CliContext | None:
    """What argv asks of the app when it holds only the app's options; None for the rest.

    None sends argv to click, which also gives the usage errors (a missing value, a folder
    where a file belongs), so this reading only has to recognise the plain case.
    """
    values: dict[str, str] = {}
    args = list(argv)
    while args:
        name, has_value, value = args.pop(0).partition("=")
        if name not in APP_OPTIONS:
            return None
        if not has_value:
            if not args:
                return None
            value = args.pop(0)
        values[APP_OPTIONS[name]] = value  # the last one wins, as in click
    from_env = "db_option" not in values and bool(environ.get(DB_ENV))
    if from_env:
        values["db_option"] = environ[DB_ENV]
    for key in ("db_option", "passphrase_file"):
        if key in values and (not values[key] or os.path.isdir(values[key])):
            return None
    if values.get("as_name", "x").startswith("-"):
        return None  # `--as --db`: click says what is missing
    return CliContext(**values, db_from_env=from_env)


def explain_failure(exc: BaseException) -> NoReturn:
    """One line on stderr and exit status 1 for what a user can cause; a bug's details are
    saved to a file and named in that line."""
    if isinstance(exc, UserError):
        fail(exc.message)
    if isinstance(exc, OSError):
        if exc.errno == errno.EPIPE:
            quit_on_closed_pipe()
        if exc.errno == errno.ENOSPC:
            fail("The disk is full; free some space and try again (nothing was lost).")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            fail(f"Permission denied: {exc.filename or exc}; check the file's permissions.")
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ") + ".")
    if isinstance(exc, KeyboardInterrupt):
        fail("Interrupted.")
    try:
        where = save_crash_report(exc)
    except (OSError, UserError):  # a full disk: the one line still goes out, with the error
        fail(f"Something went wrong inside mentor-tui ({type(exc).__name__}: {exc}).")
    fail(f"Something went wrong inside mentor-tui ({type(exc).__name__}); details saved to {where}.")


def fail(message: str) -> NoReturn:
    print(f"mentor-tui: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def save_crash_report(exc: BaseException) -> str:
    import traceback

    from mentor_tui import files
    from mentor_tui.core.clock import now

    folder = paths.ensure_private_dir(paths.data_dir() / "crashes")
    path = folder / f"crash-{now().strftime('%Y%m%dT%H%M%S%fZ')}.txt"
    files.create_private(path, "".join(traceback.format_exception(exc)).encode("utf-8"))
    return str(path)


def quit_on_closed_pipe() -> NoReturn:
    """The reader went away (`... | head`): stop quietly, as Unix tools do.

    Output still buffered would raise again when Python flushes stdout at exit, so stdout is
    pointed at /dev/null first. The status is what a shell reports for a tool killed by
    SIGPIPE (128 + 13).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(141)


# -- which database, and as whom ---------------------------------------------------------


@dataclass
class CliContext:
    """What the app and every subcommand share: which database, and as whom."""

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
            import click  # only when a passphrase is typed (see the module docstring)

            try:
                return click.prompt(
                    f"Passphrase for {person.display_name}", hide_input=True, err=True
                )
            except click.Abort:  # ctrl+c or end of input: "Interrupted.", whichever path
                raise KeyboardInterrupt from None
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


# -- the app -----------------------------------------------------------------------------


def _daily_backup(repo: Repository) -> None:
    from mentor_tui.store import database

    try:
        database.backup_if_due(repo.db.conn, repo.path)
    except (OSError, UserError) as exc:  # a full disk must not turn a clean exit into an error
        why = exc.message if isinstance(exc, UserError) else exc.strerror
        print(f"mentor-tui: the daily backup could not be written ({why}).", file=sys.stderr)


def _serve_outbox(ctx: CliContext) -> Handoff | None:
    """Under `serve`, the handoff naming this person's outbox; None when run locally."""
    token = os.environ.pop("MENTOR_TUI_SERVE_TOKEN", None)
    if token is None:
        return None
    from mentor_tui.server import handoff

    found = handoff.claim(paths.data_dir(), token)
    if found is None:
        raise UserError("This sign-in has expired or was already used; connect again.")
    return found


def run_app(ctx: CliContext) -> None:
    """Open the store, find who `--as` names, and run the app until it quits.

    Store errors (a newer, damaged or unreadable database) and an unknown name are user
    errors: the caller prints their one sentence and exits 1 (explain_failure).
    """
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError(
            "The app needs a terminal; use the subcommands (`mentor-tui --help`) in scripts."
        )
    from mentor_tui.store import open_store
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.tui.app import MentorApp
    from mentor_tui.tui.themes import limit_colours

    outbox = _serve_outbox(ctx)
    path = ctx.db_path
    large = path.is_file() and path.stat().st_size > CHECK_FIRST_BYTES
    with open_store(path, check=not large) as repo:
        # Who is at the keyboard: under `serve` the SSH key has said (the handoff); --as
        # names a person, who types their passphrase before the first screen; without
        # either, the app asks (tui/screens/signin.py).
        me = None
        if outbox is not None:
            me = Accounts(repo).get(outbox.person_id)
            if ctx.as_name and ctx.as_name != me.id:
                raise UserError("This sign-in was made for someone else; connect again.")
        elif ctx.as_name:
            accounts = Accounts(repo)
            me = accounts.find(ctx.as_name)
            accounts.unlock(me.id, ctx.passphrase_for(accounts, me))
        app = MentorApp(
            repo,
            me=me,
            alone=me is not None,
            check_later=path if large else None,
            outbox=outbox.outbox if outbox is not None else None,
        )
        # The real terminal's limits (NO_COLOR, TERM=dumb, vt100); tests draw at full colour.
        limit_colours(app, os.environ)
        try:
            app.run()
        finally:
            app.close_repos()
        if not app.return_code and not repo.read_only:
            _daily_backup(repo)
    if app.crash_file is not None and app.return_code:
        print(
            f"mentor-tui: an unexpected error stopped the app; what you had typed is saved in "
            f"{app.crash_file} (readable only by you).",
            file=sys.stderr,
        )
    if app.return_code:
        sys.exit(app.return_code)
