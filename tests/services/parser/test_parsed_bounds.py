"""email.parsed text fields stay within the bounds its schema documents (the ledger's columns
hold sender and thread id in 512 characters; a longer one failed the jobwriter's insert)."""

from __future__ import annotations

from typing import cast

from confluent_kafka import Message

from schemas.contracts.codec import get_codec
from schemas.contracts.models import (
    PARSED_SENDER_MAX,
    PARSED_SUBJECT_MAX,
    PARSED_THREAD_ID_MAX,
    ParsedEmail,
    ParseStatus,
)
from schemas.contracts.topics import Topic
from services.parser.handler import handle_raw_email
from services.parser.raw_emails import RawEmailProcessor
from tests.fakes import FakeMessage
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


def test_a_dead_lettered_email_gets_a_failed_parse_for_its_ledger_row() -> None:
    value = get_codec(Topic.EMAIL_RAW).encode(raw_email())
    processor = RawEmailProcessor(sessions=None)

    [out] = processor.failed_parse(cast(Message, FakeMessage("email.raw", 0, 1, value)), "boom")
    parsed = get_codec(Topic.EMAIL_PARSED).decode(out.value)

    assert out.topic == Topic.EMAIL_PARSED
    assert isinstance(parsed, ParsedEmail)
    assert parsed.status is ParseStatus.FAILED and parsed.error == "dead-lettered: boom"
    assert parsed.provider_message_id == "INBOX:42"
    bad = cast(Message, FakeMessage("email.raw", 0, 2, b"not json"))
    assert processor.failed_parse(bad, "undecodable") == []
