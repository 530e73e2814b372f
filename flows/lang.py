"""LANG: list the languages we can text in, or switch to one (LANG EN)."""

from __future__ import annotations

from flows.conversation import Conversation, NoSlots, Turn, finish, say
from flows.engine import Audit, FlowContext, Reply, StartFlow, UpdateContact


def start(_: NoSlots, event: StartFlow, ctx: FlowContext) -> Turn[NoSlots]:
    names = ctx.catalogue.names
    listing = ", ".join(f"{code.upper()} {name}" for code, name in sorted(names.items()))
    wanted = str(event.args.get("language") or "")
    if not wanted:
        return finish(say(ctx, "lang_list", languages=listing))
    if wanted not in names:
        return finish(say(ctx, "lang_unknown", languages=listing))
    # the confirmation is in the new language
    confirm = ctx.catalogue.render("lang_set", wanted, **ctx.service.template_params())
    audit = Audit("contact.language_set", {"language": wanted})
    return finish(UpdateContact(language=wanted), audit, Reply(confirm, template="lang_set"))


LANG: Conversation[NoSlots] = Conversation(name="lang", slots=NoSlots, start=start)
