"""`make stress`: the long reliability runs. The test suite runs the same scenarios, shorter.

    python -m bench.stress [--rounds 50] [--writes 1000] [--only kill|writers|app]

- kill: a child autosaves a growing note through the repository as a typist would (a key
  every 20 ms, a save every 200 ms) and is killed with SIGKILL at a random moment. The
  database must pass integrity_check and hold every text the child reported committed;
  the last report must be no older than the autosave window (plus scheduling slack). Half
  the rounds save on every keystroke instead, so more kills land inside a transaction.
- writers: two processes write the same database N times each; no "database is locked"
  may reach them, and no write may be lost.
- app: the same kill test against the real Textual app typing under tmux (when the app
  and tmux are there).

The children are this module run again (`python -m bench.stress typist|writer ...`), so
tests/reliability imports the scenarios from here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, percentile

SLACK_MS = 500.0


# -- a database to write into -----------------------------------------------------------


@dataclass
class Target:
    db: Path
    session_id: str
    author_id: str
    section_key: str


def prepare(db: Path) -> Target:
    """A database with one pair and an active session, as the app would have open."""
    from mentor_tui.core.models import Member, Mentorship, Person, Role
    from mentor_tui.store import open_store

    with open_store(db) as repo:
        mentor = repo.people.add(Person("Dr Testa Mentor"))
        mentee = repo.people.add(Person("Dr Testa Mentee"))
        mentorship = repo.mentorships.add(
            Mentorship(
                "Crash pair",
                members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
            )
        )
        return new_session(db, mentorship.id, mentee.id)


def new_session(db: Path, mentorship_id: str, author_id: str) -> Target:
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library
    from mentor_tui.store import open_store

    agenda = load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]
    with open_store(db) as repo:
        repo.act_as(author_id)
        session = repo.sessions.start(mentorship_id, agenda)
    return Target(db, session.id, author_id, agenda.sections[0].key)


def _child(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.stress", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# -- the typist (child side) --------------------------------------------------------------

_WORDS = [
    "registry", "analysis", "plan", "grant", "aims", "reviewer", "comments", "sepsis",
    "handover", "burnout", "rota", "protected", "writing", "time", "promotion", "dossier",
    "ethics", "consent", "feedback", "sponsorship", "teaching", "résumé", "naïve", "café",
    "–", "“quoted”", "😀", "shift", "clinic", "fellowship", "abstract", "manuscript",
]


def typist_main(args: argparse.Namespace) -> int:
    """Type notes into a session, saving as the editor's autosave does; report each commit.

    Text only grows (no backspace), so any later state of a note starts with any earlier
    one: that is what lets the parent check a killed run exactly.
    """
    from mentor_tui.core.notes import Note
    from mentor_tui.store import open_store

    rng = random.Random(args.seed)
    repo = open_store(args.db)
    repo.act_as(args.author)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    key, save = args.key_ms / 1000, args.save_ms / 1000
    while True:
        note = Note(args.session, args.section, args.author, "")
        length = rng.randint(40, 900)
        text = ""
        last_save = time.monotonic()
        saved = ""
        while len(text) < length:
            text += rng.choice(_WORDS) + (" " if rng.random() < 0.9 else ".\n")
            time.sleep(key)
            if time.monotonic() - last_save >= save and text != saved:
                note.body = text
                repo.notes.save(note)
                saved = text
                last_save = time.monotonic()
                out.write(f"commit {note.id} {len(text)} {digest(text)} {last_save:.6f}\n")
                out.flush()
        if text != saved:
            note.body = text
            repo.notes.save(note)
            out.write(f"commit {note.id} {len(text)} {digest(text)} {time.monotonic():.6f}\n")
            out.flush()


# -- a kill round (parent side) -----------------------------------------------------------


@dataclass
class Commit:
    note_id: str
    length: int
    digest: str
    at: float


@dataclass
class RoundResult:
    commits: int
    notes: int
    lag_ms: float  # from the last reported commit to the kill
    problems: list[str] = field(default_factory=list)


def kill_round(
    target: Target,
    rng: random.Random,
    *,
    key_ms: float = 20,
    save_ms: float = 200,
    after: tuple[float, float] = (0.3, 2.0),
    slack_ms: float = SLACK_MS,
) -> RoundResult:
    """Start a typist, SIGKILL it at a random moment, and check what it said it saved."""
    proc = _child(
        "typist",
        "--db", str(target.db),
        "--session", target.session_id,
        "--author", target.author_id,
        "--section", target.section_key,
        "--key-ms", str(key_ms),
        "--save-ms", str(save_ms),
        "--seed", str(rng.randrange(1 << 30)),
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        first = _readline(proc, timeout=60)
        if first != "ready":
            _, err = proc.communicate(timeout=10)
            raise RuntimeError(f"typist did not start: {first!r} {err[-800:]}")
        deadline = time.monotonic() + rng.uniform(*after)
        while time.monotonic() < deadline:
            line = _readline(proc, timeout=max(0.0, deadline - time.monotonic()))
            if line:
                lines.append(line)
            elif proc.poll() is not None:
                break
        killed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines += [line for line in rest.splitlines() if line]
    if proc.returncode != -signal.SIGKILL:
        raise RuntimeError(f"typist ended by itself ({proc.returncode}): {err[-800:]}")
    commits = [_commit(line) for line in lines if line.startswith("commit ")]
    result = RoundResult(commits=len(commits), notes=0, lag_ms=float("nan"))
    result.problems += check_database(target.db, commits)
    latest: dict[str, Commit] = {}
    for commit in commits:
        latest[commit.note_id] = commit
    result.notes = len(latest)
    if commits:
        # A commit the parent read after the kill happened before it, all the same.
        result.lag_ms = max(0.0, (killed_at - commits[-1].at) * 1000)
        if result.lag_ms > save_ms + slack_ms:
            result.problems.append(
                f"the last save the typist reported was {result.lag_ms:.0f} ms before the "
                f"kill, more than the {save_ms:.0f} ms autosave window + {slack_ms:.0f} ms"
            )
    else:
        result.problems.append("the typist reported no save at all before the kill")
    return result


def _readline(proc: subprocess.Popen, timeout: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        return ""
    return proc.stdout.readline().rstrip("\n")


def _commit(line: str) -> Commit:
    _, note_id, length, hashed, at = line.split()
    return Commit(note_id, int(length), hashed, float(at))


def check_database(db: Path, commits: list[Commit]) -> list[str]:
    """integrity_check, then every reported commit is there (or a later state of it)."""
    from mentor_tui.core.errors import UserError
    from mentor_tui.store import open_store

    problems = []
    conn = sqlite3.connect(db)
    try:
        verdict = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if verdict != ["ok"]:
            problems.append(f"integrity_check: {verdict[:3]}")
        try:  # the search index still matches the notes it indexes
            conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index integrity-check: {exc}")
    finally:
        conn.close()
    latest: dict[str, Commit] = {}
    for commit in commits:
        if commit.note_id not in latest or commit.length >= latest[commit.note_id].length:
            latest[commit.note_id] = commit
    try:
        repo = open_store(db)
    except UserError as exc:
        return [*problems, f"open_store after the kill: {exc}"]
    try:
        for commit in latest.values():
            try:
                body = repo.notes.get(commit.note_id).body
            except UserError:
                problems.append(f"note {commit.note_id} is missing ({commit.length} chars saved)")
                continue
            if len(body) < commit.length or digest(body[: commit.length]) != commit.digest:
                problems.append(
                    f"note {commit.note_id} has {len(body)} chars; {commit.length} were saved"
                )
    finally:
        repo.close()
    return problems


def kill_rounds(db: Path, rounds: int, *, seed: int = 0, log=print, **kwargs) -> list[RoundResult]:
    """Rounds against one database: each new round also re-checks everything before it."""
    rng = random.Random(seed)
    target = prepare(db)
    mentorship_id = _mentorship_of(db, target.session_id)
    results = []
    for number in range(rounds):
        options = dict(kwargs)
        if options.pop("vary", False) and number % 2:
            options.update(key_ms=5, save_ms=5)  # save on every keystroke
        result = kill_round(target, rng, **options)
        results.append(result)
        log(
            f"  round {number + 1}/{rounds}: {result.commits} saves, {result.notes} notes, "
            f"last save {result.lag_ms:.0f} ms before the kill"
            + (f"; PROBLEMS: {result.problems}" if result.problems else "")
        )
        if number % 5 == 4:
            target = new_session(db, mentorship_id, target.author_id)
    return results


def _mentorship_of(db: Path, session_id: str) -> str:
    from mentor_tui.store import open_store

    with open_store(db) as repo:
        return repo.sessions.get(session_id).mentorship_id


# -- two writers --------------------------------------------------------------------------


def writer_main(args: argparse.Namespace) -> int:
    """Write `count` notes (and update a running one) once told to go; report the outcome."""
    from mentor_tui.core.errors import UserError
    from mentor_tui.core.notes import Note
    from mentor_tui.store import open_store

    repo = open_store(args.db)
    repo.act_as(args.author)
    print("ready", flush=True)
    sys.stdin.readline()
    errors: list[str] = []
    running = Note(args.session, args.section, args.author, "")
    written = 0
    for i in range(args.count):
        try:
            repo.notes.save(Note(args.session, args.section, args.author, f"{args.name} note {i}"))
            written += 1
            if i % 10 == 0:
                running.body += f"{args.name} {i}; "
                repo.notes.save(running)
                repo.notes.search(args.name)
        except UserError as exc:  # what the app would show the person
            errors.append(str(exc))
    print(json.dumps({"written": written, "errors": errors[:5], "error_count": len(errors),
                      "running": running.id, "running_body": running.body}), flush=True)
    return 0


@dataclass
class WritersResult:
    seconds: float
    written: int
    problems: list[str]


def two_writers(db: Path, count: int) -> WritersResult:
    from mentor_tui.store import open_store

    target = prepare(db)
    procs = []
    for name in ("left", "right"):
        proc = _child(
            "writer", "--db", str(db), "--session", target.session_id,
            "--author", target.author_id, "--section", target.section_key,
            "--name", name, "--count", str(count), stdin=subprocess.PIPE,
        )
        procs.append((name, proc))
    problems: list[str] = []
    for _, proc in procs:
        if _readline(proc, timeout=60) != "ready":
            problems.append("a writer did not start")
    started = time.monotonic()
    for _, proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    reports = {}
    for name, proc in procs:
        out, err = proc.communicate(timeout=max(120, count))
        if proc.returncode != 0:
            problems.append(f"writer {name} failed ({proc.returncode}): {err.strip()[-500:]}")
            continue
        if "locked" in err.lower() or "busy" in err.lower():
            problems.append(f"writer {name} printed: {err.strip()[-300:]}")
        reports[name] = json.loads(out.strip().splitlines()[-1])
    seconds = time.monotonic() - started
    written = 0
    with open_store(db) as repo:
        bodies = [n.body for n in repo.notes.for_session(target.session_id)]
        for name, report in reports.items():
            if report["error_count"]:
                problems.append(f"writer {name} saw {report['error_count']} errors: {report['errors']}")
            mine = {b for b in bodies if b.startswith(f"{name} note ")}
            written += len(mine)
            if len(mine) != count:
                problems.append(f"writer {name}: {len(mine)} of {count} notes are in the database")
            if repo.notes.get(report["running"]).body != report["running_body"]:
                problems.append(f"writer {name}: the running note lost an update")
        verdict = repo.db.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            problems.append(f"integrity_check: {verdict}")
    return WritersResult(seconds, written, problems)


# -- a database held busy -----------------------------------------------------------------

HOLDER = (
    "import sqlite3, sys, time\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "print('held', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "conn.execute('COMMIT')\n"
)


def hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process in the middle of a long write (a big import, say)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "held":
        raise RuntimeError("the lock holder did not start")
    return proc


def busy_database(folder: Path) -> list[str]:
    """A write lock held for 3 s is waited out; one held for a minute is one clear line."""
    from mentor_tui.core.errors import UserError
    from mentor_tui.core.notes import Note
    from mentor_tui.store import exchange, open_store

    problems = []
    target = prepare(folder / "busy.db")
    export = folder / "busy.json"
    with open_store(target.db) as repo:
        exchange.write_export(repo, export)
        holder = hold_write_lock(target.db, 3)
        started = time.monotonic()
        try:
            repo.notes.save(Note(target.session_id, target.section_key, target.author_id, "waited"))
        except UserError as exc:
            problems.append(f"an autosave behind a 3 s write failed: {exc}")
        waited = time.monotonic() - started
        holder.wait()
    holder = hold_write_lock(target.db, 120)
    try:
        other = folder / "other.json"
        data = json.loads(export.read_text())
        data["tables"]["people"][0]["display_name"] = "Changed while busy"
        data["tables"]["people"][0]["updated_at"] = "2099-01-01T00:00:00.000+00:00"
        other.write_text(json.dumps(data))
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "mentor_tui", "--db", str(target.db), "data", "import",
             str(other)],
            capture_output=True, text=True, timeout=180,
        )
        gave_up = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    lines = done.stderr.splitlines()
    if done.returncode != 1 or len(lines) != 1 or "busy" not in lines[0] or "Traceback" in done.stderr:
        problems.append(f"a write behind a long lock: status {done.returncode}, {done.stderr!r}")
    print(f"  an autosave behind a 3 s write waited {waited:.1f} s and saved; a write behind a "
          f"2-minute one gave up after {gave_up:.1f} s with: {lines[-1] if lines else '(nothing)'}")
    return problems


# -- the real app under tmux ----------------------------------------------------------------

APP_PERSON = "Dr Amara Okafor"
# No ";": tmux reads a lone ";" argument as the end of its command.
APP_TEXT = (
    "Abstract accepted at the regional meeting, registry paper analysis plan agreed. "
    "Worried about the night shifts and protected writing time. Grant aims due Friday. "
    "Next: ask the statistician, book the writing mornings, send the draft to Amara. "
)


class Tmux:
    """One private tmux server (its own socket), so nobody else's sessions are touched."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.socket = f"mentor-stress-{os.getpid()}-{name}"
        self.env = env

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, env=self.env, check=False)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str) -> int:
        self.run("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)
        # Keep the pane when the app exits, so a failure shows what it printed.
        self.run("set-option", "-t", "app", "remain-on-exit", "on", check=False)
        return int(self.run("list-panes", "-t", "app", "-F", "#{pane_pid}").split()[0])

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "app", check=False)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return
            time.sleep(0.05)
        raise RuntimeError(f"the app never showed {text!r}; the screen was:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "app", *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        self.run("kill-server", check=False)
        # tmux leaves its socket file behind.
        folder = Path(self.env.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)


def app_kill_round(db: Path, tmux: Tmux, rng: random.Random, *, key_ms: float = 20,
                   window_s: float = 1.0, slack_s: float = 0.5) -> RoundResult:
    """Resume a session in the real app, type into its note editor, SIGKILL it mid-word."""
    from mentor_tui import paths
    from mentor_tui.core.agendas import load_library
    from mentor_tui.core.models import Visibility
    from mentor_tui.store import open_store

    with open_store(db) as repo:
        for old in repo.sessions.interrupted():
            repo.sessions.end(old.id)
        mentorship = repo.mentorships.list()[0]
        me = repo.people.find(APP_PERSON)
        agenda = load_library(paths.prompts_dir() / "agendas", None)["regular-check-in"]
        session = repo.sessions.start(mentorship.id, agenda)
    command = (f"exec {sys.executable} -m mentor_tui --db {db} --as '{APP_PERSON}'")
    pid = tmux.start(command)
    typed: list[tuple[float, int]] = []  # (when the key was handed to tmux, text length)
    try:
        tmux.wait_for("Resume session?")
        tmux.keys("Enter")
        tmux.wait_for("Typing:")
        kill_after = rng.uniform(1.5, 5.0)
        started = time.monotonic()
        text = APP_TEXT * 3
        for count, char in enumerate(text, start=1):
            if time.monotonic() - started >= kill_after:
                break
            tmux.keys(char, literal=True)
            typed.append((time.monotonic(), count))
            time.sleep(key_ms / 1000)
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
    finally:
        tmux.run("kill-session", "-t", "app", check=False)
    result = RoundResult(commits=len(typed), notes=1, lag_ms=float("nan"))
    result.problems += check_database(db, [])
    with open_store(db) as repo:
        note = repo.notes.for_section(session.id, agenda.sections[0].key, me.id, Visibility.SHARED)
    body = note.body if note else ""
    due = max((n for at, n in typed if at <= killed_at - window_s - slack_s), default=0)
    if not text.startswith(body):
        result.problems.append(f"the saved note is not what was typed: {body[-40:]!r}")
    if len(body) < due:
        result.problems.append(
            f"{due} characters were typed more than {window_s + slack_s:.1f} s before the kill, "
            f"but only {len(body)} are in the database"
        )
    # How far the saved text trails the kill: the autosave window as the app lived it.
    saved_at = max((at for at, n in typed if n <= len(body)), default=killed_at)
    result.lag_ms = (killed_at - saved_at) * 1000
    return result


def app_kill_rounds(rounds: int, log=print, *, seed: int = 0) -> list[str]:
    """Type into the real app under tmux and SIGKILL it; needs the app and tmux."""
    import shutil

    if shutil.which("tmux") is None:
        return ["skipped: tmux is not installed"]
    try:
        import mentor_tui.tui.app  # noqa: F401
    except ImportError:
        return ["skipped: the Textual app is not there yet"]
    from mentor_tui.store import open_store
    from mentor_tui.store.demo import seed_demo
    from mentor_tui.tui.drafts import MAX_UNSAVED_SECONDS

    rng = random.Random(seed)
    lines = []
    with tempfile.TemporaryDirectory(prefix="mentor-app-kill-") as tmp:
        home = Path(tmp)
        env = dict(os.environ, XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
                   TERM="xterm-256color", LANG="C.UTF-8")
        env.pop("TMUX", None)
        env.pop("MENTOR_TUI_DB", None)
        db = home / "mentor.db"
        with open_store(db) as repo:
            from mentor_tui.core.clock import today

            seed_demo(repo, today=today())
        tmux = Tmux("app", env)
        results = []
        try:
            for number in range(rounds):
                result = app_kill_round(db, tmux, rng, window_s=MAX_UNSAVED_SECONDS)
                results.append(result)
                log(f"  round {number + 1}/{rounds}: {result.commits} keys typed; the saved "
                    f"text trailed the kill by {result.lag_ms:.0f} ms"
                    + (f"; PROBLEMS: {result.problems}" if result.problems else ""))
        finally:
            tmux.close()
    bad = [r for r in results if r.problems]
    lags = [r.lag_ms for r in results]
    lines.append(
        f"{len(results) - len(bad)}/{len(results)} rounds clean; saved text trailed the kill "
        f"by p50 {percentile(lags, 50):.0f} ms, max {max(lags):.0f} ms (the app promises "
        f"{MAX_UNSAVED_SECONDS * 1000:.0f} ms)"
    )
    lines += [f"PROBLEM round {i + 1}: {r.problems}" for i, r in enumerate(results) if r.problems]
    return lines


# -- entry point --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stress")
    sub = parser.add_subparsers(dest="command")
    typist = sub.add_parser("typist")
    writer = sub.add_parser("writer")
    for child in (typist, writer):
        child.add_argument("--db", type=Path, required=True)
        child.add_argument("--session", required=True)
        child.add_argument("--author", required=True)
        child.add_argument("--section", required=True)
    typist.add_argument("--key-ms", type=float, default=20)
    typist.add_argument("--save-ms", type=float, default=200)
    typist.add_argument("--seed", type=int, default=0)
    writer.add_argument("--name", required=True)
    writer.add_argument("--count", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--app-rounds", type=int, default=20,
                        help="rounds against the real app under tmux (slower: it starts each time)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--only", choices=["kill", "writers", "busy", "app"])
    args = parser.parse_args(argv)
    if args.command == "typist":
        return typist_main(args)
    if args.command == "writer":
        return writer_main(args)

    failures = 0
    with tempfile.TemporaryDirectory(prefix="mentor-stress-") as tmp:
        if args.only in (None, "kill"):
            print(f"SIGKILL during autosave: {args.rounds} rounds (seed {args.seed})", flush=True)
            results = kill_rounds(Path(tmp) / "kill.db", args.rounds, seed=args.seed, vary=True)
            bad = [r for r in results if r.problems]
            lags = [r.lag_ms for r in results if r.commits]
            print(
                f"  {len(results) - len(bad)}/{len(results)} rounds clean; "
                f"{sum(r.commits for r in results)} saves checked; last save before the kill: "
                f"p50 {percentile(lags, 50):.0f} ms, max {max(lags):.0f} ms"
            )
            failures += len(bad)
        if args.only in (None, "writers"):
            print(f"\nTwo processes writing {args.writes} times each", flush=True)
            result = two_writers(Path(tmp) / "writers.db", args.writes)
            print(
                f"  {result.written} of {2 * args.writes} notes in the database after "
                f"{result.seconds:.1f} s ({result.written / result.seconds:.0f} writes/s); "
                + ("no problems" if not result.problems else f"PROBLEMS: {result.problems}")
            )
            failures += bool(result.problems)
        if args.only in (None, "busy"):
            print("\nAnother process holding the write lock", flush=True)
            problems = busy_database(Path(tmp))
            for problem in problems:
                print(f"  PROBLEM: {problem}")
            failures += len(problems)
        if args.only in (None, "app"):
            print("\nSIGKILL while typing into the real app under tmux", flush=True)
            for line in app_kill_rounds(args.app_rounds, seed=args.seed):
                print(f"  {line}")
                failures += line.startswith("PROBLEM")
    print("\n" + ("All clean." if not failures else f"{failures} failures."))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
