"""The HTML report read by people and by screen readers: captions, scopes, chart titles, and
labels that are never cut, measured in headless Chromium at 1280 and 800 pixels wide."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from browser import chromium, headless
from synthetic_report import report_with_bundle, taught

from bench import synthetic as syn
from mentor_tui.coordinator.charts import wrap_label
from mentor_tui.coordinator.report import render_html

AS_OF = date(2025, 1, 6)
LONG = (
    "Using structured clinical decision support dashboards in multidisciplinary "
    "outpatient follow-up clinics"
)


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("html")
    programme = syn.Programme(programme="NW-2025", mentorships=40, sessions=600, sources=2)
    # Six mentorships taught a topic with a very long title (a bundle with text may name it).

    def records():
        for m in range(6):
            mid, mentor = syn.pid("m", "long", m), syn.pid("p", "long", m)
            yield syn.mentorship_record(mid, [(mentor, "mentor", "fellow", "medicine")])
            yield syn.session_record(
                syn.pid("s", "long", m), mid, "2024-W10",
                skills=taught(mentor, "decision-support", LONG, 2, 4),
            )

    return render_html(report_with_bundle(folder, programme, "long", records(), AS_OF))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[tuple[str, dict, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, dict(attrs), tuple(self.stack)))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass


def test_tables_have_captions_and_header_scopes(html):
    tags = Tags()
    tags.feed(html)
    tables = [t for t in tags.seen if t[0] == "table"]
    captions = [t for t in tags.seen if t[0] == "caption"]
    assert tables and len(captions) == len(tables)
    headers = [t for t in tags.seen if t[0] == "th"]
    assert headers and all(t[1].get("scope") in ("col", "row") for t in headers)
    assert all(t[1]["scope"] == "col" for t in headers if "thead" in t[2])
    assert all(t[1]["scope"] == "row" for t in headers if "tbody" in t[2])


def test_every_chart_has_a_title_and_a_description(html):
    charts = re.findall(r'<svg[^>]*class="chart"[^>]*>(.*?)</svg>', html, flags=re.S)
    assert len(charts) >= 8
    for body in charts:
        assert re.match(r'<title id="[a-z-]+-title">[^<]+</title><desc id="[a-z-]+-desc">', body)
    # The description reads every value out, suppressed ones as "suppressed".
    assert re.search(r"<desc[^>]*>[^<]*Mentees: 3\.\d[^<]*</desc>", html)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids repeat across charts"


def test_a_long_label_wraps_and_is_shortened_only_with_its_whole_text_as_a_title(html):
    lines, shortened = wrap_label(LONG, 26)
    assert shortened and len(lines) == 2 and all(len(line) <= 26 for line in lines)
    assert lines[-1].endswith("…")
    assert wrap_label("Research, grants and publications", 26) == (
        ["Research, grants and", "publications"],
        False,
    )
    assert wrap_label("Mentees", 26) == (["Mentees"], False)
    section = html.split('id="reverse-mentoring"')[1].split("</svg>")[0]
    assert f"<title>{LONG}</title>" in section
    assert "<tspan" in section


# Added to a copy of the report only: the report itself carries no script.
MEASURE = """<script>
window.addEventListener("load", () => {
  const out = {page: document.documentElement.scrollWidth, window: window.innerWidth,
               cut: [], tables: 0, charts: 0};
  for (const svg of document.querySelectorAll("svg.chart")) {
    out.charts += 1;
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      if (b.x < -0.5 || b.x + b.width > box.width + 0.5) out.cut.push(text.textContent);
    }
  }
  for (const wrap of document.querySelectorAll(".table-wrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) out.tables += 1;
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium package")
@pytest.mark.parametrize("width", [1280, 800])
def test_nothing_is_cut_or_overflows_in_chromium(html, tmp_path, width):
    page = tmp_path / "measure.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = headless(
        page, f"--window-size={width},900", "--virtual-time-budget=10000", "--dump-dom", timeout=180
    )
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, flags=re.S)
    assert found, result.stderr[-2000:]
    measured = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert measured["charts"] >= 8
    assert measured["cut"] == [], measured["cut"]  # every chart label inside its chart
    assert measured["page"] <= measured["window"], measured  # no sideways scrolling
    assert measured["tables"] == 0, measured  # every table fits without its own scrollbar
