"""Shortcuts in decoding give what the long way gives."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import parseaddr
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mailparser_reply import EmailMessage

from services.parser.decoding import headerlimit, headers, parts, quotes, tidy
from services.parser.decoding.headercache import CACHING_POLICY
from services.parser.decoding.quotes import (
    _HEADER_WORDS,
    _REPLY_PARSER,
    _has_header_word,
    _reply_headers,
)
from tests.properties import examples

_EMLS = sorted(Path(__file__).parents[3].rglob("*.eml"))
_REPLIES = (
    "Thanks, see below.\n\nOn Mon, 2 Nov 2026 at 10:00, Ravi <ravi@example.com> wrote:\n> hi",
    "Sure.\n\nFrom: Priya Sharma\nSent: Monday, November 2, 2026 9:00 AM\nTo: me\nSubject: x\n\nhi",
    "-----Original Message-----\nFrom: a@b.c\nSent: today\n\nbody",
    "No history here at all.\nJust a requirement: Java Developer, Dallas, TX.",
    "Role: Java Developer\nLocation: Dallas, TX\nTo: apply, reply with your resume",
    "Thanks!\n\nON MON, 2 NOV 2026, RAVI WROTE:\n> hi",
    "fyi\n\n----- ORIGINAL MESSAGE -----\nFROM: a@b.c\nſent: today\n\nbody",
    "",
    # header lines behind underscore rules and odd spaces, which the normaliser drops
    "Hi\n\n" + "_" * 32 + "From: Ravi\n\n" + "_" * 32 + "Sent: today\n\nbody",
    "Sure.\n\n\u2003From: Priya\n\u00a0 > *Sent: Monday\n\nhi",
)


@pytest.mark.parametrize("text", _REPLIES)
def test_reply_headers_as_the_parser_reads_them(text: str) -> None:
    """Also: mail-parser-reply's header pattern matches only text with a word of
    ``quotes._HEADER_WORDS``, so the rest is answered without it."""
    expected = [r.headers for r in _REPLY_PARSER.read(text).replies if r.headers]
    assert _reply_headers(text) == expected


# the words' letters in both cases, characters that fold onto them (long s, Kelvin sign, dotless
# i), what the normaliser strips or rewrites (spaces, line breaks, underscore rules)
_HEADER_ALPHABET = st.sampled_from(
    list("wroteWROTEfmsnFMSNubjcUBJCdaDAgizGIZ: _-\n\t\r") + ["\u017f", "\u212a", "\u0131"]
)
_HEADERISH = st.lists(
    st.one_of(
        _HEADER_ALPHABET,
        st.sampled_from(["wrote:", "From:", "organization:", "Original Message", "_" * 32]),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=examples(2000), deadline=None)
@given(_HEADERISH)
def test_header_words_found_as_the_pattern_finds_them(text: str) -> None:
    expected = _HEADER_WORDS.search(text) is not None
    assert _has_header_word(text) == expected
    # what _reply_headers checks (the raw text) answers for the normalised text too
    normalised = EmailMessage(text=text, languages=_REPLY_PARSER.languages).text
    assert (_HEADER_WORDS.search(normalised) is not None) == expected


# "From:"-style words at a line start or mid-line, behind what the normaliser strips (spaces
# of every kind, quote marks, underscore and dash rules) or keeps ("*", ">")
_REPLY_HEADERISH = st.lists(
    st.sampled_from(
        ["From:", "sent:", "SUBJECT:", "Date:", "cc:", "Organization:", "To: x", "wrote:",
         "On Mon, Ravi ", "Original Message", "-----", ">", "> ", "*", " ", "\t", "\u2003",
         "\u00a0", "\u200b", "_" * 32, "-" * 32, "\n", "\n\n", "\r\n", "\r", "x", "\u017f"]
    ),
    max_size=16,
).map("".join)  # fmt: skip


@settings(max_examples=examples(3000), deadline=None)
@given(_REPLY_HEADERISH)
def test_no_reply_header_where_the_precheck_finds_none(text: str) -> None:
    if not quotes._may_start_header(text):
        message = EmailMessage(text=text, languages=_REPLY_PARSER.languages)
        assert message.HEADER_REGEX.search(message.text) is None


@settings(max_examples=examples(500), deadline=None)
@given(_REPLY_HEADERISH)
def test_reply_headers_of_headerish_text_as_the_parser_reads_them(text: str) -> None:
    expected = [r.headers for r in _REPLY_PARSER.read(text).replies if r.headers]
    assert _reply_headers(text) == expected


def _header_end_the_long_way(raw: bytes, start: int) -> int:
    """``headerlimit.header_end`` as first written: a regex search."""
    blank = re.compile(rb"\r?\n\r?\n").search(raw, start)
    return raw.index(b"\n", blank.start()) + 1 if blank is not None else -1


@settings(max_examples=examples(3000), deadline=None)
@given(
    st.lists(st.sampled_from([b"\r", b"\n", b"\r\n", b"\n\r\n", b"a", b": "])).map(b"".join),
    st.integers(0, 6),
)
def test_header_end_as_the_pattern_finds_it(raw: bytes, start: int) -> None:
    assert headerlimit.header_end(raw, start) == _header_end_the_long_way(raw, start)


def test_caching_policy_reads_every_sample_like_the_default() -> None:
    assert _EMLS
    for path in _EMLS:
        raw = path.read_bytes()
        try:
            plain = BytesParser(policy=policy.default).parsebytes(raw)
        except Exception as exc:  # noqa: BLE001 - a malformed sample: the cached one fails too
            with pytest.raises(type(exc)):
                BytesParser(policy=CACHING_POLICY).parsebytes(raw)
            continue
        cached = BytesParser(policy=CACHING_POLICY).parsebytes(raw)
        for a, b in zip(cached.walk(), plain.walk(), strict=True):
            for name in ("Content-Type", "Content-Transfer-Encoding", "Content-Disposition"):
                assert _outcome(partial(_header, name=name), a, b), (path, name)
            assert _outcome(lambda m: m.get_content_type(), a, b), path
            assert _outcome(lambda m: m.get_params(), a, b), path
            assert _outcome(lambda m: m.get_payload(decode=True), a, b), path


def _header(message: Message, *, name: str) -> str:
    return str(message.get(name))


def _outcome(read: Callable[[Message], object], a: Message, b: Message) -> bool:
    """Same value, or the same exception (malformed samples make the stdlib raise)."""
    results = []
    for message in (a, b):
        try:
            results.append(("value", read(message)))
        except Exception as exc:  # noqa: BLE001 - which exception is what is compared
            results.append(("raised", type(exc).__name__))
    return results[0] == results[1]


_DATES_AND_SUBJECTS = (
    "Mon, 2 Nov 2026 10:00:00 -0500",
    "Mon, 2 Nov 2026 10:00:00 -0000",
    "2 Nov 26 10:00 GMT",
    "Mon,  2 Nov 2026\t10:00:00 +0530 (IST)",
    "31 Feb 2026 10:00:00 +0000",
    "not a date",
    "",
    "Java Developer - Dallas, TX (C2C)",
    "=?utf-8?q?Caf=C3=A9_role?=",
    "Priya Sharma <priya@vendor.com>",
    "John A. Smith <j.smith+jobs@mail.vendor-one.com>",
    "O'Brien <ob@x.io>",
    "ravi.k@vendor.co.in",
    '"Suresh Naidu" <suresh@tekvista.example.net>',
    '"J. Smith" <j@x.io>',
    '"O\'Brien-Rao" <ob@x.io>',
    '"Smith, John" <js@x.io>',
    '"" <empty@x.io>',
    "<gen-h-00000@tekvista.example.net>",
    "<CAF=ab+c_d.e@mail.gmail.com>",
    "<a..b@x>",
    "<a@b> (comment)",
    "<a@b>x",
    '<"quoted"@b>',
)


@pytest.mark.parametrize("value", _DATES_AND_SUBJECTS)
def test_plain_subject_and_date_read_as_policy_default_reads_them(value: str) -> None:
    raw = f"Subject: {value}\nDate: {value}\nFrom: {value}\nMessage-ID: {value}\n\nbody\n".encode()
    _assert_headers_as_default(raw)


def test_every_sample_subject_and_date_read_as_policy_default_reads_them() -> None:
    for path in _EMLS:
        _assert_headers_as_default(path.read_bytes())


def _assert_headers_as_default(raw: bytes) -> None:
    """``headers.header`` reads a plain Subject, Date, From or Message-ID as written; the long way
    is the header object policy.default builds (a Date formatted anew, then parsed by
    ``headers.date``; a From re-rendered, then read by ``headers.sender``)."""
    try:
        msg = BytesParser(policy=CACHING_POLICY).parsebytes(raw)
    except Exception:  # noqa: BLE001 - a malformed sample decode_email reads as compat32
        return
    for name in ("Subject", "Date", "From", "Message-ID"):
        try:
            value = msg.get(name)
        except Exception:  # noqa: BLE001 - the long way cannot read it: not a plain value
            continue
        written = headers.one_line(str(value)) if value is not None else ""
        short, long = parts.Walk(), parts.Walk()
        got = headers.header(msg, name, short)
        if name in ("Subject", "Message-ID"):
            assert got == written, raw[:200]
        elif name == "From":
            assert headers.sender(got) == headers.sender(written), raw[:200]
        else:
            assert headers.date(got, short) == headers.date(written, long), raw[:200]
        assert short.defects == long.defects


@settings(max_examples=examples(500), deadline=None)
@given(st.from_regex(headers.PLAIN_MAILBOX, fullmatch=True))
def test_a_plain_mailbox_reads_as_parseaddr_reads_it(value: str) -> None:
    name, addr = parseaddr(value)
    assert headers.sender(value) == (f"{name} <{addr}>" if name else addr)


def _tidy_the_long_way(text: str) -> str:
    """``tidy.tidy`` as first written: dedent always run."""
    text = tidy.INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\t", "    ")
    lines = [line.rstrip() for line in text.split("\n")]
    return textwrap.dedent(tidy.BLANK_RUNS.sub("\n\n", "\n".join(lines))).strip("\n")


_LAYOUT = st.lists(
    st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u200b", "\x0c", "a", "Ab"]),
    max_size=30,
).map("".join)


@settings(max_examples=examples(2000), deadline=None)
@given(_LAYOUT)
def test_tidy_as_the_long_way_tidies(text: str) -> None:
    assert tidy.tidy(text) == _tidy_the_long_way(text)


_FORWARDS = st.lists(
    st.sampled_from(
        ["-", "--", "---", " ", ">", "\n", "Forwarded message", "Original Message", "x",
         "Attached message", "Begin forwarded message:", "BEGIN FORWARDED MESSAGE:", "\u017f"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@settings(max_examples=examples(2000), deadline=None)
@given(_FORWARDS)
def test_no_forward_marker_where_the_precheck_finds_none(text: str) -> None:
    if not quotes._may_have_forward_marker(text):
        assert quotes._forward_marker(text.split("\n"), forwarded=False) is None


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(st.sampled_from([b"boundary", b"BOUNDARY", b"BoUnDaRy", b'="b1"', b"\r\n", b"x"])))
def test_no_boundary_where_the_precheck_finds_none(pieces: list[bytes]) -> None:
    raw = b"".join(pieces)
    if b"boundary" not in raw.lower():
        assert headerlimit._BOUNDARY.search(raw) is None
        assert headerlimit.cap_part_headers(raw) == (raw, [])


def _charset_the_long_way(part: Message) -> str | None:
    """``parts.charset`` as first written."""
    try:
        return part.get_content_charset()
    except parts.PARSE_ERRORS:
        return None


def _assert_charsets_alike(message: Message) -> None:
    walk = parts.Walk()
    for part in message.walk():
        for _ in range(2):  # read anew, then from the cache
            assert parts.charset(part, walk) == _charset_the_long_way(part), part.items()


def test_every_sample_charset_as_get_content_charset_reads_it() -> None:
    for path in _EMLS:
        try:
            message = BytesParser(policy=CACHING_POLICY).parsebytes(path.read_bytes())
        except Exception:  # noqa: BLE001 - a malformed sample decode_email reads as compat32
            continue
        _assert_charsets_alike(message)


_CONTENT_TYPES = st.lists(
    st.sampled_from(
        ["text/plain", "TEXT/HTML", ";", " charset=", "charset=", "CHARSET=", '"', "utf-8",
         "UTF-8", "iso-8859-1", "\u00e9", "charset*=", "utf-8''", "%E9", "us-ascii'en'x",
         "*0=", " ", "(c)", "\r\n\t", "name=a.txt", "unknown-8bit"]
    ),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=examples(1000), deadline=None)
@given(_CONTENT_TYPES, _CONTENT_TYPES)
def test_charset_as_get_content_charset_reads_it(first: str, second: str) -> None:
    raw = f"Content-Type: {first}\nContent-Type: {second}\n\nbody\n".encode(
        "utf-8", "surrogateescape"
    )
    _assert_charsets_alike(BytesParser(policy=CACHING_POLICY).parsebytes(raw))
