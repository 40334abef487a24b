"""decode_email: malformed input never raises; charsets, transfer encodings, HTML and quotes."""

from __future__ import annotations

import base64
import quopri
from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.parser.decoding import decode_email

HEAD = (
    "From: Priya Sharma <priya@bluepeak.test>\n"
    "To: recruiter@demo.example.test\n"
    "Subject: Data Engineer - Remote\n"
    "Message-ID: <m1@bluepeak.test>\n"
    "Date: Mon, 09 Nov 2026 09:14:22 -0600\n"
    "MIME-Version: 1.0\n"
)


def eml(body_headers: str, body: str | bytes, head: str = HEAD) -> bytes:
    start = (head + body_headers + "\n").encode("ascii")
    return start + (body if isinstance(body, bytes) else body.encode("utf-8"))


def test_headers_decoded_and_normalised() -> None:
    raw = eml(
        "Content-Type: text/plain; charset=utf-8\n",
        "Role: Data Engineer\n",
        head=HEAD.replace(
            "Subject: Data Engineer - Remote",
            "Subject: =?UTF-8?Q?Sr=2E_Python_Developer_=E2=80=93?=\n =?UTF-8?Q?_Austin=2C_TX?=",
        ),
    )
    decoded = decode_email(raw)
    assert decoded.subject == "Sr. Python Developer – Austin, TX"
    assert decoded.sender == "Priya Sharma <priya@bluepeak.test>"
    assert decoded.message_id == "<m1@bluepeak.test>"
    assert decoded.date == datetime(2026, 11, 9, 9, 14, 22, tzinfo=timezone(timedelta(hours=-6)))
    assert decoded.text == "Role: Data Engineer"
    assert decoded.defects == []


def test_unknown_zone_date_is_utc_and_garbage_date_is_none() -> None:
    utc = decode_email(eml("", "x", head=HEAD.replace("-0600", "-0000")))
    assert utc.date is not None and utc.date.tzinfo == UTC
    bad = decode_email(eml("", "x", head=HEAD.replace("Mon, 09 Nov 2026 09:14:22 -0600", "soon")))
    assert bad.date is None
    assert "date-unparseable" in bad.defects


def test_malformed_content_type_falls_back_to_compat32() -> None:
    # cpython#151857: "name*" without a value makes policy.default raise IndexError
    decoded = decode_email(eml("Content-Type: text/plain; name*\n", "Role: Java Developer\n"))
    assert decoded.text == "Role: Java Developer"
    assert any(d.startswith("parse-fallback-compat32") for d in decoded.defects)
    assert decoded.subject == "Data Engineer - Remote"


@pytest.mark.parametrize(
    ("name", "value"),
    [("Message-ID", "<[0a1b2c@microsoft.com]>"), ("To", '"'), ("From", '"unterminated <x@')],
)
def test_unreadable_headers_do_not_raise(name: str, value: str) -> None:
    lines = [line for line in HEAD.splitlines() if not line.startswith(name + ":")]
    head = "\n".join([*lines, f"{name}: {value}"]) + "\n"
    decoded = decode_email(eml("Content-Type: text/plain\n", "body text\n", head=head))
    assert decoded.text == "body text"


def test_unknown_charset_is_guessed() -> None:
    body = "Société Générale cherche un développeur Java à Montréal, salaire négociable."
    decoded = decode_email(
        eml("Content-Type: text/plain; charset=x-unknown\n", body.encode("cp1252"))
    )
    assert "charset-unknown:x-unknown" in decoded.defects
    assert "Java" in decoded.text
    assert "\ufffd" not in decoded.text


STRAY_BYTE_BODY = (
    "Role: Sr. Java Developer – Austin, TX\nRate: $60/hr – $65/hr C2C\n"
    "Client’s preference: GC/USC only\n"
)


def with_stray_byte(text: str) -> bytes:
    data = text.encode()
    cut = data.index(b"Austin")
    return data[:cut] + b"\xa0" + data[cut:]  # a lone continuation byte: invalid UTF-8


@pytest.mark.parametrize("label", ["; charset=utf-8", "", "; charset=us-ascii"])
def test_one_bad_byte_keeps_the_part_utf8(label: str) -> None:
    # the old guess read such a part as mac_latin2 or gb18030: mojibake on every accent
    raw = eml(
        f"Content-Type: text/plain{label}\nContent-Transfer-Encoding: 8bit\n",
        with_stray_byte(STRAY_BYTE_BODY),
    )
    decoded = decode_email(raw)
    assert decoded.text == STRAY_BYTE_BODY.replace("Austin", "\ufffdAustin").strip()
    assert "charset-replaced:utf-8" in decoded.defects


def test_a_part_in_another_charset_under_a_utf8_label_is_still_guessed() -> None:
    body = "Société Générale cherche un développeur Java à Montréal, salaire négociable."
    raw = eml("Content-Type: text/plain; charset=utf-8\n", body.encode("cp1252"))
    decoded = decode_email(raw)
    assert "charset-mismatch:utf-8" in decoded.defects
    assert "\ufffd" not in decoded.text


def test_latin1_body_decodes() -> None:
    raw = eml(
        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n",
        "Client: Société Générale\n".encode("iso-8859-1"),
    )
    assert decode_email(raw).text == "Client: Société Générale"


def test_raw_utf8_under_ascii_label_decodes_as_utf8() -> None:
    raw = eml("Content-Type: text/plain; charset=us-ascii\n", "Rate – $60/hr\n".encode())
    assert decode_email(raw).text == "Rate – $60/hr"


def test_quoted_printable_soft_breaks_and_utf8() -> None:
    body = "Location: Austin, TX – Hybrid (2 days/week in office) " + "and more words " * 8
    encoded = quopri.encodestring(body.encode("utf-8")).decode("ascii")
    assert "=\n" in encoded  # the body really has soft line breaks
    raw = eml(
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
        encoded,
    )
    assert decode_email(raw).text == body.strip()


def test_base64_html_only_keeps_table_rows_on_one_line() -> None:
    html = (
        "<html><body><p>Hi,</p><table>"
        "<tr><td><b>Role</b></td><td>Sr Java Developer</td></tr>"
        "<tr><td><b>Location</b></td><td>Dallas, TX</td></tr>"
        "</table></body></html>"
    )
    raw = eml(
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n",
        base64.encodebytes(html.encode()).decode(),
    )
    decoded = decode_email(raw)
    assert decoded.html_used
    lines = [line.split() for line in decoded.text.splitlines()]
    assert ["Role", "Sr", "Java", "Developer"] in lines
    assert ["Location", "Dallas,", "TX"] in lines


def _alternative(plain: str, html: str) -> bytes:
    return eml(
        'Content-Type: multipart/alternative; boundary="b"\n',
        f"--b\nContent-Type: text/plain; charset=utf-8\n\n{plain}\n"
        f"--b\nContent-Type: text/html; charset=utf-8\n\n{html}\n--b--\n",
    )


def test_html_preferred_when_plain_part_is_much_poorer() -> None:
    html = "<p>Role: Data Engineer</p><p>Location: Remote</p><p>Rate: $65/hr C2C, long term</p>"
    decoded = decode_email(_alternative("Please view this email in HTML.", html))
    assert decoded.html_used
    assert "Rate: $65/hr C2C" in decoded.text


def test_plain_preferred_when_comparable() -> None:
    plain = "Role: Data Engineer\nLocation: Remote"
    decoded = decode_email(_alternative(plain, "<p>Role: Data Engineer</p><p>Location: Remote</p>"))
    assert not decoded.html_used
    assert decoded.text == plain


def test_html_preferred_when_plain_part_is_its_tag_stripped_style_sheet() -> None:
    # a bulk mailer's text/plain made by stripping the HTML's tags: <title> and <style> remain
    style = (
        "table.vb-row, table.vb-content{ border-collapse: separate; }\n"
        ".mobile-full{\n    float: none !important;\n    width: 100% !important;\n}\n"
        "/* outlook */ #outlook a{ padding: 0; }\n"
        "@media screen and (max-width: 600px) {\n    .mobile-hide{ display: none !important; }\n}\n"
    )
    html = (
        f"<html><head><title>TITLE</title><style>{style}</style></head><body>"
        "<p>Java Developer, Dallas TX, 12 months C2C.</p><p>Send resumes to the desk.</p>"
        "</body></html>"
    )
    decoded = decode_email(_alternative(f"TITLE\n{style}", html))
    assert decoded.html_used
    assert decoded.text == "Java Developer, Dallas TX, 12 months C2C.\n\nSend resumes to the desk."


def test_body_split_around_an_inline_image_is_joined() -> None:
    # Apple Mail: multipart/mixed [text, inline image, text]; get_body() alone finds the first
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain\n\nRole: Data Engineer\n"
        "--m\nContent-Type: image/png\nContent-Disposition: inline\n"
        "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
        "--m\nContent-Type: text/plain\n\nLocation: Remote\n--m--\n",
    )
    decoded = decode_email(raw)
    assert "Role: Data Engineer" in decoded.text and "Location: Remote" in decoded.text
    assert [a.content_type for a in decoded.attachments] == ["image/png"]


def test_hidden_html_is_dropped() -> None:
    html = (
        "<html><body><p>Visible requirement</p>"
        '<div style="display:none">HIDDEN-DISPLAY</div>'
        '<span style="visibility: hidden">HIDDEN-VISIBILITY</span>'
        '<span style="font-size:0px">HIDDEN-FONT</span>'
        "<!-- HIDDEN-COMMENT -->"
        "<p hidden>HIDDEN-ATTRIBUTE</p>"
        '<div style="mso-hide:all">HIDDEN-MSO</div>'
        "<script>var HIDDEN_SCRIPT = 1;</script>"
        "<p>tail text</p></body></html>"
    )
    decoded = decode_email(eml("Content-Type: text/html; charset=utf-8\n", html))
    assert "Visible requirement" in decoded.text
    assert "tail text" in decoded.text
    assert "HIDDEN" not in decoded.text


def test_text_attachment_is_the_body_when_nothing_is_inline() -> None:
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain; charset=utf-8\n"
        'Content-Disposition: attachment; filename="jd.txt"\n\n'
        "Role: Business Analyst\n--m--\n",
    )
    decoded = decode_email(raw)
    assert decoded.text == "Role: Business Analyst"
    assert "body-from-attachment" in decoded.defects
    assert [(a.filename, a.content_type) for a in decoded.attachments] == [("jd.txt", "text/plain")]


def test_binary_attachments_are_listed_with_size() -> None:
    payload = b"%PDF-1.4 fake" * 10
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain\n\nResume attached.\n"
        '--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="cv.pdf"\n'
        f"Content-Transfer-Encoding: base64\n\n{base64.encodebytes(payload).decode()}--m--\n",
    )
    decoded = decode_email(raw)
    assert decoded.text == "Resume attached."
    assert [tuple(a) for a in decoded.attachments] == [("cv.pdf", "application/pdf", len(payload))]


def test_attached_message_rfc822_body_is_included() -> None:
    inner = (
        "From: reqs@prime.example.net\nSubject: Req 55120 | Python Developer\n"
        "Content-Type: text/plain\n\nJob Title: Python Developer\nLocation: Remote\n"
    )
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain\n\nSee the attached requirement.\n"
        f"--m\nContent-Type: message/rfc822\n\n{inner}--m--\n",
    )
    text = decode_email(raw).text
    assert text.startswith("See the attached requirement.")
    assert "Subject: Req 55120 | Python Developer" in text
    assert "Job Title: Python Developer\nLocation: Remote" in text


def test_reply_history_is_stripped() -> None:
    body = (
        "Role: Senior Data Engineer\nLocation: Chicago, IL\n- 5+ years Snowflake\n\n"
        "Thanks,\nLisa\n\n"
        "On Mon, Nov 9, 2026 at 4:15 PM Mark Chen <mark@demo.example.test> wrote:\n"
        "> Role: Data Engineer\n> Location: Remote\n"
    )
    text = decode_email(eml("Content-Type: text/plain\n", body)).text
    assert "Chicago, IL" in text
    assert "- 5+ years Snowflake" in text  # a hyphen list is not a signature
    assert "Remote" not in text and "wrote:" not in text


def test_outlook_reply_block_is_stripped() -> None:
    body = (
        "Any update on this one?\n\n"
        "From: Anil Varma <anil@primetalent.test>\nSent: Monday, November 9, 2026 9:00 AM\n"
        "To: recruiter@demo.example.test\nSubject: DevOps Engineer - Remote\n\n"
        "Role: DevOps Engineer\n"
    )
    assert decode_email(eml("Content-Type: text/plain\n", body)).text == "Any update on this one?"


def test_gmail_forward_keeps_the_forwarded_requirement() -> None:
    body = (
        "FYI, please check.\n\nThanks,\nKevin\n\n"
        "---------- Forwarded message ---------\nFrom: Anil <anil@prime.example.net>\n"
        "Date: Mon, Nov 9, 2026 at 9:02 AM\nSubject: DevOps Engineer - Remote\n"
        "To: <kevin@demo.example.test>\n\nRole: DevOps Engineer\nLocation: Remote\n\n"
        "On Sun, Nov 8, 2026 at 5:00 PM Client <c@client.example.com> wrote:\n> older thread\n"
    )
    text = decode_email(eml("Content-Type: text/plain\n", body)).text
    assert "FYI, please check." in text
    assert "Role: DevOps Engineer\nLocation: Remote" in text
    assert "older thread" not in text  # the forwarded message's own history still goes


def test_outlook_forward_keeps_the_forwarded_requirement() -> None:
    body = (
        "Please review.\n\n________________________________\n"
        "From: Anil Varma <anil@primetalent.test>\nSent: Monday, November 9, 2026 9:00 AM\n"
        "To: recruiter@demo.example.test\nSubject: DevOps Engineer - Remote\n\n"
        "Role: DevOps Engineer\nLocation: Remote\n"
    )
    head = HEAD.replace("Subject: Data Engineer - Remote", "Subject: FW: DevOps Engineer - Remote")
    text = decode_email(eml("Content-Type: text/plain\n", body, head=head)).text
    assert "Role: DevOps Engineer\nLocation: Remote" in text


def test_bulk_headers_are_flagged() -> None:
    head = HEAD + "List-Unsubscribe: <mailto:unsubscribe@news.example.org>\n"
    assert decode_email(eml("Content-Type: text/plain\n", "x", head=head)).is_bulk
    assert not decode_email(eml("Content-Type: text/plain\n", "x")).is_bulk


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage \x80\x81",
        b"Subject: x\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain",
        b"Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64",
        b"Subject: x\nContent-Type: text/html\n\n<html><body><p>unclosed <b><table><tr><td>cell",
        b"Subject: x\nContent-Type: message/rfc822\n\nnot really a message",
        HEAD.encode() + b"Content-Type: multipart/alternative\n\nno boundary at all",
    ],
)
def test_malformed_input_never_raises(raw: bytes) -> None:
    decoded = decode_email(raw)
    assert isinstance(decoded.text, str)
    assert isinstance(decoded.defects, list)


def test_deeply_nested_attached_messages_are_bounded() -> None:
    message = "Subject: level 0\nContent-Type: text/plain\n\nbottom\n"
    for level in range(1, 8):
        message = f"Subject: level {level}\nContent-Type: message/rfc822\n\n{message}"
    decoded = decode_email(message.encode())
    assert "rfc822-too-deep" in decoded.defects


def test_text_attachment_body_is_not_read_twice() -> None:
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain; charset=utf-8\n"
        'Content-Disposition: attachment; filename="jd.txt"\n\n'
        "Role: Business Analyst\n--m--\n",
    )
    assert decode_email(raw).attachment_texts == []  # it is the body already


def test_text_attachment_beside_a_body_is_attachment_text() -> None:
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain\n\nSee the attached JD.\n"
        "--m\nContent-Type: text/plain; charset=iso-8859-1\n"
        'Content-Disposition: attachment; filename="jd.txt"\n\n'
        "Rate: $70/hr\r\nLocation: Montr\xe9al\n--m--\n".encode("latin-1").decode("latin-1"),
    )
    decoded = decode_email(raw)
    assert decoded.text == "See the attached JD."
    [attached] = decoded.attachment_texts
    assert (attached.filename, attached.source) == ("jd.txt", "attachment:jd.txt")
    assert attached.text == "Rate: $70/hr\nLocation: Montréal"


def test_unnamed_attachment_gets_a_generated_name() -> None:
    raw = eml(
        'Content-Type: multipart/mixed; boundary="m"\n',
        "--m\nContent-Type: text/plain\n\nBody\n"
        "--m\nContent-Type: text/csv\nContent-Disposition: attachment\n\n"
        "Job Title,Location\nJava Developer,Remote\n--m--\n",
    )
    [attached] = decode_email(raw).attachment_texts
    assert attached.filename == "attachment-1.csv"  # numbered among readable attachments
    assert attached.text == "Job Title | Location\nJava Developer | Remote"


def test_control_characters_never_reach_header_text() -> None:
    raw = eml(
        "", "x", head=HEAD.replace("Data Engineer - Remote", "Data\x00 Engi\x07neer - Remote")
    )
    assert decode_email(raw).subject == "Data Engineer - Remote"
