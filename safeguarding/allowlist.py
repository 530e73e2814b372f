"""Rebuild the generated part of ``_allow.yml``: real words the normaliser must leave alone.

Spelling repair and word splitting only touch words the lexicon does not know. A real English
word such as "races" is one edit from "rapes", and "therapist" splits into "the rapist", so every
dictionary word that repair or splitting would change goes on the allow-list. Run after editing
the lexicon::

    python -m safeguarding.allowlist /usr/share/dict/british-english /usr/share/dict/american-english
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

from safeguarding.lexicon import DEFAULT_LEXICON_DIR, Lexicon
from safeguarding.normalise import surface_tokens
from safeguarding.reader import SAFE_LOADER, read_lexicon

_WORD = re.compile(r"^[a-z]+$")


def words_needing_protection(lexicon: Lexicon, words: Iterable[str]) -> list[str]:
    """Return the words (sorted) that the lexicon's normaliser would rewrite into something else."""
    normaliser = lexicon.normaliser
    protect: set[str] = set()
    for word in words:
        for token in surface_tokens(word):
            if len(token) < 4 or not _WORD.match(token) or normaliser.is_known(token):
                continue
            if normaliser.token(token) != (token,):
                protect.add(token)
    return sorted(protect)


def rebuild(dictionaries: Iterable[Path], directory: Path = DEFAULT_LEXICON_DIR) -> int:
    """Rewrite ``_allow.yml``'s ``generated`` list from the given word lists; return its length."""
    path = directory / "_allow.yml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    data["generated"] = []
    path.write_text("\n".join(header) + "\n" + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    lexicon = read_lexicon(directory)
    words: set[str] = set()
    for dictionary in dictionaries:
        words.update(dictionary.read_text(encoding="utf-8", errors="ignore").lower().split())
    data["generated"] = words_needing_protection(lexicon, sorted(words))
    body = yaml.safe_dump(data, sort_keys=False, width=100)
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    return len(data["generated"])


def main(argv: list[str]) -> int:
    """Command-line entry point: word-list files as arguments."""
    if not argv:
        print("usage: python -m safeguarding.allowlist WORDLIST [WORDLIST ...]", file=sys.stderr)
        return 2
    count = rebuild(Path(arg) for arg in argv)
    print(f"generated allow-list: {count} words")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
