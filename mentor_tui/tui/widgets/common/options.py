"""The keyword arguments Textual widgets take, for our widgets that pass them on."""

from __future__ import annotations

from typing import Literal, TypedDict


class WidgetOptions(TypedDict, total=False):
    """What every widget takes."""

    name: str | None
    id: str | None
    classes: str | None
    disabled: bool


class CompactOptions(WidgetOptions, total=False):
    """Footer, OptionList and TextArea also draw a compact form."""

    compact: bool


class EditorOptions(CompactOptions, total=False):
    """The TextArea settings our editors are given."""

    soft_wrap: bool
    tab_behavior: Literal["focus", "indent"]
    read_only: bool
