"""A one-part text message decodes to the same ``DecodedEmail`` (text, headers, defects, content
types, everything) through ``plainmail.read_plain`` as through the stdlib's message: random
header blocks (structure headers of every kind, duplicated, encoded words, 8-bit bytes; bodies
plain, quoted-printable, base64, 8-bit, binary, HTML), every sample mail and the generated mix."""

from __future__ import annotations

import base64
import quopri
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.ops.mailbox_gen import build_email
from services.parser.decoding import DecodedEmail, decode_email, mime
from services.parser.decoding.plainmail import read_plain
from tests.properties import examples

_EMLS = sorted(Path(__file__).parents[3].rglob("*.eml"))
_CONTENT_TYPES = (
    "text/plain", "text/html", "TEXT/Plain", 'text/plain; charset="utf-8"',
    "text/plain; charset=iso-8859-1", "text/html; charset=windows-1252", "text/plain; charset=",
    'text/plain; charset="', "text/plain; charset=nonesuch", "text/plain;; charset=utf-8",
    "text/calendar", "text/csv", "application/pdf", "image/png", "multipart/mixed; boundary=b",
    "message/rfc822", "text", "text/plain/extra", "", "text/plain; charset=utf-16",
    "text/plain; name=a.txt", "text/html (comment)",
)  # fmt: skip
_ENCODINGS = (
    "7bit", "8bit", "binary", "quoted-printable", "base64", "QUOTED-PRINTABLE", "Base64",
    " base64 ", "x-uuencode", "x-token", "", "7bit (comment)",
)  # fmt: skip
_DISPOSITIONS = ("inline", "attachment", 'attachment; filename="cv.txt"', "INLINE", "", "bogus")
_SUBJECTS = (
    "Java Developer", "=?utf-8?q?caf=C3=A9_role?=", "=?utf-8?b?Y2Fmw6k=?= in Dallas",
    "Re: Fwd: Java", "Fwd: role", "caf\u00e9", "  spaced\tout  ", "=?bogus?q?x?=", "",
)  # fmt: skip
_SENDERS = (
    "Priya Sharma <priya@vendor.com>", '"Ravi K" <ravi@acme.example.com>', "a@b.co",
    "=?utf-8?q?Jos=C3=A9?= <jose@x.com>", "undisclosed", "<>", "",
)  # fmt: skip
_DATES = ("Mon, 2 Nov 2026 08:00:00 +0530", "2 Nov 2026 08:00:00 -0000", "yesterday", "")
_OTHERS = (
    ("Message-ID", "<id-1@host.example>"), ("Message-ID", "(c) <x@y>"), ("Precedence", "bulk"),
    ("List-Id", "<list.example>"), ("List-Unsubscribe", "<mailto:x@y>"), ("X-Odd", "v"),
)  # fmt: skip
_TEXTS = (
    "Hi,\nJava role in Dallas.\nThanks,\nRavi\n", "", "caf\u00e9 = 100%\n", "line\r\nother\r\n",
    "<html><body><p>Java role</p><p>Rate: $60/hr</p></body></html>", "<html></html>",
    "best viewed in html\n", "On Mon, Ravi wrote:\n> old\n", "\x00\x01\x02binary\x03",
)  # fmt: skip


def _body(draw: st.DrawFn, encoding: str) -> bytes:
    text = draw(st.sampled_from(_TEXTS)).encode(draw(st.sampled_from(("utf-8", "latin-1"))))
    kind = encoding.strip().lower()
    if kind == "base64" and draw(st.booleans()):
        encoded = base64.encodebytes(text)
        return encoded if draw(st.booleans()) else encoded[:-3] + b"*"  # padding trouble too
    if kind == "quoted-printable" and draw(st.booleans()):
        return quopri.encodestring(text) + draw(st.sampled_from((b"", b"=\n", b"=4", b"=ZZ")))
    return text


@st.composite
def _raw(draw: st.DrawFn) -> bytes:
    fields: list[tuple[str, str]] = []
    encoding = ""
    for name, values in (
        ("Content-Type", _CONTENT_TYPES),
        ("Content-Transfer-Encoding", _ENCODINGS),
        ("Content-Disposition", _DISPOSITIONS),
        ("Subject", _SUBJECTS),
        ("From", _SENDERS),
        ("Date", _DATES),
    ):
        for _ in range(draw(st.sampled_from((0, 1, 1, 1, 2)))):  # absent, once, twice
            value = draw(st.sampled_from(values))
            fields.append((draw(st.sampled_from((name, name.lower(), name.upper()))), value))
            if name == "Content-Transfer-Encoding" and not encoding:
                encoding = value
    fields.extend(draw(st.lists(st.sampled_from(_OTHERS), max_size=3)))
    order = draw(st.permutations(range(len(fields))))
    end = draw(st.sampled_from(("\n", "\r\n")))
    head = "".join(f"{fields[i][0]}: {fields[i][1]}{end}" for i in order)
    return head.encode("utf-8") + end.encode() + _body(draw, encoding)


def _long_way(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> DecodedEmail:
    with monkeypatch.context() as patch:
        patch.setattr(mime, "read_plain", lambda raw: None)
        return decode_email(raw)


def _assert_decoded_alike(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> bool:
    """True when the fast reading applied (and agreed)."""
    fast = decode_email(raw)
    assert fast == _long_way(raw, monkeypatch), raw
    return read_plain(raw) is not None


@settings(max_examples=examples(3000), deadline=None)
@given(raw=_raw())
def test_one_part_messages_decode_as_the_long_way(raw: bytes) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_decoded_alike(raw, monkeypatch)


def _samples() -> Iterator[bytes]:
    for path in _EMLS:
        yield path.read_bytes()
    for index in range(300):
        yield build_email(index, seed=2, tag="p")[1]


def test_every_sample_and_generated_mail_decodes_as_the_long_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = sum(_assert_decoded_alike(raw, monkeypatch) for raw in _samples())
    assert fast > 300  # most of them take the fast reading


def test_the_fast_reading_covers_plain_and_html_bodies_in_every_transfer_encoding() -> None:
    for kind, body in (("plain", b"Java role\n"), ("html", b"<p>Java role</p>\n")):
        for encoding, data in (
            ("7bit", body),
            ("quoted-printable", quopri.encodestring(body)),
            ("base64", base64.encodebytes(body)),
        ):
            raw = (
                f"Subject: x\nContent-Type: text/{kind}; charset=utf-8\n"
                f"Content-Transfer-Encoding: {encoding}\n\n"
            ).encode() + data
            plain = read_plain(raw)
            assert plain is not None and plain.data == body, (kind, encoding)


def test_attachments_uuencode_and_other_types_go_the_long_way() -> None:
    for head in (
        "Content-Type: text/plain\nContent-Disposition: attachment\n",
        "Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n",
        "Content-Type: text/calendar\n",
        "Content-Type: multipart/mixed; boundary=b\n",
        f"Content-Type: text/plain; name={'a' * 600}\n",
    ):
        assert read_plain(f"Subject: x\n{head}\nbody\n".encode()) is None, head
