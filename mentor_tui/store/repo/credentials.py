"""Passphrases at rest: salt, scrypt parameters and a verifier; wrong tries are counted."""

from __future__ import annotations

from datetime import timedelta

from mentor_tui.core import passphrase as pp
from mentor_tui.core.clock import now, now_iso, parse_iso
from mentor_tui.core.errors import SignInError, UserError
from mentor_tui.store.base import StoreBase


class CredentialsRepo(StoreBase):
    def has_passphrase(self, person_id: str) -> bool:
        return self._credential(person_id) is not None

    def _credential(self, person_id: str) -> dict | None:
        return self._one("SELECT * FROM credentials WHERE person_id = ?", (person_id,))

    def check_passphrase(self, person_id: str, passphrase: str, *, name: str = "") -> pp.Derived:
        """The derived key when the passphrase is right; otherwise SignInError, try counted."""
        row = self._credential(person_id)
        who = name or "this person"
        if row is None:
            raise SignInError(f"{who} has no passphrase; set one with `mentor-tui people passphrase`.")
        failed = row["failed_tries"] or 0
        wait = pp.wait_after(failed)
        if wait and row["last_failed_at"]:
            until = parse_iso(row["last_failed_at"]) + timedelta(seconds=wait)
            left = (until - now()).total_seconds()
            if left > 0:
                raise SignInError(
                    f"Too many wrong passphrases for {who}; try again in {int(left) + 1} seconds."
                )
        params = pp.KdfParams(
            salt=bytes.fromhex(row["salt"]), n=row["n"], r=row["r"], p=row["p"]
        )
        derived = pp.matches(passphrase, params, bytes.fromhex(row["verifier"]))
        if derived is None:
            self._count_failure(person_id, failed + 1)
            raise SignInError(f"That is not the passphrase of {who}; nothing was changed.")
        if failed:
            self._count_failure(person_id, 0)
        return derived

    def _count_failure(self, person_id: str, failed: int) -> None:
        if self.read_only:
            return
        with self.write():
            self.db.execute(
                "UPDATE main.credentials SET failed_tries = ?, last_failed_at = ? "
                "WHERE person_id = ?",
                (failed, now_iso() if failed else None, person_id),
            )

    def set_passphrase(
        self, person_id: str, new: str, *, current: str | None = None, name: str = ""
    ) -> None:
        """Set a first passphrase, or change one given the current one."""
        trouble = pp.problem(new)
        if trouble:
            raise UserError(trouble)
        if self.has_passphrase(person_id):
            if current is None:
                raise SignInError("Give the current passphrase to change it.")
            self.check_passphrase(person_id, current, name=name)
        params = pp.KdfParams.fresh()
        derived = pp.derive(new, params)
        with self.write():
            self._upsert(
                "credentials",
                {
                    "id": person_id,
                    "person_id": person_id,
                    "kdf": "scrypt",
                    "salt": params.salt.hex(),
                    "n": params.n,
                    "r": params.r,
                    "p": params.p,
                    "verifier": derived.verifier.hex(),
                    "failed_tries": 0,
                    "last_failed_at": None,
                },
            )

