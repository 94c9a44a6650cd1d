"""`mentor-tui agendas list` and `mentor-tui agendas check [FILE...]`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from mentor_tui import paths
from mentor_tui.cli import main
from mentor_tui.core.agendas import Agenda, agenda_files, load_library, validate_file
from mentor_tui.core.catalogue import (
    AGREEMENT_FILE,
    COMPETENCIES_FILE,
    TOPICS_FILE,
    read_agreement,
    read_competencies,
    read_topics,
)
from mentor_tui.core.resources import RESOURCES_FILE, read_resources
from mentor_tui.core.tomlfile import PromptFileError

# The prompts files that are not agendas, by file name, with the reader that checks them.
_OTHER_FILES: dict[str, Callable[[Path], Any]] = {
    TOPICS_FILE: read_topics,
    AGREEMENT_FILE: read_agreement,
    COMPETENCIES_FILE: read_competencies,
    RESOURCES_FILE: read_resources,
}


def _agenda_dirs() -> tuple[Path, Path]:
    return paths.prompts_dir() / "agendas", paths.user_prompts_dir() / "agendas"


@main.group()
def agendas() -> None:
    """The session agendas: list them, and check agenda files for mistakes."""


@agendas.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print every agenda in full as JSON.")
def list_agendas(as_json: bool) -> None:
    """List the built-in and your own agendas (yours replace built-ins with the same key)."""
    library = load_library(*_agenda_dirs())
    # A broken file must not hide the rest: list the good ones, and say which were skipped.
    for error in library.errors:
        click.echo(f"mentor-tui: skipped {error.describe()}", err=True)
    if as_json:
        click.echo(json.dumps([_as_json(a) for a in library], indent=2, ensure_ascii=False))
        return
    rows = [("KEY", "NAME", "MINUTES", "SECTIONS", "FROM")]
    rows += [
        (
            a.key,
            a.name,
            str(a.total_minutes),
            str(len(a.sections)),
            "built-in" if a.builtin else "user",
        )
        for a in library
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = {2, 3}
    for row in rows:
        cells = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        click.echo("  ".join(cells).rstrip())


def _as_json(agenda: Agenda) -> dict[str, Any]:
    return {
        "key": agenda.key,
        "name": agenda.name,
        "purpose": agenda.purpose,
        "style": agenda.style,
        "source": agenda.source,
        "sensitive": agenda.sensitive,
        "prepare": list(agenda.prepare),
        "total_minutes": agenda.total_minutes,
        "builtin": agenda.builtin,
        "path": str(agenda.path),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "minutes": s.minutes,
                "kind": s.kind,
                "prompts": list(s.prompts),
                "talking_points": s is agenda.points_section,
                "mentor_notes": list(s.mentor_notes),
                "resources": s.resources,
            }
            for s in agenda.sections
        ],
    }


@agendas.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check agenda files and point at the line that is wrong.

    With no FILE, checks every built-in and user agenda, and the topic catalogue, agreement
    and competency files. A directory stands for the .toml files in it. Prints "ok  FILE"
    for each good file and one line per bad one; the exit status is 1 if any is bad.
    """
    bad = 0
    for path in _targets(files) if files else _default_targets():
        problem = _problem(path)
        if problem is None:
            click.echo(f"ok  {path}")
        else:
            click.echo(problem, err=True)
            bad += 1
    if bad:
        sys.exit(1)


def _targets(files: Iterable[Path]) -> list[Path]:
    targets: list[Path] = []
    for path in files:
        if path.is_dir():
            # Spelled as a path so that _problem reports the empty directory by name.
            targets.extend(agenda_files(path) or [path])
        else:
            targets.append(path)
    return targets


def _default_targets() -> list[Path]:
    builtin_agendas, user_agendas = _agenda_dirs()
    targets = agenda_files(builtin_agendas) + agenda_files(user_agendas)
    for directory in (paths.prompts_dir(), paths.user_prompts_dir()):
        targets += [directory / name for name in _OTHER_FILES if (directory / name).is_file()]
    return targets


def _problem(path: Path) -> str | None:
    """The one line that says what is wrong with the file, or None when it is good."""
    if path.is_dir():
        return f"{path}: no .toml files to check in this directory"
    reader = _OTHER_FILES.get(path.name) if path.parent.name != "agendas" else None
    if reader is not None:
        try:
            reader(path)
        except PromptFileError as exc:
            return exc.describe(path)
        return None
    problems = validate_file(path)
    return problems[0].describe(path) if problems else None
