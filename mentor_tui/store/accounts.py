"""The sign-in desk: the one place outside maintenance commands that holds the unbound store.

The app and the CLI never read pair data through it: they ask it for a repository bound to a
person (store/scope.py) once that person has shown their passphrase, or, under `serve`, once
their SSH key has. What it answers itself is what the database owner already knows: who is in
this database, and whether they have a passphrase.
"""

from __future__ import annotations

from pathlib import Path

from mentor_tui.core.errors import NotFound
from mentor_tui.core.models import Mentorship, Person
from mentor_tui.core.passphrase import Derived
from mentor_tui.store.repository import Repository


class Accounts:
    def __init__(self, store: Repository) -> None:
        if store.scope is not None:
            raise ValueError("Accounts needs the unbound store")
        self._store = store

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    def close(self) -> None:
        self._store.close()

    # -- who is here ---------------------------------------------------------------------

    def people(self) -> list[Person]:
        return self._store.list_people()

    def has_people(self) -> bool:
        return bool(self._store.list_people())

    def find(self, name_or_id: str) -> Person:
        return self._store.find_person(name_or_id)

    def get(self, person_id: str) -> Person:
        return self._store.get_person(person_id)

    def has_passphrase(self, person_id: str) -> bool:
        return self._store.has_passphrase(person_id)

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self._store.get_setting(key, default)

    # -- signing in ----------------------------------------------------------------------

    def sign_in(self, person_id: str, passphrase: str | None) -> Repository:
        """The person's own repository, if the passphrase is theirs (or they have none)."""
        self.unlock(person_id, passphrase)
        return self._store.as_viewer(person_id)

    def unlock(self, person_id: str, passphrase: str | None) -> Derived | None:
        person = self._store.get_person(person_id)
        if not self._store.has_passphrase(person_id):
            return None
        return self._store.check_passphrase(
            person_id, passphrase or "", name=person.display_name
        )

    def trusted(self, person_id: str) -> Repository:
        """For a person already proven by other means: an SSH key under `serve`, or a test."""
        self._store.get_person(person_id)
        return self._store.as_viewer(person_id)

    def owner(self) -> Repository:
        """The database owner's view (commands run without --as): nobody's private content."""
        return self._store.as_owner()

    def set_passphrase(self, person_id: str, new: str, *, current: str | None = None) -> None:
        person = self._store.get_person(person_id)
        self._store.set_passphrase(person_id, new, current=current, name=person.display_name)

    # -- the first mentorship ------------------------------------------------------------

    def register(self, mentorship: Mentorship) -> Mentorship:
        """Onboarding: a new mentorship of people found or added by person_named."""
        return self._store.add_mentorship(mentorship)

    def person_named(self, name: str, email: str | None) -> Person:
        try:
            person = self._store.find_person(name)
        except NotFound:
            return self._store.add_person(Person(name, email=email or None))
        if email and not person.email:
            person.email = email
            person = self._store.save_person(person)
        return person
