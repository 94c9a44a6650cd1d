"""Leak and over-scrub rates of `export --include-text` scrubbing on a planted corpus.

The corpus (scrub_corpus.py) is built here from templates x values: 315 planted identifiers in
15 categories, and clean sentences full of words that are also names. Run with `-s` to see the
per-category table (it is also in docs/coordinator.md).
"""

from __future__ import annotations

import pytest
import scrub_corpus as corpus

from mentor_tui.share.scrub import Scrubber

# The bar: at most 5% of planted identifiers leave overall, at most 15% in any one
# category.
OVERALL = 0.05
PER_CATEGORY = 0.15
# Over-scrubbing: at most 2% of the words of clean text changed. A 50-word note then loses at
# most one word on average, and the words it loses are capitalised words that are names
# elsewhere ("Kumar and Clark", "Dr Foster"): a reader of the export still follows the note.
# The scrubber today changes 0.6%; the one before this change changed 1.5% ("I hope it goes
# well" became "I [NAME] it goes well").
OVER_SCRUB = 0.02


@pytest.fixture(scope="module")
def measured() -> corpus.Measurement:
    result = corpus.measure(Scrubber(*corpus.DB_KNOWS))
    print("\n" + result.table())
    return result


def test_corpus_is_large_enough_and_varied():
    items = corpus.planted()
    categories = {item.category for item in items}
    assert len(items) >= 300
    assert len(categories) >= 15
    assert all(sum(i.category == c for i in items) >= 15 for c in categories)
    assert len({item.text for item in items}) == len(items), "every planted sentence differs"


def test_every_planted_identifier_counts_as_leaked_when_nothing_is_scrubbed():
    """The measure itself can fail: with scrubbing switched off (identity) every item leaks,
    so a low rate below comes from the scrubber, not from leak patterns that never match."""
    result = corpus.measure(lambda text: text)
    assert all(result.leaked[c] == n for c, n in result.planted.items()), result.table()
    assert result.clean_changed == 0 and result.context_changed == 0


def test_leak_rate_overall_and_per_category(measured):
    assert measured.overall <= OVERALL, measured.table()
    over = {
        category: measured.examples.get(category)
        for category in measured.planted
        if "(limit)" not in category and measured.rate(category) > PER_CATEGORY
    }
    assert not over, over


def test_over_scrub_stays_low(measured):
    assert measured.over_scrub <= OVER_SCRUB, measured.table()
    assert measured.context_over_scrub <= OVER_SCRUB, measured.table()
