"""The signature reader's shortcuts give the long way's answers: the quoted-mail search skipped
when no line can start quoted mail, the last sign-off looked for from the end, the name match
with a score cutoff, the company line's cheap tests first and its pattern factored."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from services.domain import vendor_companies as vc
from services.parser.decoding import decode_email
from tests.properties import examples

_CORPUS = Path(__file__).parents[2] / "corpus"
# what the patterns look for, in both cases, and characters that fold onto their letters
# (long s, Kelvin sign, dotless i)
_PIECES = [
    "On Mon, Ravi wrote:", "ON X WROTE:", "wrote:", "-- Original Message --", "-----original "
    "message-----", "From: a", "from:\tb", "Sent: x", "SENT: y", "> quoted", ">", "Thanks,",
    "Regards", "Best regards,", "--", "Thank you!", "cheers", "Priya Raman", "priya", "Raman P",
    "Infinity Systems LLC", "Acme Tech, Inc.", "nexgen | www.x.example", "Company: Bluewave",
    "Ph: 732-555-0199", "L.L.C.", "llc.,", "IT ", "Co..", "Inc,.", "\u0130nc", "\u0131t",
    "\u017fent: x", "\u212a", "\u0131", "\u2028", "\r\n", "\n", "\n\n", " ",
    "\t", "\x0c", "\x1c",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.text(max_size=5), max_size=40).map("".join)


def _signature_long(body: str) -> list[str]:
    """The old reading: every line matched for quoted mail, every sign-off listed."""
    lines: list[str] = []
    for line in body.splitlines():
        if vc._QUOTE_START.match(line):
            break
        lines.append(line.strip())
    text = [line for line in lines if line]
    sign_offs = [index for index, line in enumerate(text) if vc._SIGN_OFF.match(line)]
    first = sign_offs[-1] + 1 if sign_offs else max(0, len(text) - vc._SIGNATURE_LINES)
    return text[first : first + vc._SIGNATURE_LINES]


def _name_line_long(lines: list[str], sender_name: str | None) -> int:
    if not sender_name:
        return 0
    scores = [fuzz.token_set_ratio(line.lower(), sender_name.lower()) for line in lines]
    return next((index + 1 for index, score in enumerate(scores) if score >= 90), 0)


_COMPANY_LINE_LONG = re.compile(
    rf"\b(?:{vc._COMPANY_WORDS})\b\.?,?\s*$|\b(?:{vc._COMPANY_WORDS})\b\.?,", re.IGNORECASE
)


def _is_company_line_long(line: str) -> bool:
    candidate = line.strip(" |,;")
    return (
        0 < len(candidate) <= vc._MAX_LINE
        and bool(_COMPANY_LINE_LONG.search(candidate))
        and not vc._NOT_A_NAME.search(candidate)
        and candidate[0].isupper()
    )


def _assert_alike(body: str, sender_name: str | None) -> None:
    lines = vc._signature(body)
    assert lines == _signature_long(body)
    every_line = [line.strip() for line in body.splitlines()]
    assert vc._name_line(every_line, sender_name) == _name_line_long(every_line, sender_name)
    for line in every_line:
        assert vc._is_company_line(line) == _is_company_line_long(line), line


@settings(max_examples=examples(500), deadline=None)
@given(_TEXTS, st.sampled_from([None, "", "Priya Raman", "priya", "\u212aumar"]) | st.text())
def test_signature_reading_is_the_long_ways(body: str, sender_name: str | None) -> None:
    _assert_alike(body, sender_name)


# company words, their endings and separators, letters that fold onto theirs
_LINE_PIECES = st.sampled_from(
    [*vc._COMPANY_WORDS.replace("\\", "").split("|"), "Inc", "LLC", "L.L.C", "Inc.,", "co,",
     " ", ".", ",", "-", "_", "x", "9", "\t", "\n", "\u017f", "\u212a", "\u0131", "\u0130",
     "\u00e9"]
)  # fmt: skip


@settings(max_examples=examples(1000), deadline=None)
@example("Acme Inc., Dallas TX")
@example("Acme Co, Dallas")
@example("\u0130NC")
@given(st.lists(_LINE_PIECES | st.text(max_size=3), max_size=12).map("".join))
def test_the_company_line_pattern_is_the_long_ways(line: str) -> None:
    assert bool(vc._COMPANY_LINE.search(line)) == bool(_COMPANY_LINE_LONG.search(line))


@cache
def _corpus_mail() -> tuple[tuple[str, str], ...]:
    mail = []
    for path in sorted(_CORPUS.rglob("*.eml")):
        decoded = decode_email(path.read_bytes())
        mail.append((decoded.sender, decoded.text))
    return tuple(mail)


def test_every_corpus_signature_is_read_as_the_long_way_reads_it() -> None:
    mail = _corpus_mail()
    assert len(mail) > 500
    quoted = 0
    for sender, text in mail:
        _assert_alike(text, vc._display_name(sender))
        quoted += vc._may_quote(text)
    assert 0 < quoted < len(mail)  # both ways through _signature are taken
