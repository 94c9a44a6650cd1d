"""The two attacks on published figures, as exact integer searches over the CSV files.

(a) One report: the rating distribution hides the cells of ratings 1 and 2 (fewer than k
    mentorships gave them); its total, the ratings per role and the mean ratings together
    are linear equations in those cells.
(b) Two reports, one pair's bundle apart: the difference of every count is that pair's
    ratings, and the means pin down the rest.

An attacker who reads the CSVs writes those equations (integer_search.py) and asks for every
value of the hidden cells that fits them all. With the protection (suppress.Protection:
counts rounded to base 5, means to one decimal, the mean suppressed beside a distribution
with hidden cells) more than one answer fits. Each test runs the same search on the same
database reported with the protection switched off (suppress.UNPROTECTED: exact counts,
means to two decimals, no linked suppression; primary and complementary suppression still
on) and finds exactly one answer, the true one: the protection, not the model, stops it.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path

from integer_search import Linear, between, distinct, eq, mean_within

from bench import synthetic as syn
from mentor_tui.coordinator.aggregate import build_report
from mentor_tui.coordinator.importer import import_bundles
from mentor_tui.coordinator.report import write_csv
from mentor_tui.coordinator.suppress import DEFAULT_PROTECTION, UNPROTECTED, Protection
from mentor_tui.store.programme import open_programme

AS_OF = date(2025, 1, 6)
STAMP = datetime(2025, 1, 6, 9, tzinfo=UTC)
SCORES = (1, 2, 3, 4, 5)
BIG = 10_000


def pair_bundle(folder: Path, name: str, ratings: dict[int, list[int]]) -> Path:
    """A bundle of its own source; mentorship i gives the scores ratings[i], one per session,
    mentor and mentee in turn."""
    source = syn.pid("source", name)

    def records():
        for i, scores in ratings.items():
            mid = syn.pid("m", name, i)
            mentor, mentee = syn.pid("p", name, i, 0), syn.pid("p", name, i, 1)
            yield syn.mentorship_record(
                mid,
                [
                    (mentor, "mentor", "senior faculty", "medicine"),
                    (mentee, "mentee", "trainee", "surgery"),
                ],
            )
            for j, score in enumerate(scores):
                member, role = (mentor, "mentor") if j % 2 == 0 else (mentee, "mentee")
                yield syn.session_record(
                    syn.pid("s", name, i, j),
                    mid,
                    f"2024-W{10 + j % 40:02d}",
                    ratings=[
                        {"member": member, "role": role, "score": score, "pairing_working": None}
                    ],
                )

    return syn.write_bundle(
        folder / f"{name}.jsonl", syn.header("NW-2025", source, STAMP), records()
    )


def report_csv(db: Path, folder: Path, protection: Protection) -> dict[str, list[dict]]:
    with open_programme(db) as repo:
        report = build_report(repo, k=5, as_of=AS_OF, protection=protection)
    write_csv(report, folder)
    out = {}
    for name in ("overview", "ratings-distribution", "ratings-by-role"):
        with (folder / f"{name}.csv").open(encoding="utf-8") as f:
            out[name] = list(csv.DictReader(f))
    return out


def equations(figures: dict[str, list[dict]], cells: dict[int, str], tag: str):
    """What one report says about the rating counts `cells` (score -> linear expression name).

    Each cell is a dict of variable -> coefficient so that report B can say "a_s + p_s".
    Returns (domains of the report's own helper variables, constraints).
    """
    overview = figures["overview"][0]
    half_count = int(overview["rounding_base"]) // 2  # a published 10 is 8..12 at base 5
    half_mean = Fraction(1, 2 * 10 ** int(overview["mean_decimals"]))
    domains: dict[str, tuple[int, int]] = {}
    cons: list[Linear] = []

    def count_box(expr: dict[str, int], published: str) -> None:
        value = int(published)
        cons.append(between(expr, max(value - half_count, 0), value + half_count))

    def cell_sum(scores, weight=lambda s: 1) -> dict[str, int]:
        total: dict[str, int] = {}
        for s in scores:
            for var, c in cells[s].items():
                total[var] = total.get(var, 0) + c * weight(s)
        return total

    for row in figures["ratings-distribution"]:
        total = row["is_total"] == "true"
        expr = cell_sum(SCORES if total else [int(row["rating"])])
        if row["ratings_suppressed"] == "true":
            # A hidden cell still had at least one mentorship, so at least one rating.
            cons.append(between(expr, 1, None))
        else:
            count_box(expr, row["ratings"])

    n = {role: f"{tag}_n_{role}" for role in ("mentor", "mentee")}
    total_sum = {role: f"{tag}_sum_{role}" for role in ("mentor", "mentee")}
    for role in n:
        domains[n[role]] = (0, BIG)
        domains[total_sum[role]] = (0, 5 * BIG)
    # Every rating has a role: the role counts add up to the distribution, and so do the sums.
    cons.append(eq({**cell_sum(SCORES), n["mentor"]: -1, n["mentee"]: -1}, 0))
    weighted = cell_sum(SCORES, weight=lambda s: s)
    cons.append(eq({**weighted, total_sum["mentor"]: -1, total_sum["mentee"]: -1}, 0))
    for role in n:  # 1 <= mean <= 5
        cons.append(between({total_sum[role]: 1, n[role]: -1}, 0, None))
        cons.append(between({total_sum[role]: 1, n[role]: -5}, None, 0))

    for row in figures["ratings-by-role"]:
        role = {"mentor": "mentor", "mentee": "mentee", "total": None}.get(row["rated_by"])
        if row["is_total"] == "true":
            count_expr, sum_expr = cell_sum(SCORES), weighted
        elif role is not None:
            count_expr, sum_expr = {n[role]: 1}, {total_sum[role]: 1}
        else:
            continue
        if row["ratings_suppressed"] == "false":
            count_box(count_expr, row["ratings"])
        if row["score_suppressed"] == "false":
            cons += mean_within(sum_expr, count_expr, Fraction(row["score"]), half_mean)
    return domains, cons


# --- (a) one report --------------------------------------------------------------------------

# Ratings 1 and 2 come from 2 and 3 mentorships (hidden at k=5): 6 and 20 ratings, as in the
# issue. Ratings 3 to 5 come from 5 mentorships each or more.
ONE_REPORT = {
    0: [1, 1, 1],
    1: [1, 1, 1],
    2: [2] * 7,
    3: [2] * 7,
    4: [2] * 6,
    **{i: [3, 3, 3, 4, 4, 4, 4, 4] for i in range(5, 10)},
    **{i: [5, 5, 5, 5] for i in range(10, 15)},
}


def one_report_attack(tmp_path: Path, protection: Protection) -> tuple[list, list, list]:
    bundle = pair_bundle(tmp_path, "programme", ONE_REPORT)
    db = tmp_path / "coordinator.db"
    with open_programme(db) as repo:
        import_bundles(repo, [bundle])
    figures = report_csv(db, tmp_path / "csv", protection)
    hidden = [
        int(r["rating"])
        for r in figures["ratings-distribution"]
        if r["is_total"] == "false" and r["ratings_suppressed"] == "true"
    ]
    assert hidden == [1, 2]  # primary suppression holds in both settings
    cells = {s: {f"x{s}": 1} for s in SCORES}
    domains, cons = equations(figures, cells, "r")
    domains.update({f"x{s}": (0, BIG) for s in SCORES})
    targets = ["x1", "x2"]
    found = distinct(domains, cons, targets, limit=2)
    truth = distinct(domains, [*cons, eq({"x1": 1}, 6), eq({"x2": 1}, 20)], targets)
    return found, truth, figures["ratings-by-role"]


def test_one_report_does_not_give_back_hidden_rating_cells(tmp_path):
    """With the protection, at least two values of the hidden cells fit every published figure,
    and the true one (6 and 20) is among those that fit."""
    found, truth, by_role = one_report_attack(tmp_path, DEFAULT_PROTECTION)
    assert truth == [(6, 20)], "the attack's model must admit the truth"
    assert len(found) >= 2, found
    # Linked suppression is what took the mean away here.
    assert all(r["score"] == "" and r["score_suppressed"] == "true" for r in by_role)
    assert all(r["suppression"] == "linked" for r in by_role)


def test_one_report_attack_succeeds_without_protection(tmp_path):
    """Protection switched off (suppress.UNPROTECTED): exact counts and a mean to two decimals
    give x1 + x2 = 26 and x1 + 2 x2 = 46, so exactly one answer: 6 and 20."""
    found, truth, _ = one_report_attack(tmp_path, UNPROTECTED)
    assert found == truth == [(6, 20)]


# --- (b) two reports, one bundle apart ---------------------------------------------------------

PAIR = {0: [2, 3, 5, 5, 4, 4]}  # the pair's six ratings: one 2, one 3, two 4s, two 5s


def two_report_attack(tmp_path: Path, protection: Protection) -> list:
    programme = syn.Programme(programme="NW-2025", mentorships=12, sessions=60, sources=1)
    files = programme.write(tmp_path / "programme")
    db = tmp_path / "coordinator.db"
    with open_programme(db) as repo:
        import_bundles(repo, files)
    before = report_csv(db, tmp_path / "before", protection)
    pair = pair_bundle(tmp_path, "pair", PAIR)
    with open_programme(db) as repo:
        import_bundles(repo, [pair])
    after = report_csv(db, tmp_path / "after", protection)

    # The other pairs' ratings a_s, and the pair's p_s: report B counts a_s + p_s.
    domains = {f"a{s}": (0, BIG) for s in SCORES} | {f"p{s}": (0, 6) for s in SCORES}
    dom_a, cons_a = equations(before, {s: {f"a{s}": 1} for s in SCORES}, "A")
    dom_b, cons_b = equations(after, {s: {f"a{s}": 1, f"p{s}": 1} for s in SCORES}, "B")
    domains |= dom_a | dom_b
    # The attacker also knows the pair sent six ratings (its six sessions).
    cons = [*cons_a, *cons_b, eq({f"p{s}": 1 for s in SCORES}, 6)]
    # No hidden cells in either report, so every count and every mean is published: what
    # stops the differencing is the rounding alone.
    for figures in (before, after):
        assert not any(r["ratings_suppressed"] == "true" for r in figures["ratings-distribution"])
        assert all(r["score"] != "" for r in figures["ratings-by-role"])
    return distinct(domains, cons, [f"p{s}" for s in SCORES], limit=2)


def test_two_reports_one_bundle_apart_do_not_give_back_a_pairs_ratings(tmp_path):
    """With the protection, at least two rating profiles of the pair fit both reports."""
    found = two_report_attack(tmp_path, DEFAULT_PROTECTION)
    assert len(found) >= 2, found


def test_two_report_attack_succeeds_without_protection(tmp_path):
    """Protection switched off (suppress.UNPROTECTED): the exact counts of the two reports
    differ by exactly the pair's ratings, one answer: one 2, one 3, two 4s and two 5s."""
    found = two_report_attack(tmp_path, UNPROTECTED)
    assert found == [(0, 1, 1, 2, 2)]
