"""Listing a maildir parses only each file's header block: the same headers as parsing the
whole file, whatever the line endings, and wherever the block ends in the read chunks."""

from __future__ import annotations

import io
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from services.fetcher.providers import maildir
from services.fetcher.providers.maildir import header_block
from tests.properties import examples

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
PARSER = BytesHeaderParser(policy=compat32)

line_endings = st.sampled_from([b"\n", b"\r\n", b"\r"])
header_lines = st.lists(
    st.one_of(
        st.builds(
            lambda name, value, end: name + b": " + value + end,
            st.sampled_from([b"Subject", b"Message-ID", b"Date", b"From", b"X-Any"]),
            st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" ")),
            line_endings,
        ),
        st.builds(lambda value, end: b" " + value + end, st.binary(max_size=20), line_endings),
        st.binary(max_size=30),  # anything: a stray line, bare CRs, an early blank line
    ),
    max_size=12,
)


def headers_of(data: bytes) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in PARSER.parsebytes(data).items()]


@settings(max_examples=examples(500))
@given(header_lines, line_endings, st.binary(max_size=300), st.integers(1, 64))
def test_header_block_parses_as_the_whole_file(
    lines: list[bytes], blank: bytes, body: bytes, chunk: int
) -> None:
    data = b"".join(lines) + blank + body
    original = maildir._READ_CHUNK
    maildir._READ_CHUNK = chunk  # the end of the block anywhere in (or across) the chunks
    try:
        block = header_block(io.BytesIO(data).read)
    finally:
        maildir._READ_CHUNK = original
    assert data.startswith(block)
    assert headers_of(block) == headers_of(data)


def test_header_block_of_every_corpus_email_parses_as_the_whole_file() -> None:
    files = sorted(CORPUS.rglob("*.eml"))
    assert files
    for path in files:
        data = path.read_bytes()
        assert headers_of(header_block(io.BytesIO(data).read)) == headers_of(data), path


def test_header_block_stops_reading_at_the_blank_line() -> None:
    body = b"x" * 100_000
    fh = io.BytesIO(b"Subject: a\r\nMessage-ID: <m@x>\r\n\r\n" + body)
    assert header_block(fh.read) == b"Subject: a\r\nMessage-ID: <m@x>\r\n\r\n"
    assert fh.tell() <= maildir._READ_CHUNK  # the body is not read


@settings(max_examples=examples(500))
@given(st.text(st.characters(blacklist_categories=())))
def test_header_text_without_encoded_words_is_decoded_as_the_long_way_does(text: str) -> None:
    try:
        long_way = str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        long_way = text
    assert maildir._header(text) == long_way


ascii_text = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=30)
plain_lines = st.lists(
    st.one_of(
        st.builds(
            lambda name, value: f"{name}:{value}",
            st.sampled_from(
                ["Subject", "subject", "Message-ID", "DATE", "Date-Sent", "Subjects", "X-Any", "A!"]
            ),
            ascii_text,
        ),
        st.builds(lambda fold, value: fold + value, st.sampled_from([" ", "\t"]), ascii_text),
        ascii_text,  # a stray line, an envelope line, a bare CR, an early blank line
    ),
    max_size=12,
)


def first_values(block: bytes) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in PARSER.parsebytes(block).items():
        values.setdefault(name.lower(), str(value))
    return values


@settings(max_examples=examples(1000))
@given(plain_lines, st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_a_plain_block_reads_as_the_parser_reads_it(
    lines: list[str], end: str, mixed: bool
) -> None:
    """Whatever block: plain_fields gives the parser's first values, or leaves it to it."""
    ends = [("\r\n" if mixed and i % 2 else end) for i in range(len(lines))]
    text = "".join(line.replace("\n", " ") + e for line, e in zip(lines, ends, strict=True))
    block = header_block(io.BytesIO((text + end + "body\n").encode("ascii")).read)
    plain = maildir.plain_fields(block)
    if plain is not None:
        first = first_values(block)
        assert plain == (first.get("message-id"), first.get("date"), first.get("subject"))
    parsed = PARSER.parsebytes(block)
    long_way = tuple(parsed.get(n) for n in ("Message-ID", "Date", "Subject"))
    assert maildir._fields(block) == long_way


def test_usual_blocks_are_read_without_the_parser() -> None:
    block = (
        b"Message-ID: <a@b>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\n"
        b"Subject: Java Developer\r\n  (remote)\r\nX-Dup: 1\r\nsubject: second\r\n\r\n"
    )
    assert maildir.plain_fields(block) == (
        "<a@b>",
        "Mon, 1 Dec 2026 10:00:00 +0000",
        "Java Developer\r\n  (remote)",
    )
    assert maildir.plain_fields(b"X-Any: 1\n\n") == (None, None, None)
    assert maildir.plain_fields(b"From a@b Mon\nSubject: x\n\n") is None  # the parser's way
    assert maildir.plain_fields("Subject: é\n\n".encode()) is None
    assert maildir.plain_fields(b"Subject: a\rb\n\n") is None  # a bare CR


def test_every_corpus_email_lists_as_the_parser_reads_it() -> None:
    plain = 0
    for path in sorted(CORPUS.rglob("*.eml")):
        block = header_block(io.BytesIO(path.read_bytes()).read)
        parsed = PARSER.parsebytes(block)
        long_way = tuple(parsed.get(n) for n in ("Message-ID", "Date", "Subject"))
        assert maildir._fields(block) == long_way, path
        plain += maildir.plain_fields(block) is not None
    assert plain  # the fast way is taken
