"""The record of mail that left the app (core/mail.py), read and written in the viewer's scope."""

from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins

from mentor_tui.core.clock import now_iso
from mentor_tui.core.errors import NotFound
from mentor_tui.core.mail import QUEUED, SENT, SentMail
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class MailRepo(SubRepository):
    def record(self, mail: SentMail) -> SentMail:
        if mail.status == SENT and not mail.sent_at:
            mail.sent_at = now_iso()
        with self.write():
            self._upsert(
                "sent_mail",
                to_row(mail),
                mentorship_id=mail.mentorship_id,
                session_id=mail.session_id,
            )
        return self.get(mail.id)

    def get(self, mail_id: str) -> SentMail:
        row = self._one("SELECT * FROM sent_mail WHERE id = ?", (mail_id,))
        if row is None:
            raise NotFound(f"No sent message with id {mail_id}.")
        return from_row(SentMail, row)

    def mark_sent(self, mail_id: str, message_id: str) -> SentMail:
        mail = self.get(mail_id)
        mail.status, mail.message_id, mail.sent_at = SENT, message_id, now_iso()
        mail.outbox_name = None
        return self.record(mail)

    def list(
        self,
        *,
        kind: str | None = None,
        session_id: str | None = None,
        mentorship_id: str | None = None,
        dedupe_key: str | None = None,
        status: str | None = None,
    ) -> list[SentMail]:
        where, params = [], []
        for column, value in (
            ("kind", kind),
            ("session_id", session_id),
            ("mentorship_id", mentorship_id),
            ("dedupe_key", dedupe_key),
            ("status", status),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT * FROM sent_mail"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY coalesce(sent_at, created_at), rowid"
        return [from_row(SentMail, r) for r in self._read(sql, params)]

    def already_sent(self, dedupe_key: str) -> bool:
        return bool(self.list(dedupe_key=dedupe_key, status=SENT))

    def queued(self) -> builtins.list[SentMail]:
        return self.list(status=QUEUED)
