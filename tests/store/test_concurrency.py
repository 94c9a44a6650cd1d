"""Two processes writing one database at once: nothing is lost, nobody sees "locked"."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from mentor_tui.core.models import Person
from mentor_tui.store import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from mentor_tui.core.models import Person
    from mentor_tui.store import open_store
    repo = open_store(sys.argv[1])
    for i in range(int(sys.argv[3])):
        repo.people.add(Person(f"{sys.argv[2]} {i}"))
    repo.close()
    """
)


def test_two_processes_write_at_once_without_losing_anything(tmp_path):
    path = tmp_path / "shared.db"
    open_store(path).close()
    count = 150
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, str(count)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err
    repo = open_store(path)
    names = {p.display_name for p in repo.people.list()}
    assert len(names) == 2 * count
    assert repo.last_change() == 2 * count
    repo.close()


def test_two_connections_in_one_process_see_each_others_writes(tmp_path):
    path = tmp_path / "shared.db"
    first, second = open_store(path), open_store(path)
    version = second.data_version()
    first.people.add(Person("Visible"))
    assert second.data_version() != version
    assert [c.table for c in second.changes_since(0)] == ["people"]
    first.close()
    second.close()
