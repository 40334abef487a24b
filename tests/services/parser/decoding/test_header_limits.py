"""Long headers are cut before the stdlib parser sees them (it is superlinear on them)."""

from __future__ import annotations

from services.parser.decoding.headerlimit import (
    MAX_HEADER_BLOCK_BYTES,
    MAX_HEADER_BYTES,
    MAX_PART_HEADER_FIELDS,
    cap_headers,
    cap_part_headers,
)
from services.parser.decoding.mime import decode_email

ENCODED_WORDS = b"=?utf-8?q?a?= " * 80_000  # ~1.1 MB, the shape that cost ~40 s of CPU


def _email(subject: bytes, extra: bytes = b"") -> bytes:
    return (
        b"From: a@example.com\r\nSubject: "
        + subject
        + b"\r\n"
        + extra
        + b"Message-ID: <m1@example.com>\r\n\r\nHello, the body.\r\n"
    )


def test_a_huge_subject_is_cut_and_reported_and_the_rest_is_kept() -> None:
    decoded = decode_email(_email(ENCODED_WORDS))

    assert "header-truncated:Subject" in decoded.defects
    assert len(decoded.subject) < MAX_HEADER_BYTES
    assert decoded.message_id == "<m1@example.com>"
    assert decoded.sender == "a@example.com"
    assert decoded.text == "Hello, the body."


def test_a_long_folded_header_is_one_field_cut_at_the_limit() -> None:
    folded = b"\r\n ".join([b"<id%d@example.com>" % i for i in range(40_000)])
    raw, defects = cap_headers(_email(b"hi", b"References: " + folded + b"\r\n"))

    assert defects == ["header-truncated:References"]
    headers, body = raw.split(b"\r\n\r\n", 1)
    assert body == b"Hello, the body.\r\n"
    assert len(headers) < MAX_HEADER_BYTES + 200
    assert headers.endswith(b"Message-ID: <m1@example.com>")


def test_the_header_block_is_cut_at_its_limit() -> None:
    many = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"v" * 1000) for i in range(300))
    raw, defects = cap_headers(_email(b"hi", many))

    assert defects == ["header-block-truncated"]
    assert len(raw.split(b"\r\n\r\n", 1)[0]) <= MAX_HEADER_BLOCK_BYTES


def test_ordinary_headers_are_left_byte_for_byte() -> None:
    raw = _email(b"Quote for 200 units", b"References: <a@b>\r\n\t<c@d>\r\n")

    assert cap_headers(raw) == (raw, [])
    lf_only = raw.replace(b"\r\n", b"\n") + b"x" * MAX_HEADER_BYTES  # a big body is no header
    assert cap_headers(lf_only) == (lf_only, [])


def _multipart(part_headers: bytes) -> bytes:
    """A message whose attachment part carries ``part_headers``; its text part comes first."""
    return (
        b"From: a@example.com\r\nSubject: hi\r\nMessage-ID: <m2@example.com>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain\r\n\r\nHello, the body.\r\n"
        b"--b1\r\nContent-Type: text/plain\r\n" + part_headers + b"\r\nattached\r\n--b1--\r\n"
    )


def test_a_nested_part_with_a_megabyte_header_line_is_cut_and_reported() -> None:
    decoded = decode_email(_multipart(b"X-Junk: " + ENCODED_WORDS + b"\r\n"))

    assert "part-header-truncated:X-Junk" in decoded.defects
    assert decoded.subject == "hi"
    assert decoded.text.startswith("Hello, the body.")
    assert "decode-failed" not in decoded.defects


def test_a_nested_part_with_a_hundred_thousand_header_lines_is_cut_and_reported() -> None:
    decoded = decode_email(_multipart(b"X-Line: x\r\n" * 100_000))

    assert decoded.defects.count("part-header-block-truncated") == 1
    assert decoded.text.startswith("Hello, the body.")
    assert "decode-failed" not in decoded.defects


def test_an_enclosed_messages_headers_are_cut_too() -> None:
    enclosed = b"Content-Type: message/rfc822\r\n\r\n" + b"Received: x\r\n" * 100_000
    capped, defects = cap_part_headers(_multipart(enclosed))

    assert defects == ["part-header-block-truncated"]
    assert capped.count(b"Received: x") == MAX_PART_HEADER_FIELDS
    assert capped.endswith(b"Received: x\r\n\r\nattached\r\n--b1--\r\n")
    assert "part-header-block-truncated" in decode_email(_multipart(enclosed)).defects
