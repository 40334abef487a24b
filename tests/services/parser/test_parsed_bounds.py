"""email.parsed text fields stay within the bounds its schema documents (the ledger's columns
hold sender and thread id in 512 characters; a longer one failed the jobwriter's insert)."""

from __future__ import annotations

from schemas.contracts.models import (
    PARSED_SENDER_MAX,
    PARSED_SUBJECT_MAX,
    PARSED_THREAD_ID_MAX,
)
from services.parser.handler import handle_raw_email
from tests.services.parser.test_handler import raw_email


def test_a_huge_subject_sender_and_thread_id_are_cut_to_the_documented_bounds() -> None:
    sender = "a" * 5000 + "@example.com"
    raw = (
        f"From: {sender}\r\nSubject: Java Developer {'x' * 8000}\r\n"
        "Message-ID: <m@x>\r\n\r\nWe need a Java developer in Austin, TX.\r\n"
    ).encode()

    parsed = handle_raw_email(raw_email(thread_id="t" * 3000), raw)

    assert parsed.subject is not None and len(parsed.subject) == PARSED_SUBJECT_MAX
    assert parsed.subject.startswith("Java Developer")
    assert parsed.sender is not None and len(parsed.sender) == PARSED_SENDER_MAX
    assert parsed.thread_id == "t" * PARSED_THREAD_ID_MAX


def test_ordinary_values_are_kept_whole() -> None:
    raw = b"From: Ann <ann@example.com>\r\nSubject: Hi\r\n\r\nHello\r\n"

    parsed = handle_raw_email(raw_email(), raw)

    assert (parsed.subject, parsed.sender, parsed.thread_id) == (
        "Hi",
        "Ann <ann@example.com>",
        "t-42",
    )
