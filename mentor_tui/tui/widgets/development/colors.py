"""Theme colours as Rich styles, for cells of a DataTable (which draws Rich text)."""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.color import Color

_NAMES = {
    "error": "text-error",
    "success": "text-success",
    "warning": "text-warning",
    "primary": "text-primary",
    "muted": "foreground-muted",
    "accent": "text-accent",
}


def _color(app: App, variable: str) -> Color:
    variables = app.theme_variables or app.get_css_variables()
    background = Color.parse(variables.get("background", "#000000"))
    try:
        color = Color.parse(variables.get(variable, variables.get("foreground", "#ffffff")))
    except Exception:  # noqa: BLE001 - a variable like "auto 60%" is not a plain colour
        color = Color.parse(variables.get("foreground", "#ffffff"))
    return background + color if color.a < 1 else color


def styles(app: App) -> dict[str, Style]:
    """error, success, warning, primary, muted, accent: the theme's text colours."""
    found = {name: Style(color=_color(app, var).rich_color) for name, var in _NAMES.items()}
    found["bold"] = Style(bold=True)
    return found
