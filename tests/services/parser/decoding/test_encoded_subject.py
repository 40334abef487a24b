"""headers._encoded_words reads a subject of plain words and RFC 2047 encoded words as the
header object of policy.default reads it, or leaves it to it: random mixes of words,
whitespace, folds and encoded words (valid, defective, adjacent, glued to a word), and every
sample mail's Subject."""

from __future__ import annotations

import base64
from email.parser import BytesParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from services.ops.mailbox_gen import build_email
from services.parser.decoding import headers
from services.parser.decoding.headercache import CACHING_POLICY
from tests.properties import examples

_EMLS = sorted(Path(__file__).parents[3].rglob("*.eml"))
_TEXTS = ("– Java Developer –", "café", "a_b", "?=", "plain", " ", "", "x\udcff", "日本")


def _q(text: str) -> str:
    pieces = []
    for byte in text.encode("utf-8", "surrogateescape"):
        char = chr(byte)
        plain = char.isascii() and char.isalnum()
        pieces.append("_" if char == " " else char if plain else f"={byte:02X}")
    return "".join(pieces)


def _b(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogateescape")).decode()


_WORDS = st.one_of(
    st.sampled_from(("Need", "12", "months", "a=b", "=?", "?=", "x=?y", "(C2C)", "=E2")),
    st.builds(lambda t: f"=?utf-8?q?{_q(t)}?=", st.sampled_from(_TEXTS)),
    st.builds(lambda t: f"=?UTF-8?B?{_b(t)}?=", st.sampled_from(_TEXTS)),
    st.sampled_from(("=?utf-8?q?=ZZ?=", "=?utf-8?b?4oCT?=", "=?bogus?q?x?=", "=?utf-8?b?@@?=")),
    st.sampled_from(("=?iso-8859-1?q?caf=E9?=", "=?unknown-8bit?q?caf=E9?=", "=?utf-8*en?q?x?=")),
    st.just("=?utf-8?q?a?b?="),
)
_GAPS = st.sampled_from((" ", "  ", "\t", "\r\n ", "", " \r\n\t"))


def _expected(value: str) -> str:
    return headers.one_line(str(CACHING_POLICY.header_fetch_parse("Subject", value)))


def _assert_read_alike(value: str) -> bool:
    fast = headers._encoded_words(value)
    if fast is not None:
        assert headers.one_line(fast) == _expected(value), value
    return fast is not None


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(st.tuples(_WORDS, _GAPS), min_size=1, max_size=6))
def test_encoded_subjects_read_as_policy_default_reads_them(pieces: list[tuple[str, str]]) -> None:
    _assert_read_alike("".join(word + gap for word, gap in pieces).strip(" \t"))


def test_every_sample_subject_read_alike() -> None:
    for path in _EMLS:
        try:
            msg = BytesParser(policy=CACHING_POLICY).parsebytes(path.read_bytes())
        except Exception:  # noqa: BLE001 - a malformed sample: decode_email's business
            continue
        for key, value in msg.raw_items():
            if key.lower() == "subject":
                _assert_read_alike(value)


def test_the_generated_encoded_subjects_take_the_fast_reading() -> None:
    encoded = 0
    for index in range(300):
        _, raw = build_email(index, seed=1, tag="h")
        items = BytesParser(policy=CACHING_POLICY).parsebytes(raw).raw_items()
        subject = next(value for key, value in items if key == "Subject")
        if "=?" in subject:
            assert _assert_read_alike(subject), subject
            encoded += 1
    assert encoded > 10
