"""Private notes sealed per author (issue 13): unlock, autosave and search, against plain.

    python -m bench.private [--quick]

Every database is the demo (`mentor-tui demo`) in a temporary folder, a real file in WAL
mode with synchronous=FULL as the app opens it; Lukas has a passphrase, Amara has none.

- Unlock: Accounts.sign_in with the passphrase (scrypt N=2^16, then unwrapping the data
  key) against Amara signing in without one (the bound repository alone). Target <= 500 ms.
- Autosave: save_note through Lukas's bound repository, the same note growing as he types,
  a private note (sealed with AES-GCM) and a shared one saved alternately in the same loop.
  Target p99 < 10 ms.
- Search: search_notes as the app calls it (viewer Lukas, include_private) over 5,000 of his
  private notes, which are not in the index and are opened and matched in memory, against
  the same 5,000 notes shared, found through FTS5. Shown, not a target.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

from bench.common import TODAY, Figure, percentile, timed_ms

UNLOCK_TARGET_MS = 500.0
AUTOSAVE_TARGET_MS = 10.0
PASSPHRASE = "correct horse battery staple"

# One note in RARE_EVERY mentions the rare word; one in COMMON_EVERY the common one.
RARE_WORD = "sabbatical"
RARE_EVERY = 250
COMMON_WORD = "agreed"
COMMON_EVERY = 2
PHRASES = [
    "Talked through the registry analysis plan and the statistician's comments.",
    "Worried about the fellowship interview and how to present the pilot data.",
    "Protected writing time keeps slipping behind the night shifts.",
    "The grant resubmission needs a sharper specific aims page.",
    "Promotion criteria are vague; ask the chair what counts as teaching.",
    "Reviewer two wants a sensitivity analysis for the missing follow-up.",
    "Handover on the ward went better after the new checklist.",
    "Not sure the department will back a second ethics application.",
]


def _demo(path: Path):
    """The demo database at `path`, unbound store and Accounts; Lukas given a passphrase."""
    from mentor_tui.store import open_store
    from mentor_tui.store.accounts import Accounts
    from mentor_tui.store.demo import seed_demo

    store = open_store(path)
    seed_demo(store, today=TODAY)
    accounts = Accounts(store)
    lukas = store.people.find("Dr Lukas Berg").id
    amara = store.people.find("Dr Amara Okafor").id
    accounts.set_passphrase(lukas, PASSPHRASE)
    assert not accounts.has_passphrase(amara)
    return store, accounts, lukas, amara


def _note_text(i: int, rng: random.Random) -> str:
    words = " ".join(rng.choice(PHRASES) for _ in range(3))
    if i % COMMON_EVERY == 0:
        words += f" We {COMMON_WORD} to look at it again next time."
    if i % RARE_EVERY == 0:
        words += f" Thinking about a {RARE_WORD} next year."
    return words


# -- unlock ------------------------------------------------------------------------------


def unlock(accounts, lukas: str, amara: str, runs: int) -> list[Figure]:
    def sign_in(person: str, passphrase: str | None) -> None:
        repo = accounts.sign_in(person, passphrase)
        assert (repo.private_key is not None) == (passphrase is not None)
        repo.close()

    sign_in(amara, None)  # warm up the imports (cryptography) and the file
    ours: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        ours += timed_ms(lambda: sign_in(lukas, PASSPHRASE), 1)
        base += timed_ms(lambda: sign_in(amara, None), 1)
    median, top = statistics.median(ours), max(ours)
    return [
        Figure("unlock: sign_in with passphrase, median", median, "ms",
               "sign_in without passphrase, median", statistics.median(base),
               target=f"<= {UNLOCK_TARGET_MS:g} ms", met=median <= UNLOCK_TARGET_MS,
               note=f"scrypt N=2^16 r=8 + unwrap; {runs} runs"),
        Figure("unlock: sign_in with passphrase, max", top, "ms",
               "sign_in without passphrase, max", max(base),
               target=f"<= {UNLOCK_TARGET_MS:g} ms", met=top <= UNLOCK_TARGET_MS),
    ]


# -- autosave ----------------------------------------------------------------------------


def autosave(accounts, lukas: str, saves: int) -> list[Figure]:
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library
    from mentor_tui.core.models import Visibility
    from mentor_tui.core.notes import Note

    agenda = load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]
    repo = accounts.sign_in(lukas, PASSPHRASE)
    try:
        mentorship = repo.mentorships.list(include_closed=False)[0]
        session = repo.sessions.start(mentorship.id, agenda)
        section = agenda.sections[0].key
        private = Note(session.id, section, lukas, "", visibility=Visibility.PRIVATE)
        shared = Note(session.id, section, lukas, "")
        words = "Worried the fellowship panel will ask about the stalled registry paper. "
        ours: list[float] = []
        base: list[float] = []
        for i in range(saves):
            # About ten keystrokes between saves, as in bench.store.
            text = (words * (1 + i // 7))[: 10 * (i + 1)]
            private.body = shared.body = text
            ours += timed_ms(lambda: repo.notes.save(private), 1)
            base += timed_ms(lambda: repo.notes.save(shared), 1)
        stored = repo._one("SELECT body FROM main.notes WHERE id = ?", (private.id,))["body"]
        assert stored.startswith("\x00sealed:"), "the private note was not sealed"
    finally:
        repo.close()
    ours, base = ours[1:], base[1:]  # the first save is the insert; the rest are updates
    p99 = percentile(ours, 99)
    return [
        Figure("autosave private (sealed) p50", percentile(ours, 50), "ms",
               "shared note p50", percentile(base, 50)),
        Figure("autosave private (sealed) p99", p99, "ms", "shared note p99",
               percentile(base, 99), target=f"p99 < {AUTOSAVE_TARGET_MS:g} ms",
               met=p99 < AUTOSAVE_TARGET_MS,
               note=f"{len(ours)} saves each, alternating; up to {len(private.body)} chars; "
               f"max {max(ours):.1f} ms vs {max(base):.1f} ms; the shared save also "
               "reindexes FTS"),
    ]


# -- search ------------------------------------------------------------------------------


def fill(accounts, person: str, count: int, private: bool) -> float:
    """`count` notes by `person` through their bound repository (sealed when private), in one
    transaction, spread over the demo's sessions. Returns the seconds it took."""
    import time

    from mentor_tui.core.models import Visibility
    from mentor_tui.core.notes import Note

    visibility = Visibility.PRIVATE if private else Visibility.SHARED
    rng = random.Random(13)
    repo = accounts.sign_in(person, PASSPHRASE)
    try:
        sessions = [s.id for s in repo.sessions.list()]
        start = time.perf_counter()
        with repo.write():
            for i in range(count):
                note = Note(sessions[i % len(sessions)], "notes", person, _note_text(i, rng),
                            visibility=visibility)
                repo.notes.save(note)
        return time.perf_counter() - start
    finally:
        repo.close()


def search(accounts, lukas: str, repeat: int) -> dict[str, list[float]]:
    repo = accounts.sign_in(lukas, PASSPHRASE)
    try:
        found = {}
        times = {}
        for word in (RARE_WORD, COMMON_WORD):
            call = lambda w=word: repo.notes.search(w, viewer_id=lukas, include_private=True)  # noqa: E731
            found[word] = len(call())  # also the warm-up
            times[word] = timed_ms(call, repeat)
        return {"times": times, "found": found}
    finally:
        repo.close()


def search_figures(private: dict, shared: dict, count: int, fill_s: tuple[float, float]) -> list[Figure]:
    figures = []
    for word, what in ((RARE_WORD, "rare"), (COMMON_WORD, "common")):
        ours, base = private["times"][word], shared["times"][word]
        note = f"{private['found'][word]} hits (limit 50) vs {shared['found'][word]}; "
        note += (
            "opens and matches every one of your private notes: linear in your own notes"
            if what == "rare"
            else f"reads every private row, opens them until the 50th match; word in 1 note "
            f"of {COMMON_EVERY}"
        )
        figures.append(Figure(
            f"search {count} own private notes, {what} word {word!r}, median",
            statistics.median(ours), "ms", f"{count} shared notes (FTS5)", statistics.median(base),
            note=note,
        ))
    figures.append(Figure(
        f"write {count} private notes in one transaction", fill_s[0], "s",
        f"{count} shared notes", fill_s[1], note="through the bound repository's save_note",
    ))
    return figures


# -- entry points ------------------------------------------------------------------------


def run(quick: bool = False, log=print) -> list[Figure]:
    count = 1_000 if quick else 5_000
    with tempfile.TemporaryDirectory(prefix="mentor-bench-private-") as tmp:
        store, accounts, lukas, amara = _demo(Path(tmp) / "private.db")
        try:
            figures = unlock(accounts, lukas, amara, runs=3 if quick else 7)
            figures += autosave(accounts, lukas, saves=100 if quick else 300)
            private_fill = fill(accounts, lukas, count, private=True)
            private = search(accounts, lukas, repeat=3 if quick else 7)
        finally:
            store.close()
        store, accounts, lukas, _ = _demo(Path(tmp) / "shared.db")
        try:
            shared_fill = fill(accounts, lukas, count, private=False)
            shared = search(accounts, lukas, repeat=3 if quick else 7)
        finally:
            store.close()
    figures += search_figures(private, shared, count, (private_fill, shared_fill))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.private")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for figure in run(args.quick):
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
