"""Telegram's bot commands, read from the stored text when the pipeline routes it (after the screen).

The adapter stores the whole text a person typed, and safeguarding screens all of it first, always: a
command never hides the words after it ("/stop i am going to kill myself tonight" is a crisis, not an
opt-out). Only then is the command read, by `routing_text`:
- `/help`, `/menu`, `/stop` (also `/help@waymark_bot`) alone are HELP, MENU and STOP.
- `/start` alone is first contact (MENU), or START for someone opted out (they blocked the bot and came
  back); `/start DEMO1` (one word: a deep link's payload) is the school code if it is a code-like token,
  else MENU; START when opted out.
- A command followed by other words is read as those words, as any other text would be: never acted on
  as the command, so "/stop talking to me" is not an opt-out.
- Captions, edits, forwarded messages and button data are never commands; nor is anything on SMS.
`waymark chat --channel telegram` stores its lines the same way, so the console behaves like the bot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flows.keywords import looks_like_code

CHANNEL = "telegram"
COMMANDS = {"help": "HELP", "menu": "MENU", "stop": "STOP"}
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?:\s+(.*))?", re.DOTALL)
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what a t.me/<bot>?start=<payload> deep link can carry


def start_text(payload: str, opted_out: bool) -> str:
    """What `/start [payload]` means: come back (START), join a school (the code), or see the menu."""
    if opted_out:
        return "START"
    code = looks_like_code(payload) if _PAYLOAD.fullmatch(payload) else None
    return code or "MENU"


def routing_text(channel: str, text: str, meta: Mapping[str, Any], opted_out: bool) -> str:
    """The text the keywords, flows and NLU see for a stored inbound `text` (already screened)."""
    if channel != CHANNEL or meta.get("kind") is not None or meta.get("forwarded"):
        return text
    found = _COMMAND.fullmatch(text.strip())
    if found is None:
        return text
    command, rest = found.group(1).lower(), (found.group(2) or "").strip()
    if command == "start" and len(rest.split()) <= 1:
        return start_text(rest, opted_out)
    if command == "start" or command in COMMANDS:
        return rest or COMMANDS[command]
    return text
