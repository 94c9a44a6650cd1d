"""Programme figures from the coordinator's database, suppressed before anyone sees them.

`build_report` asks the store for small GROUP BY results and turns each into a Figure:
labelled rows of numbers, each row with the count of mentorships behind it, a total row
where the figure adds up, and disclosure control already applied (suppress.py: small-cell
and complementary suppression, counts rounded to base 5, means and percentages to a fixed
precision, linked suppression). The exact figures never leave this module: the renderers
(report.py, and the app's dashboard) only ever see protected ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from mentor_tui.coordinator import suppress
from mentor_tui.coordinator.suppress import DEFAULT_PROTECTION, Protection
from mentor_tui.core.agendas import SECTION_KINDS
from mentor_tui.core.clock import now, now_iso

if TYPE_CHECKING:
    from mentor_tui.store.programme import ProgrammeRepo

# A row of the programme database's figures, as ProgrammeRepo's queries return it.
DbRow = dict[str, Any]

DEFAULT_K = 5
DEFAULT_DORMANT_WEEKS = 3
SUPPRESSED = "suppressed"
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    fmt: str = "int"  # int (a count) | num | pct | min | hours | score
    # A percentage of two count columns of the same row, computed from their rounded values.
    ratio_of: tuple[str, str] | None = None
    # The key of another figure whose cells this statistic is a function of (linked tables).
    summarises: str | None = None

    @property
    def is_count(self) -> bool:
        return self.fmt == "int"


@dataclass
class Row:
    label: str
    values: dict[str, float | int | None]
    mentorships: int | None
    suppressed: str | None = None
    key: str | None = None  # the raw group value (e.g. "2025-03"), for CSV and charts
    hidden: set[str] = field(default_factory=set)  # columns suppressed as linked cells

    def clear(self) -> None:
        self.values = dict.fromkeys(self.values)
        self.mentorships = None

    def hide(self, column: str) -> None:
        self.hidden.add(column)
        self.values[column] = None

    def is_suppressed(self, column: str) -> bool:
        return bool(self.suppressed) or column in self.hidden

    def value(self, column: str) -> float | int | None:
        return None if self.is_suppressed(column) else self.values.get(column)


@dataclass
class Figure:
    key: str
    title: str
    description: str
    label_name: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    chart: str | None = None  # the column to draw
    chart_kind: str = "hbar"  # hbar | vbar
    chart_max: float | None = None  # a fixed scale (100 for percentages), else the data's

    @property
    def withheld(self) -> bool:
        """The whole figure is suppressed (its total came from fewer than k mentorships)."""
        return self.total is not None and self.total.suppressed == suppress.SMALL

    @property
    def empty(self) -> bool:
        return not self.rows

    def all_rows(self) -> list[Row]:
        return self.rows + ([self.total] if self.total is not None else [])


@dataclass
class Report:
    programme: str
    k: int
    dormant_weeks: int
    as_of: date
    generated_at: str
    overview: list[tuple[str, str]]
    figures: list[Figure]
    sparkline: list[int | None] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    protection: Protection = DEFAULT_PROTECTION
    # The overview's numbers for machines (CSV): None where suppressed or unknown.
    headline: dict[str, int | None] = field(default_factory=dict)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def format_value(value: float | int | None, fmt: str) -> str:
    if value is None:
        return "–"
    if fmt == "int":
        return f"{int(round(value)):,}"
    if fmt == "pct":
        return f"{value:.0f}%"
    if fmt == "min":
        return f"{value:.1f} min"
    if fmt == "hours":
        return f"{value:,.1f} h"
    if fmt == "score":
        return f"{value:+.1f}"
    return f"{value:.1f}"


def cell(row: Row, column: Column) -> str:
    if row.is_suppressed(column.key):
        return SUPPRESSED
    return format_value(row.values.get(column.key), column.fmt)


def _count(row: Row) -> str:
    return SUPPRESSED if row.suppressed else format_value(row.mentorships, "int")


def month_label(month: str | None) -> str:
    if not month or len(month) != 7:
        return month or "?"
    return f"{_MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"


def _pct(part: float | None, whole: float | None) -> float | None:
    if not whole or part is None:
        return None
    return 100.0 * part / whole


def _split(rows: list[DbRow]) -> tuple[list[DbRow], DbRow | None]:
    from mentor_tui.store.programme import TOTAL

    body = [r for r in rows if r["label"] != TOTAL]
    total = next((r for r in rows if r["label"] == TOTAL), None)
    return body, total


def _figure(
    key: str,
    title: str,
    description: str,
    label_name: str,
    columns: list[Column],
    raw: list[DbRow],
    derived: Callable[[DbRow], dict[str, float | int | None]] = lambda r: {},
    *,
    labels: Callable[[Any], str] = lambda label: str(label),
    total_label: str = "All",
    k: int,
    chart: str | None = None,
    chart_kind: str = "hbar",
    chart_max: float | None = None,
    fixed: tuple[Any, ...] | None = None,
    protection: Protection = DEFAULT_PROTECTION,
) -> Figure:
    body, total_raw = _split(raw)
    by_label = {r["label"]: r for r in body}

    def values(r: DbRow) -> dict[str, float | int | None]:
        # Each column as the query named it (a count missing from the row is 0), then the
        # figure's own computed columns (percentages, hours) over the top, in column order.
        read = {c.key: r.get(c.key, 0 if c.is_count else None) for c in columns}
        return read | derived(r)

    order = list(fixed) if fixed is not None else [r["label"] for r in body]
    rows = []
    for label in order:
        found = by_label.get(label)
        if found is None:
            found = {"label": label, "mentorships": 0}
        rows.append(
            Row(
                label=labels(label),
                values=values(found),
                mentorships=int(found.get("mentorships") or 0),
                key=str(label),
            )
        )
    total = None
    if total_raw is not None:
        total = Row(
            label=total_label,
            values=values(total_raw),
            mentorships=int(total_raw.get("mentorships") or 0),
            key="total",
        )
    figure = Figure(
        key=key,
        title=title,
        description=description,
        label_name=label_name,
        columns=columns,
        rows=rows,
        total=total,
        chart=chart,
        chart_kind=chart_kind,
        chart_max=chart_max,
    )
    suppress.apply(figure.rows, figure.total, k)
    _coarsen(figure, protection)
    return figure


def _coarsen(figure: Figure, protection: Protection) -> None:
    """Round what a suppressed figure still shows: counts to the base, the rest to a precision.

    Runs after suppression (which needs the exact counts) and replaces the exact values, so
    nothing downstream can print them.
    """
    for row in figure.all_rows():
        if row.suppressed:
            continue
        row.mentorships = protection.count(row.mentorships)
        for column in figure.columns:
            if column.is_count:
                row.values[column.key] = protection.count(row.values.get(column.key))
        for column in figure.columns:
            value = row.values.get(column.key)
            if column.is_count:
                continue
            if column.ratio_of is not None:
                part, whole = column.ratio_of
                row.values[column.key] = protection.percent(
                    _pct(row.values.get(part), row.values.get(whole))
                )
            elif column.fmt == "pct":
                row.values[column.key] = protection.percent(value)
            else:
                row.values[column.key] = protection.mean(value)


def _link(figures: list[Figure]) -> None:
    """Linked suppression: a statistic that summarises a figure with a suppressed cell goes.

    The mean rating is a weighted sum of the rating distribution's cells; published beside
    that distribution's totals it would give its suppressed cells back (two equations, two
    unknowns), so wherever the distribution hides a cell the mean is hidden in every row.
    """
    by_key = {f.key: f for f in figures}
    for figure in figures:
        for column in figure.columns:
            source = by_key.get(column.summarises or "")
            if source is None:
                continue
            if any(row.suppressed for row in source.all_rows()):
                for row in figure.all_rows():
                    row.hide(column.key)


SESSION_BUCKETS = (
    (0, 0, "none"),
    (1, 1, "1"),
    (2, 3, "2–3"),
    (4, 6, "4–6"),
    (7, 12, "7–12"),
    (13, 24, "13–24"),
    (25, 49, "25–49"),
    (50, None, "50 or more"),
)
ACTIVITY_STATES = ("active", "dormant", "not met yet", "paused", "closed")
# The app's section kinds in its own order, then "other" (what a bundle calls any other kind).
SECTION_KIND_ORDER = (*SECTION_KINDS, "other")


def _bucketed(rows: list[DbRow]) -> list[DbRow]:
    counts = {label: 0 for _, _, label in SESSION_BUCKETS}
    for r in rows:
        n = r["sessions"]
        for low, high, label in SESSION_BUCKETS:
            if n >= low and (high is None or n <= high):
                counts[label] += r["mentorships"]
                break
    out = [{"label": label, "mentorships": n} for label, n in counts.items()]
    out.append({"label": "__total__", "mentorships": sum(counts.values())})
    return out


def build_report(
    repo: ProgrammeRepo,
    *,
    k: int = DEFAULT_K,
    dormant_weeks: int = DEFAULT_DORMANT_WEEKS,
    as_of: date | None = None,
    protection: Protection = DEFAULT_PROTECTION,
) -> Report:
    if k < 1:
        raise ValueError("k must be at least 1")
    as_of = as_of or now().astimezone().date()
    as_of_monday = as_of - timedelta(days=as_of.weekday())
    figures: list[Figure] = []
    # Every figure is declared in full below, one call each: its title, description, columns
    # and query are what the report says, so the calls look alike by design. What they share
    # (the k and the protection of this report) is bound here once.
    figure = partial(_figure, k=k, protection=protection)

    months_raw = repo.sessions_by_month()
    figures.append(
        figure(
            "sessions-by-month",
            "Sessions per month",
            "Sessions held each month (by the ISO week each fell in), and how many "
            "mentorships met.",
            "month",
            [Column("sessions", "Sessions")],
            months_raw,
            labels=month_label,
            chart="sessions",
            chart_kind="vbar",
        )
    )
    figures.append(
        figure(
            "sessions-per-mentorship",
            "Sessions per mentorship",
            "How many mentorships have held this many sessions so far.",
            "sessions",
            [],
            _bucketed(repo.sessions_per_mentorship()),
            fixed=tuple(label for _, _, label in SESSION_BUCKETS),
            chart="mentorships",
            chart_kind="vbar",
        )
    )
    figures.append(
        figure(
            "duration-vs-plan",
            "Duration against plan",
            "Finished sessions by agenda: mean planned and actual minutes, and how many ran "
            "short (under 90% of plan), on time or long (over 110%).",
            "agenda",
            [
                Column("sessions", "Sessions"),
                Column("planned", "Planned", "min"),
                Column("actual", "Actual", "min"),
                Column("ratio", "Actual / plan", "pct"),
                Column("short", "Short"),
                Column("on_time", "On time"),
                Column("long", "Long"),
            ],
            repo.duration_by_agenda(),
            lambda r: {"ratio": _pct(r.get("actual"), r.get("planned"))},
            total_label="All agendas",
            chart="ratio",
        )
    )
    kinds_raw = repo.time_by_section_kind()
    _, kinds_total = _split(kinds_raw)
    all_actual = (kinds_total or {}).get("actual") or 0
    present = {r["label"] for r in kinds_raw}
    figures.append(
        figure(
            "time-by-section-kind",
            "Time per section kind",
            "Planned and actual hours in finished sessions by kind of agenda section, and "
            "each kind's share of the time actually spent.",
            "section kind",
            [
                Column("planned", "Planned", "hours"),
                Column("actual", "Actual", "hours"),
                Column("share", "Share of time", "pct"),
            ],
            kinds_raw,
            lambda r: {
                "planned": (r.get("planned") or 0) / 60,
                "actual": (r.get("actual") or 0) / 60,
                "share": _pct(r.get("actual") or 0, all_actual),
            },
            fixed=tuple(kind for kind in SECTION_KIND_ORDER if kind in present),
            total_label="All sections",
            chart="share",
            chart_max=100,
        )
    )
    figures.append(
        figure(
            "goals-by-category",
            "Goal completion by category",
            "Goals by category: how many, how many done or dropped, and mean progress.",
            "category",
            [
                Column("goals", "Goals"),
                Column("done", "Done"),
                Column("dropped", "Dropped"),
                Column("completion", "Completed", "pct", ratio_of=("done", "goals")),
                Column("progress", "Mean progress", "pct"),
            ],
            repo.goals_by_category(),
            lambda r: {"completion": _pct(r.get("done"), r.get("goals"))},
            total_label="All goals",
            chart="completion",
            chart_max=100,
        )
    )
    figures.append(
        figure(
            "action-items",
            "Action-item completion",
            "Action items by who owns them: created, completed, and overdue at the time of "
            "the pair's latest export.",
            "owner",
            [
                Column("created", "Created"),
                Column("done", "Done"),
                Column("overdue", "Overdue"),
                Column("completion", "Completed", "pct", ratio_of=("done", "created")),
            ],
            repo.actions_by_owner(),
            lambda r: {"completion": _pct(r.get("done"), r.get("created"))},
            labels=lambda label: {"mentor": "Mentors", "mentee": "Mentees"}.get(label, "Unknown"),
            total_label="All action items",
            chart="completion",
            chart_max=100,
        )
    )
    figures.append(
        figure(
            "reverse-mentoring",
            "Reverse mentoring: topics and skill gain",
            "Topics the mentee taught the mentor, with the mentor's self-rated skill (1–5) "
            "before and after; a pair's own topics are counted together.",
            "topic",
            [
                Column("sessions", "Sessions"),
                Column("before", "Skill before", "num"),
                Column("after", "Skill after", "num"),
                Column("gain", "Mean gain", "score"),
            ],
            repo.topics(),
            total_label="All topics",
            chart="gain",
        )
    )
    figures.append(
        figure(
            "ratings-by-role",
            "Session ratings",
            "Ratings (1–5) each member gave their sessions, and how many said the pairing "
            "is working.",
            "rated by",
            [
                Column("ratings", "Ratings"),
                Column("score", "Mean rating", "num", summarises="ratings-distribution"),
                Column("working", "Pairing working", "pct"),
            ],
            repo.ratings_by_role(),
            lambda r: {
                # From rounded counts, as every percentage of counts is (suppress.py).
                "working": _pct(
                    protection.count(r.get("working")), protection.count(r.get("answered"))
                ),
            },
            labels=lambda label: {"mentor": "Mentors", "mentee": "Mentees"}.get(label, "Unknown"),
            total_label="Everyone",
            chart="score",
            chart_max=5,
        )
    )
    figures.append(
        figure(
            "ratings-distribution",
            "Ratings given",
            "How often each rating was given.",
            "rating",
            [Column("ratings", "Ratings")],
            repo.ratings_by_score(),
            labels=lambda label: f"{label} of 5",
            fixed=(1, 2, 3, 4, 5),
            total_label="All ratings",
            chart="ratings",
            chart_kind="vbar",
        )
    )
    activity_rows = repo.activity(as_of_monday.isoformat(), dormant_weeks)
    activity_rows = [
        *activity_rows,
        {"label": "__total__", "mentorships": sum(r["mentorships"] for r in activity_rows)},
    ]
    figures.append(
        figure(
            "activity",
            "Active and dormant mentorships",
            f"Dormant: no session in the last {dormant_weeks} whole ISO weeks before "
            f"{as_of.isoformat()}; paused and closed as the pair set them.",
            "state",
            [],
            activity_rows,
            labels=lambda label: str(label).capitalize(),
            fixed=ACTIVITY_STATES,
            total_label="All mentorships",
            chart="mentorships",
        )
    )
    figures.append(
        figure(
            "participation",
            "Who takes part",
            "Members by career-stage group and role (each person counted once per group).",
            "career stage / role",
            [Column("members", "Members")],
            repo.participation(),
            total_label="All members",
            chart="members",
        )
    )

    if protection.linked:
        _link(figures)

    overview_raw = repo.overview()
    total_mentorships = overview_raw.get("mentorships") or 0
    activity = {r.key: r for r in next(f for f in figures if f.key == "activity").rows}
    small_programme = 0 < total_mentorships < k
    headline: dict[str, int | None] = {
        "mentorships": None,
        "sessions": None,
        "members": None,
        "active": None,
        "dormant": None,
    }
    if small_programme:
        overview = [("Mentorships", SUPPRESSED), ("Sessions", SUPPRESSED)]
    else:
        headline = {
            "mentorships": protection.count(total_mentorships),
            "sessions": protection.count(overview_raw.get("sessions") or 0),
            "members": protection.count(overview_raw.get("members") or 0),
            "active": activity["active"].mentorships,
            "dormant": activity["dormant"].mentorships,
        }
        overview = [
            ("Mentorships", format_value(headline["mentorships"], "int")),
            ("Sessions", format_value(headline["sessions"], "int")),
            ("Members", format_value(headline["members"], "int")),
            ("Active", _count(activity["active"])),
            ("Dormant", _count(activity["dormant"])),
        ]
    if small_programme:
        period = SUPPRESSED
    elif overview_raw.get("first_month"):
        period = (
            f"{month_label(overview_raw.get('first_month'))} – "
            f"{month_label(overview_raw.get('last_month'))}"
        )
    else:
        period = "no sessions yet"
    overview += [
        ("Period", period),
        ("Bundles imported", format_value(overview_raw.get("bundles") or 0, "int")),
    ]
    month_fig = figures[0]
    return Report(
        programme=repo.programme() or "(none imported yet)",
        k=k,
        dormant_weeks=dormant_weeks,
        as_of=as_of,
        generated_at=now_iso(),
        overview=overview,
        figures=figures,
        sparkline=[
            None if r.suppressed else int(r.values["sessions"] or 0) for r in month_fig.rows
        ],
        months=[r.key or "" for r in month_fig.rows],
        protection=protection,
        headline={**headline, "bundles": int(overview_raw.get("bundles") or 0)},
    )


# Each figure's rows carry `mentorships` as their basis; for figures whose value *is* the
# number of mentorships, renderers draw and print that basis.
def chart_value(figure: Figure, row: Row) -> float | None:
    if row.suppressed:
        return None
    if figure.chart == "mentorships":
        return row.mentorships
    return row.values.get(figure.chart or "")
