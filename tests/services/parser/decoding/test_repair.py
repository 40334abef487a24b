"""MIME structure real mail gets wrong (shapes seen in the peer projects' fixtures,
tests/corpus/peer_mime): each case reads the requirement a reader sees, through decode_email."""

from __future__ import annotations

import base64
import quopri

from services.parser.decoding import decode_email
from services.parser.decoding.repair import looks_binary

HEAD = (
    "From: Priya Sharma <priya@bluepeak.test>\n"
    "To: recruiter@demo.example.test\n"
    "Subject: Java Developer - Austin, TX\n"
    "Message-ID: <r1@bluepeak.test>\n"
    "Date: Mon, 09 Nov 2026 09:14:22 -0600\n"
    "MIME-Version: 1.0\n"
)
REQUIREMENT = "Role: Java Developer\nLocation: Austin, TX\nRate: $60/hr C2C\n"


def eml(content_type: str, body: str) -> bytes:
    return f"{HEAD}Content-Type: {content_type}\n\n{body}".encode()


def assert_reads_the_requirement(raw: bytes, *, defect: str) -> None:
    decoded = decode_email(raw)
    assert decoded.text == REQUIREMENT.strip()
    assert defect in decoded.defects


def test_unquoted_boundary_holding_an_equals_sign_reads_the_whole_body() -> None:
    # Outlook/JavaMail write boundary=----=_Part_…; policy.default reads the boundary as "----"
    boundary = "----=_Part_13069834_15179892.1376435426074"
    raw = eml(
        f"multipart/alternative;\n  boundary={boundary}",
        f"\n--{boundary}\nContent-Type: text/plain\n\n{REQUIREMENT}"
        f"--{boundary}\nContent-Type: text/html\n\n<p>Role: Java Developer</p>\n"
        f"--{boundary}--\n",
    )
    assert_reads_the_requirement(raw, defect="multipart-reread")


def test_body_whose_declared_boundary_never_appears_is_read_from_its_own_delimiters() -> None:
    # SpamScope's mail_malformed_3: declared "--=_Hs…", parts opened with "----=_Gl…", and the
    # declared closing line never comes
    raw = eml(
        'multipart/alternative;\n\tboundary="--=_HsWzsKVZkho"',
        f"----=_GlSzQZUbRbpVOpy\nContent-Type: text/plain\n\n{REQUIREMENT}\n----=_1wyyTH1wPm--\n",
    )
    decoded = decode_email(raw)
    # the stray closing line of a third boundary stays as text: noise, not a lost body
    assert decoded.text.startswith(REQUIREMENT.strip())
    assert "multipart-reread" in decoded.defects


def test_delimiter_lines_with_words_after_them_or_beyond_rfc_bchars() -> None:
    # mime4j's ending-boundaries.msg and flanker's mailformed-headers.eml
    trailing = eml(
        'multipart/mixed; boundary="b"',
        f"--b This should be ignored\nContent-Type: text/plain\n\n{REQUIREMENT}"
        "--b-- and this too\n",
    )
    assert_reads_the_requirement(trailing, defect="multipart-reread")
    starred = eml(
        'multipart/mixed; boundary="--fa__f"',
        f"----fa**f__f\nContent-Type: text/plain\n\n{REQUIREMENT}----fa**f__f--\n",
    )
    assert_reads_the_requirement(starred, defect="multipart-reread")


def test_multipart_without_closing_delimiter_keeps_every_part() -> None:
    raw = eml(
        'multipart/mixed; boundary="XYZ"',
        f"--XYZ\nContent-Type: text/plain\n\nSee below.\n--XYZ\nContent-Type: text/plain\n\n"
        f"{REQUIREMENT}",
    )
    decoded = decode_email(raw)
    assert decoded.text == f"See below.\n\n{REQUIREMENT.strip()}"
    assert "CloseBoundaryNotFoundDefect" in decoded.defects


def test_multipart_with_no_delimiter_at_all_is_read_as_plain_text() -> None:
    raw = eml('multipart/mixed; boundary="declared"', REQUIREMENT)
    assert_reads_the_requirement(raw, defect="multipart-unsplit")


def test_re_reads_are_bounded() -> None:
    # every level is a broken multipart holding the next one: at most _MAX_REREADS re-reads
    body = REQUIREMENT
    for level in range(12):
        body = (
            f"--b{level}\nContent-Type: multipart/mixed; boundary=wrong{level}\n\n{body}\n"
            f"--b{level}--\n"
        )
    epilogue = "epilogue filler\n" * 2000  # the email is large: the byte budget is not the limit
    decoded = decode_email(eml("multipart/mixed; boundary=wrong", body + epilogue))
    assert decoded.defects.count("multipart-reread") == 8
    assert "multipart-reread-limit" in decoded.defects
    assert "Role: Java Developer" in decoded.text


def test_re_reads_parse_at_most_twice_the_email() -> None:
    # few levels, each holding nearly the whole email: the byte budget stops them first
    body = REQUIREMENT + "filler line\n" * 4000
    for level in range(4):
        body = f"--b{level}\nContent-Type: multipart/mixed; boundary=wrong{level}\n\n{body}"
    decoded = decode_email(eml("multipart/mixed; boundary=wrong", body))
    assert decoded.defects.count("multipart-reread") == 2
    assert "multipart-reread-limit" in decoded.defects


INNER = (
    "From: Anil Varma <anil@primetalent.test>\nSubject: Golang Developer - Dallas, TX\n"
    "Content-Type: text/plain; charset=utf-8\n\nRole: Golang Developer\nLocation: Dallas, TX\n"
)


def attached(encoding: str, encoded: str) -> bytes:
    return eml(
        'multipart/mixed; boundary="B"',
        f"--B\nContent-Type: text/plain\n\nPlease see the attached requirement.\n--B\n"
        f"Content-Type: message/rfc822\nContent-Transfer-Encoding: {encoding}\n\n{encoded}\n"
        "--B--\n",
    )


def test_base64_attached_message_is_decoded() -> None:
    raw = attached("base64", base64.encodebytes(INNER.encode()).decode())
    text = decode_email(raw).text
    assert "Subject: Golang Developer - Dallas, TX" in text
    assert "Role: Golang Developer\nLocation: Dallas, TX" in text


def test_encoded_attached_message_the_default_policy_cannot_parse() -> None:
    # cpython#151857: "name*" without a value makes policy.default raise while parsing
    inner = INNER.replace("charset=utf-8", "name*")
    decoded = decode_email(attached("base64", base64.encodebytes(inner.encode()).decode()))
    assert "Role: Golang Developer\nLocation: Dallas, TX" in decoded.text
    assert "rfc822-encoded" in decoded.defects
    assert any(d.startswith("parse-fallback-compat32") for d in decoded.defects)


def test_quoted_printable_attached_message_whose_first_line_is_encoded() -> None:
    inner = "X-Note: caf\u00e9 " + "x" * 80 + "\n" + INNER  # a long first line: soft-broken
    encoded = quopri.encodestring(inner.encode()).decode()
    assert encoded.splitlines()[0].endswith("=")
    text = decode_email(attached("quoted-printable", encoded)).text
    assert "Role: Golang Developer\nLocation: Dallas, TX" in text


def test_binary_labelled_text_html_is_not_pasted_into_the_text() -> None:
    junk = base64.encodebytes(bytes(range(256)) * 8).decode()
    raw = eml(
        'multipart/mixed; boundary="B"',
        f"--B\nContent-Type: text/plain\n\n{REQUIREMENT}--B\nContent-Type: text/html\n"
        f"Content-Transfer-Encoding: base64\n\n{junk}--B--\n",
    )
    assert_reads_the_requirement(raw, defect="binary-text-part")


def test_binary_text_attachment_is_not_read() -> None:
    junk = base64.encodebytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00" * 50).decode()
    raw = eml(
        'multipart/mixed; boundary="B"',
        f"--B\nContent-Type: text/plain\n\n{REQUIREMENT}--B\nContent-Type: text/html\n"
        'Content-Disposition: attachment; filename="jd.html"\n'
        f"Content-Transfer-Encoding: base64\n\n{junk}--B--\n",
    )
    decoded = decode_email(raw)
    assert decoded.attachment_texts == []
    assert "attachment-binary:jd.html" in decoded.defects


def test_text_in_any_charset_is_not_binary() -> None:
    assert not looks_binary("Développeur Java à Montréal\r\n\tRate: $60/hr".encode(), "utf-8")
    assert not looks_binary("日本語の求人".encode("iso-2022-jp"), "iso-2022-jp")  # ESC shifts
    assert not looks_binary("Java Developer".encode("utf-16"), "utf-16")
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None)
