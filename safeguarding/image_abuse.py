"""Whether a flagged message is about nude or sexual images used against someone: sextortion ("send 100 quid
or they go to your mum"), nudes shared round a school, fake (AI) nudes. Such a disclosure is followed by what
to do about the images (do not pay, save the messages, block, Childline can get them taken down).

The lexicon's image entries say so by their ids (``IMAGE_ABUSE_ENTRIES``). A disclosure that only the learned
screen flagged has no entry, so its words decide: an image that is nude or sexual (or "pics of me" with a
sexual word), together with a demand, a threat or sharing. This never screens: it only chooses advice for a
message that is already high or immediate.
"""

from __future__ import annotations

from collections.abc import Iterable

from safeguarding.normalise import surface_tokens

IMAGE_ABUSE_ENTRIES = frozenset({"exploitation.sextortion", "exploitation.fake_nudes"})

#: An image that is nude or sexual by itself.
_NUDE = frozenset(
    {
        "nude", "nudes", "nudez", "naked", "naughty", "topless", "deepfake", "deepfakes", "explicit",
        "intimate", "sexual", "sexy", "dickpic", "dickpics", "nsfw",
    }
)  # fmt: skip
_IMAGE = frozenset(
    {
        "pic", "pics", "picture", "pictures", "photo", "photos", "image", "images", "video", "videos", "vid",
        "vids", "snap", "snaps", "selfie", "selfies", "screenshot", "screenshots", "recording", "clip",
    }
)  # fmt: skip
#: A demand, a threat or sharing.
_COERCION = frozenset(
    {
        "gift", "card", "cards", "share", "shared", "sharing", "shares", "post", "posted", "posting", "leak",
        "leaked",
        "leaking", "expose", "exposed", "exposing", "blackmail", "blackmailing", "blackmailed", "threaten",
        "threatens", "threatened", "threatening", "unless", "spread", "spreading", "everyone", "everybody",
        "round", "around", "sent", "sending", "forward", "forwarded", "demanding", "demands", "wants",
    }
)  # fmt: skip
_MONEY = frozenset(
    {"pay", "paid", "paying", "money", "quid", "pounds", "cash", "bitcoin", "crypto", "giftcard"}
)


def _has_money(text: str, words: set[str]) -> bool:
    return "\u00a3" in text or "$" in text or not _MONEY.isdisjoint(words)


def about_image_abuse(text: str) -> bool:
    """True when ``text`` speaks of a nude or sexual image together with a demand, a threat or sharing, or of
    any image together with money."""
    words = set(surface_tokens(text))
    if not _NUDE.isdisjoint(words):
        return not _COERCION.isdisjoint(words) or _has_money(text, words)  # money is a demand too
    # "pics" and money: "got me to send pics and now wants 100 quid"
    return not _IMAGE.isdisjoint(words) and _has_money(text, words)


def is_image_abuse(entry_ids: Iterable[str], text: str) -> bool:
    """A flagged disclosure is about images used against someone: an image entry matched, or its words say
    so."""
    return not IMAGE_ABUSE_ENTRIES.isdisjoint(entry_ids) or about_image_abuse(text)
