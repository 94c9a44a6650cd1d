"""Small-cell suppression: the k-1 / k boundary, complementary cells, withheld figures."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bench import synthetic as syn
from mentor_tui.coordinator import suppress
from mentor_tui.coordinator.aggregate import SUPPRESSED, Row, build_report
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.coordinator.report import figure_rows, render_html, render_text, write_csv
from mentor_tui.coordinator.suppress import UNPROTECTED
from mentor_tui.store.programme import open_programme

AS_OF = date(2024, 6, 3)


def rows(*sizes: int) -> list[Row]:
    return [Row(label=f"r{i}", values={"n": n * 10}, mentorships=n) for i, n in enumerate(sizes)]


def total_of(body: list[Row]) -> Row:
    return Row(
        label="all",
        values={"n": sum(r.values["n"] for r in body)},
        mentorships=sum(r.mentorships for r in body),
    )


@pytest.mark.parametrize("k", [2, 5, 10])
def test_boundary_k_minus_one_is_suppressed_k_is_shown(k):
    body = rows(k - 1, k, 3 * k)
    suppress.apply(body, None, k)
    assert [r.suppressed for r in body] == [suppress.SMALL, None, None]
    assert body[0].values == {"n": None} and body[0].mentorships is None
    assert body[1].values == {"n": k * 10}


def test_a_single_suppressed_row_beside_a_total_takes_a_second_with_it():
    body = rows(3, 20, 7, 9)
    total = total_of(body)
    suppress.apply(body, total, 5)
    assert [r.suppressed for r in body] == [suppress.SMALL, None, suppress.COMPLEMENTARY, None]
    assert total.suppressed is None and total.values["n"] == 390
    # The total minus what is shown no longer gives either hidden row back.
    shown = sum(r.values["n"] for r in body if not r.suppressed)
    assert total.values["n"] - shown == 100  # 30 + 70: which is which cannot be told


def test_two_small_rows_need_no_complement():
    body = rows(2, 3, 20, 30)
    suppress.apply(body, total_of(body), 5)
    assert [r.suppressed for r in body] == [suppress.SMALL, suppress.SMALL, None, None]


def test_empty_rows_are_shown_and_are_the_last_choice_for_a_complement():
    body = rows(0, 4, 12, 0)
    total = total_of(body)
    suppress.apply(body, total, 5)
    assert [r.suppressed for r in body] == [None, suppress.SMALL, suppress.COMPLEMENTARY, None]
    body = rows(0, 4, 0)
    total = Row(label="all", values={"n": 40}, mentorships=9)  # distinct counts may overlap
    suppress.apply(body, total, 5)
    assert [r.suppressed for r in body] == [suppress.COMPLEMENTARY, suppress.SMALL, None]


def test_with_nothing_else_to_hide_the_total_goes():
    body = rows(3)
    total = Row(label="all", values={"n": 30}, mentorships=7)  # distinct counts overlap
    suppress.apply(body, total, 5)
    assert body[0].suppressed == suppress.SMALL and total.suppressed == suppress.COMPLEMENTARY


def test_a_small_total_withholds_the_whole_figure():
    body = rows(2, 2)
    total = total_of(body)
    suppress.apply(body, total, 5)
    assert all(r.suppressed == suppress.SMALL for r in [*body, total])


# --- through the coordinator's database ----------------------------------------------------


def build_programme(
    folder: Path, goals_by_category: dict[str, int], *, dormant: int = 0, extra_active: int = 0
) -> Path:
    """One bundle; each mentorship has one goal in the given category and one session."""
    stamp = datetime(2024, 6, 3, 9, tzinfo=UTC)
    source = syn.pid("source", "suppression")
    plan: list[tuple[str | None, str]] = []
    for category, n in goals_by_category.items():
        plan += [(category, "2024-W20")] * n
    plan += [(None, "2024-W02")] * dormant + [(None, "2024-W21")] * extra_active

    def records():
        for i, (category, week) in enumerate(plan):
            mid = syn.pid("m", i)
            yield syn.mentorship_record(
                mid,
                [
                    (syn.pid("p", i, 0), "mentor", "senior faculty", "medicine"),
                    (syn.pid("p", i, 1), "mentee", "trainee", "surgery"),
                ],
            )
            yield syn.session_record(syn.pid("s", i), mid, week)
            if category:
                yield syn.goal_record(
                    syn.pid("g", i),
                    mid,
                    week,
                    category=category,
                    status="done" if i % 2 else "open",
                    progress=100 if i % 2 else 40,
                )

    path = folder / "bundle.jsonl"
    syn.write_bundle(path, syn.header("NW-2025", source, stamp), records())
    db = folder / "coordinator.db"
    with open_programme(db) as repo:
        import_bundles(repo, [path])
    return db


def goals_figure(db: Path, k: int = 5):
    with open_programme(db) as repo:
        report = build_report(repo, k=k, as_of=AS_OF)
    return report, report.figure("goals-by-category")


@pytest.mark.parametrize(("n", "hidden"), [(4, True), (5, False)])
def test_goal_category_at_the_boundary(tmp_path, n, hidden):
    db = build_programme(tmp_path, {"research": 10, "clinical": 6, "grants": n})
    report, figure = goals_figure(db)
    by = {r.key: r for r in figure.rows}
    assert (by["grants"].suppressed is not None) is hidden
    if hidden:
        assert by["grants"].suppressed == suppress.SMALL
        assert by["clinical"].suppressed == suppress.COMPLEMENTARY
        assert by["research"].suppressed is None
    else:
        assert by["grants"].values["goals"] == 5 and by["grants"].mentorships == 5
        assert not any(r.suppressed for r in figure.all_rows())
    # Published counts are rounded to base 5 (suppress.Protection): 20 or 21 goals read 20.
    assert figure.total.values["goals"] == 20


def test_suppressed_cells_leave_no_trace_in_any_output(tmp_path):
    db = build_programme(tmp_path, {"research": 10, "clinical": 6, "grants": 4})
    report, figure = goals_figure(db)
    table = figure_rows(figure, report)
    header = table[0]
    grants = dict(zip(header, next(r for r in table if r[0] == "grants"), strict=True))
    clinical = dict(zip(header, next(r for r in table if r[0] == "clinical"), strict=True))
    # A suppressed cell is empty, with its flag column true (CSV for loading, issue part 8).
    for found, reason in ((grants, suppress.SMALL), (clinical, suppress.COMPLEMENTARY)):
        values = ["goals", "done", "dropped", "completion", "progress", "mentorships"]
        assert all(found[name] == "" for name in values), found
        assert all(found[f"{name}_suppressed"] == "true" for name in values), found
        assert found["suppression"] == reason
    files = write_csv(report, tmp_path / "csv")
    with (tmp_path / "csv" / "goals-by-category.csv").open() as f:
        read = list(csv.reader(f))
    assert read == table
    assert {p.name for p in files} >= {"overview.csv", "goals-by-category.csv", "activity.csv"}
    text = render_text(report)
    assert "grants" in text and SUPPRESSED in text
    html = render_html(report)
    section = html.split('id="goals-by-category"')[1].split("</section>")[0]
    grants_row = section.split('<th scope="row">grants</th>')[1].split("</tr>")[0]
    assert "suppressed" in grants_row and not any(ch.isdigit() for ch in grants_row)


def test_dormant_and_active_are_suppressed_when_small(tmp_path):
    db = build_programme(tmp_path, {"research": 12}, dormant=3)
    with open_programme(db) as repo:
        report = build_report(repo, k=5, dormant_weeks=3, as_of=AS_OF)
    figure = report.figure("activity")
    by = {r.key: r for r in figure.rows}
    assert by["dormant"].suppressed == suppress.SMALL
    assert by["active"].suppressed == suppress.COMPLEMENTARY  # the only other non-empty one
    assert by["closed"].suppressed is None and by["closed"].mentorships == 0
    assert figure.total.mentorships == 15
    assert dict(report.overview)["Dormant"] == SUPPRESSED

    (tmp_path / "b").mkdir()
    db2 = build_programme(tmp_path / "b", {"research": 12}, dormant=5)
    with open_programme(db2) as repo:
        report = build_report(repo, k=5, dormant_weeks=3, as_of=AS_OF)
    by = {r.key: r for r in report.figure("activity").rows}
    # Published counts are rounded to base 5 (suppress.Protection): 12 active reads 10.
    assert by["dormant"].mentorships == 5 and by["active"].mentorships == 10


def test_dormancy_counts_whole_weeks(tmp_path):
    """Week arithmetic, not disclosure control: exact counts (UNPROTECTED) make it visible."""
    db = build_programme(tmp_path, {"research": 6}, extra_active=0)
    with open_programme(db) as repo:
        # Sessions in 2024-W20 (Monday 13 May). As of Monday 3 June (W23) that is 3 weeks
        # before: W21 and W22 had none, which is not yet 3 whole weeks.
        assert {
            r.key: r.mentorships
            for r in build_report(
                repo, k=1, dormant_weeks=3, as_of=date(2024, 6, 3), protection=UNPROTECTED
            )
            .figure("activity")
            .rows
        }["active"] == 6
        assert {
            r.key: r.mentorships
            for r in build_report(
                repo, k=1, dormant_weeks=3, as_of=date(2024, 6, 10), protection=UNPROTECTED
            )
            .figure("activity")
            .rows
        }["dormant"] == 6


def test_a_programme_smaller_than_k_shows_nothing(tmp_path):
    db = build_programme(tmp_path, {"research": 4})
    with open_programme(db) as repo:
        report = build_report(repo, k=5, as_of=AS_OF)
    assert dict(report.overview)["Mentorships"] == SUPPRESSED
    for figure in report.figures:
        assert all(r.suppressed for r in figure.all_rows() if r.mentorships != 0), figure.key
    html = render_html(report)
    assert "fewer than 5 mentorships in all" in html
