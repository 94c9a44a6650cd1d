"""Text from people: made safe to put on a terminal, and lists of it read as prose.

A name or a note can hold anything a partner's app, an import or a paste put there,
including bytes a terminal obeys rather than shows: OSC 52 sets the viewer's clipboard,
OSC 0/2 the window title, CSI moves the cursor or rewrites what is on screen, and a bidi
override makes "evil.exe" read as something else. What is stored is left as it is; what is
printed or drawn goes through `printable`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Whole sequences go, not just their ESC: "\x1b]0;title\x07" leaves nothing, so no half of
# a command can be completed by later output. A string (OSC, DCS, APC, PM, SOS) without its
# terminator runs to the end of the text, as a terminal would swallow it.
_STRING_END = r"(?:\x07|\x1b\\|\x9c|$)"
# The patterns are strings compiled on first use (re keeps them): nearly every text is
# printable and never needs them, and compiling the three at import cost Home's first frame
# about 0.7 ms (docs/performance.md, "Start-up").
_SEQUENCES = (
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*" + _STRING_END  # OSC: title, clipboard, hyperlinks
    + r"|(?:\x1b[P_^X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c|$)"  # DCS, APC, PM, SOS
    + r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: cursor, colours, erase
    + r"|\x1b[ -/]*[0-~]?"  # any other escape (charset switches, reset)
)
# What is left of the controls, one character at a time: C0 but tab and newline, DEL, C1,
# and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def printable(text: str) -> str:
    """`text` without terminal control sequences or control characters (tab and newline stay)."""
    if text.isprintable():  # nearly every name and note: no work
        return text
    return re.sub(_CONTROLS, "", re.sub(_SEQUENCES, "", text, flags=re.DOTALL))


# What may already close a sentence: a full stop, question or exclamation mark, or an
# ellipsis, optionally inside a closing quote or bracket ("(see the CV.)").
_SENTENCE_END = r"[.!?\u2026][\"'\u201d\u2019)\]]*$"


def as_sentences(items: Iterable[str]) -> str:
    """`items` as one run of sentences: each ends with a full stop unless it already closes
    with one (or ! ? …), and they are joined by a space, so "Bring the CV." and "Read it"
    read "Bring the CV. Read it." rather than "Bring the CV.; Read it"."""
    out = []
    for item in items:
        text = item.strip()
        if text:
            out.append(text if re.search(_SENTENCE_END, text) else text + ".")
    return " ".join(out)
