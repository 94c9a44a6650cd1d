"""The sign-in desk: the one place outside maintenance commands that holds the unbound store.

The app and the CLI never read pair data through it: they ask it for a repository bound to a
person (store/scope.py) once that person has shown their passphrase, or, under `serve`, once
their SSH key has. What it answers itself is what the database owner already knows: who is in
this database, and whether they have a passphrase.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mentor_tui.core.clock import now_iso, parse_iso
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import Mentorship, Person
from mentor_tui.store.repository import Repository

if TYPE_CHECKING:
    from mentor_tui.core.passphrase import Derived  # hashlib, hmac: only with a passphrase

# When private notes were last sealed from plain text (backups before it may hold that text).
SEALED_AT = "privacy.sealed_at"


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
        return self._store.people.list()

    def has_people(self) -> bool:
        return bool(self._store.people.list())

    def find(self, name_or_id: str) -> Person:
        return self._store.people.find(name_or_id)

    def get(self, person_id: str) -> Person:
        return self._store.people.get(person_id)

    def has_passphrase(self, person_id: str) -> bool:
        return self._store.credentials.has_passphrase(person_id)

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self._store.get_setting(key, default)

    # -- signing in ----------------------------------------------------------------------

    def sign_in(self, person_id: str, passphrase: str | None) -> Repository:
        """The person's own repository, if the passphrase is theirs (or they have none),
        holding their data key so their private notes open (store/vault.py)."""
        derived = self.unlock(person_id, passphrase)
        repo = self._store.as_viewer(person_id)
        if derived is not None:
            try:
                repo.private_key = self._store.credentials.data_key(person_id, derived)
            except UserError:
                repo.close()
                raise
        return repo

    def unlock_key(self, person_id: str, passphrase: str) -> bytes:
        """The data key alone: for a person signed in by their SSH key who opens their
        private notes with their passphrase."""
        derived = self.unlock(person_id, passphrase)
        if derived is None:
            raise UserError("There is no passphrase to unlock; set one first.")
        return self._store.credentials.data_key(person_id, derived)

    def unlock(self, person_id: str, passphrase: str | None) -> Derived | None:
        person = self._store.people.get(person_id)
        if not self._store.credentials.has_passphrase(person_id):
            return None
        return self._store.credentials.check_passphrase(
            person_id, passphrase or "", name=person.display_name
        )

    def trusted(self, person_id: str) -> Repository:
        """For a person already proven by other means: an SSH key under `serve`, or a test."""
        self._store.people.get(person_id)
        return self._store.as_viewer(person_id)

    def owner(self) -> Repository:
        """The database owner's view (commands run without --as): nobody's private content."""
        return self._store.as_owner()

    def set_passphrase(
        self,
        person_id: str,
        new: str,
        *,
        current: str | None = None,
        recovery_code: str | None = None,
    ) -> tuple[bytes, str | None]:
        """Set or change a passphrase. The first time, the person's private notes written in
        plain text are sealed and their plain text scrubbed from the file; returns the data
        key and the one-time recovery code (None when the passphrase only changed)."""
        person = self._store.people.get(person_id)
        data_key, code = self._store.credentials.set_passphrase(
            person_id, new, current=current, recovery_code=recovery_code, name=person.display_name
        )
        with self._store.as_viewer(person_id) as own:
            own.private_key = data_key
            sealed = own.notes.seal_own_private() + own.feedback.seal_own_private_answers()
        if sealed:
            self.scrub()
            # Backups taken before now may still hold that plain text (plain_backups).
            self._store.set_setting(SEALED_AT, now_iso())
        return data_key, code

    def plain_backups(self) -> list[Path]:
        """Backups taken before private notes were last sealed: they may hold their text."""
        from mentor_tui.store import database

        sealed_at = self._store.get_setting(SEALED_AT)
        if not sealed_at:
            return []
        cutoff = parse_iso(sealed_at).timestamp()
        return [b for b in database.list_backups(self.path) if b.stat().st_mtime < cutoff]

    def replace_plain_backups(self) -> tuple[Path, list[Path]]:
        """A fresh backup (private notes sealed in it), then the older ones removed: only
        ever on the person's explicit yes."""
        from mentor_tui.store import database

        old = self.plain_backups()
        fresh = database.take_backup(self._store.db.conn, self.path, "sealed")
        for path in old:
            path.unlink(missing_ok=True)
        return fresh, old

    def scrub(self) -> None:
        from mentor_tui.store import database

        database.scrub(self._store.db, self._store.path)

    def plain_private_notes(self, person_id: str) -> int:
        with self._store.as_viewer(person_id) as own:
            return own.notes.count_plain_private()

    # -- the first mentorship ------------------------------------------------------------

    def register(self, mentorship: Mentorship) -> Mentorship:
        """Onboarding: a new mentorship of people found or added by person_named."""
        return self._store.mentorships.add(mentorship)

    def person_named(
        self,
        name: str,
        email: str | None,
        *,
        viewer_id: str | None = None,
        career_stage: str | None = None,
    ) -> Person:
        """Found by name, or added. A signed-in person finds only the people they can already
        see: naming someone from another mentorship makes a new person, never reveals or
        changes the other one. Email and career stage fill in what is empty, never replace."""
        try:
            if viewer_id is None:
                person = self._store.people.find(name)
            else:
                with self._store.as_viewer(viewer_id) as theirs:
                    person = theirs.people.find(name)
        except NotFound:
            return self._store.people.add(
                Person(name, email=email or None, career_stage=career_stage or None)
            )
        changed = False
        if email and not person.email:
            person.email, changed = email, True
        if career_stage and not person.career_stage:
            person.career_stage, changed = career_stage, True
        if changed:
            person = self._store.people.save(person)
        return person
