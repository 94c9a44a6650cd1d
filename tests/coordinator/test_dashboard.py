"""The coordinator dashboard under Pilot, and its snapshots at 80x24 and 120x40."""

from __future__ import annotations

from datetime import date

import pytest
from synthetic_report import imported
from textual.widgets import DataTable, OptionList, Sparkline, Static

from bench import synthetic as syn
from mentor_tui.coordinator.aggregate import SUPPRESSED, build_report
from mentor_tui.coordinator.dashboard import DashboardApp, bar, open_dashboard
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.store.programme import open_programme

AS_OF = date(2025, 1, 6)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    programme = syn.Programme(programme="NW-2025", mentorships=30, sessions=600, sources=2)
    return imported(tmp_path_factory.mktemp("dashboard"), programme)


def app_for(db, k=5) -> DashboardApp:
    return open_dashboard(db, k=k, dormant_weeks=3, as_of=AS_OF)


def cell_texts(table: DataTable, row_key: str) -> list[str]:
    return [str(v) for v in table.get_row(row_key)]


async def test_shows_headline_sparkline_and_each_figure(db):
    app = app_for(db)
    async with app.run_test(size=(120, 40)) as pilot:
        # A card is its label over its value (no border title, which 80 columns cut).
        cards = {s.name: str(s.render()).split("\n")[1] for s in app.query(".card").results(Static)}
        assert cards["Mentorships"] == "30" and cards["Sessions"] == "600"
        spark = app.query_one("#spark", Sparkline)
        assert len(spark.data) == len(app.report.months) > 10 and max(spark.data) > 0
        table = app.query_one("#table", DataTable)
        assert cell_texts(table, "total")[:2] == ["All", "600"]
        figures = app.query_one("#figures", OptionList)
        keys = [figures.get_option_at_index(i).id for i in range(figures.option_count)]
        target = keys.index("goals-by-category")
        for _ in range(target):
            await pilot.press("down")
        await pilot.pause()
        assert app.shown == "goals-by-category"
        assert len(table.columns) == 8  # label, 5 values, mentorships, bar
        assert cell_texts(table, "total")[0] == "All goals"


async def test_suppressed_cells_read_suppressed(db):
    app = app_for(db, k=25)
    async with app.run_test(size=(120, 40)) as pilot:
        figures = app.query_one("#figures", OptionList)
        keys = [figures.get_option_at_index(i).id for i in range(figures.option_count)]
        for _ in range(keys.index("goals-by-category")):
            await pilot.press("down")
        await pilot.pause()
        table = app.query_one("#table", DataTable)
        rows = [cell_texts(table, key.value) for key in table.rows]
        assert any(SUPPRESSED in row for row in rows)
        for row in rows:
            if SUPPRESSED in row:
                assert set(row[1:-1]) <= {SUPPRESSED, "░░░"}


async def test_reload_picks_up_a_new_import(db, tmp_path):
    path = tmp_path / "c.db"
    first = syn.Programme(programme="NW-2025", mentorships=10, sessions=50, sources=1, seed=1)
    with open_programme(path) as repo:
        import_bundles(repo, first.write(tmp_path / "a"))
    app = app_for(path, k=1)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#table", DataTable)
        assert cell_texts(table, "total")[1] == "50"
        more = syn.Programme(programme="NW-2025", mentorships=10, sessions=70, sources=1, seed=2)
        with open_programme(path) as repo:
            import_bundles(repo, more.write(tmp_path / "b"))
        await pilot.press("r")
        await pilot.pause()
        assert cell_texts(app.query_one("#table", DataTable), "total")[1] == "120"


def test_bars_scale_and_mark_suppression():
    assert str(bar(10, 10, width=4)) == "████"
    assert str(bar(5, 10, width=4)) == "██"
    assert str(bar(1, 8, width=1)) == "▏"
    assert str(bar(None, 10)) == "░░░"
    assert str(bar(3, 0)) == ""


@pytest.mark.parametrize("size", SIZES)
def test_snapshot(snap_compare, db, size):
    with open_programme(db) as repo:
        report = build_report(repo, k=5, as_of=AS_OF)
    report.generated_at = "2025-01-06T09:00:00+00:00"
    assert snap_compare(DashboardApp(lambda: report), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_small_programme_suppressed(snap_compare, db, size):
    with open_programme(db) as repo:
        report = build_report(repo, k=40, as_of=AS_OF)
    assert snap_compare(DashboardApp(lambda: report), terminal_size=size, press=["down"] * 4)
