"""Routing one screened inbound text to a flow: global keywords, then the active flow, then the NLU.

Pure: the pipeline does the look-ups (does this code exist? does the active flow claim this word? what does
the NLU say?) and passes answers in. The router knows no flow's steps: a flow that takes a global keyword
as an answer says so (``ClaimsWords``), and a school code interrupts whatever conversation is going on,
which resumes after the join flow (``flows/session.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.about_questions import is_about_question
from flows.calendar_questions import is_calendar_question
from flows.callback_answers import asks_for_call, wants_no_call
from flows.checkin_control import control_word, is_checkin_request
from flows.checkin_effects import CONTROL_FLOW, REQUEST_FLOW
from flows.engine import ClaimsWords, ContactView, Flow, FlowInput, FlowState, NeedFinder, StartFlow, UserText
from flows.keywords import detect_keyword, is_code_shaped, looks_like_code
from flows.referral_answers import asks_to_refer
from flows.registry import Registry
from flows.signposting_answers import find_need, is_more
from signposting.needs import NEEDS

FIND_SUPPORT = "find_support"
CALLBACK = "callback"
REFERRAL = "referral"
CALL_WORDS_ANSWER = frozenset({"callback", "referral"})
"""Flows whose questions may be answered with call words ("call me" as a way to be contacted)."""
ABOUT = "about"
CALENDAR = "team_calendar"

FALLBACK = "menu"
FALLBACK_START = StartFlow(args={"intro": "unrecognised"})


@dataclass(frozen=True)
class Route:
    """Run `flow` with `event`; ``flow=None`` means send nothing (an opted-out contact's chatter).
    `interrupt`: the conversation going on is set aside and resumes when `flow` finishes (otherwise a
    different flow takes over and the conversation ends)."""

    flow: str | None
    event: FlowInput
    reason: str
    interrupt: bool = False


def claimed(flow: Flow | None, state: FlowState, text: str) -> bool:
    """True when the active flow's current step takes `text` (a global keyword) as its answer."""
    return isinstance(flow, ClaimsWords) and flow.claims(state, text)


def route_keyword(
    text: str,
    contact: ContactView,
    state: FlowState,
    code_exists: bool,
    claims: bool = False,
    opt_out_words: frozenset[str] | None = None,
) -> Route | None:
    """Stage 2: STOP / START / HELP / MENU / LANG / JOIN and bare school codes. `claims`: the active flow
    takes this text as an answer (see :func:`claimed`), so only STOP and START are global for it.
    `opt_out_words`: the ones the SMS account acts on (config). The opt-out flow is told which flow the
    contact was in (its one confirmation differs right after an appointment reminder)."""
    keyword = detect_keyword(text, opt_out_words)
    if keyword is not None and keyword.kind == "opt_out":
        return Route("opt_out", StartFlow(args={"word": keyword.arg, "flow": state.flow}), "keyword")
    if keyword is not None and keyword.kind == "opt_in" and (contact.opted_out or keyword.arg != "YES"):
        return Route("opt_in", StartFlow(args={"word": keyword.arg}), "keyword")
    if contact.opted_out:
        return Route(None, UserText(text), "opted_out")
    if claims:
        return None
    if keyword is not None and keyword.kind == "help":
        return Route("help", StartFlow(), "keyword")
    if keyword is not None and keyword.kind == "menu":
        return Route("menu", StartFlow(), "keyword")
    if keyword is not None and keyword.kind == "callback" and state.flow not in CALL_WORDS_ANSWER:
        return Route(CALLBACK, StartFlow(intent="request_callback"), "keyword")
    control = control_word(text)  # PAUSE / RESUME: check-ins only (STOP still stops everything)
    if control is not None:
        return Route(CONTROL_FLOW, StartFlow(args={"action": control}), "keyword")
    if keyword is not None and keyword.kind == "lang":
        return Route("lang", StartFlow(args={"language": keyword.arg}), "keyword")
    if keyword is not None and keyword.kind == "join":
        return Route("join_school", StartFlow(args={"code": keyword.arg}), "keyword", interrupt=True)
    code = looks_like_code(text)
    # An unknown code-shaped word ("OAK8") is a join attempt unless a flow is waiting for free text
    # (a postcode district like SE15 while finding support, say).
    if code and (code_exists or (state.flow in (None, FALLBACK) and is_code_shaped(code))):
        return Route("join_school", StartFlow(args={"code": code}), "code", interrupt=True)
    return route_request(text, state)


def route_request(text: str, state: FlowState) -> Route | None:
    """A call-back asked for in words at any point ("can some1 ring me after school"), or one no longer
    wanted ("dont need the call now"), unless the active flow's questions take call words as answers; a
    self-referral ("i want to refer myself") when no conversation other than finding support is open.
    Either takes over from the conversation going on."""
    if state.flow in CALL_WORDS_ANSWER:
        return None
    if wants_no_call(text):
        return Route(CALLBACK, StartFlow(args={"cancel": True}, text=text), "callback_cancel")
    if asks_for_call(text):
        return Route(CALLBACK, StartFlow(intent="request_callback", text=text), "callback_request")
    if state.flow in (None, FALLBACK, FIND_SUPPORT) and asks_to_refer(text):
        return Route(REFERRAL, StartFlow(text=text), "referral_request")
    return None


ABOUT_OVER_INTENTS: frozenset[str | None] = frozenset({None, "menu", "greet", "out_of_scope"})
"""NLU intents that a question about the service (flows/about_questions.py) takes over from."""


def route_intent(
    intent: str | None, entities: dict[str, str], text: str, registry: Registry, needs: NeedFinder
) -> Route:
    """Stage 4: start the flow for the NLU's intent, or the gentle fallback. `needs` finds a need named in
    a text the NLU could not place."""
    if is_more(text):  # MORE with no list to page through: say so, whatever the NLU made of one word
        return Route(FALLBACK, StartFlow(args={"intro": "more_none"}), "more_without_list")
    # Asked in words the NLU has no intent for; answered from plans and the calendar, not guessed.
    if is_checkin_request(text) and REQUEST_FLOW in registry.flows:
        return Route(REQUEST_FLOW, StartFlow(text=text), "checkin_request")
    if is_calendar_question(text) and CALENDAR in registry.flows:
        return Route(CALENDAR, StartFlow(text=text), "calendar_question")
    # A whole message that is a question about the service ("what do u do", "who are you") is answered as
    # one when the NLU could only read it as a greeting, a wish for the menu or nothing it knows (it reads
    # "what do u do" as MENU); an intent with its own flow ("are you a real person": talk to someone) wins.
    if is_about_question(text) and ABOUT in registry.flows and intent in ABOUT_OVER_INTENTS:
        return Route(ABOUT, StartFlow(text=text), "about_question")
    flow = registry.flow_for_intent(intent) if intent else None
    if flow is None or flow not in registry.flows:
        # a need word alone ("anxiety", "cant sleep"), or a need the NLU found in a text it could not place
        need = find_need(text, needs) or (entities.get("need") if entities.get("need") in NEEDS else None)
        if need is not None and FIND_SUPPORT in registry.flows:
            start = StartFlow(intent=FIND_SUPPORT, entities={"need": need}, text=text)
            return Route(FIND_SUPPORT, start, "need_word")
        return Route(FALLBACK, FALLBACK_START, "unrecognised")
    return Route(flow, StartFlow(intent=intent, entities=entities, text=text), "nlu")
