"""SSH public keys registered per person: what lets someone in to `mentor-tui serve`.

The store keeps keys as already-parsed text (algorithm, SHA256 fingerprint, the OpenSSH
one-line form); parsing and validating key files belongs to mentor_tui.server.keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mentor_tui.core.clock import new_id, now_iso
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.store.repo.base import SubRepository


@dataclass
class PersonKey:
    person_id: str
    algorithm: str
    fingerprint: str  # "SHA256:..." exactly as `ssh-keygen -l` prints it
    public_key: str  # "ssh-ed25519 AAAA..." without the comment
    comment: str = ""
    id: str = ""
    created_at: str = ""
    person_name: str = ""


def _key(row: dict[str, Any]) -> PersonKey:
    return PersonKey(
        id=row["id"],
        person_id=row["person_id"],
        algorithm=row["algorithm"],
        fingerprint=row["fingerprint"],
        public_key=row["public_key"],
        comment=row["comment"] or "",
        created_at=row["created_at"],
        person_name=row.get("display_name") or "",
    )


_SELECT = (
    "SELECT k.*, p.display_name FROM person_keys k LEFT JOIN people p ON p.id = k.person_id "
)


class KeysRepo(SubRepository):
    def add(
        self, person_id: str, *, algorithm: str, fingerprint: str, public_key: str, comment: str = ""
    ) -> tuple[PersonKey, bool]:
        """Register a key; returns (key, added). A key identifies exactly one person."""
        person = self.repo.people.get(person_id)
        existing = self.by_fingerprint(fingerprint)
        if existing is not None:
            if existing.person_id == person_id:
                return existing, False
            raise UserError(
                f"That key ({fingerprint}) already belongs to {existing.person_name}; "
                "a key can let in only one person."
            )
        row = {
            "id": new_id(),
            "person_id": person.id,
            "algorithm": algorithm,
            "fingerprint": fingerprint,
            "public_key": public_key,
            "comment": comment,
            "created_at": now_iso(),
        }
        with self.write():
            self._upsert("person_keys", row)
        found = self.by_fingerprint(fingerprint)
        assert found is not None
        return found, True

    def list(self, person_id: str | None = None) -> list[PersonKey]:
        sql = _SELECT
        params: tuple[str, ...] = ()
        if person_id:
            sql += "WHERE k.person_id = ? "
            params = (person_id,)
        sql += "ORDER BY p.display_name COLLATE NOCASE, k.created_at"
        return [_key(r) for r in self._read(sql, params)]

    def by_fingerprint(self, fingerprint: str) -> PersonKey | None:
        row = self._one(_SELECT + "WHERE k.fingerprint = ?", (fingerprint,))
        return _key(row) if row else None

    def find(self, text: str) -> PersonKey:
        """By fingerprint (with or without "SHA256:"), fingerprint prefix, or id prefix."""
        text = text.strip()
        bare = text.removeprefix("SHA256:")
        if not bare:
            raise UserError("Give the key's fingerprint (SHA256:...) or id; see `people keys list`.")
        rows = self._read(_SELECT + "WHERE k.fingerprint = ? OR k.id = ?", (f"SHA256:{bare}", text))
        if not rows and len(bare) >= 4:
            rows = self._read(
                _SELECT + "WHERE k.fingerprint LIKE ? ESCAPE '\\' OR k.id LIKE ? ESCAPE '\\'",
                (f"SHA256:{_like(bare)}%", f"{_like(text)}%"),
            )
        if not rows:
            raise NotFound(f'No registered key matches "{text}"; see `mentor-tui people keys list`.')
        if len(rows) > 1:
            raise UserError(f'More than one key matches "{text}"; give more of the fingerprint.')
        return _key(rows[0])

    def remove(self, key_id: str) -> None:
        with self.write():
            self._delete("person_keys", key_id)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
