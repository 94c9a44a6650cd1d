"""The invite as khal, a real command-line calendar, reads it: 17:30 Berlin stays 17:30
Berlin in summer and in winter, and is 11:30 in New York on both dates (the gap between the
two zones is six hours in June and in January alike).

khal is run as a process with its own config and calendar folder under tmp_path; CI installs
it (.ci/run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from mentor_tui.core.meetings import MeetingPlan, next_meeting
from mentor_tui.core.models import Mentorship
from mentor_tui.render.email import Recipient
from mentor_tui.render.ics import meeting_calendar, write_ics

pytestmark = pytest.mark.skipif(
    shutil.which("khal") is None, reason="khal is not installed (CI installs it)"
)

BERLIN = ZoneInfo("Europe/Berlin")


def invite(tmp_path, day: date):
    held = datetime(2026, 6, 1, tzinfo=UTC)
    plan = MeetingPlan(datetime.combine(day, time(17, 30), BERLIN), 60, "Europe/Berlin",
                       after=held)  # fmt: skip
    meeting = next_meeting(Mentorship("Pair"), now=held, zone="UTC", last_met=held, plan=plan)
    cal = meeting_calendar(
        meeting, title="Mentoring: Pair",
        organizer=Recipient("Ana", "ana@example.org"),
        attendees=[Recipient("Ben", "ben@example.org")],
    )  # fmt: skip
    return write_ics(cal, tmp_path / f"invite-{day.isoformat()}.ics")


def khal_reads(tmp_path, path, zone: str) -> tuple[str, str, str]:
    folder = tmp_path / f"khal-{zone.replace('/', '-')}"
    (folder / "calendar").mkdir(parents=True, exist_ok=True)
    config = folder / "config"
    config.write_text(
        f"[calendars]\n[[mentoring]]\npath = {folder / 'calendar'}\n"
        f"[locale]\nlocal_timezone = {zone}\ndefault_timezone = {zone}\n"
        "longdateformat = %Y-%m-%d\ndateformat = %Y-%m-%d\n"
        "timeformat = %H:%M\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TZ": zone, "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    result = subprocess.run(
        ["khal", "-c", str(config), "printics", "--format",
         "AT {start-date} {start-time} {end-time}", str(path)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = re.search(r"AT (\S+) (\S+) (\S+)", result.stdout)
    assert found, result.stdout + result.stderr
    return found.groups()


@pytest.mark.parametrize("day", [date(2026, 6, 16), date(2027, 1, 12)], ids=["june", "january"])
def test_khal_reads_1730_berlin_in_summer_and_winter(tmp_path, day):
    path = invite(tmp_path, day)
    assert khal_reads(tmp_path, path, "Europe/Berlin") == (day.isoformat(), "17:30", "18:30")
    assert khal_reads(tmp_path, path, "America/New_York") == (day.isoformat(), "11:30", "12:30")
