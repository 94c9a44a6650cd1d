"""The coordinator's dashboard: the main figures and sparklines in the terminal.

`mentor-tui coordinator dashboard` opens it on the coordinator's database. It shows the same
suppressed figures as the HTML report (aggregate.build_report): the headline numbers, a
sparkline of sessions per month, and one figure at a time with a bar per row. A pair's app
never opens the coordinator's database, so this is an app of its own rather than a screen of
the pair's app.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from mentor_tui.coordinator.aggregate import (
    SUPPRESSED,
    Figure,
    Report,
    cell,
    chart_value,
    format_value,
    month_label,
)

BAR_WIDTH = 16
MIN_BAR_WIDTH = 4
LABEL_WIDTH = 20  # longer group labels (agenda and topic names) wrap onto a second line
MIN_LABEL_WIDTH = 10
CELL_PADDING = 2  # DataTable pads each cell by one on either side
BLOCKS = " ▏▎▍▌▋▊▉█"
UNITS = {"min": "min", "hours": "hours"}


def header(label: str, unit: str | None = None) -> Text:
    """A column header on at most two lines, so narrow numbers get narrow columns.

    "Actual / plan" becomes "Actual /" over "plan"; a unit goes on the second line
    ("Planned" over "min") and leaves the cells as bare numbers.
    """
    if unit:
        return Text(f"{label}\n{unit}", justify="right")
    words = label.split(" ")
    if len(label) <= 8 or len(words) == 1:
        if label == "Mentorships":
            return Text("Mentor-\nships", justify="right")
        return Text(label, justify="right")
    best = min(
        range(1, len(words)),
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    return Text(" ".join(words[:best]) + "\n" + " ".join(words[best:]), justify="right")


def _width(text: Text) -> int:
    return max((len(line) for line in text.plain.split("\n")), default=0)


def bar(value: float | None, top: float, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar in eighths of a cell; a suppressed value is a dotted stub."""
    if value is None:
        return Text("░░░", style="dim")
    if top <= 0:
        return Text("")
    eighths = max(0, round(abs(value) / top * width * 8))
    full, part = divmod(eighths, 8)
    return Text("█" * full + (BLOCKS[part] if part else ""), style="bold")


class DashboardApp(App[None]):
    """Loads the report through `load` (again on r), so a fresh import shows at once."""

    TITLE = "mentor-tui coordinator"
    CSS = """
    #cards { height: auto; }
    /* Label over value, no border: at 80 columns a border title cut "Mentorships". */
    .card { width: 1fr; height: 2; padding: 0 1; margin-right: 1; background: $boost; }
    .card.suppressed { color: $text-muted; }
    #trend { height: 3; padding: 0 1; }
    #trend-label { width: auto; padding: 1 1 0 0; color: $text-muted; }
    #spark { width: 1fr; height: 3; }
    #body { height: 1fr; }
    /* A stable gutter: when the list grows a scrollbar (a resize to 80 columns), its text
       keeps the width it was wrapped at instead of losing an option's second line. */
    #figures { width: 22; height: 1fr; border: round $primary-darken-2;
               scrollbar-gutter: stable; }
    #figure { width: 1fr; height: 1fr; border: round $primary-darken-2; padding: 0 1; }
    #description { height: auto; color: $text-muted; padding-bottom: 1; }
    #table { height: 1fr; }
    """
    BINDINGS = [
        Binding("r", "reload", "Reload"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, load: Callable[[], Report]):
        super().__init__()
        self._load = load
        self.report: Report = load()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="cards"):
            for label, value in self.report.overview[:5]:
                yield self._card(label, value)
        with Horizontal(id="trend"):
            yield Static("Sessions per month", id="trend-label")
            yield Sparkline(self._spark_data(), id="spark")
        with Horizontal(id="body"):
            yield OptionList(
                *[Option(f.title, id=f.key) for f in self.report.figures], id="figures"
            )
            with Vertical(id="figure"):
                yield Static("", id="description")
                yield DataTable(id="table", zebra_stripes=True, cursor_type="row", header_height=2)
        yield Footer()

    @staticmethod
    def _card(label: str, value: str) -> Static:
        classes = "card suppressed" if value == SUPPRESSED else "card"
        text = Text.assemble((label, "dim"), "\n", (value, "bold"))
        return Static(text, classes=classes, name=label)

    def _spark_data(self) -> list[float]:
        return [float(v or 0) for v in self.report.sparkline] or [0.0]

    def on_mount(self) -> None:
        self._describe()
        figures = self.query_one("#figures", OptionList)
        figures.highlighted = 0
        figures.focus()
        self.show(self.report.figures[0])

    def _describe(self) -> None:
        report = self.report
        self.sub_title = (
            f"programme {report.programme} · as of {report.as_of.isoformat()} · under "
            f"{report.k} suppressed · rounded to {report.protection.base}"
        )
        months = report.months
        label = "Sessions per month"
        if months:
            label += f"\n{month_label(months[0])} – {month_label(months[-1])}"
        self.query_one("#trend-label", Static).update(label)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option.id
        figure = next((f for f in self.report.figures if f.key == key), None)
        if figure is not None:
            self.show(figure)

    def show(self, figure: Figure) -> None:
        self.shown = figure.key
        note = figure.description
        if figure.withheld:
            note += f"\nSuppressed: fewer than {self.report.k} mentorships in all."
        elif any(row.hidden for row in figure.all_rows()):
            note += "\nMeans suppressed: the distribution they summarise hides a cell."
        self.query_one("#description", Static).update(note)
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        rows = figure.all_rows()
        headers = [Text(figure.label_name.capitalize())]
        headers += [header(c.label, UNITS.get(c.fmt)) for c in figure.columns]
        headers.append(header("Mentorships"))
        body: list[list[Text]] = []
        for row in rows:
            total = row is figure.total
            cells = [Text(row.label, style="bold" if total else "")]
            for column in figure.columns:
                dim = row.is_suppressed(column.key)
                shown = cell(row, column)
                if column.fmt in UNITS and not dim:
                    shown = format_value(row.value(column.key), "num")
                cells.append(Text(shown, style="dim italic" if dim else "", justify="right"))
            cells.append(
                Text(
                    SUPPRESSED if row.suppressed else format_value(row.mentorships, "int"),
                    style="dim italic" if row.suppressed else "",
                    justify="right",
                )
            )
            body.append(cells)
        widths = [max([_width(h), *(len(r[i].plain) for r in body)]) for i, h in enumerate(headers)]
        widths[0] = min(widths[0], LABEL_WIDTH)
        # The bar takes what room is left (every number column is shown first), and goes
        # when too little is left for it to say anything.
        # The room the rows will have: the table's width, less a vertical scrollbar if the
        # rows will need one (worked out here, before they are in).
        lines = table.header_height + sum(2 if len(r[0].plain) > widths[0] else 1 for r in body)
        scrollbar = table.styles.scrollbar_size_vertical if lines > table.size.height else 0
        room = (table.size.width or self.size.width) - scrollbar
        # A near miss is met by wrapping the labels a little more rather than by a scrollbar.
        overflow = sum(w + CELL_PADDING for w in widths) - room
        if overflow > 0:
            # Never narrower than its longest word: a single word is cut, not wrapped.
            longest_word = max(len(w) for r in body for w in r[0].plain.split() or [""])
            floor = min(widths[0], max(MIN_LABEL_WIDTH, longest_word))
            widths[0] = max(floor, widths[0] - overflow)
        spare = room - sum(w + CELL_PADDING for w in widths) - CELL_PADDING
        bar_width = min(BAR_WIDTH, spare) if figure.chart else 0
        keys = ["label", *[c.key for c in figure.columns], "mentorships"]
        for key, label, width in zip(keys, headers, widths, strict=True):
            table.add_column(label, key=key, width=width)
        if bar_width >= MIN_BAR_WIDTH:
            table.add_column("", key="bar", width=bar_width)
            values = [chart_value(figure, r) for r in figure.rows]
            top = figure.chart_max or max([abs(v) for v in values if v is not None] + [0])
            for row, cells in zip(rows, body, strict=True):
                total = row is figure.total
                cells.append(Text("") if total else bar(chart_value(figure, row), top, bar_width))
        for row, cells in zip(rows, body, strict=True):
            wraps = len(cells[0].plain) > widths[0]
            table.add_row(*cells, key=row.key or row.label, height=None if wraps else 1)

    def on_resize(self) -> None:
        # The bar's width depends on the room the table has: lay the figure out again once
        # the new size has reached the table (and whichever figure is shown by then).
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        shown = getattr(self, "shown", None)
        figure = next((f for f in self.report.figures if f.key == shown), None)
        if figure is not None:
            self.show(figure)

    def action_reload(self) -> None:
        self.report = self._load()
        cards = self.query_one("#cards", Horizontal)
        cards.remove_children()
        cards.mount(*[self._card(label, value) for label, value in self.report.overview[:5]])
        self.query_one("#spark", Sparkline).data = self._spark_data()
        self._describe()
        current = next(
            (f for f in self.report.figures if f.key == getattr(self, "shown", None)),
            self.report.figures[0],
        )
        self.show(current)
        self.notify("Reloaded the coordinator database.")


def open_dashboard(db_path: str | os.PathLike[str], *, k: int, dormant_weeks: int, as_of: date | None) -> DashboardApp:
    """The dashboard on a coordinator database; each (re)load opens, reads and closes it."""
    from mentor_tui.coordinator.aggregate import build_report
    from mentor_tui.store.programme import open_programme

    def load() -> Report:
        with open_programme(db_path, create=False) as repo:
            return build_report(repo, k=k, dormant_weeks=dormant_weeks, as_of=as_of)

    return DashboardApp(load)
