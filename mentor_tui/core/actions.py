"""Promises kept: action items carried from session to session, and what each person owes
whom across all their mentorships."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from mentor_tui.core.models import ActionItem, Mentorship, Person, Session


@dataclass
class ReviewItem:
    """An action item as a session's review section lists it."""

    item: ActionItem
    carried: int  # how many sessions it has been carried into, this one included
    overdue: bool


def review_items(
    items: Iterable[ActionItem], session: Session, earlier: Iterable[Session], today: date
) -> list[ReviewItem]:
    """What a session's review section lists: items agreed before it that were open when it began.

    An item ticked off during this session stays on the list (so it does not vanish under the
    pair's eyes); one done before the session started does not. `earlier` are the
    mentorship's other sessions (any order), used to count how often each item was carried.
    """
    starts = sorted(
        s.started_at
        for s in earlier
        if s.mentorship_id == session.mentorship_id and s.id != session.id
    )
    listed = []
    for item in items:
        if item.mentorship_id != session.mentorship_id or item.session_id == session.id:
            continue
        if item.created_at >= session.started_at:
            continue  # added during (or after) this session: not a carry-over
        closed = item.closed_at
        if closed is not None and closed < session.started_at:
            continue
        carried = 1 + sum(
            1
            for start in starts
            if item.created_at < start < session.started_at
            and (closed is None or start < closed)
        )
        listed.append(ReviewItem(item, carried, item.overdue(today)))
    listed.sort(
        key=lambda r: (
            not r.item.is_open, r.item.due is None, r.item.due or date.max, r.item.created_at
        )
    )
    return listed


@dataclass
class ActionRow:
    """An action item with the names a list across mentorships needs."""

    item: ActionItem
    owner_name: str
    mentorship_title: str
    counterpart_ids: list[str]  # the others in the mentorship: whom the owner owes it to
    counterpart_names: list[str]


@dataclass
class OwedGroup:
    """Action items between me and one counterpart (or one set of them, in a group)."""

    counterpart_ids: list[str]
    counterpart_names: list[str]
    items: list[ActionItem]
    mentorship_titles: list[str]
    overdue: int = 0

    @property
    def label(self) -> str:
        return _join_names(self.counterpart_names)


@dataclass
class Owed:
    """What do I owe, and to whom; and what is owed to me, by whom."""

    person_id: str
    i_owe: list[OwedGroup] = field(default_factory=list)
    owed_to_me: list[OwedGroup] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.i_owe)


def _join_names(names: Sequence[str]) -> str:
    if not names:
        return "nobody"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def owed(
    items: Iterable[ActionItem],
    mentorships: Iterable[Mentorship],
    people: Mapping[str, Person],
    person_id: str,
    today: date,
    *,
    open_only: bool = True,
) -> Owed:
    """Group action items across every mentorship `person_id` is in.

    What I owe: my items, grouped by the others in the mentorship (in a pair, the other
    person; in a group, everyone else), so two mentorships with the same other person share
    a group. Owed to me: others' items in my mentorships, grouped by their owner. Groups with
    overdue items come first, then by the earliest due date, then by name.
    """
    by_id = {m.id: m for m in mentorships if m.role_of(person_id) is not None}

    def name(pid: str) -> str:
        person = people.get(pid)
        return person.display_name if person else "someone"

    mine: dict[tuple[str, ...], OwedGroup] = {}
    theirs: dict[tuple[str, ...], OwedGroup] = {}
    for item in items:
        mentorship = by_id.get(item.mentorship_id)
        if mentorship is None or (open_only and not item.is_open):
            continue
        if item.owner_id == person_id:
            others = sorted(
                {m.person_id for m in mentorship.members if m.person_id != person_id},
                key=lambda pid: (name(pid).casefold(), pid),
            )
            groups, key = mine, tuple(others)
        else:
            groups, key = theirs, (item.owner_id,)
        group = groups.get(key)
        if group is None:
            group = groups[key] = OwedGroup(list(key), [name(p) for p in key], [], [])
        group.items.append(item)
        if mentorship.title not in group.mentorship_titles:
            group.mentorship_titles.append(mentorship.title)
        group.overdue += item.overdue(today)

    def arranged(groups: dict[tuple[str, ...], OwedGroup]) -> list[OwedGroup]:
        for group in groups.values():
            group.items.sort(
                key=lambda i: (not i.is_open, i.due is None, i.due or date.max, i.created_at)
            )
        return sorted(
            groups.values(),
            key=lambda g: (
                g.overdue == 0,
                min((i.due for i in g.items if i.due and i.is_open), default=date.max),
                g.label.casefold(),
            ),
        )

    return Owed(person_id, arranged(mine), arranged(theirs))
