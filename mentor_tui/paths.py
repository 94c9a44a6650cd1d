"""Where things live: the platform's data and config directories (platformdirs).

Tests point XDG_DATA_HOME and XDG_CONFIG_HOME at a temporary directory, so nothing
here needs a test-only switch.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "mentor-tui"
DB_ENV = "MENTOR_TUI_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create a directory readable by its owner only (0700); leave an existing one as is."""
    if not path.exists():
        old = os.umask(0o077)
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        finally:
            os.umask(old)
    return path


def default_db() -> Path:
    return data_dir() / "mentor.db"


def resolve_db(option: str | os.PathLike[str] | None) -> Path:
    """--db wins, then MENTOR_TUI_DB, then the data directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db()


def coordinator_db() -> Path:
    return data_dir() / "coordinator.db"


def prompts_dir() -> Path:
    """Built-in prompts: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "prompts"
    if packaged.is_dir():
        return packaged
    return here.parent / "prompts"


def user_prompts_dir() -> Path:
    """Users' and programmes' own agendas, templates and catalogues override built-ins."""
    return config_dir()
