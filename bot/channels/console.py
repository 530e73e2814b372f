"""The console channel: stdin lines in, replies printed out. Used by `waymark chat`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.channels.base import OutboundMessage, SendResult
from bot.channels.sms_text import measure


@dataclass
class ConsoleSender:
    """Prints each outbound text (or one JSON object per text with `jsonl`)."""

    name: str
    jsonl: bool = False
    write: Callable[[str], None] = print
    sent: list[OutboundMessage] = field(default_factory=list)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        self.sent.append(message)
        sized = measure(message.text)
        if self.jsonl:
            self.write(
                json.dumps(
                    {
                        "to": message.to,
                        "text": message.text,
                        "segments": sized.segments,
                        "encoding": sized.encoding,
                        "kind": message.kind,
                        "channel": message.channel,
                    }
                )
            )
        else:
            self.write(f"[to {message.to}] {message.text}\n")
        return SendResult(provider_id=f"console-{message.message_id}", status="delivered")
