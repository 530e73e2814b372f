"""The texts the signposting flows send around a page of results: the intro, the results, the none-found.

Pure: everything comes from the catalogue and from a :class:`~flows.signposting_effects.SearchAnswer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine import FlowContext, Reply
from flows.signposting_effects import SearchAnswer
from signposting.needs import NEEDS

URGENT_NEEDS = frozenset({"self_harm"})
"""Needs whose first page always says how to get help now (999 and the crisis lines), whatever is open."""
OTHER_NEED = "other"
"""The numbered list's last entry: 'Something else' (search every service)."""


def need_keys() -> tuple[str, ...]:
    """Catalogue keys of the numbered need list, in order, ending with 'Something else'."""
    return (*(f"signpost_need_{need}" for need in NEEDS), f"signpost_need_{OTHER_NEED}")


def need_label(ctx: FlowContext, need: str | None) -> str:
    """The plain words for `need` (the catalogue's list label, lower-cased at the start unless the first
    word is an acronym such as LGBTQ+)."""
    label = ctx.t(f"signpost_need_{need or OTHER_NEED}")
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def crisis_lines(ctx: FlowContext) -> str:
    """'text SHOUT to 85258 or call Samaritans 116 123': the configured lines, without 999."""
    parts = [line.sms_text() for line in ctx.service.crisis_lines if line.number.strip() != "999"]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


@dataclass(frozen=True)
class Asked:
    """What the person asked for, as the intro needs it: `named_area` is an area they typed (said back)."""

    need: str | None
    age: int | None
    unknown_area: bool = False
    named_area: str | None = None


def intro(ctx: FlowContext, answer: SearchAnswer, asked: Asked, offset: int) -> Reply:
    """The one text before the results: what these are, whether they are open, and MORE if there is more."""
    need = asked.need
    if offset > 0:
        lead = ctx.t("signpost_lead_more")
    elif answer.age_outside:
        lead = ctx.t("signpost_lead_age", age=str(asked.age))
    elif asked.unknown_area:
        lead = ctx.t("signpost_lead_area_unknown")
    elif asked.named_area:  # the area came from what they typed: say which one we used
        area = asked.named_area
        if need is None:
            lead = ctx.t("signpost_lead_any_area", area=area)
        else:
            lead = ctx.t("signpost_lead_area", area=area, need_label=need_label(ctx, need))
    elif need is None:
        lead = ctx.t("signpost_lead_any")
    else:
        lead = ctx.t("signpost_lead", need_label=need_label(ctx, need))
    details: list[str] = []
    open_now = list(answer.open_now)
    if open_now and not any(open_now):
        details.append(ctx.t("signpost_hours_none_open", crisis_lines=crisis_lines(ctx)))
    elif need in URGENT_NEEDS and offset == 0:
        details.append(ctx.t("signpost_hours_urgent", crisis_lines=crisis_lines(ctx)))
    elif not all(open_now):
        open_first = open_now == sorted(open_now, reverse=True)
        details.append(ctx.t("signpost_hours_open_first" if open_first else "signpost_hours_some_closed"))
    elif answer.closed_later:
        details.append(ctx.t("signpost_hours_open_first"))
    if answer.has_more:
        details.append(ctx.t("signpost_more_hint"))
    text = ctx.t("signpost_intro", lead=lead, details="".join(f" {d}" for d in details))
    return Reply(text, template="signpost_intro")


def results(ctx: FlowContext, answer: SearchAnswer) -> tuple[Reply, ...]:
    """One text per service, as the shell formatted it for this contact's channel."""
    return tuple(
        Reply(ctx.t("signpost_service", service=text), template="signpost_service") for text in answer.texts
    )


def none_found(ctx: FlowContext) -> Reply:
    """Nothing matched at all (an empty directory, say): be honest and give the crisis lines."""
    return Reply(ctx.t("signpost_none", crisis_lines=crisis_lines(ctx)), template="signpost_none")
