"""Synthetic mentoring data at any size, for benchmarks and stress runs.

    python -m bench.seed --db FILE --mentorships 500 --sessions 20000 [--notes-per-session 10]
                         [--seed 1] [--today 2026-03-02] [--replace]

Everything is invented: names are built from syllables, notes from medical-mentoring word
lists (research, grants, clinical work, career, wellness, ethics, equity, reverse
mentoring). Note lengths run from a few words to a few paragraphs. The same --seed and
--today always give the same database. The rows are a mentor_tui.store.history.History (the
demo's too), written in bulk: the repository's own row shapes in large transactions.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mentor_tui import paths
from mentor_tui.core.agendas import Agenda, load_library
from mentor_tui.core.catalogue import load_topics
from mentor_tui.core.clock import iso
from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    GOAL_CATEGORIES,
    ActionItem,
    Agreement,
    Goal,
    GoalStatus,
    Member,
    MentorRole,
    Mentorship,
    MentorshipStatus,
    Milestone,
    Mode,
    Person,
    Role,
    Style,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating
from mentor_tui.store import open_store
from mentor_tui.store.bulk import optimize_search_index
from mentor_tui.store.history import History, ended_session

DEFAULT_TODAY = date(2026, 3, 2)
# One write transaction per this many notes (and the sessions they belong to).
NOTES_PER_TRANSACTION = 20_000

# -- words -------------------------------------------------------------------------------

_FIRST_A = ["A", "Be", "Ca", "Da", "E", "Fa", "Ga", "Ha", "I", "Ja", "Ka", "La", "Ma", "Na",
            "O", "Pa", "Ra", "Sa", "Ta", "U", "Va", "Ya", "Za", "Mi", "Lu", "No", "Ri"]
_FIRST_B = ["ren", "lio", "mara", "tan", "vin", "sha", "del", "ric", "nor", "lia", "mon", "ko",
            "bel", "dan", "ris", "tha", "na", "vo", "len", "sia"]
_LAST_A = ["Or", "Bel", "Cas", "Dra", "Fen", "Gal", "Hol", "Iv", "Kel", "Lor", "Mar", "Nev",
           "Os", "Pel", "Quin", "Ros", "Sel", "Tor", "Val", "Wen", "Yar", "Zel"]
_LAST_B = ["ekor", "andi", "berg", "ova", "ström", "illo", "anu", "ado", "emba", "ish", "ton",
           "avic", "ero", "unde", "asse", "oyo", "ic", "mann", "ati", "ez"]
_SPECIALTIES = ["cardiology", "oncology", "paediatrics", "general surgery", "anaesthesia",
                "emergency medicine", "psychiatry", "neurology", "obstetrics", "radiology",
                "infectious diseases", "nephrology", "family medicine", "public health",
                "geriatrics", "dermatology", "pathology", "intensive care"]
_STAGES_MENTOR = ["associate professor", "professor", "consultant", "attending physician",
                  "senior lecturer", "clinical director"]
_STAGES_MENTEE = ["medical student", "resident", "fellow", "junior doctor", "registrar",
                  "postdoctoral researcher", "assistant professor", "new consultant"]
_PRONOUNS = ["she/her", "he/him", "they/them", None, None]

_PEOPLE = ["I", "We", "My mentor", "My mentee", "The registrar", "Our team", "The PI",
           "The programme lead", "The department chair", "The rota coordinator"]
_DID = ["reviewed", "drafted", "talked through", "revised", "presented", "submitted",
        "discussed", "planned", "questioned", "outlined", "rewrote", "checked"]
_THINGS = ["the registry analysis plan", "the grant specific aims", "the manuscript discussion",
           "the ethics application", "the conference abstract", "the teaching portfolio",
           "the promotion dossier", "the case report", "the cover letter to the editor",
           "the reviewer comments", "the audit of discharge summaries",
           "the quality improvement project", "the sepsis handover checklist",
           "the journal club slides", "the fellowship application", "the CV",
           "the budget justification", "the statistical analysis", "the consent form",
           "the literature search strategy", "the data management plan",
           "the individual development plan", "the clinic template", "the job talk"]
_WHEN = ["last week", "before the deadline", "on the night shift", "after clinic",
         "over the weekend", "during the ward round", "since we last met", "this month",
         "between on-call shifts", "at the regional meeting", "before the committee meets"]
_FEELINGS = ["Worried about", "Unsure about", "Frustrated with", "Encouraged by",
             "Proud of", "Anxious about", "Curious about", "Overwhelmed by", "Energised by"]
_WORRIES = ["balancing research time with the rota", "reviewer two's comments",
            "speaking up in the multidisciplinary meeting", "the gap in my publication record",
            "burnout in the team", "being the only woman on the panel",
            "how to say no to extra committee work", "the disclosure conversation after the error",
            "sleep after a run of nights", "whether academic medicine is for me",
            "imposter feelings at grand rounds", "childcare and evening clinics",
            "a difficult conversation with a senior colleague", "negotiating protected time",
            "getting a first-author paper out", "the grant resubmission",
            "feedback from the simulation assessment", "leading the handover for the first time"]
_ACTIONS = ["send the revised draft", "ask the statistician for a meeting",
            "book protected writing time", "email the grants office",
            "read the two papers on readmission", "shadow the heart-failure clinic",
            "draft a one-page summary", "register for the leadership course",
            "set up a reference manager", "try the AI assistant on the search strategy",
            "introduce me to the trial unit lead", "practise the job talk",
            "write the reflective piece on the case", "update the CV",
            "join the equity and inclusion working group", "submit the abstract",
            "check every AI-suggested reference by hand", "plan a rest day after nights"]
_DEADLINES = ["Friday", "the end of the month", "next session", "two weeks from now",
              "the abstract deadline", "the rota change", "the spring review"]
_INSIGHTS = ["Sponsorship matters as much as advice here.",
             "Saying no is a skill; practise it on small things first.",
             "Protected time only works if it goes in the calendar.",
             "The first draft is for thinking, not for reviewers.",
             "Patients come first, but so does sleep.",
             "Ask the quiet people in the room what they think.",
             "Learning from the case was more useful than blaming anyone.",
             "Short daily writing beats a lost weekend.",
             "The mentee showed me a faster way to search the literature.",
             "A shared document beats long email threads.",
             "Never paste patient data into an online tool.",
             "Feedback lands better when it is specific and soon."]
_FRAGMENTS = ["Good progress", "Follow up next time", "Deadline moved", "Needs a second opinion",
              "Registry data approved", "Grant pre-review booked", "Abstract accepted",
              "Rota swapped", "Paper rejected, resubmitting", "Ethics approval pending",
              "Ask about sponsorship", "Checked in on wellbeing", "Shadowing went well",
              "Skipped: out of time", "Teaching feedback positive", "Promotion criteria unclear"]


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"{rng.choice(_PEOPLE)} {rng.choice(_DID)} {rng.choice(_THINGS)} {rng.choice(_WHEN)}."
    if kind < 0.55:
        return f"{rng.choice(_FEELINGS)} {rng.choice(_WORRIES)}."
    if kind < 0.75:
        return f"Agreed to {rng.choice(_ACTIONS)} by {rng.choice(_DEADLINES)}."
    if kind < 0.9:
        return rng.choice(_INSIGHTS)
    return f"{rng.choice(_FRAGMENTS)}; {rng.choice(_ACTIONS)}."


def note_text(rng: random.Random) -> str:
    """From a few words to a few paragraphs, most notes one to three sentences."""
    roll = rng.random()
    if roll < 0.28:
        return rng.choice(_FRAGMENTS) + rng.choice([".", "", " - " + rng.choice(_WHEN) + "."])
    if roll < 0.70:
        return " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
    if roll < 0.92:
        return " ".join(_sentence(rng) for _ in range(rng.randint(4, 8)))
    return "\n\n".join(
        " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
        for _ in range(rng.randint(2, 4))
    )


# -- the generator ---------------------------------------------------------------------


def _id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _moment(day: date, minutes: float) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes)


def _at(day: date, minutes: float) -> str:
    return iso(_moment(day, minutes))


class Generator:
    def __init__(self, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        library = load_library(paths.prompts_dir() / "agendas", None)
        self.agendas: list[Agenda] = list(library)
        weights = {"regular-check-in": 8, "research-grants-publications": 3, "wellness": 2,
                   "career-idp-review": 2, "reverse-mentoring": 2, "ethics-case-debrief": 1,
                   "spot-mentoring": 2, "shadowing-debrief": 1, "networking-sponsorship": 1,
                   "group-session": 1}
        self.agenda_weights = [weights.get(a.key, 0.3) for a in self.agendas]
        self.by_key = {a.key: a for a in self.agendas}
        self.topics = load_topics(paths.prompts_dir(), None)

    def person(self, mentor: bool, created: str) -> Person:
        rng = self.rng
        first = rng.choice(_FIRST_A) + rng.choice(_FIRST_B)
        last = rng.choice(_LAST_A) + rng.choice(_LAST_B)
        return Person(
            f"Dr {first} {last}" if mentor or rng.random() < 0.6 else f"{first} {last}",
            email=f"{first}.{last}@example.org".lower() if rng.random() < 0.8 else None,
            career_stage=rng.choice(_STAGES_MENTOR if mentor else _STAGES_MENTEE),
            specialty=rng.choice(_SPECIALTIES),
            pronouns=rng.choice(_PRONOUNS),
            id=_id(rng),
            created_at=created,
            updated_at=created,
        )

    def plan(self, mentorships: int, sessions: int, notes: int) -> tuple[list[int], list[int]]:
        """Sessions per mentorship (uneven, at least one each) and notes per session."""
        rng = self.rng
        if sessions < mentorships:
            raise SystemExit("--sessions must be at least --mentorships (one session each).")
        weights = [rng.lognormvariate(0, 0.6) for _ in range(mentorships)]
        per_m = [1] * mentorships
        for i in rng.choices(range(mentorships), weights=weights, k=sessions - mentorships):
            per_m[i] += 1
        per_s = [0] * sessions
        for i in rng.choices(range(sessions), weights=[rng.random() + 0.3 for _ in range(sessions)], k=notes):
            per_s[i] += 1
        return per_m, per_s

    def mentorship(self, index: int, n_sessions: int, note_counts: list[int], mentors: list[Person],
                   batch: History) -> None:
        rng = self.rng
        gap = rng.choice([7, 14, 14, 14, 21, 28, 28])
        # Keep a long history within about three years by meeting more often.
        gap = max(3, min(gap, 1100 // max(1, n_sessions - 1)))
        status = rng.choices(
            [MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED, MentorshipStatus.CLOSED],
            weights=[75, 10, 15],
        )[0]
        # Closed and some paused ones stopped a while ago; active ones met recently.
        last_ago = rng.randint(0, 20) if status == MentorshipStatus.ACTIVE else rng.randint(25, 400)
        if rng.random() < 0.12:
            last_ago += rng.randint(21, 60)  # a stalled pair
        start = self.today - timedelta(days=last_ago + gap * (n_sessions - 1) + rng.randint(0, 10))
        created = _at(start, 8 * 60)
        group = rng.random() < 0.08
        style = Style.GROUP if group else rng.choices(
            [Style.ONE_ON_ONE, Style.VIRTUAL, Style.SHADOWING, Style.NETWORKING, Style.SPOT],
            weights=[70, 15, 6, 5, 4],
        )[0]
        if mentors and rng.random() < 0.45:
            mentor = rng.choice(mentors)  # mentors often have several mentees
        else:
            mentor = self.person(True, created)
            mentors.append(mentor)
            batch.people.append(mentor)
        mentees = [self.person(False, created) for _ in range(rng.randint(3, 5) if group else 1)]
        batch.people.extend(mentees)
        members = [Member(mentor.id, Role.MENTOR, [rng.choice(list(MentorRole))])]
        members += [Member(m.id, Role.MENTEE) for m in mentees]
        title = f"{mentor.display_name.split()[-2]} & {mentees[0].display_name.split()[-2]}"
        if group:
            title = f"{mentor.specialty.title()} group {index + 1}"
        mentorship = Mentorship(
            title,
            style=style,
            members=members,
            cadence=f"every {gap // 7} weeks" if gap >= 14 else f"every {gap} days",
            rrule=f"FREQ=WEEKLY;INTERVAL={gap // 7}" if gap >= 7 else f"FREQ=DAILY;INTERVAL={gap}",
            start_date=start,
            status=status,
            agreement=Agreement(
                goals="Support the mentee's research, career and wellbeing; the mentor learns "
                "current digital tools.",
                meeting_frequency=f"Every {gap} days",
                meeting_length=rng.choice(["30 minutes", "45 minutes", "an hour"]),
                between_meetings="Email for anything non-urgent.",
                confidentiality="What we discuss stays between us unless we agree otherwise.",
                feedback="Both ways, at the end of each meeting.",
                ending="Either of us can end it, no fault, with a closing meeting.",
                review_date=start + timedelta(days=182),
                updated_at=created,
            ),
            id=_id(rng),
            created_at=created,
            updated_at=created,
        )
        batch.mentorships.append(mentorship)
        mentee_ids = [m.id for m in mentees]
        everyone = [mentor.id, *mentee_ids]

        goals = []
        for _ in range(rng.randint(1, 5)):
            owner = mentor.id if rng.random() < 0.2 else rng.choice(mentee_ids)
            category = "digital" if owner == mentor.id else rng.choice(GOAL_CATEGORIES)
            due = start + timedelta(days=rng.randint(60, 540))
            goals.append(Goal(
                mentorship.id, owner,
                rng.choice(_ACTIONS).capitalize() if category != "digital"
                else "Learn " + rng.choice(self.topics).title.lower(),
                category=category,
                specific=rng.choice(_THINGS).capitalize() + ".",
                measurable="Done when " + rng.choice(_ACTIONS) + ".",
                time_bound=f"By {due.isoformat()}.",
                due=due,
                milestones=[Milestone(rng.choice(_FRAGMENTS), rng.random() < 0.5)
                            for _ in range(rng.randint(0, 3))],
                id=_id(rng), created_at=created, updated_at=created,
            ))
        batch.goals.extend(goals)

        for number in range(n_sessions):
            day = start + timedelta(days=gap * number + rng.randint(-2, 2))
            day = min(day, self.today)
            agenda = self.by_key["first-meeting"] if number == 0 and "first-meeting" in self.by_key \
                else rng.choices(self.agendas, weights=self.agenda_weights)[0]
            begin = rng.randint(7 * 60 + 30, 18 * 60)
            mode = Mode.REMOTE if style == Style.VIRTUAL or rng.random() < 0.2 else Mode.IN_PERSON
            session_id = _id(rng)
            seconds = [round(s.minutes * rng.uniform(0.6, 1.5) * 60, 1) for s in agenda.sections]
            session = ended_session(
                mentorship.id, agenda, _moment(day, begin), seconds, mode=mode, id=session_id
            )
            clock = begin + sum(seconds) / 60
            session.updated_at = session.ended_at
            batch.sessions.append(session)

            for _ in range(note_counts[number]):
                section = rng.choice(agenda.sections)
                at = _at(day, begin + rng.uniform(0, clock - begin))
                batch.notes.append(Note(
                    session.id, section.key, rng.choice(everyone), note_text(rng),
                    visibility=Visibility.PRIVATE if rng.random() < 0.1 else Visibility.SHARED,
                    id=_id(rng), created_at=at, updated_at=at,
                ))
            for goal in rng.sample(goals, k=min(len(goals), rng.randint(0, 2))):
                if goal.status in (GoalStatus.DONE, GoalStatus.DROPPED):
                    continue
                goal.progress = min(100, goal.progress + rng.choice([5, 10, 10, 20, 25]))
                goal.status = GoalStatus.DONE if goal.progress >= 100 else GoalStatus.IN_PROGRESS
                if rng.random() < 0.02:
                    goal.status = GoalStatus.DROPPED
                goal.updated_at = session.started_at
                batch.checkins.append(CheckIn(
                    goal.id, goal.progress, rng.choice(_FRAGMENTS) + ".",
                    session_id=session.id, author_id=goal.owner_id,
                    id=_id(rng), created_at=session.started_at, updated_at=session.started_at,
                ))
            for _ in range(rng.choices([0, 1, 2, 3], weights=[25, 40, 25, 10])[0]):
                due = day + timedelta(days=rng.randint(3, 30))
                done = due < self.today and rng.random() < 0.8
                done_at = _at(day, begin + rng.uniform(60, (due - day).days * 1440))
                batch.action_items.append(ActionItem(
                    mentorship.id, rng.choice(_ACTIONS).capitalize(), rng.choice(everyone),
                    due=due, session_id=session.id, done_at=done_at if done else None,
                    id=_id(rng), created_at=session.started_at, updated_at=session.started_at,
                ))
            for person_id in everyone:
                if rng.random() < 0.85:
                    batch.ratings.append(Rating(
                        session.id, person_id, rng.choices([2, 3, 4, 5], weights=[3, 15, 45, 37])[0],
                        rng.choice(["useful", "encouraging", "focused", "rushed", "honest", "practical"]),
                        "yes" if rng.random() < 0.93 else "no",
                        id=_id(rng), created_at=session.ended_at, updated_at=session.ended_at,
                    ))
            if agenda.key == "reverse-mentoring" and self.topics:
                topic = rng.choice(self.topics)
                before = rng.randint(1, 3)
                batch.skill_ratings.append(SkillRating(
                    session.id, mentor.id, topic.key, topic.title,
                    before=before, after=min(5, before + rng.randint(0, 2)),
                    id=_id(rng), created_at=session.ended_at, updated_at=session.ended_at,
                ))


def seed(
    path: Path,
    *,
    mentorships: int,
    sessions: int,
    notes_per_session: int = 10,
    seed: int = 1,
    today: date = DEFAULT_TODAY,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill a new database at `path`; returns the rows written per table."""
    gen = Generator(seed=seed, today=today)
    per_m, per_s = gen.plan(mentorships, sessions, sessions * notes_per_session)
    totals: dict[str, int] = {}
    repo = open_store(path)
    try:
        mentors: list[Person] = []
        batch = History(topics=list(gen.topics))
        cursor = 0
        for index, count in enumerate(per_m):
            gen.mentorship(index, count, per_s[cursor : cursor + count], mentors, batch)
            cursor += count
            if len(batch.notes) >= NOTES_PER_TRANSACTION or index == len(per_m) - 1:
                for table, n in batch.write(repo).items():
                    totals[table] = totals.get(table, 0) + n
                batch = History()
                if progress:
                    progress(f"{index + 1}/{len(per_m)} mentorships, {totals.get('notes', 0)} notes")
        optimize_search_index(repo)
    finally:
        repo.close()
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, type=Path, help="database file to create")
    parser.add_argument("--mentorships", type=int, default=500)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--notes-per-session", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY,
                        help="the day the history ends (default %(default)s, fixed so runs repeat)")
    parser.add_argument("--replace", action="store_true", help="delete FILE first if it exists")
    args = parser.parse_args(argv)
    if args.mentorships < 1:
        parser.error("--mentorships must be at least 1")
    if args.db.exists():
        if not args.replace:
            parser.error(f"{args.db} exists; pass --replace to start it afresh")
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    totals = seed(
        args.db,
        mentorships=args.mentorships,
        sessions=args.sessions,
        notes_per_session=args.notes_per_session,
        seed=args.seed,
        today=args.today,
        progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True),
    )
    took = time.perf_counter() - started
    size = args.db.stat().st_size / 1e6
    summary = ", ".join(f"{n} {table}" for table, n in totals.items())
    print(f"Seeded {args.db} in {took:.1f} s ({size:.0f} MB): {summary}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
