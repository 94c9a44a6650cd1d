from __future__ import annotations

# A method here is named `list`, so the type is spelled builtins.list after it.
import builtins
import json
from typing import Any, Protocol

from mentor_tui.core.clock import now, now_iso, parse_iso
from mentor_tui.core.errors import NotFound, UserError
from mentor_tui.core.models import Mode, SectionRun, Session, SessionStatus
from mentor_tui.store.repo.base import SubRepository
from mentor_tui.store.rows import from_row, to_row


class AgendaLike(Protocol):
    # Read-only, so core's frozen Agenda fits (a settable member would need a settable field).
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def sections(self) -> Any: ...  # sequence of objects with key, title, minutes, kind, prompts


class SessionRepo(SubRepository):
    def start(
        self,
        mentorship_id: str,
        agenda: AgendaLike,
        *,
        mode: Mode = Mode.IN_PERSON,
    ) -> Session:
        self.repo.mentorships.get(mentorship_id)
        stamp = now_iso()
        session = Session(
            mentorship_id=mentorship_id,
            agenda_key=agenda.key,
            agenda_name=agenda.name,
            mode=mode,
            started_at=stamp,
        )
        session.sections = [
            SectionRun(
                key=s.key,
                title=s.title,
                kind=s.kind,
                planned_minutes=s.minutes,
                position=i,
                prompts=list(s.prompts),
                started_at=stamp if i == 0 else None,
                running_since=stamp if i == 0 else None,
            )
            for i, s in enumerate(agenda.sections)
        ]
        with self.write():
            self._upsert(
                "sessions",
                to_row(session, skip=("sections",)),
                mentorship_id=mentorship_id,
                session_id=session.id,
            )
            for section in session.sections:
                self._save_section(session, section)
        return self.get(session.id)

    def save(self, session: Session) -> Session:
        """Write a whole session as given, timestamps included (history, imports, demo)."""
        with self.write():
            self._upsert(
                "sessions",
                to_row(session, skip=("sections",)),
                mentorship_id=session.mentorship_id,
                session_id=session.id,
                stamp=False,
            )
            for section in session.sections:
                self._save_section(session, section, stamp=False)
        return session

    def _save_section(self, session: Session, section: SectionRun, stamp: bool = True) -> None:
        row = to_row(section)
        row["prompts"] = json.dumps(section.prompts, ensure_ascii=False)
        row["id"] = f"{session.id}-{section.position}"
        row["session_id"] = session.id
        if not stamp:
            row["created_at"] = row["updated_at"] = section.started_at or session.started_at
        self._upsert(
            "session_sections",
            row,
            mentorship_id=session.mentorship_id,
            session_id=session.id,
            stamp=stamp,
        )

    def get(self, session_id: str) -> Session:
        row = self._one("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if row is None and len(session_id) >= 4:
            rows = self._read("SELECT * FROM sessions WHERE id LIKE ?", (session_id + "%",))
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFound(
                f"No session with id {session_id}; `mentor-tui sessions list` shows them."
            )
        sections = [
            from_row(SectionRun, s)
            for s in self._read(
                "SELECT * FROM session_sections WHERE session_id = ? ORDER BY position",
                (row["id"],),
            )
        ]
        return from_row(Session, row, sections=sections)

    def list(
        self,
        *,
        mentorship_id: str | None = None,
        status: SessionStatus | None = None,
        limit: int | None = None,
        person_id: str | None = None,
    ) -> list[Session]:
        """Newest first, without their sections (cheap enough for long histories)."""
        where, params = [], []
        if mentorship_id:
            where.append("mentorship_id = ?")
            params.append(mentorship_id)
        if status:
            where.append("status = ?")
            params.append(status.value)
        if person_id:
            where.append("mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)")
            params.append(person_id)
        sql = "SELECT * FROM sessions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_at DESC, rowid DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [from_row(Session, r) for r in self._read(sql, params)]

    def last(self, *, ended: bool = True, mentorship_id: str | None = None) -> Session:
        found = self.list(
            mentorship_id=mentorship_id,
            status=SessionStatus.ENDED if ended else None,
            limit=1,
        )
        if not found:
            raise NotFound("There is no finished session yet; run one first.")
        return self.get(found[0].id)

    def interrupted(self, person_id: str | None = None) -> builtins.list[Session]:
        """Sessions still marked active: the app died or was closed mid-session."""
        return self.list(status=SessionStatus.ACTIVE, person_id=person_id)

    def paused_ids(self, person_id: str | None = None) -> set[str]:
        """The open sessions someone left by quitting (not by a crash or a kill)."""
        sql = "SELECT id FROM sessions WHERE status = ? AND paused_at IS NOT NULL"
        params: list[str] = [SessionStatus.ACTIVE.value]
        if person_id:
            sql += " AND mentorship_id IN (SELECT mentorship_id FROM members WHERE person_id = ?)"
            params.append(person_id)
        return {row["id"] for row in self._read(sql, params)}

    def mark_paused(self, session_id: str, paused: bool = True) -> None:
        """Record that an open session was left on purpose (paused=True), or taken up
        again (False). Only an open session is marked: an ended one is neither."""
        with self.write():
            self._check_in_scope("sessions", "id", session_id)
            if paused:
                cur = self.db.execute(
                    "UPDATE main.sessions SET paused_at = ? WHERE id = ? AND status = ?",
                    (now_iso(), session_id, SessionStatus.ACTIVE.value),
                )
            else:
                cur = self.db.execute(
                    "UPDATE main.sessions SET paused_at = NULL WHERE id = ? AND paused_at IS NOT NULL",
                    (session_id,),
                )
            if cur.rowcount:
                # Logged like any row change, so other windows (and sync) see it.
                self._log("sessions", session_id, "update", session_id)

    # -- the clock -------------------------------------------------------------------

    @staticmethod
    def _bank(section: SectionRun, at: str) -> None:
        if section.running_since:
            delta = (parse_iso(at) - parse_iso(section.running_since)).total_seconds()
            section.elapsed_seconds += max(0.0, delta)
            section.running_since = None

    def go_to_section(self, session_id: str, position: int) -> Session:
        session = self.get(session_id)
        self._require_active(session)
        if not 0 <= position < len(session.sections):
            raise UserError("There is no section there.")
        stamp = now_iso()
        current = session.sections[session.current_section]
        paused = current.running_since is None and current.started_at is not None
        self._bank(current, stamp)
        current.ended_at = current.ended_at or stamp
        target = session.sections[position]
        target.started_at = target.started_at or stamp
        target.ended_at = None
        if not paused:
            target.running_since = stamp
        session.current_section = position
        with self.write():
            self._save_section(session, current)
            self._save_section(session, target)
            self._save_session_row(session)
        return session

    def set_timer_running(self, session_id: str, running: bool) -> Session:
        session = self.get(session_id)
        self._require_active(session)
        section = session.sections[session.current_section]
        stamp = now_iso()
        if running and not section.running_since:
            section.running_since = stamp
        elif not running:
            self._bank(section, stamp)
        with self.write():
            self._save_section(session, section)
        return session

    def end(self, session_id: str) -> Session:
        session = self.get(session_id)
        if session.status == SessionStatus.ENDED:
            return session
        stamp = now_iso()
        current = session.sections[session.current_section] if session.sections else None
        if current:
            self._bank(current, stamp)
            current.ended_at = current.ended_at or stamp
        session.status = SessionStatus.ENDED
        session.ended_at = stamp
        with self.write():
            if current:
                self._save_section(session, current)
            self._save_session_row(session)
        return session

    def _save_session_row(self, session: Session) -> None:
        self._upsert(
            "sessions",
            to_row(session, skip=("sections",)),
            mentorship_id=session.mentorship_id,
            session_id=session.id,
        )

    @staticmethod
    def _require_active(session: Session) -> None:
        if session.status != SessionStatus.ACTIVE:
            raise UserError("That session has ended; open it from History to read it.")

    @staticmethod
    def elapsed(section: SectionRun, at: str | None = None) -> float:
        """Seconds spent in a section, counting a running timer up to `at` (default now)."""
        total = section.elapsed_seconds
        if section.running_since:
            moment = parse_iso(at) if at else now()
            total += max(0.0, (moment - parse_iso(section.running_since)).total_seconds())
        return total

    def last_activity(self, session_id: str) -> str | None:
        """When anything in this session was last written (UTC ISO), from the change log."""
        row = self._one(
            "SELECT max(at) AS at FROM changes WHERE session_id = ?", (session_id,)
        )
        return row["at"] if row else None

    def settle_timer(self, session_id: str, stopped_at: str) -> None:
        """After a crash: count the running section only up to `stopped_at`, then run on now.

        A session whose app died keeps `running_since` set, which would count the time the
        app was closed. Banking up to the last thing written keeps the timer honest.
        """
        session = self.get(session_id)
        if not session.sections:
            return
        section = session.sections[session.current_section]
        if not section.running_since:
            return
        start = parse_iso(section.running_since)
        stop = max(start, parse_iso(stopped_at))
        section.elapsed_seconds += (stop - start).total_seconds()
        section.running_since = now_iso()
        with self.write():
            self._save_section(session, section)
