"""LANG: list the languages we can text in, or switch to one (LANG EN)."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine import (
    Audit,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Reply,
    StartFlow,
    UpdateContact,
    done,
)


@dataclass(frozen=True)
class LanguageFlow:
    name: str = "lang"

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        names = ctx.catalogue.names
        listing = ", ".join(f"{code.upper()} {name}" for code, name in sorted(names.items()))
        wanted = event.args.get("language") if isinstance(event, StartFlow) else None
        if not wanted:
            return done(Reply(ctx.t("lang_list", languages=listing), template="lang_list"))
        if wanted not in names:
            return done(Reply(ctx.t("lang_unknown", languages=listing), template="lang_unknown"))
        return done(
            UpdateContact(language=str(wanted)),
            Audit("contact.language_set", {"language": wanted}),
            Reply(
                ctx.catalogue.render("lang_set", str(wanted), **ctx.service.template_params()),
                template="lang_set",
            ),
        )
