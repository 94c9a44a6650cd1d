"""Key files made on first use (the pseudonym key, the bundle signing key, the server's host
key): something already at the name that is not a key is one sentence, never followed."""

from __future__ import annotations

import pytest

from mentor_tui.core.errors import UserError
from mentor_tui.server.ssh import load_or_create_host_key
from mentor_tui.share.keys import load_or_create_key, load_or_create_signing_key


@pytest.mark.parametrize(
    "load", [load_or_create_key, load_or_create_signing_key, load_or_create_host_key]
)
def test_a_link_to_nothing_at_a_key_file_is_one_sentence(tmp_path, load):
    """Switched off: the retry on FileExistsError (meant for another process that made the
    key a moment earlier) read the name again, found nothing and retried for ever: a
    RecursionError traceback instead of a sentence."""
    key = tmp_path / "some.key"
    key.symlink_to(tmp_path / "gone")
    with pytest.raises(UserError, match=r"is a link to nothing; remove it .*\.$"):
        load(key)
    assert not (tmp_path / "gone").exists()  # never followed to make the key there
