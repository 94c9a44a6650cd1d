"""The user's settings file: `config.toml` in the config directory (paths.config_dir()).

One file for settings that are a person's own and never belong in the shared database: the
mail server (`[smtp]`) and the reminders' defaults (`[reminders]`). Each section is read and
checked by the module that uses it; this module only finds and parses the file, so every
complaint names the file (and, for syntax errors, the line tomllib reports).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from mentor_tui import paths
from mentor_tui.core.errors import UserError

CONFIG_FILE = "config.toml"


def config_path() -> Path:
    return paths.config_dir() / CONFIG_FILE


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The parsed file, or {} when there is none."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise UserError(f"{path} is not a UTF-8 text file; save it as UTF-8.") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path} is not valid TOML ({exc}); correct it and try again.") from None


def section(name: str, path: Path | None = None) -> dict[str, Any] | None:
    """One `[name]` table of the file, None when the file or the table is missing."""
    found = load_config(path).get(name)
    if found is None:
        return None
    if not isinstance(found, dict):
        raise UserError(f"In {path or config_path()}, {name} must be a table ([{name}]).")
    return found
