"""The warm parent `serve` forks each session's app from (see mentor_tui/server/prefork.py).

    python -m mentor_tui.cli.prefork FD

Run by `serve` only. It imports what the app imports before its first frame and what the
screens a session opens import, so every forked app shares those pages with this process.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

# Imported before forking: the app, its screens and widgets, and the libraries a session
# reaches (templates for the follow-up, the calendar for invites).
WARM_MODULES = (
    "mentor_tui.cli",
    "mentor_tui.launch",
    "mentor_tui.tui.app",
    "mentor_tui.store",
    "textual.widgets",
    "jinja2",
    "icalendar",
)
WARM_PACKAGES = ("mentor_tui.tui.screens", "mentor_tui.tui.widgets")


def warm() -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)
    for package_name in WARM_PACKAGES:
        package = importlib.import_module(package_name)
        for found in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(found.name)
    # Textual's widgets module loads each widget on first use; load them all here. (Its type
    # stub leaves out __all__, which a module object read as such still has.)
    widgets = importlib.import_module("textual.widgets")
    for name in widgets.__all__:
        getattr(widgets, name)


def run_app(argv: list[str]) -> int:
    from mentor_tui.cli import main

    main.main(args=argv[argv.index("mentor_tui") + 1 :], prog_name="mentor-tui")
    return 0


if __name__ == "__main__":
    from mentor_tui.server.prefork import run_parent

    warm()
    sys.exit(run_parent(int(sys.argv[1]), run_app))
