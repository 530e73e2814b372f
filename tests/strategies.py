"""Hypothesis strategies shared by the property tests: texts as people send them, and worse.

`messy_texts()` mixes any unicode (lone surrogates and NUL included) with text built from words that
matter to Waymark (risk words, text-speak, leetspeak, join codes, keywords) joined by odd spacing and
punctuation, so that both the parsers' edges and the screen's rules get exercised.
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = (
    "i", "im", "u", "me", "my", "myself", "want", "wanna", "to", "2", "die", "dieee", "kill", "k1ll", "kms",
    "end", "it", "all", "life", "cut", "cutting", "self", "harm", "not", "dont", "never", "tonight", "now",
    "pills", "tablets", "bridge", "rope", "hurt", "hurttt", "sad", "anxious", "exams", "help", "stop",
    "start", "yes", "no", "y", "n", "r", "call", "oak7", "menu", "killing", "revision", "is", "me", "lol",
    "sui", "cide", "s*icide", "k*ll", "unalive", "ctb", "end my life", "food", "tech", "@", "$", "!",
    "cafe", "café", "don't", "don’t", "😀", "🧡", "中文", "ß", "Ω",
)  # fmt: skip
SEPARATORS = (" ", "  ", "\n", "\t", "\r\n", ".", ",", "!", "?", "...", "-", "_", "~", "+", "'", "\u00a0",
              "\u2028", "\u200b", "\u3000", "")  # fmt: skip

#: One character from anywhere in unicode, surrogates and control characters included.
ANY_CHAR = st.characters(codec=None, categories=None)
LONE_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"])


@st.composite
def _worded(draw: st.DrawFn, max_words: int) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=max_words))
    out: list[str] = []
    for word in words:
        out.append(draw(st.sampled_from(SEPARATORS)))
        out.append(word.upper() if draw(st.booleans()) and len(word) > 3 else word)
    return "".join(out)


def messy_texts(max_size: int = 300) -> st.SearchStrategy[str]:
    """Texts as people write them, and texts no person writes."""
    return st.one_of(
        _worded(max_words=max_size // 6),
        st.text(max_size=max_size),
        st.text(st.one_of(ANY_CHAR, LONE_SURROGATE, st.just("\x00")), max_size=max_size),
        st.text(st.sampled_from("ab {}[]~^|\\€\n\r .!?é😀\u00a0"), max_size=max_size),
    )


def units() -> st.SearchStrategy[str]:
    """A short piece of text to repeat into a long one (for linearity)."""
    return st.one_of(_worded(max_words=6), st.text(min_size=1, max_size=12)).filter(bool)


def repeated(unit: str, length: int) -> str:
    """`unit` repeated to exactly `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]
