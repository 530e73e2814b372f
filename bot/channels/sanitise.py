"""What we store of a person's text: everything they sent, made storable on both databases.

PostgreSQL's `text` cannot hold U+0000, and a lone UTF-16 surrogate (JSON `"\\ud800"`, which Python
decodes to a str it cannot encode as UTF-8) fails on SQLite and PostgreSQL alike. Both channel adapters
pass every text through `storable_text` before it is stored, so the text that is stored is the text
that is screened, and odd input is never a 500.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"


def storable_text(text: str) -> str:
    """`text` without NUL characters, with each lone surrogate replaced by U+FFFD (a split surrogate
    pair is joined into its character). Anything else is kept exactly."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # surrogates: pair them up where they make a character, else U+FFFD
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text
