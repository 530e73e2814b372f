"""Fuzzing the Twilio webhooks through the real app (issue 17): hypothesis-made requests (well-formed and
broken forms, wrong or missing signatures, huge fields, odd unicode, raw bytes) are POSTed over ASGI.
The app answers 2xx, 4xx or 503, never 500 (and never raises, in the webhook or in the pipeline that runs
after it); a correctly signed text is stored exactly once, as sent, and its redelivery changes nothing.
A short run is part of `make test`; `pytest -m fuzz` runs the long one."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData
from twilio.request_validator import RequestValidator

from bot.app.context import AppContext
from bot.channels.sanitise import storable_text
from tests.bot.web.conftest import ALLOWED, AUTH_TOKEN, PUBLIC_URL, inbound_count, stored_with
from tests.bot.web.test_twilio_request_properties import KEYS, VALUES
from tests.strategies import messy_texts

SMS = "/webhooks/twilio/sms"
STATUS = "/webhooks/twilio/status"
FORM = "application/x-www-form-urlencoded"
_sids = itertools.count(1)
ODD_BODIES = [b"%", b"a=%ZZ", b"=&=&", b"Body=%ED%A0%80", b"a" * 70_000, b"MessageSid=SM\xff"]


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


SENDABLE = VALUES.filter(_utf8)  # what a form can carry (a lone surrogate is not UTF-8)


@dataclass
class Post:
    """One request, and what the app must do with it."""

    path: str
    body: bytes
    headers: dict[str, str]
    expect: frozenset[int]
    form: dict[str, str] = field(default_factory=dict)  # a well-formed, correctly signed text

    @property
    def sid(self) -> str | None:
        return self.form.get("MessageSid")


def sign(url: str, pairs: list[tuple[str, str]], token: str = AUTH_TOKEN) -> str:
    return str(RequestValidator(token).compute_signature(url, FormData(pairs)))


def _form_post(path: str, pairs: list[tuple[str, str]], signature: str | None, expect: set[int]) -> Post:
    headers = {"Content-Type": FORM}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return Post(path, urlencode(pairs).encode("utf-8"), headers, frozenset(expect))


@st.composite
def well_formed(draw: st.DrawFn) -> Post:
    form = {
        "MessageSid": f"SM{next(_sids):032x}",
        "From": draw(st.one_of(st.from_regex(r"\A\+44[0-9]{10}\Z"), st.from_regex(r"\A\+?[0-9]{3,15}\Z"))),
        "To": "+447700900000",
        "Body": draw(messy_texts().filter(_utf8)),
        "NumMedia": draw(st.sampled_from(["0", "1"])),
        "NumSegments": "1",
        "AccountSid": "AC" + "1" * 32,
    }
    pairs = list(form.items())
    post = _form_post(SMS, pairs, sign(f"{PUBLIC_URL}{SMS}", pairs), {200})
    post.form = form
    return post


@st.composite
def broken(draw: st.DrawFn) -> Post:
    """A correctly signed form with fields dropped, changed, doubled or added: stored, or a 400."""
    path = draw(st.sampled_from([SMS, STATUS]))
    pairs: list[tuple[str, str]] = [
        ("MessageSid", f"SM{next(_sids):032x}"),
        ("From", "+447700900123"),
        ("To", "+447700900000"),
        ("Body", "hi"),
        ("MessageStatus", "delivered"),
    ]
    for key in draw(st.lists(st.sampled_from([k for k, _ in pairs]), max_size=3)):
        action = draw(st.sampled_from(["drop", "change", "twice"]))
        if action == "drop":
            pairs = [p for p in pairs if p[0] != key]
        elif action == "change":
            pairs = [(k, draw(SENDABLE) if k == key else v) for k, v in pairs]
        else:
            pairs.append((key, draw(SENDABLE)))
    names = st.one_of(st.sampled_from(KEYS), st.from_regex(r"\A[A-Za-z]{1,12}\Z"))
    pairs += draw(st.lists(st.tuples(names, SENDABLE), max_size=3))
    return _form_post(path, pairs, sign(f"{PUBLIC_URL}{path}", pairs), {200, 204, 400})


@st.composite
def badly_signed(draw: st.DrawFn) -> Post:
    """A well-formed text with no signature, a wrong one, or one for another URL or token: 403."""
    post = draw(well_formed())
    pairs = list(post.form.items())
    signature = draw(
        st.one_of(
            st.none(),
            st.just(""),
            st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40),
            st.just(sign(f"http://waymark.example.org{SMS}", pairs)),
            st.just(sign(f"{PUBLIC_URL}{STATUS}", pairs)),
            st.just(sign(f"{PUBLIC_URL}{SMS}", pairs, token="another-token")),
            st.just(sign(f"{PUBLIC_URL}{SMS}", [*pairs[:-1], ("Body", "changed")])),
        )
    )
    expect = {403} if signature != post.headers["X-Twilio-Signature"] else {200}
    return _form_post(SMS, pairs, signature, expect) if signature else _form_post(SMS, pairs, None, {403})


@st.composite
def raw(draw: st.DrawFn) -> Post:
    """Bytes that are not a form (or not this form), with any content type: 400, 403 or 413."""
    body = draw(
        st.one_of(
            st.binary(max_size=300),
            st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.sampled_from(ODD_BODIES),
        )
    )
    content_type = draw(
        st.sampled_from([FORM, f"{FORM}; charset=utf-8", "multipart/form-data", "text/plain", "", "\u00e9"])
    )
    headers = {"X-Twilio-Signature": draw(st.sampled_from(["x", "abc=", sign(f"{PUBLIC_URL}{SMS}", [])]))}
    if content_type:
        headers["Content-Type"] = content_type
    return Post(draw(st.sampled_from([SMS, STATUS])), body, headers, frozenset({400, 403, 413}))


@st.composite
def huge(draw: st.DrawFn) -> Post:
    """A signed text whose form is over the 64 KiB cap: 413; just under it: stored whole."""
    post = draw(well_formed())
    size = draw(st.sampled_from([20_000, 60_000, 70_000, 200_000]))
    post.form["Body"] = draw(st.sampled_from(["a", "\u00e9", "\U0001f600 ", "kill myself "])) * (size // 12)
    pairs = list(post.form.items())
    fresh = _form_post(SMS, pairs, sign(f"{PUBLIC_URL}{SMS}", pairs), {200})
    if len(fresh.body) > 64 * 1024:
        fresh.expect, post.form = frozenset({413}), {}
    fresh.form = post.form
    return fresh


REQUESTS = st.one_of(well_formed(), broken(), badly_signed(), raw(), huge())


async def check(ctx: AppContext, client: httpx.AsyncClient, post: Post) -> None:
    before = await inbound_count(ctx)
    headers = {k: v.encode("latin-1") for k, v in post.headers.items()}  # HTTP headers are bytes
    answer = await client.post(post.path, content=post.body, headers=headers)
    assert answer.status_code in ALLOWED, (answer.status_code, answer.text)
    assert answer.status_code in post.expect, (answer.status_code, answer.text, post.expect)
    if answer.status_code >= 400 or post.path == STATUS:
        assert await inbound_count(ctx) == before  # nothing stored for a refused request
    if post.form and answer.status_code == 200:
        [row] = await stored_with(ctx, "sms", post.form["MessageSid"])
        assert row.body == storable_text(post.form["Body"])
        again = await client.post(post.path, content=post.body, headers=headers)
        assert again.status_code == 200
        assert len(await stored_with(ctx, "sms", post.form["MessageSid"])) == 1
        assert await inbound_count(ctx) == before + 1


@given(post=REQUESTS)
async def test_twilio_webhooks_never_answer_500(
    web_ctx: AppContext, web_client: httpx.AsyncClient, post: Post
) -> None:
    await check(web_ctx, web_client, post)


@pytest.mark.fuzz
@settings(max_examples=1_500)
@given(post=REQUESTS)
async def test_twilio_webhooks_never_answer_500_long(
    web_ctx: AppContext, web_client: httpx.AsyncClient, post: Post
) -> None:
    await check(web_ctx, web_client, post)
