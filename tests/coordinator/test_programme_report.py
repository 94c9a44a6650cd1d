"""The report: self-contained HTML that escapes what bundles say, CSV, and a real browser."""

from __future__ import annotations

import os
import re
import struct
import zlib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from browser import chromium, headless
from synthetic_report import report_with_bundle, taught

from bench import synthetic as syn
from mentor_tui.coordinator.report import render_html, write_csv, write_html

AS_OF = date(2025, 1, 6)
EVIL = '<script>alert("x")</script><img src="https://evil.example/x.png">'


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("programme")
    programme = syn.Programme(programme="NW-2025", mentorships=60, sessions=1500, sources=3)
    # One pair taught a topic whose title tries to inject markup into the report.
    mid = syn.pid("m", "evil")
    mentor = syn.pid("p", "evil")

    def evil_records():
        yield syn.mentorship_record(mid, [(mentor, "mentor", "other", "other")])
        for i in range(6):
            yield syn.session_record(
                syn.pid("s", "evil", i), mid, f"2024-W{10 + i:02d}",
                skills=taught(mentor, "x", EVIL, 1, 2),
            )

    return report_with_bundle(folder, programme, "evil", evil_records(), AS_OF)


def test_html_is_self_contained_and_escaped(report):
    html = render_html(report)
    assert "<script" not in html.lower()
    assert "<link" not in html.lower() and "@import" not in html
    tags = re.findall(r"<[^>]+>", html)
    assert not [t for t in tags if re.search(r"\b(src|href|srcset|action)\s*=", t)]
    external = {u for t in tags for u in re.findall(r"https?://[^\s\"'<>)]+", t)}
    assert external <= {"http://www.w3.org/2000/svg"}
    assert not re.search(r"url\((?!#)", html)
    # The topic title is shown only as text (suppressed or not, never as markup).
    assert "alert(" not in html or "&lt;script&gt;" in html
    assert "@media print" in html and "<svg" in html
    for figure in report.figures:
        assert f'id="{figure.key}"' in html


def test_report_has_every_figure_the_issue_asks_for(report):
    keys = {f.key for f in report.figures}
    assert keys >= {
        "sessions-by-month",
        "sessions-per-mentorship",
        "duration-vs-plan",
        "time-by-section-kind",
        "goals-by-category",
        "action-items",
        "reverse-mentoring",
        "ratings-by-role",
        "ratings-distribution",
        "activity",
    }
    # 1,506 sessions, published rounded to base 5 (suppress.Protection).
    assert report.figure("sessions-by-month").total.values["sessions"] == 1505
    topics = report.figure("reverse-mentoring")
    assert EVIL in {r.label for r in topics.rows}
    # Each month is rounded on its own, so the months may add up to a little more than the
    # total: at most half the base (2) per month.
    assert sum(v for v in report.sparkline if v) <= 1506 + 2 * len(report.sparkline)


def test_csv_files_hold_plain_numbers(report, tmp_path):
    files = write_csv(report, tmp_path / "out")
    assert len(files) == len(report.figures) + 1
    text = (tmp_path / "out" / "sessions-by-month.csv").read_text()
    assert text.splitlines()[0] == (
        "month,label,sessions,mentorships,sessions_suppressed,mentorships_suppressed,"
        "suppression,is_total"
    )
    assert "\ntotal,All,1505,60,false,false,,true\n" in text
    for path in files:
        assert os.stat(path).st_mode & 0o777 == 0o600


# --- a real browser ------------------------------------------------------------------------


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = depth = colour = interlace = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    pixels = []
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upleft = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upleft
                line[i] = (line[i] + pred) & 0xFF
        pixels.extend(
            tuple(line[i : i + 3])
            for i in range(0, stride, channels * 4)  # every 4th pixel
        )
        previous = line
    return width, height, pixels


@pytest.mark.skipif(
    chromium() is None, reason="needs Debian's chromium package (.ci/run installs it)"
)
def test_report_renders_in_headless_chromium(report, tmp_path):
    page = write_html(report, tmp_path / "report.html")
    shot = tmp_path / "out.png"
    result = headless(page, f"--screenshot={shot}", "--window-size=1200,1600", timeout=120)
    assert shot.exists() and shot.stat().st_size > 0, result.stderr[-2000:]
    width, height, pixels = decode_png(shot.read_bytes())
    assert (width, height) == (1200, 1600)
    colours = Counter(pixels)
    white = sum(n for c, n in colours.items() if min(c) >= 245)
    dark = sum(n for c, n in colours.items() if max(c) <= 80)  # text
    bars = sum(
        n
        for (r, g, b), n in colours.items()
        if abs(r - 0x35) < 12 and abs(g - 0x64) < 12 and abs(b - 0xA8) < 12
    )  # the chart colour
    assert len(colours) > 50, "the screenshot is nearly one colour"
    assert white < 0.97 * len(pixels), "the screenshot is blank"
    assert dark > 500, "no text was drawn"
    assert bars > 500, "no chart bars were drawn"


def test_report_path_errors_are_one_sentence(report, tmp_path):
    from mentor_tui.core.errors import UserError

    with pytest.raises(UserError, match="does not exist"):
        write_html(report, tmp_path / "missing" / "r.html")
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        write_csv(report, tmp_path / "file")
    assert Path(tmp_path / "file").read_text() == "x"
