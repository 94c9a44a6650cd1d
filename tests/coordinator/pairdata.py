"""A pair database full of things that must never reach a coordinator.

Built through the real repository. Every name, e-mail address, phone number, record number,
URL and note body is listed in SECRETS (whole strings) or NAME_WORDS (words), so a test can
look for each one in a bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentor_tui import paths
from mentor_tui.core.agendas import load_library
from mentor_tui.core.feedback import Rating
from mentor_tui.core.goals import CheckIn
from mentor_tui.core.models import (
    ActionItem,
    Goal,
    GoalStatus,
    Member,
    Mentorship,
    Person,
    Role,
    Visibility,
)
from mentor_tui.core.notes import Note
from mentor_tui.core.reverse import SkillRating
from mentor_tui.store import Repository, open_store

# The pseudonym keys the tests export with (conftest and the test modules share them).
KEY = bytes(range(32))
OTHER_KEY = bytes(range(100, 132))


PEOPLE = (
    # display name, email, career stage, specialty
    ("Priya Raman", "priya.raman@example.ac.uk", "ST4 registrar", "Cardiology"),
    (
        "Tomasz Kowalczyk",
        "t.kowalczyk@hospital.example.org",
        "Consultant",
        "Interventional cardiology",
    ),
    ("Siobhán O'Connor", "s.oconnor@example.ie", "Clinical lecturer", "Paediatric nephrology"),
    ("Oluwaseun Adeyemi", "oadeyemi@example.com", "Professor", "Colorectal surgery"),
    ("Mei-Ling Zhang", None, "FY2 doctor", "Emergency medicine"),
)
PHONES = ("+44 7700 900123", "020 7946 0958", "(415) 555-0134", "+49 30 901820")
IDS = ("MRN 00123456", "943 476 5919", "K7654321")
URLS = ("https://intranet.example.org/priya/cv.pdf", "www.example.net/oconnor")
DATES = ("12/03/2024", "3 March 2024", "2024-02-29")

SHARED_NOTES = (
    "Priya worries about the grant resubmission strategy; call her on +44 7700 900123.",
    "Tomasz shared the case of MRN 00123456 (NHS 943 476 5919) seen on 12/03/2024 "
    "- see https://intranet.example.org/priya/cv.pdf for the timeline.",
    "Siobhan will email s.oconnor@example.ie and ring 020 7946 0958 about the rota.",
    "Oluwaseun suggested the leadership course; booking ref K7654321 before 3 March 2024.",
    "Mei-Ling asked Dr Hargreaves about night shifts; (415) 555-0134, www.example.net/oconnor",
    "Mentee practised the abstract pitch; deadline 2024-02-29, call +49 30 901820.",
)
PRIVATE_NOTES = (
    "PRIVATE-ZEBRACORN Tomasz is burning out and thinks about leaving.",
    "PRIVATE-QUOKKA Priya's exam result was a fail.",
)
GOAL_TITLES = ("Submit the R01 with Oluwaseun", "Present at Priya's departmental meeting")
ACTION_TEXTS = (
    "Email priya.raman@example.ac.uk the draft",
    "Ask Siobhán for the 12/03/2024 slides",
)
RATING_WORDS = ("Tomasz was brilliant", "helpful")
CUSTOM_AGENDA = "Priya and Tomasz weekly catch-up"
CUSTOM_TOPIC = ("kowalczyk-ehr-tricks", "Tomasz Kowalczyk's EHR tricks")
TITLES = ("Priya & Tomasz", "Oluwaseun mentoring Siobhán", "Siobhán with Mei-Ling")

SECRETS = (
    *(p[0] for p in PEOPLE),
    *(p[1] for p in PEOPLE if p[1]),
    *PHONES,
    *IDS,
    *URLS,
    *DATES,
    *SHARED_NOTES,
    *PRIVATE_NOTES,
    *GOAL_TITLES,
    *ACTION_TEXTS,
    "Tomasz was brilliant",
    CUSTOM_AGENDA,
    *CUSTOM_TOPIC,
    *TITLES,
    "ST4 registrar",
    "Interventional cardiology",
    "Paediatric nephrology",
    "Colorectal surgery",
    "FY2 doctor",
    "PRIVATE-ZEBRACORN",
    "PRIVATE-QUOKKA",
    "Hargreaves",
)
NAME_WORDS = (
    "Priya",
    "Raman",
    "Tomasz",
    "Kowalczyk",
    "Siobhán",
    "Siobhan",
    "O'Connor",
    "oconnor",
    "Oluwaseun",
    "Adeyemi",
    "Mei-Ling",
    "Zhang",
    "Hargreaves",
    "oadeyemi",
    "kowalczyk",
)
# What must still be there, scrubbed, when text is included.
PLAIN_WORDS = ("grant resubmission strategy", "leadership course", "abstract pitch")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass
class Agendaish:
    key: str
    name: str
    sections: tuple


@dataclass
class Sectionish:
    key: str
    title: str
    minutes: int
    kind: str
    prompts: tuple = ()


@dataclass
class PairData:
    repo: Repository
    path: Path
    people: dict[str, Person]
    mentorships: list[Mentorship]
    session_ids: list[str]
    goal_ids: list[str]


def build_pair_db(path: Path) -> PairData:
    repo = open_store(path)
    library = load_library(paths.prompts_dir() / "agendas")
    people = {}
    for name, email, stage, specialty in PEOPLE:
        people[name] = repo.people.add(
            Person(name, email=email, career_stage=stage, specialty=specialty)
        )
    p = people
    pairs = (
        (TITLES[0], p["Tomasz Kowalczyk"], p["Priya Raman"]),
        (TITLES[1], p["Oluwaseun Adeyemi"], p["Siobhán O'Connor"]),
        (TITLES[2], p["Siobhán O'Connor"], p["Mei-Ling Zhang"]),
    )
    mentorships = [
        repo.mentorships.add(
            Mentorship(
                title=title,
                members=[Member(mentor.id, Role.MENTOR), Member(mentee.id, Role.MENTEE)],
                start_date=date(2024, 1, 8),
            )
        )
        for title, mentor, mentee in pairs
    ]
    custom = Agendaish(
        key="priya-weekly",
        name=CUSTOM_AGENDA,
        sections=(
            Sectionish("catch-up", "Catch up with Priya", 20, "notes"),
            Sectionish("wrap", "Wrap up", 5, "wrap-up"),
        ),
    )
    agendas = [library["regular-check-in"], library["reverse-mentoring"], custom]
    session_ids, goal_ids = [], []
    notes = list(SHARED_NOTES)
    for i, mentorship in enumerate(mentorships):
        mentor_id, mentee_id = (
            mentorship.people_in(Role.MENTOR)[0],
            mentorship.people_in(Role.MENTEE)[0],
        )
        for j, agenda in enumerate(agendas if i == 0 else agendas[:2]):
            session = repo.sessions.start(mentorship.id, agenda)
            session_ids.append(session.id)
            repo.notes.save(
                Note(
                    session.id,
                    session.sections[0].key,
                    mentee_id,
                    body=notes[(i * 2 + j) % len(notes)],
                )
            )
            repo.notes.save(
                Note(
                    session.id,
                    session.sections[0].key,
                    mentor_id,
                    body=PRIVATE_NOTES[(i + j) % 2],
                    visibility=Visibility.PRIVATE,
                )
            )
            if len(session.sections) > 1:
                repo.sessions.go_to_section(session.id, 1)
                repo.notes.save(
                    Note(
                        session.id,
                        session.sections[1].key,
                        mentor_id,
                        body=notes[(i * 2 + j + 3) % len(notes)],
                    )
                )
            repo.sessions.end(session.id)
            repo.feedback.save_rating(
                Rating(
                    session.id,
                    mentee_id,
                    4 + (j % 2),
                    word=RATING_WORDS[j % 2],
                    pairing="yes",
                )
            )
            repo.feedback.save_rating(Rating(session.id, mentor_id, 5, pairing=None))
            if agenda.key == "reverse-mentoring":
                repo.feedback.save_skill_rating(
                    SkillRating(
                        session.id, mentor_id, "ai-assistants", "AI assistants", before=2, after=4
                    )
                )
                repo.feedback.save_skill_rating(
                    SkillRating(
                        session.id, mentor_id, CUSTOM_TOPIC[0], CUSTOM_TOPIC[1], before=1, after=3
                    )
                )
        goal = repo.goals.add(
            Goal(
                mentorship.id,
                mentee_id,
                GOAL_TITLES[i % 2],
                category="grants" if i == 0 else "leadership",
                specific="Phone Priya on 020 7946 0958",
            )
        )
        goal_ids.append(goal.id)
        repo.goals.add_checkin(
            CheckIn(
                goal.id,
                50,
                comment="Priya halfway",
                session_id=session_ids[-1],
                author_id=mentee_id,
            )
        )
        repo.actions.add(
            ActionItem(
                mentorship.id,
                ACTION_TEXTS[i % 2],
                mentee_id,
                due=date(2020, 1, 1),
                session_id=session_ids[-1],
            )
        )
        done = repo.actions.add(
            ActionItem(mentorship.id, "Read the paper Tomasz sent", mentor_id, due=date(2030, 1, 1))
        )
        repo.actions.set_done(done.id)
    repo.goals.add(
        Goal(
            mentorships[0].id,
            mentorships[0].people_in(Role.MENTOR)[0],
            "Learn AI tools from Priya",
            category="digital",
            status=GoalStatus.IN_PROGRESS,
            topic_key="ai-assistants",
        )
    )
    return PairData(repo, path, people, mentorships, session_ids, goal_ids)
