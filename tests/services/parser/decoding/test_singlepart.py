"""singlepart.read_single_part reads a message exactly as the stdlib parser does, or leaves it
to the stdlib: random header blocks (odd names, continuations, CRLF/LF/CR, Unix From lines,
8-bit bytes, content types of every kind), every sample mail and the generated mix."""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.ops.mailbox_gen import build_email
from services.parser.decoding.headercache import CACHING_POLICY
from services.parser.decoding.singlepart import read_single_part
from tests.properties import examples

_EMLS = sorted(Path(__file__).parents[3].rglob("*.eml"))
_NAMES = ("Subject", "From", "X-Odd_Name!", "Content-Type", "Content-Transfer-Encoding", "Date")
_VALUES = (
    "", " ", "Java Developer", "  spaced  ", "a:b", "=?utf-8?q?caf=C3=A9?=", "caf\u00e9",
    "text/plain", "text/html; charset=utf-8", "multipart/mixed; boundary=b", "message/rfc822",
    "message/delivery-status", 'text/plain; charset="', "TEXT/Plain", "base64", "\t tab",
)  # fmt: skip
_ENDS = ("\n", "\n", "\r\n", "\r")
_ODD_LINES = ("From someone Mon Jan 1\n", ": no name\n", "no colon\n", " continued first\n", "\n")
_BODIES = ("", "Hi,\nJava role.\n", "\r\nblank first\r\n", "From here on\n", "x\ry\n")


@st.composite
def _raw(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 7)) == 0:
            lines.append(draw(st.sampled_from(_ODD_LINES)))
            continue
        name, value = draw(st.sampled_from(_NAMES)), draw(st.sampled_from(_VALUES))
        line = f"{name}:{draw(st.sampled_from(('', ' ', '  ', chr(9))))}{value}"
        line += draw(st.sampled_from(_ENDS))
        if draw(st.integers(0, 4)) == 0:
            line += draw(st.sampled_from((" more", "\tmore", " "))) + draw(st.sampled_from(_ENDS))
        lines.append(line)
    separator = draw(st.sampled_from(("\n", "\r\n", "", "\r")))
    text = "".join(lines) + separator + draw(st.sampled_from(_BODIES))
    return text.encode("utf-8")


def _state(msg: Message) -> dict[str, Any]:
    state = dict(vars(msg))
    state["defects"] = [type(d).__name__ for d in msg.defects]
    return state


def _assert_read_alike(raw: bytes) -> bool:
    """True when the fast reading applied (and agreed)."""
    fast = read_single_part(raw)
    if fast is not None:
        stdlib = BytesParser(policy=CACHING_POLICY).parsebytes(raw)
        assert _state(fast) == _state(stdlib), raw
    return fast is not None


@settings(max_examples=examples(3000), deadline=None)
@given(_raw())
def test_single_parts_read_as_the_stdlib_reads_them(raw: bytes) -> None:
    _assert_read_alike(raw)


def test_every_sample_mail_read_as_the_stdlib_reads_it() -> None:
    fast = sum(_assert_read_alike(path.read_bytes()) for path in _EMLS)
    assert fast > 100


def test_the_generated_mix_takes_the_fast_reading() -> None:
    for index in range(200):
        _, raw = build_email(index, seed=1, tag="h")
        assert _assert_read_alike(raw), raw[:300]
