"""A contact's call-backs and referrals in a subject access export, and their erasure.

Called from ``bot/features/data_protection/subject_rights.py``. A referral's story and a call-back's
number are the person's own data, and so are the team's notes about them: the export shows them; erasure
deletes the rows (attempts and notes first).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.callbacks.models import Callback, CallbackAttempt, CallbackNote
from bot.features.referrals.models import Referral, ReferralNote


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


async def _notes(
    session: AsyncSession, model: Any, parent: Any, ids: list[int | None]
) -> dict[int, list[dict[str, Any]]]:
    """The team's notes on each of `ids` (they are about the person, so they are in the export)."""
    found: dict[int, list[dict[str, Any]]] = {}
    if ids:
        for n in (
            await session.exec(select(model).where(col(parent).in_(ids)).order_by(col(model.at)))
        ).all():
            found.setdefault(getattr(n, parent.key), []).append({"at": _when(n.at), "note": n.text})
    return found


async def export_for(session: AsyncSession, contact_id: int) -> dict[str, list[dict[str, Any]]]:
    """``{"callbacks": [...], "referrals": [...]}`` as the person would read them."""
    cbs = (await session.exec(select(Callback).where(Callback.contact_id == contact_id))).all()
    refs = (await session.exec(select(Referral).where(Referral.contact_id == contact_id))).all()
    cb_notes = await _notes(session, CallbackNote, CallbackNote.callback_id, [c.id for c in cbs])
    rf_notes = await _notes(session, ReferralNote, ReferralNote.referral_id, [r.id for r in refs])
    return {
        "callbacks": [
            {
                "ref": c.ref, "asked": _when(c.created_at), "number": c.phone, "when": c.window.get("label"),
                "say_who_we_are": c.safe_to_say, "voicemail": c.voicemail, "about": c.about,
                "status": c.status, "team_notes": cb_notes.get(c.id or 0, []),
            }
            for c in cbs
        ],
        "referrals": [
            {
                "ref": r.ref, "made": _when(r.created_at), "for": r.for_whom, "age": r.age,
                "school": r.school_name, "what_is_going_on": r.story, "contact_by": r.contact_by,
                "say_who_we_are": r.safe_to_say, "voicemail": r.voicemail,
                "status": r.status, "team_notes": rf_notes.get(r.id or 0, []),
            }
            for r in refs
        ],
    }  # fmt: skip


async def erase_for(session: AsyncSession, contact_id: int) -> dict[str, int]:
    """Delete the contact's call-backs (with their attempts) and referrals; counts by kind."""
    ids = list((await session.exec(select(Callback.id).where(Callback.contact_id == contact_id))).all())
    if ids:
        await session.exec(delete(CallbackAttempt).where(col(CallbackAttempt.callback_id).in_(ids)))
        await session.exec(delete(CallbackNote).where(col(CallbackNote.callback_id).in_(ids)))
        await session.exec(delete(Callback).where(col(Callback.id).in_(ids)))
    refs = list((await session.exec(select(Referral.id).where(Referral.contact_id == contact_id))).all())
    if refs:
        await session.exec(delete(ReferralNote).where(col(ReferralNote.referral_id).in_(refs)))
        await session.exec(delete(Referral).where(col(Referral.id).in_(refs)))
    return {"callbacks": len(ids), "referrals": len(refs)}
