"""School join codes: a pupil or parent texts a code (or JOIN <code>) and is linked to that school.

The flow asks the shell to look the code up (:class:`SchoolCodeQuery`); the answer says which school, if
any, and whether this contact has tried too many wrong codes recently (``blocked``). An unknown code gets
the same reply whatever codes exist, so codes cannot be probed.

A code sent in the middle of another conversation interrupts it (``flows/router.py``): this flow runs,
and returns :class:`Joined` to the conversation beneath, which resumes where it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.conversation import Conversation, OnAnswer, Question, Turn, ask, finish, say, stay
from flows.engine import Audit, FlowContext, Query, SchoolView, StartFlow, UpdateContact, UserText
from flows.keywords import detect_keyword, looks_like_code


@dataclass(frozen=True)
class SchoolCodeAnswer:
    school: SchoolView | None
    blocked: bool = False


@dataclass(frozen=True)
class SchoolCodeQuery(Query[SchoolCodeAnswer]):
    """Which school, if any, has this live join code (and may this contact try one now)?"""

    code: str


@dataclass(frozen=True)
class Joined:
    """What the join flow returns to a conversation it interrupted: the school now linked, if any."""

    school: SchoolView | None


@dataclass(frozen=True)
class Join:
    code: str = ""


def start(s: Join, event: StartFlow, ctx: FlowContext) -> Turn[Join]:
    code = event.args.get("code")
    return look_up(s, str(code), ctx) if code else ask("await_code", s)


def read_code(event: UserText, ctx: FlowContext) -> str | None:
    keyword = detect_keyword(event.text)
    return keyword.arg if keyword and keyword.kind == "join" else looks_like_code(event.text)


def look_up(_: Join, code: str, ctx: FlowContext) -> Turn[Join]:
    return stay("lookup", Join(code.upper()), SchoolCodeQuery(code.upper()))


def answered(s: Join, q: SchoolCodeQuery, a: SchoolCodeAnswer, ctx: FlowContext) -> Turn[Join]:
    school, current = a.school, ctx.contact.school
    if a.blocked:
        return finish(Audit("school.join_blocked", {}), say(ctx, "join_slow_down"), value=Joined(None))
    if school is None:
        failed = Audit("school.join_failed", {"code_length": len(s.code)})
        return finish(failed, say(ctx, "join_unknown"), value=Joined(None))
    if current is not None and current.id == school.id:
        return finish(say(ctx, "join_again", school_name=school.name), value=Joined(school))
    audit = Audit("school.joined", {"school_id": school.id, "previous_school_id": current and current.id})
    if current is not None:
        reply = say(ctx, "join_switched", school_name=school.name, old_school=current.name)
    else:
        reply = say(ctx, "join_ok", school_name=school.name)
    return finish(UpdateContact(school_id=school.id), audit, reply, value=Joined(school))


JOIN_SCHOOL: Conversation[Join] = Conversation(
    name="join_school",
    slots=Join,
    start=start,
    questions=(Question("await_code", read_code, look_up, ask="join_ask", retries=0),),
    answers=(OnAnswer(SchoolCodeQuery, answered),),
)
