"""The report's CSV files as an analyst loads them: DuckDB, and Excel's byte-order mark."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date

import duckdb
import pytest
from synthetic_report import imported

from bench import synthetic as syn
from mentor_tui.coordinator.aggregate import build_report
from mentor_tui.coordinator.report import write_csv
from mentor_tui.store.programme import open_programme

AS_OF = date(2025, 1, 6)
NUMERIC = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DOUBLE", "FLOAT"}
NUMERIC |= {f"DECIMAL({p},{s})" for p in range(1, 39) for s in range(0, 6)}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    programme = syn.Programme(programme="NW-2025", mentorships=30, sessions=600, sources=2)
    return imported(tmp_path_factory.mktemp("csv"), programme)


def load(path) -> tuple[list[str], list[str], list[tuple]]:
    con = duckdb.connect()
    relation = con.read_csv(str(path), header=True)
    return relation.columns, [str(t) for t in relation.types], relation.fetchall()


@pytest.mark.parametrize("k", [5, 12])  # 12: a programme with suppressed cells in most figures
def test_duckdb_reads_every_number_as_a_number(db, tmp_path, k):
    with open_programme(db) as repo:
        report = build_report(repo, k=k, as_of=AS_OF)
    write_csv(report, tmp_path)
    suppressed_seen = 0
    for figure in report.figures:
        columns, types, rows = load(tmp_path / f"{figure.key}.csv")
        assert len(set(columns)) == len(columns), columns
        kind = dict(zip(columns, types, strict=True))
        for name in [*[c.key for c in figure.columns], "mentorships"]:
            values = [r[columns.index(name)] for r in rows]
            if all(v is None for v in values):
                continue  # nothing published in this column: there is no type to infer
            assert kind[name] in NUMERIC, (figure.key, name, kind[name])
            assert kind[f"{name}_suppressed"] == "BOOLEAN", (figure.key, name)
            for value, hidden in zip(
                values, [r[columns.index(f"{name}_suppressed")] for r in rows], strict=True
            ):
                assert not hidden or value is None  # a suppressed cell is empty
                suppressed_seen += hidden
        assert kind["is_total"] == "BOOLEAN"
        assert sum(r[columns.index("is_total")] for r in rows) == (figure.total is not None)
    if k == 12:
        assert suppressed_seen > 0, "the k=12 report should have suppressed cells"
    columns, types, rows = load(tmp_path / "overview.csv")
    kind = dict(zip(columns, types, strict=True))
    for name in ("k", "rounding_base", "mentorships", "sessions", "members", "bundles"):
        assert kind[name] in NUMERIC, (name, kind[name])
    assert rows[0][columns.index("sessions")] == 600 and rows[0][columns.index("k")] == k


def test_excel_option_adds_a_byte_order_mark(db, tmp_path):
    env = {**os.environ, "LANG": "C.UTF-8"}
    plain, excel = tmp_path / "plain", tmp_path / "excel"
    for folder, extra in ((plain, []), (excel, ["--excel"])):
        result = subprocess.run(
            [sys.executable, "-m", "mentor_tui", "coordinator", "--db", str(db), "report"]
            + ["--csv", str(folder), "--as-of", "2025-01-06", *extra],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    for path in sorted(plain.glob("*.csv")):
        body = path.read_bytes()
        assert not body.startswith(b"\xef\xbb\xbf")
        assert (excel / path.name).read_bytes() == b"\xef\xbb\xbf" + body
    # The mark does not become part of the first header for a CSV reader that expects it.
    with (excel / "sessions-per-mentorship.csv").open(encoding="utf-8-sig") as f:
        assert next(csv.reader(f))[0] == "sessions"
    columns, types, _ = load(excel / "ratings-distribution.csv")
    assert columns[0] == "rating" and types[columns.index("ratings")] in NUMERIC


def test_excel_without_csv_is_one_clear_sentence(db, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mentor_tui", "coordinator", "--db", str(db), "report", "--excel"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "give --csv FOLDER as well" in result.stderr
    assert "Traceback" not in result.stderr
