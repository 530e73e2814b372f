"""Messages that only say who someone is: their pronouns, their sexuality or gender.

Who someone is, is never risk (issue 12): "its they/them please not she" once got a crisis reply that led
with 999, from the learned screen alone. When a whole message is such a statement and the lexicon found
nothing in it, the screen does not ask the model (:mod:`safeguarding.screening`). Only whole messages
match, so anything more ("im trans and i want to die", "they/them. took all my pills") is screened as
usual; worry about it ("im gay and scared to tell my parents") is not a whole-message match either.
"""

from __future__ import annotations

import re

_PRONOUN = r"(?:she|he|they|xe|ze|fae|it|any)"
_OBJECT = r"(?:her|him|them|hers|his|theirs|xem|xir|zir|faer|its|all|pronouns)"
_SET = rf"{_PRONOUN}\s*/\s*{_OBJECT}(?:\s*/\s*{_OBJECT})*|{_PRONOUN}\s*/\s*{_PRONOUN}"
_POLITE = r"(?:\s+(?:please|pls|plz|thanks|thank you|ta|now|x|xx|btw|thx))*"
# "not she", "not he/him": only pronouns may follow "not" (never "not safe", "not alive", "not eating").
_NOT = rf"(?:\s*,?\s*(?:not|instead of|rather than)\s+(?:{_SET}|{_PRONOUN}|{_OBJECT}))?"
_LEAD = r"(?:(?:hi|hiya|hey|sorry|just so you know|fyi|btw|also|oh and|quick thing|its|it's|it is)\s*,?\s*)*"
_WHO = (
    r"gay|trans|transgender|bi|bisexual|lesbian|queer|non ?binary|non-binary|enby|pan|pansexual|asexual|ace"
    r"|genderfluid|genderqueer|intersex|a trans (?:boy|girl|man|woman|guy|lad)"
)
# No statement of a name: any word could follow "i go by" or "im called" ("im called names", "my name is
# mia not safe"), so names are screened as usual.
_STATEMENTS = (
    rf"(?:my pronouns are|pronouns are|pronouns|i use|please use|use|i go by)?\s*:?\s*"
    rf"(?:{_SET}){_POLITE}{_NOT}",
    rf"(?:i'm|im|i am)\s+(?:{_WHO})(?:\s+(?:btw|now|x|xx))*",
)
_PATTERN = re.compile(rf"{_LEAD}(?:{'|'.join(_STATEMENTS)}){_POLITE}")
_PUNCT = re.compile(r"[^\w\s/'-]")


def is_identity_statement(text: str) -> bool:
    """True when the whole of ``text`` only says who the sender is (pronouns, a sexuality or gender):
    "its they/them please not she", "she/her", "im gay". Not a name ("i go by Dafydd now"): see above."""
    cleaned = " ".join(_PUNCT.sub(" ", text.casefold().replace("\u2019", "'")).split())
    cleaned = cleaned.replace(" ,", ",")
    return bool(cleaned) and _PATTERN.fullmatch(cleaned) is not None
