"""When the app dies of a bug: keep what the person had typed, in a file only they can read."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mentor_tui import files, paths


@dataclass
class Rescued:
    """One piece of text the person had on screen: where it was, and what it said."""

    where: str
    text: str
    saved: bool = False


def write_rescue(
    items: list[Rescued],
    error: BaseException | None,
    *,
    context: str = "",
    directory: Path | None = None,
) -> Path:
    """Write a 0600 file in the data directory and return its path."""
    folder = paths.ensure_private_dir(directory or paths.data_dir())
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"rescue-{stamp}.txt"
    suffix = 1
    while path.exists():
        suffix += 1
        path = folder / f"rescue-{stamp}-{suffix}.txt"
    lines = [
        "mentor-tui stopped because of an unexpected error.",
        "Below is everything that was on screen and not yet saved (and what was, for context).",
        "",
    ]
    if context:
        lines += [context, ""]
    if not items:
        lines += ["(No unsaved text was open.)", ""]
    for item in items:
        state = "saved" if item.saved else "NOT SAVED"
        lines += [f"== {item.where} ({state}) ==", item.text, ""]
    if error is not None:
        lines += ["== The error, for a bug report ==", ""]
        lines += traceback.format_exception(type(error), error, error.__traceback__)
    text = "\n".join(line.rstrip("\n") for line in lines) + "\n"
    return files.create_private(path, text.encode("utf-8"))
