"""What the learned screen reads of a message, and when it has too little to read.

Waymark asks questions answered with one letter (an appointment reminder's ``Y`` / ``N`` / ``R``), so
replies like "N", "N sorry" or "N im ill" are everyday. The normaliser expands a lone "n" to "and", and a
text that is nothing but such small words carries no evidence: the model's answer for it comes from its
intercept and one word's weight, and it called "N" a concern. So:

* a leading reply letter (y, n or r on its own, then a space, punctuation or the end) is not part of what
  the model reads (the lexicon still reads the whole text);
* the model abstains (reads nothing, raises nothing) when what is left has no word outside
  :data:`FUNCTION_WORDS` and :data:`SMALL_TALK` (greetings, sign-offs, "i dont know").

Pronouns are function words too: "myself" is the answer to "who is this for?" (screen-v2 read it as risk
from its letters, as in "kill myself"). Risk said in one content word ("overdose", "kms") is the lexicon's
to catch, as it is today.
"""

from __future__ import annotations

import re
from collections.abc import Callable

REPLY_LETTER = re.compile(r"\s*[ynrYNR](?=$|[\s.,!?:;)-])[\s.,!?:;)-]*")
"""A leading one-letter answer to a Waymark question."""

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "the",
        "i",
        "im",
        "am",
        "is",
        "are",
        "was",
        "be",
        "been",
        "it",
        "its",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "me",
        "my",
        "myself",
        "mine",
        "yourself",
        "him",
        "himself",
        "her",
        "herself",
        "his",
        "us",
        "ourselves",
        "themselves",
        "you",
        "u",
        "your",
        "we",
        "he",
        "she",
        "they",
        "them",
        "this",
        "that",
        "do",
        "does",
        "yes",
        "no",
        "yeah",
        "yh",
        "ye",
        "ok",
        "okay",
        "k",
        "sorry",
        "please",
        "pls",
        "thanks",
        "ta",
    ]
)
"""Words that say nothing about risk on their own (a text made only of these is not judged by the model)."""

SMALL_TALK = frozenset(
    [
        "dunno",
        "idk",
        "bye",
        "hi",
        "hey",
        "hiya",
        "hello",
        "thank",
        "thx",
        "ty",
        "cheers",
        "lol",
        "haha",
        "x",
        "xx",
        "xxx",
        "nvm",
        "np",
        "yep",
        "yup",
        "nope",
        "sure",
        "cool",
    ]
)
"""Greetings, sign-offs and "i dont know": on their own they are everyday answers. screen-v13 called "bye
bye" immediate and "idk" concern from those words' weights alone (spent round 25's everyday file).
"goodbye" is not here: alone, it can be a farewell, and the lexicon's farewell cue reads it with the
contact's recent messages."""


def model_text(text: str, canonical: str, normalise: Callable[[str], str]) -> str | None:
    """The canonical text the model should judge for `text`, or None when it should abstain.

    `canonical` is the normaliser's form of the whole text; `normalise` gives the canonical form of any
    other text (used only when a leading reply letter is dropped)."""
    lead = REPLY_LETTER.match(text)
    if lead is not None and lead.end() > 0:
        rest = text[lead.end() :]
        canonical = normalise(rest) if rest.strip() else ""
    # "i dont know" reads " i do not know ": only that phrase is small talk, never "not" alone ("im not ok")
    words = canonical.replace(" do not know ", " ").split()
    if not words or all(word in FUNCTION_WORDS or word in SMALL_TALK for word in words):
        return None
    return canonical
