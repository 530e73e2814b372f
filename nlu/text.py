"""Text normalisation shared by the classifier, the need extractor and training-data checks.

Texts from young people are short and messy: capitals for shouting, stretched letters ("pleaseeee"),
apostrophes that come and go ("dont", "don't", "don’t"). Normalising first means the model and the
lookup tables see one spelling for all of these. Token offsets into the original text are kept so that
entities can point back at what the person actually wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_APOSTROPHES = re.compile(r"['’‘`´]")
# A word is a run of letters/digits, possibly with apostrophes inside it (blanked to NUL first), or one
# emoji ("👍", "🙏"): on Telegram and in SMS an emoji alone is often the whole answer. Skin-tone modifiers
# (U+1F3FB-1F3FF), variation selectors and joiners are not tokens, so "👍🏽" reads as "👍".
_WORD = re.compile(r"[^\W_]+(?:\0+[^\W_]+)*|[\U0001F300-\U0001F3FA\U0001F400-\U0001FAFF\u2600-\u27BF]")
_STRETCH = re.compile(r"(.)\1{2,}")
_SPLIT_SELF = frozenset(
    [("self", word) for word in ("my", "him", "her", "your", "it", "one")]
    + [("selves", word) for word in ("them", "our")]
)
"""(second, first) word pairs written apart that mean one word: "hurt my self" is "hurt myself"."""


@dataclass(frozen=True)
class Token:
    """A normalised token and where it came from in the original text (``text[start:end]``)."""

    text: str
    start: int
    end: int


def normalise_token(raw: str) -> str:
    """Lower-case one raw token and squash letters repeated three or more times to two ("sooo" -> "soo")."""
    return _STRETCH.sub(r"\1\1", raw.casefold())


def tokenise(text: str) -> list[Token]:
    """Split `text` into normalised word tokens with their character spans.

    Apostrophes are dropped inside words ("don't" -> "dont"), so an apostrophe never splits a token.
    Everything that is not a letter, digit or emoji separates tokens; each emoji is a token of its own.
    """
    tokens: list[Token] = []
    # Apostrophes become NUL (same length, so offsets still match the original) and are removed per token.
    joined = _APOSTROPHES.sub("\0", text)
    for match in _WORD.finditer(joined):
        raw = match.group().replace("\0", "")
        word = normalise_token(raw)
        if tokens and (word, tokens[-1].text) in _SPLIT_SELF:  # "my self" -> "myself"
            tokens[-1] = Token(tokens[-1].text + word, tokens[-1].start, match.end())
            continue
        tokens.append(Token(word, match.start(), match.end()))
    return tokens


def normalise(text: str) -> str:
    """The normalised form of `text`: its tokens joined by single spaces."""
    return " ".join(token.text for token in tokenise(text))
