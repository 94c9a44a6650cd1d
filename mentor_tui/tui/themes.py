"""The app's two themes: one dark, one light.

Colours are picked to keep their contrast when a 256-colour terminal rounds them to the
xterm palette (Textual does the rounding): no two roles sit on neighbouring greys, and text
on the background stays well above 7:1 in both themes.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = "mentor-dark"
LIGHT = "mentor-light"

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
        "block-cursor-text-style": "bold",
        "speaker-background": "#005f87",
        "speaker-foreground": "#ffffff",
        "private-background": "#5f005f",
        "private-foreground": "#ffffff",
        "match-background": "#875f00",
        "match-foreground": "#ffffff",
    },
)

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
        "block-cursor-text-style": "bold",
        "speaker-background": "#005f87",
        "speaker-foreground": "#ffffff",
        "private-background": "#5f005f",
        "private-foreground": "#ffffff",
        "match-background": "#ffd75f",
        "match-foreground": "#000000",
    },
)

THEMES = (MENTOR_DARK, MENTOR_LIGHT)


def other(theme_name: str) -> str:
    """The theme the toggle goes to from this one."""
    return LIGHT if theme_name == DARK else DARK
