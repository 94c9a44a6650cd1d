"""The coordinator's report as one self-contained HTML file, as CSV files, or as plain text.

The HTML is rendered by Jinja with autoescaping on (labels come from bundles), charts are
inline SVG (charts.py), and the stylesheet is inline too: the file opens offline, mails as
one attachment and prints on A4 or Letter. Only suppressed figures reach this module.
"""

from __future__ import annotations

import csv
import os
import re
from importlib import resources
from pathlib import Path

from jinja2 import DictLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mentor_tui import paths
from mentor_tui.coordinator import charts
from mentor_tui.coordinator.aggregate import (
    SUPPRESSED,
    Figure,
    Report,
    cell,
    chart_value,
    format_value,
    month_label,
)
from mentor_tui.core.errors import UserError
from mentor_tui.files import write_private

TEMPLATE = "report.html.j2"


def _template_text() -> str:
    return (
        resources.files("mentor_tui.coordinator")
        .joinpath("templates", TEMPLATE)
        .read_text(encoding="utf-8")
    )


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=DictLoader({TEMPLATE: _template_text()}),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(cell=cell, SUPPRESSED=SUPPRESSED)
    return env


def _chart_text(figure: Figure, value: float | None) -> str:
    if value is None:
        return SUPPRESSED
    if figure.chart == "mentorships":
        return format_value(value, "int")
    column = next((c for c in figure.columns if c.key == figure.chart), None)
    return format_value(value, column.fmt if column else "num")


def figure_chart(figure: Figure) -> str:
    """The figure's chart as SVG markup, or "" when there is nothing to draw."""
    if not figure.chart or figure.withheld or not figure.rows:
        return ""
    points = [(row.label, chart_value(figure, row)) for row in figure.rows]
    if all(v is None or v == 0 for _, v in points) and not any(r.suppressed for r in figure.rows):
        return ""
    rows = [(label, value, _chart_text(figure, value)) for label, value in points]
    if figure.chart_kind == "vbar":
        return charts.vbar(rows, title=figure.title, key=figure.key)
    return charts.hbar(rows, maximum=figure.chart_max, title=figure.title, key=figure.key)


def render_html(report: Report) -> str:
    env = _environment()
    figures = [(figure, figure_chart(figure)) for figure in report.figures]
    return env.get_template(TEMPLATE).render(
        report=report,
        figures=figures,
        sparkline=charts.sparkline(report.sparkline),
        first_month=month_label(report.months[0]) if report.months else "",
        last_month=month_label(report.months[-1]) if report.months else "",
    )


def write_html(report: Report, path: str | os.PathLike[str]) -> Path:
    return write_private(path, render_html(report).encode("utf-8"), what="report")


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_") or "value"


def _unique(names: list[str]) -> list[str]:
    """Headers a database can load: a repeated name gets _2, _3..."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _number(value: float | int | None, fmt: str, report: Report) -> str:
    """A plain number: no separators, no units, no words; "" for none (see the flag column)."""
    if value is None:
        return ""
    if fmt == "int":
        return str(int(value))
    decimals = report.protection.decimals
    if fmt == "pct":
        decimals = max(decimals - 1, 0)
    return f"{value:.{decimals}f}"


def figure_rows(figure: Figure, report: Report) -> list[list[str]]:
    """A figure as CSV rows: a header, then one row per group and the total.

    Every value column holds numbers only; a suppressed cell is empty and its
    `<column>_suppressed` flag reads true (`suppression` says why: small, complementary or
    linked). `is_total` marks the total row so a sum over the others does not count it twice.
    """
    header = _unique(
        [
            _slug(figure.label_name),
            "label",
            *[c.key for c in figure.columns],
            "mentorships",
            *[f"{c.key}_suppressed" for c in figure.columns],
            "mentorships_suppressed",
            "suppression",
            "is_total",
        ]
    )
    out = [header]
    for row in figure.all_rows():
        reason = row.suppressed or ("linked" if row.hidden else "")
        out.append(
            [
                row.key or row.label,
                row.label,
                *[_number(row.value(c.key), c.fmt, report) for c in figure.columns],
                "" if row.suppressed else _number(row.mentorships or 0, "int", report),
                *[_flag(row.is_suppressed(c.key)) for c in figure.columns],
                _flag(bool(row.suppressed)),
                reason,
                _flag(row is figure.total),
            ]
        )
    return out


def overview_rows(report: Report) -> list[list[str]]:
    """The headline numbers as one wide row (numbers numeric, a flag beside each)."""
    first = report.months[0] if report.months else ""
    last = report.months[-1] if report.months else ""
    counts = ["mentorships", "sessions", "members", "active", "dormant"]
    small = report.headline.get("mentorships") is None
    header = [
        "programme",
        "as_of",
        "k",
        "rounding_base",
        "mean_decimals",
        "dormant_weeks",
        *counts,
        *[f"{name}_suppressed" for name in counts],
        "first_month",
        "last_month",
        "bundles",
    ]
    row = [
        report.programme,
        report.as_of.isoformat(),
        str(report.k),
        str(report.protection.base),
        str(report.protection.decimals),
        str(report.dormant_weeks),
        *[_number(report.headline.get(name), "int", report) for name in counts],
        *[_flag(report.headline.get(name) is None) for name in counts],
        "" if small else first,
        "" if small else last,
        str(report.headline.get("bundles", 0)),
    ]
    return [header, row]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run: one starting =, +, -, @, tab or CR gets a leading '.

    Labels come from bundles, so a label like `=cmd|' /C calc'!A0` must stay text. A plain
    number (a negative mean such as -0.25) is left as it is: no spreadsheet runs it.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(report: Report, folder: str | os.PathLike[str], *, excel: bool = False) -> list[Path]:
    """One CSV per figure, plus overview.csv, in `folder` (created if missing).

    `excel` starts each file with a UTF-8 byte-order mark: Excel then reads labels such as
    "Émile" or "2–3" as UTF-8 instead of the machine's legacy code page.
    """
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file; give a folder for the CSV files with --csv.")
    paths.ensure_private_dir(target)
    written = []

    def emit(name: str, rows: list[list[str]]) -> None:
        path = target / f"{name}.csv"
        from io import StringIO

        buffer = StringIO()
        if excel:
            buffer.write("\ufeff")
        csv.writer(buffer, lineterminator="\n").writerows(
            [csv_cell(value) for value in row] for row in rows
        )
        write_private(path, buffer.getvalue().encode("utf-8"), what="CSV file")
        written.append(path)

    emit("overview", overview_rows(report))
    for figure in report.figures:
        emit(figure.key, figure_rows(figure, report))
    return written


def render_text(report: Report) -> str:
    """Plain-text tables for the terminal."""
    lines = [
        f"Programme {report.programme}: report as of {report.as_of.isoformat()} "
        f"(groups of fewer than {report.k} mentorships suppressed"
        + (
            f"; counts rounded to the nearest {report.protection.base})"
            if report.protection.base > 1
            else ")"
        ),
        "",
    ]
    width = max(len(label) for label, _ in report.overview)
    lines += [f"  {label:<{width}}  {value}" for label, value in report.overview]
    for figure in report.figures:
        lines += ["", figure.title, "-" * len(figure.title)]
        if figure.withheld:
            lines.append(f"  suppressed: fewer than {report.k} mentorships in all")
            continue
        header = [figure.label_name, *[c.label for c in figure.columns], "Mentorships"]
        body = [
            [
                row.label,
                *[cell(row, c) for c in figure.columns],
                SUPPRESSED if row.suppressed else format_value(row.mentorships, "int"),
            ]
            for row in figure.all_rows()
        ]
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
        for i, row in enumerate([header, *body]):
            cells = [row[0].ljust(widths[0])] + [
                value.rjust(widths[j + 1]) for j, value in enumerate(row[1:])
            ]
            lines.append("  " + "  ".join(cells).rstrip())
            if i == 0:
                lines.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
