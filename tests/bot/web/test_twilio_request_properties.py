"""Properties of reading a Twilio webhook's form (issue 17): any form at all gives a well-formed message or
None, never an error; a well-formed form gives back exactly what was sent (made storable); a status
callback likewise. (Posting such forms through the whole app: test_webhooks_fuzz.py.)"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import FormData

from bot.channels.sanitise import storable_text
from bot.web.twilio_request import MAX_ADDRESS_CHARS, parse_inbound, parse_status
from tests.strategies import messy_texts

SID_BODY = "[0-9a-fA-F]{32}"
FULL_SID = r"\A(SM|MM)[0-9a-fA-F]{32}\Z"
KEYS = ("MessageSid", "SmsSid", "From", "To", "Body", "NumMedia", "NumSegments", "MessageStatus",
        "SmsStatus", "ErrorCode", "AccountSid")  # fmt: skip
#: Digits as Python's str.isdigit() sees them: ASCII, and also superscripts, other scripts, circled.
DIGITS = st.text(st.sampled_from("0123456789²³¹⁰٣۴߅०১੩௫໒၃᠕①⑴"), min_size=1, max_size=4)
VALUES = st.one_of(
    st.from_regex(r"(SM|MM)" + SID_BODY + r"$"),  # `$` also allows a trailing newline
    st.from_regex(r"\A(SM|MM)" + SID_BODY + r"\Z"),
    DIGITS,
    st.from_regex(r"\A\+?[0-9 ]{3,20}\Z"),
    st.sampled_from(["received", "delivered", "failed", "Sent", "undelivered", "", " "]),
    messy_texts(80),
)
PAIRS = st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), VALUES), max_size=14)


def valid_sms() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {
            "MessageSid": st.from_regex(FULL_SID),
            "From": st.from_regex(r"\A\+44[0-9]{10}\Z"),
            "To": st.just("+447700900000"),
            "Body": messy_texts(),
            "NumMedia": st.from_regex(r"\A[0-9]{1,2}\Z"),
            "NumSegments": st.from_regex(r"\A[0-9]{1,2}\Z"),
            "MessageStatus": st.sampled_from(["received", "delivered", "failed"]),
        }
    )


@st.composite
def broken_sms(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A well-formed form with some fields dropped, changed or sent twice, and some others added."""
    pairs = list(draw(valid_sms()).items())
    for key in draw(st.lists(st.sampled_from([k for k, _ in pairs]), max_size=3)):
        action = draw(st.sampled_from(["drop", "change", "twice"]))
        pairs = [p for p in pairs if p[0] != key] if action == "drop" else pairs
        if action == "change":
            pairs = [(k, draw(VALUES) if k == key else v) for k, v in pairs]
        if action == "twice":
            pairs.append((key, draw(VALUES)))
    return pairs + draw(PAIRS.map(lambda extra: extra[:3]))


FORMS = st.one_of(PAIRS, broken_sms())


@given(pairs=FORMS)
def test_any_form_gives_a_well_formed_message_or_none(pairs: list[tuple[str, str]]) -> None:
    sms = parse_inbound(FormData(pairs))
    if sms is None:
        return
    assert _is_sid(sms.message_sid), sms.message_sid
    assert sms.sender and sms.to and len(sms.sender) <= MAX_ADDRESS_CHARS and len(sms.to) <= MAX_ADDRESS_CHARS
    assert "\x00" not in sms.body and "\x00" not in sms.sender
    sms.body.encode("utf-8")
    sms.sender.encode("utf-8")
    assert isinstance(sms.num_media, int) and sms.num_media >= 0
    assert sms.num_segments is None or sms.num_segments >= 0


@given(form=valid_sms())
def test_a_well_formed_form_is_read_exactly(form: dict[str, str]) -> None:
    sms = parse_inbound(FormData(list(form.items())))
    assert sms is not None
    assert sms.message_sid == form["MessageSid"]
    assert sms.sender == form["From"] and sms.to == form["To"]
    assert sms.body == storable_text(form["Body"])
    assert sms.num_media == int(form["NumMedia"]) and sms.num_segments == int(form["NumSegments"])


@given(pairs=FORMS)
def test_any_status_form_gives_a_well_formed_report_or_none(pairs: list[tuple[str, str]]) -> None:
    report = parse_status(FormData(pairs))
    if report is None:
        return
    assert _is_sid(report.message_sid)
    assert report.status and report.status == report.status.lower()
    assert report.error_code is None or (report.error_code.isascii() and report.error_code.isdigit())


def _is_sid(value: str) -> bool:
    return re.fullmatch(FULL_SID, value) is not None


# Regressions the properties found: each was an uncaught ValueError (a 500) or a malformed message.
GOOD = {"MessageSid": "SM" + "a" * 32, "From": "+447700900123", "To": "+447700900000", "Body": "hi"}


def test_unicode_digits_in_counts_are_not_counts() -> None:
    assert parse_inbound(FormData([*GOOD.items(), ("NumMedia", "²")])) is None  # was ValueError
    sms = parse_inbound(FormData([*GOOD.items(), ("NumSegments", "①")]))  # was ValueError
    assert sms is not None and sms.num_segments is None
    status = parse_status(FormData([("MessageSid", GOOD["MessageSid"]), ("MessageStatus", "failed"),
                                    ("ErrorCode", "³")]))  # fmt: skip
    assert status is not None and status.error_code is None


def test_a_message_sid_ending_in_a_newline_is_not_a_message_sid() -> None:
    assert parse_inbound(FormData({**GOOD, "MessageSid": GOOD["MessageSid"] + "\n"})) is None
    assert parse_status(FormData({"MessageSid": GOOD["MessageSid"] + "\n", "MessageStatus": "sent"})) is None


def test_a_blank_sender_is_no_sender() -> None:
    assert parse_inbound(FormData({**GOOD, "From": " \x00 "})) is None  # was stored with sender ""
