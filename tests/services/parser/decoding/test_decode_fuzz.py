"""Property tests: ``decode_email`` never raises, and the handler either returns a ParsedEmail
that validates against the email.parsed contract or raises InvalidMessage, whatever the bytes.

No NUL character may reach the contract either (PostgreSQL text columns reject it).
Inputs: random bytes, mutated corpus and sample messages (byte flips, truncation, duplicated
header lines, swapped charset labels, spliced halves), and every file of tests/corpus/malformed.
Runs are bounded (``max_examples``, no deadline, no example database on disk) so the suite stays
fast; a failure prints the smallest input Hypothesis found.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.contracts.models import ParsedEmail, ParseStatus, RawEmail
from schemas.contracts.topics import Topic
from services.domain.errors import InvalidMessage
from services.parser.decoding import DecodedEmail, decode_email
from services.parser.handler import handle_raw_email
from tests.contracts import assert_valid, decoded_examples

ROOT = Path(__file__).resolve().parents[4]
MALFORMED = sorted((ROOT / "tests" / "corpus" / "malformed").glob("*.eml"))
SEEDS = [
    p.read_bytes()
    for p in sorted((ROOT / "tests" / "corpus" / "dev").glob("*.eml"))
    + sorted((ROOT / "samples" / "mailbox").glob("*.eml"))
]
RAW_EMAILS = [m for _, m in decoded_examples(Topic.EMAIL_RAW) if isinstance(m, RawEmail)]
CHARSETS = [
    b"utf-8", b"us-ascii", b"iso-8859-1", b"windows-1252", b"x-unknown", b"utf-16", b"utf-32",
    b"utf-7", b"big5", b"gb2312", b"shift_jis", b"iso-2022-jp", b"koi8-r", b"euc-kr",
    b"unicode-1-1-utf-7", b"binary", b"", b'"', b"utf-8'en'", b"../../etc", b"\xff\xfe",
]  # fmt: skip
_CHARSET = re.compile(rb"charset=\"?[^\";\s]*\"?", re.IGNORECASE)
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:.*$", re.MULTILINE)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A corpus message with one to four mutations applied in turn."""
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "charset", "splice"]))
        size = len(raw)
        if kind == "flip" and size:
            for _ in range(draw(st.integers(1, 16))):
                raw[draw(st.integers(0, size - 1))] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del raw[draw(st.integers(0, size)) :]
        elif kind == "duplicate":
            headers = list(_HEADER_LINE.finditer(raw))
            if headers:
                line = draw(st.sampled_from(headers))
                copies = draw(st.integers(1, 3))
                raw[line.end() : line.end()] = (b"\n" + line.group(0)) * copies
        elif kind == "charset":
            labels = list(_CHARSET.finditer(raw))
            if labels:
                label = draw(st.sampled_from(labels))
                raw[label.start() : label.end()] = b"charset=" + draw(st.sampled_from(CHARSETS))
        else:
            other = draw(st.sampled_from(SEEDS))
            cut = draw(st.integers(0, size))
            raw[cut:] = other[draw(st.integers(0, len(other))) :]
    return bytes(raw)


def assert_decoded(decoded: DecodedEmail) -> None:
    assert isinstance(decoded, DecodedEmail)
    for text in (decoded.subject, decoded.sender, decoded.message_id, decoded.text):
        assert isinstance(text, str)
    assert all(isinstance(defect, str) for defect in decoded.defects)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def assert_handled(raw: bytes, message: RawEmail) -> None:
    try:
        parsed = handle_raw_email(message, raw)
    except InvalidMessage:
        assert not raw.strip()  # only "nothing to parse at all" may be rejected
        return
    assert isinstance(parsed, ParsedEmail)
    assert_valid(Topic.EMAIL_PARSED, parsed)
    assert not [text for text in _strings(parsed.model_dump()) if "\x00" in text]
    assert (parsed.status == ParseStatus.FAILED) == (parsed.error is not None)
    if parsed.is_job:
        assert parsed.jobs


def test_inputs_exist() -> None:
    assert len(MALFORMED) >= 25
    assert len(SEEDS) >= 80
    assert RAW_EMAILS


@FUZZ
@given(st.binary(max_size=4096))
def test_decode_never_raises_on_random_bytes(raw: bytes) -> None:
    assert_decoded(decode_email(raw))


@FUZZ
@given(
    st.lists(
        st.sampled_from([b"Content-Type: ", b"multipart/mixed; boundary=", b"--", b"\n", b"=?",
                         b"?Q?", b"?B?", b"text/html", b"charset=", b"base64", b"\r\n\r\n",
                         b"Content-Transfer-Encoding: ", b"quoted-printable", b"message/rfc822",
                         b"<p style=display:none>", b"=C3", b"\x00", b"\xff", b"Subject: "]),
        max_size=60,
    ).map(b"".join)
)  # fmt: skip
def test_decode_never_raises_on_mime_shaped_noise(raw: bytes) -> None:
    assert_decoded(decode_email(raw))


@FUZZ
@given(mutated())
def test_decode_never_raises_on_mutated_corpus(raw: bytes) -> None:
    assert_decoded(decode_email(raw))


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.name)
def test_decode_never_raises_on_malformed_corpus(path: Path) -> None:
    decoded = decode_email(path.read_bytes())
    assert_decoded(decoded)
    # the catch-all is a last resort: the malformed corpus must not need it
    assert "decode-failed" not in decoded.defects


@pytest.mark.parametrize("index", range(len(MALFORMED)), ids=[p.name for p in MALFORMED])
def test_handler_on_malformed_corpus(index: int) -> None:
    assert_handled(MALFORMED[index].read_bytes(), RAW_EMAILS[index % len(RAW_EMAILS)])


@settings(FUZZ, max_examples=100)
@given(mutated(), st.sampled_from(RAW_EMAILS))
def test_handler_on_mutated_corpus(raw: bytes, message: RawEmail) -> None:
    assert_handled(raw, message)


@settings(FUZZ, max_examples=100)
@given(st.binary(max_size=2048), st.sampled_from(RAW_EMAILS))
def test_handler_on_random_bytes(raw: bytes, message: RawEmail) -> None:
    assert_handled(raw, message)


def test_handler_rejects_only_empty_input() -> None:
    message = RAW_EMAILS[0]
    for raw in (b"", b"   \r\n\t "):
        with pytest.raises(InvalidMessage):
            handle_raw_email(message, raw)


def test_no_nul_character_reaches_the_contract() -> None:
    """PostgreSQL text columns reject NUL: a NUL in the subject must not reach a job title."""
    raw = (
        b"Subject: Need Java Dev\x00eloper | Dallas, TX | C2C | $58/hr | 6M\n"
        b"From: a@example.com\nContent-Type: text/plain\n\nLocals only. Send resume asap.\n"
    )
    parsed = handle_raw_email(RAW_EMAILS[0], raw)
    assert parsed.jobs
    assert not [text for text in _strings(parsed.model_dump()) if "\x00" in text]
