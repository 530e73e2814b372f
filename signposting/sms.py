"""One search result as a message: at most 160 GSM-7 septets on SMS.

Layout (one line each): ``Name: what it offers`` / ``Call 0800 1111 or text SHOUT to
85258`` / when it is open. If that is too long we shorten the hours, then the
description, then the name; the number is never cut. No URL on SMS unless the service
has no number at all (a basic phone cannot open links); on Telegram the website is
added on its own line.
"""

from __future__ import annotations

from datetime import datetime

from signposting.gsm import septets, to_gsm7, truncate
from signposting.schedules import describe_closing, describe_hours, describe_moment
from signposting.search import PhoneInfo, RankedService

SMS_LIMIT = 160
CHANNELS = ("sms", "telegram")


def contact_line(phones: tuple[PhoneInfo, ...], website: str | None) -> str:
    """ "Call X", "Text WORD to X", "Call X or text Y", or the website when there is no number."""
    calls = [p for p in phones if p.kind == "voice"]
    texts = [p for p in phones if p.kind == "text"]
    parts: list[str] = []
    if calls:
        parts.append(f"Call {calls[0].number}")
    if texts:
        text = texts[0]
        if text.text_keyword:
            parts.append(f"text {text.text_keyword} to {text.number}")
        elif calls and text.number == calls[0].number:
            parts[0] = f"Call or text {text.number}"
        else:
            parts.append(f"text {text.number}")
    if parts:
        line = " or ".join(parts)
        return line[0].upper() + line[1:]
    if website:
        return f"See {website}"
    return "Ask us for contact details"


def unknown_hours_line(phones: tuple[PhoneInfo, ...], website: str | None) -> str:
    """What to say when the hours are not known: how to check them, by the way the service can be reached."""
    if any(p.kind == "voice" for p in phones):
        return "Call to check opening times"
    if phones:
        return "Text to check opening times"
    if website:
        return "Check the website for opening times"
    return "Opening times not known"


def hours_line(ranked: RankedService, now: datetime, level: int = 0) -> str:
    """When it is open, shorter as ``level`` rises (0 full, 1 compact times, 2 status only)."""
    if ranked.is_24_7:
        return "Open 24/7"
    hours = describe_hours(ranked.schedule, compact=level >= 1)
    if ranked.open_now is None or not hours:
        return unknown_hours_line(ranked.phones, ranked.website)
    if ranked.open_now and ranked.closing_soon and ranked.open_until is not None:
        status = f"Open now but closes at {describe_closing(ranked.open_until, now, ranked.timezone)}"
    elif ranked.open_now:
        status = "Open now"
        if ranked.open_until is not None:
            status += f" till {describe_closing(ranked.open_until, now, ranked.timezone)}"
    else:
        status = "Closed now"
        if ranked.opens_next is not None:
            status += f", opens {describe_moment(ranked.opens_next, now, ranked.timezone)}"
    if level >= 2:
        return status
    return f"{status}. {hours}"


def _compose(name: str, description: str, contact: str, hours: str) -> str:
    head = f"{name}: {description}" if description else name
    return "\n".join(part for part in (head, contact, hours) if part)


def format_sms(ranked: RankedService, now: datetime, channel: str = "sms") -> str:
    """Format one result. On ``sms`` the text is GSM-7 and at most 160 septets.

    ``telegram`` gives the same text plus the website on its own line.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    name = to_gsm7(ranked.name).strip()
    description = to_gsm7(ranked.sms_description).strip().rstrip(".")
    contact = to_gsm7(contact_line(ranked.phones, ranked.website))
    text = _compose(name, description, contact, hours_line(ranked, now, 0))
    for level in (1, 2):
        if septets(text) <= SMS_LIMIT:
            break
        text = _compose(name, description, contact, hours_line(ranked, now, level))
    hours = hours_line(ranked, now, 2)
    if septets(text) > SMS_LIMIT:
        room = SMS_LIMIT - septets(_compose(name, "", contact, hours)) - 2
        description = truncate(description, room) if room > 8 else ""
        text = _compose(name, description, contact, hours)
    if septets(text) > SMS_LIMIT:
        room = SMS_LIMIT - septets(_compose("", "", contact, hours)) - 1
        text = _compose(truncate(name, max(room, 3)), "", contact, hours)
    if septets(text) > SMS_LIMIT:
        text = truncate(contact, SMS_LIMIT)
    if channel == "telegram" and ranked.website and not contact.startswith("See "):
        text = f"{text}\n{ranked.website}"
    return text
