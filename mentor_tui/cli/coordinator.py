"""`mentor-tui coordinator [--db FILE] import|report`: the programme coordinator's side.

The coordinator's database is its own file (default coordinator.db in the data directory),
never a pair's: the top-level --db and MENTOR_TUI_DB do not apply here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.coordinator.aggregate import DEFAULT_DORMANT_WEEKS, DEFAULT_K, build_report
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.coordinator.report import render_text, write_csv, write_html
from mentor_tui.share.bundle import read_enrolment
from mentor_tui.share.keys import fingerprint
from mentor_tui.store.programme import open_programme

if TYPE_CHECKING:
    # What click.progressbar returns; click names it only in this module.
    from click._termui_impl import ProgressBar

PROGRESS_EVERY = 25_000
# A command function, before or after click has made it a Command.
_Command = TypeVar("_Command", bound=Callable[..., Any])


@main.group("coordinator")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The coordinator's database (default: coordinator.db in the data directory).",
)
@click.pass_context
def coordinator(ctx: click.Context, db: Path | None) -> None:
    """Import pairs' pseudonymised bundles and report on the programme.

    The coordinator's own commands on the coordinator's own database (never a pair's): they
    read all of it, and --as does not apply.
    """
    ctx.meta["coordinator_db"] = db or paths.coordinator_db()


def _db(ctx: click.Context) -> Path:
    return Path(ctx.meta["coordinator_db"]).expanduser()


class _Progress:
    """A progress bar on a terminal; otherwise a line every `every` records on stderr."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.bar: ProgressBar[int] | None = None
        self.shown = 0
        self.last_bytes = 0
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, records: int) -> None:
        if self.tty:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label="Importing", file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.last_bytes)
            self.last_bytes = done
            return
        if records - self.shown >= self.every:
            self.shown = records - records % self.every
            percent = 100 * done // total if total else 100
            click.echo(f"mentor-tui: {records:,} records read ({percent}%)…", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@coordinator.command("import")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--progress-every", default=PROGRESS_EVERY, hidden=True, type=click.IntRange(1))
@click.pass_context
def import_cmd(ctx: click.Context, bundles: tuple[Path, ...], progress_every: int) -> None:
    """Import bundles: all of them or, if any is refused, none.

    Importing a bundle again, or a later export that overlaps an earlier one, counts each
    session once; the later export wins.
    """
    progress = _Progress(progress_every)
    with open_programme(_db(ctx)) as repo:
        try:
            summary = import_bundles(repo, bundles, progress=progress)
        finally:
            progress.close()
    for line in summary.lines():
        click.echo(line)


@coordinator.command("enrol")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def enrol_cmd(ctx: click.Context, file: Path) -> None:
    """Pin a pair's signing key from the file `mentor-tui export --enrolment FILE` made.

    After this, only bundles signed by that key are accepted for the pair's source. Check the
    printed fingerprint with the pair (over the phone, in person).
    """
    from mentor_tui.coordinator.importer import enrol

    enrolment = read_enrolment(file)
    with open_programme(_db(ctx)) as repo:
        known = enrol(repo, enrolment)
    print_ = fingerprint(enrolment.public_key)
    if known:
        click.echo(f"Source {enrolment.source} was already enrolled with this key ({print_}).")
    else:
        click.echo(
            f"Enrolled source {enrolment.source} for programme {enrolment.programme}: its "
            f"signing key {print_} is pinned; check this fingerprint with the pair."
        )


@coordinator.command("forget")
@click.argument("source")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def forget_cmd(ctx: click.Context, source: str, yes: bool) -> None:
    """Remove one source (a pair database) and everything imported from it.

    The only way anything leaves the coordinator database apart from a newer signed export
    of the same source. Its pinned key goes too, so its next bundle (or enrolment) pins a key
    afresh. Logged in the coordinator database.
    """
    from mentor_tui.core.errors import UserError

    source = source.strip().lower()
    if len(source) != 20 or any(c not in "0123456789abcdef" for c in source):
        raise UserError(
            f'"{source}" is not a source id (20 hex digits, as the import printed it); '
            "nothing was removed."
        )
    with open_programme(_db(ctx), create=False) as repo:
        if not repo.source_known(source):
            raise UserError(
                f"This coordinator database has no source {source}; nothing was removed."
            )
        rows = repo.source_rows(source)
        what = ", ".join(f"{n} {table}" for table, n in rows.items())
        if not yes and not click.confirm(
            f"Remove source {source} ({what}) and its pinned key?", default=False, err=True
        ):
            click.echo("Nothing was removed.", err=True)
            return
        with repo.write():
            removed = repo.forget(source)
    total = sum(removed.values())
    click.echo(f"Removed source {source}: {total} row(s) and its pinned key.")


def figure_options(command: _Command) -> _Command:
    """The options that both views of the programme figures take: report and dashboard."""
    decorators = [
        click.option(
            "--k",
            "k",
            default=DEFAULT_K,
            show_default=True,
            type=click.IntRange(1),
            help="Suppress any figure drawn from fewer than this many mentorships.",
        ),
        click.option(
            "--dormant-weeks",
            default=DEFAULT_DORMANT_WEEKS,
            show_default=True,
            type=click.IntRange(1),
            help="Dormant: no session in this many whole weeks.",
        ),
        click.option(
            "--as-of",
            "as_of",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Judge dormancy as of this date (YYYY-MM-DD; default today).",
        ),
    ]
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


@coordinator.command("report")
@click.option(
    "--html",
    "html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one self-contained HTML report here.",
)
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one CSV file per figure into this folder.",
)
@click.option(
    "--excel",
    is_flag=True,
    help="Start each CSV file with a byte-order mark so Excel reads it as UTF-8.",
)
@figure_options
@click.pass_context
def report_cmd(
    ctx: click.Context,
    html: Path | None,
    csv_dir: Path | None,
    excel: bool,
    k: int,
    dormant_weeks: int,
    as_of: datetime | None,
) -> None:
    """Programme figures, small groups suppressed: text on stdout, or --html / --csv files."""
    if excel and csv_dir is None:
        raise click.UsageError("--excel shapes the CSV files: give --csv FOLDER as well.")
    with open_programme(_db(ctx), create=False) as repo:
        report = build_report(
            repo,
            k=k,
            dormant_weeks=dormant_weeks,
            as_of=as_of.date() if as_of else None,
        )
    if html is None and csv_dir is None:
        click.echo(render_text(report), nl=False)
        return
    if html is not None:
        written = write_html(report, html)
        click.echo(f"Wrote the report to {written}.", err=True)
    if csv_dir is not None:
        files = write_csv(report, csv_dir, excel=excel)
        click.echo(f"Wrote {len(files)} CSV files to {Path(csv_dir)}.", err=True)


@coordinator.command("dashboard")
@figure_options
@click.pass_context
def dashboard_cmd(ctx: click.Context, k: int, dormant_weeks: int, as_of: datetime | None) -> None:
    """The main figures and a sparkline in the terminal (r reloads after an import)."""
    from mentor_tui.coordinator.dashboard import open_dashboard

    app = open_dashboard(
        _db(ctx), k=k, dormant_weeks=dormant_weeks, as_of=as_of.date() if as_of else None
    )
    app.run()
