"""Small helpers for printing: JSON for scripts, aligned columns for people, safe text.

Names, notes and titles come from other people (a partner's app, an import): everything
the CLI prints of them goes through `echo` (or the two helpers below), so a name cannot
set the reader's clipboard or window title through their terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

from mentor_tui.core.text import printable
from mentor_tui.store.rows import to_plain

# json.dumps escapes C0 controls itself; these it leaves raw with ensure_ascii=False. Escaped
# rather than removed: JSON is for scripts, which get the stored text back exactly.
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def echo(message: Any = "", **kwargs: Any) -> None:
    """click.echo, with terminal control sequences taken out of the text."""
    click.echo(printable(str(message)), **kwargs)


def print_json(value: Any) -> None:
    text = json.dumps(to_plain(value), ensure_ascii=False, indent=2)
    click.echo(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    if not rows:
        return
    rows = [[printable(str(c)) for c in row] for row in rows]
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
    for line in (headers, *rows):
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
