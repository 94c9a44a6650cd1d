"""Passphrases and data keys at rest: a verifier and wrapped keys; wrong tries are counted.

What is stored per person: scrypt parameters and salt, a verifier (never the passphrase), and
their data key wrapped twice (store/vault.py): by the passphrase, and by the recovery code.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from mentor_tui.core.clock import now, now_iso, parse_iso
from mentor_tui.core.errors import SignInError, UserError
from mentor_tui.store import vault
from mentor_tui.store.repo.base import SubRepository

if TYPE_CHECKING:
    from mentor_tui.core import passphrase as pp

# The key derivation (core/passphrase.py, with hashlib and hmac) is imported by the methods
# that derive a key: signing in as someone without a passphrase, the usual launch, asks only
# `has_passphrase` (docs/performance.md, "Start-up").


class CredentialsRepo(SubRepository):
    def has_passphrase(self, person_id: str) -> bool:
        return self._credential(person_id) is not None

    def _credential(self, person_id: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM credentials WHERE person_id = ?", (person_id,))

    def check_passphrase(self, person_id: str, passphrase: str, *, name: str = "") -> pp.Derived:
        """The derived key when the passphrase is right; otherwise SignInError, try counted."""
        from mentor_tui.core import passphrase as pp  # deriving a key (see above)

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

    def data_key(self, person_id: str, derived: pp.Derived) -> bytes:
        """The person's data key, unwrapped with what their passphrase derived."""
        row = self._credential(person_id)
        if row is None or not row["dk_passphrase"]:
            raise vault.VaultError("This person has no key for private notes yet.")
        return vault.unwrap(
            derived.key, row["dk_passphrase"], vault.key_context(person_id, "passphrase")
        )

    def recover_data_key(self, person_id: str, code: str) -> bytes:
        from mentor_tui.core import passphrase as pp  # deriving a key (see above)

        row = self._credential(person_id)
        if row is None or not row["dk_recovery"]:
            raise vault.VaultError("There is no recovery code for this person.")
        params = pp.KdfParams(
            salt=bytes.fromhex(row["rc_salt"]), n=row["rc_n"], r=row["rc_r"], p=row["rc_p"]
        )
        try:
            return vault.unwrap(
                vault.recovery_kek(code, params),
                row["dk_recovery"],
                vault.key_context(person_id, "recovery"),
            )
        except vault.VaultError:
            raise SignInError("That is not the recovery code; nothing was changed.") from None

    def set_passphrase(
        self,
        person_id: str,
        new: str,
        *,
        current: str | None = None,
        recovery_code: str | None = None,
        name: str = "",
    ) -> tuple[bytes, str | None]:
        """Set a first passphrase, or change one given the current one (or the recovery code).

        Returns the data key and, when a key was made just now, the one-time recovery code to
        show. Changing the passphrase rewraps the same key: no note is sealed again.
        """
        from mentor_tui.core import passphrase as pp  # deriving a key (see above)

        trouble = pp.problem(new)
        if trouble:
            raise UserError(trouble)
        row = self._credential(person_id)
        code: str | None = None
        if row is not None:
            if recovery_code is not None:
                data_key = self.recover_data_key(person_id, recovery_code)
            elif current is None:
                raise SignInError("Give the current passphrase (or the recovery code) to change it.")
            else:
                data_key = self.data_key(person_id, self.check_passphrase(person_id, current, name=name))
        else:
            data_key = vault.new_data_key()
            code = vault.new_recovery_code()
        params = pp.KdfParams.fresh()
        derived = pp.derive(new, params)
        fields = {
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
            "dk_passphrase": vault.wrap(
                derived.key, data_key, vault.key_context(person_id, "passphrase")
            ),
        }
        if code is not None:
            rc_params = pp.KdfParams.fresh()
            fields.update(
                dk_recovery=vault.wrap(
                    vault.recovery_kek(code, rc_params),
                    data_key,
                    vault.key_context(person_id, "recovery"),
                ),
                rc_salt=rc_params.salt.hex(),
                rc_n=rc_params.n,
                rc_r=rc_params.r,
                rc_p=rc_params.p,
            )
        with self.write():
            self._upsert("credentials", fields)
        return data_key, code
