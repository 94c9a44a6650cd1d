"""Small helpers for printing: JSON for scripts, aligned columns for people."""

from __future__ import annotations

import json
from typing import Any

import click

from mentor_tui.store.rows import to_plain


def print_json(value: Any) -> None:
    click.echo(json.dumps(to_plain(value), ensure_ascii=False, indent=2))


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    if not rows:
        return
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
    for line in (headers, *rows):
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
