"""The dashboard's layout at 120 and 80 columns: every column shown or reachable, no lost lines."""

from __future__ import annotations

from datetime import date

import pytest
from synthetic_report import imported
from textual.widgets import DataTable, OptionList

from bench import synthetic as syn
from mentor_tui.coordinator.dashboard import open_dashboard

AS_OF = date(2025, 1, 6)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    programme = syn.Programme(programme="NW-2025", mentorships=30, sessions=600, sources=2)
    return imported(tmp_path_factory.mktemp("layout"), programme)


def rendered(widget) -> list[str]:
    return ["".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height)]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def test_every_column_of_every_figure_fits_at_120_columns(db):
    """Issue 17 item 20: at 120 columns "Duration against plan" hid its last four columns."""
    app = open_dashboard(db, k=5, dormant_weeks=3, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        figures = app.query_one("#figures", OptionList)
        table = app.query_one("#table", DataTable)
        for index in range(figures.option_count):
            figures.highlighted = index
            await settle(pilot)
            figure = app.report.figures[index]
            assert app.shown == figure.key
            # Every number column (and the mentorships behind each row) is there...
            keys = [str(k.value) for k in table.columns]
            assert keys[: len(figure.columns) + 2] == [
                "label",
                *[c.key for c in figure.columns],
                "mentorships",
            ]
            # ...and inside the visible width: nothing to scroll to.
            assert table.virtual_size.width <= table.scrollable_content_region.width, (
                figure.key,
                table.virtual_size.width,
                table.scrollable_content_region.width,
            )
            assert not table.show_horizontal_scrollbar, figure.key


async def test_a_resize_to_80_columns_keeps_every_line_of_the_figure_list(db):
    """Issue 17 item 20: after 120 -> 80 columns, "Sessions per month" lost "month" (its height
    was worked out before the list grew a scrollbar)."""
    app = open_dashboard(db, k=5, dormant_weeks=3, as_of=AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        figures = app.query_one("#figures", OptionList)
        assert figures.show_vertical_scrollbar  # the case that lost a line
        seen: list[str] = []
        for index in range(figures.option_count):
            figures.highlighted = index  # scrolls each option into view
            await settle(pilot)
            seen.append(" ".join(" ".join(rendered(figures)).split()))
        text = " ".join(seen)
        for index in range(figures.option_count):
            prompt = str(figures.get_option_at_index(index).prompt)
            assert prompt in text, prompt
        # The first option, back at the top, is drawn whole however it wraps.
        figures.highlighted = 0
        await settle(pilot)
        top = " ".join(" ".join(rendered(figures)[:3]).split())
        assert top.startswith("Sessions per month"), top


async def test_at_80_columns_a_wide_figure_scrolls_to_its_last_column(db):
    app = open_dashboard(db, k=5, dormant_weeks=3, as_of=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        figures = app.query_one("#figures", OptionList)
        table = app.query_one("#table", DataTable)
        for index in range(figures.option_count):
            figures.highlighted = index
            await settle(pilot)
            fits = table.virtual_size.width <= table.scrollable_content_region.width
            assert fits or table.show_horizontal_scrollbar, app.shown
        keys = [figures.get_option_at_index(i).id for i in range(figures.option_count)]
        figures.highlighted = keys.index("duration-vs-plan")
        await settle(pilot)
        table = app.query_one("#table", DataTable)
        assert table.virtual_size.width > table.scrollable_content_region.width
        assert table.show_horizontal_scrollbar
        await pilot.press("tab")
        assert app.focused is table
        for _ in range(table.max_scroll_x):  # right scrolls a cell at a time
            await pilot.press("right")
        await settle(pilot)
        assert table.scroll_x == table.max_scroll_x > 0
        header = " ".join(" ".join(rendered(table)[:2]).split())
        assert "Long" in header and "Mentor-" in header
