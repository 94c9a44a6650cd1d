"""The app's two themes: one dark, one light.

Colours are picked to keep their contrast when a 256-colour terminal rounds them to the
xterm palette (Textual does the rounding): no two roles sit on neighbouring greys, and text
on the background stays well above 7:1 in both themes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import Monochrome, NoColor
from textual.theme import Theme

_Result = TypeVar("_Result")  # what the app returns: any app will do

DARK = "mentor-dark"
LIGHT = "mentor-light"

# The same in both themes: who is typing and a private note stand out the same way.
_BOTH = {
    "block-cursor-text-style": "bold",
    "speaker-background": "#005f87",
    "speaker-foreground": "#ffffff",
    "private-background": "#5f005f",
    "private-foreground": "#ffffff",
}

# The two themes below are alike in shape only: a theme is a table of colours, each named
# in full so that one can be read (and checked for contrast) without the other.
MENTOR_DARK = Theme(
    name=DARK,
    primary="#5fafff",
    secondary="#87afd7",
    accent="#ffaf5f",
    warning="#ffd75f",
    error="#ff5f5f",
    success="#5fd787",
    foreground="#e4e4e4",
    background="#1c1c1c",
    surface="#262626",
    panel="#303030",
    dark=True,
    variables={
        "footer-key-foreground": "#ffaf5f",
        "input-selection-background": "#005f87 60%",
        **_BOTH,
        "match-background": "#875f00",
        "match-foreground": "#ffffff",
    },
)

# Alike in shape only: each colour is picked for its own background (see the top of this file).
MENTOR_LIGHT = Theme(
    name=LIGHT,
    primary="#005f87",
    secondary="#005faf",
    accent="#af5f00",
    warning="#875f00",
    error="#af0000",
    success="#005f00",
    foreground="#1c1c1c",
    background="#ffffff",
    surface="#eeeeee",
    panel="#dadada",
    dark=False,
    variables={
        "footer-key-foreground": "#005faf",
        "input-selection-background": "#87afd7 60%",
        **_BOTH,
        "match-background": "#ffd75f",
        "match-foreground": "#000000",
    },
)

THEMES = (MENTOR_DARK, MENTOR_LIGHT)


def other(theme_name: str) -> str:
    """The theme the toggle goes to from this one."""
    return LIGHT if theme_name == DARK else DARK


# Terminals that show no colour at all: colour codes are noise to them, and the state a
# colour carried (which row is highlighted) must come from reverse video instead.
MONOCHROME_TERMS = frozenset({"dumb", "vt52", "vt100", "vt102", "vt220", "vt320"})


def wants_no_colour(environ: Mapping[str, str]) -> bool:
    """NO_COLOR (no-color.org: set and not empty), or a terminal without colour."""
    return bool(environ.get("NO_COLOR")) or environ.get("TERM", "").lower() in MONOCHROME_TERMS


def limit_colours(app: App[_Result], environ: Mapping[str, str]) -> None:
    """Send no colour codes to a terminal that should get none.

    Textual alone answers NO_COLOR with grey 256- or 24-bit colours (its Monochrome filter),
    TERM=dumb with 24-bit colour and vt100 with the 16 ANSI colours. The NoColor filter
    leaves only the terminal's own two colours, with bold, underline and reverse video;
    app.tcss then marks highlights and focus in reverse video (the `:nocolor` rules).
    """
    if not (app.no_color or wants_no_colour(environ)):
        return
    app.no_color = True
    # Its rules match only without colour, so other terminals never parse them.
    app.css_path.append(Path(__file__).with_name("nocolor.tcss"))
    # Textual keeps its line filters in a private list; the public switch is NO_COLOR only.
    app._filters = [f for f in app._filters if not isinstance(f, Monochrome | NoColor)]
    app._filters.append(NoColor())


# Theme colours as Rich styles, for cells of a DataTable (which draws Rich text).
_TEXT_VARIABLES = {
    "error": "text-error",
    "success": "text-success",
    "warning": "text-warning",
    "primary": "text-primary",
    "muted": "foreground-muted",
    "accent": "text-accent",
}


def _color(app: App[Any], variable: str) -> Color:
    variables = app.theme_variables or app.get_css_variables()
    background = Color.parse(variables.get("background", "#000000"))
    try:
        color = Color.parse(variables.get(variable, variables.get("foreground", "#ffffff")))
    except Exception:  # noqa: BLE001 - a variable like "auto 60%" is not a plain colour
        color = Color.parse(variables.get("foreground", "#ffffff"))
    return background + color if color.a < 1 else color


def styles(app: App[Any]) -> dict[str, Style]:
    """error, success, warning, primary, muted, accent: the theme's text colours."""
    found = {name: Style(color=_color(app, var).rich_color) for name, var in _TEXT_VARIABLES.items()}
    found["bold"] = Style(bold=True)
    return found
