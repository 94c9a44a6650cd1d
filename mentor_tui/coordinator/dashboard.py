"""The coordinator's dashboard: the main figures and sparklines in the terminal.

`mentor-tui coordinator dashboard` opens it on the coordinator's database. It shows the same
suppressed figures as the HTML report (aggregate.build_report): the headline numbers, a
sparkline of sessions per month, and one figure at a time with a bar per row. A pair's app
never opens the coordinator's database, so this is an app of its own rather than a screen of
the pair's app.
"""

from __future__ import annotations

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
BLOCKS = " ▏▎▍▌▋▊▉█"


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
    #cards { height: auto; padding: 0 1; }
    .card { width: 1fr; height: 3; border: round $primary-darken-2; padding: 0 1;
            border-title-color: $text-muted; }
    .card.suppressed { color: $text-muted; }
    #trend { height: 3; padding: 0 1; }
    #trend-label { width: auto; padding: 1 1 0 0; color: $text-muted; }
    #spark { width: 1fr; height: 3; }
    #body { height: 1fr; }
    #figures { width: 28%; max-width: 36; height: 1fr; border: round $primary-darken-2; }
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
                yield DataTable(id="table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    @staticmethod
    def _card(label: str, value: str) -> Static:
        classes = "card suppressed" if value == SUPPRESSED else "card"
        card = Static(Text(value, style="bold"), classes=classes)
        card.border_title = label
        return card

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
            f"programme {report.programme} · as of {report.as_of.isoformat()} · groups under "
            f"{report.k} mentorships suppressed"
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
        self.query_one("#description", Static).update(note)
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        table.add_column(figure.label_name.capitalize(), key="label")
        for column in figure.columns:
            table.add_column(column.label, key=column.key)
        table.add_column("Mentorships", key="mentorships")
        if figure.chart:
            table.add_column("", key="bar")
        values = [chart_value(figure, r) for r in figure.rows]
        top = figure.chart_max or max([abs(v) for v in values if v is not None] + [0])
        for row in figure.all_rows():
            total = row is figure.total
            cells: list = [Text(row.label, style="bold" if total else "")]
            for column in figure.columns:
                shown = cell(row, column)
                cells.append(
                    Text(shown, style="dim italic" if row.suppressed else "", justify="right")
                )
            cells.append(
                Text(
                    SUPPRESSED if row.suppressed else format_value(row.mentorships, "int"),
                    style="dim italic" if row.suppressed else "",
                    justify="right",
                )
            )
            if figure.chart:
                cells.append(Text("") if total else bar(chart_value(figure, row), top))
            table.add_row(*cells, key=row.key or row.label)

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


def open_dashboard(db_path, *, k: int, dormant_weeks: int, as_of: date | None) -> DashboardApp:
    """The dashboard on a coordinator database; each (re)load opens, reads and closes it."""
    from mentor_tui.coordinator.aggregate import build_report
    from mentor_tui.store.programme import open_programme

    def load() -> Report:
        with open_programme(db_path, create=False) as repo:
            return build_report(repo, k=k, dormant_weeks=dormant_weeks, as_of=as_of)

    return DashboardApp(load)
