"""`rota check`: the rota in force (``rota_store.load_rota``) against the users table: names with no active
practitioner, alert addresses that opted out, gaps; and why `waymark serve` must not start with it."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.config import AppConfig
from bot.features.escalations.rota_store import load_rota
from bot.features.practitioners.service import all_practitioners
from bot.storage.models import Contact


async def rota_problems(session: AsyncSession, config: AppConfig) -> list[str]:
    """Names in the rota with no active practitioner, alert contacts that have opted out, and gaps."""
    rota = await load_rota(session, config)
    people = {p.username: p for p in await all_practitioners(session)}
    problems: list[str] = []
    for name in sorted(rota.usernames()):
        person = people.get(name)
        if person is None:
            problems.append(f"the rota names {name!r}, who is not a practitioner (waymark users create)")
        elif not person.active:
            problems.append(f"the rota names {name!r}, whose account is not active")
        else:
            contact = await session.get(Contact, person.contact_id) if person.contact_id else None
            if contact is None or contact.opted_out:
                problems.append(
                    f"{name!r} cannot get alerts: their alert address has no contact or opted out"
                )
    if not rota.shifts and not rota.on_call and not rota.overrides:
        problems.append("the rota has no shifts: every escalation goes straight to the manager")
    if rota.manager is None:
        problems.append("the rota has no manager: unacknowledged alerts stop after the backup")
    return problems


async def rota_refusal(session: AsyncSession, config: AppConfig) -> str | None:
    """Why `waymark serve` must not start with this rota (outside ``--demo``), or None.

    A rota that names someone who is not an active practitioner would tell a young person "we have told
    our team" while the alert fails; a rota with no slot and no manager alerts nobody at all."""
    rota = await load_rota(session, config)
    people = {p.username: p for p in await all_practitioners(session)}
    missing = sorted(n for n in rota.usernames() if n not in people or not people[n].active)
    if missing:
        names = ", ".join(missing)
        return (
            f"the duty rota (seeded from config.yml's safeguarding.rota) names {names}: not active "
            "practitioners here, so their alerts would fail. Create them (waymark users create NAME --role "
            "duty_clinician --phone ...), change the rota on /rota, or put your team's usernames in "
            "safeguarding.rota. `serve --demo` adds the demo practitioners."
        )
    if not rota.shifts and not rota.on_call and not rota.overrides and rota.manager is None:
        return "the duty rota has no shifts and no manager: nobody would be alerted about a risk message"
    return None
