"""Every email.raw example through the parser's handler: only InvalidMessage may escape, and
every output is a valid email.parsed message."""

import base64

import pytest

from schemas.contracts.models import RawEmail
from schemas.contracts.topics import Topic
from services.domain.errors import InvalidMessage
from services.parser.handler import handle_raw_email
from tests.contracts import assert_valid, decoded_examples

# what the wiring would read from raw_email_blobs for a raw_ref example
STORED_BLOB = (
    b"Message-ID: <ref@example.test>\r\nSubject: Java Developer\r\n\r\n"
    b"Role: Java Developer\r\nLocation: Dallas, TX\r\nRate: $60/hr C2C\r\n"
)


@pytest.mark.parametrize(("name", "message"), list(decoded_examples(Topic.EMAIL_RAW)))
def test_every_raw_example_parses_to_a_valid_parsed_email(name: str, message: RawEmail) -> None:
    raw = base64.b64decode(message.raw_b64) if message.raw_b64 else STORED_BLOB
    parsed = handle_raw_email(message, raw)
    assert_valid(Topic.EMAIL_PARSED, parsed)
    assert parsed.provider_message_id == message.provider_message_id
    assert parsed.sync_id == message.sync_id


@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"\xff\xfe\x00garbage", b"Subject: x\r\n\r\n"])
def test_hostile_bytes_give_a_result_or_invalid_message(raw: bytes) -> None:
    _, message = next(iter(decoded_examples(Topic.EMAIL_RAW)))
    assert isinstance(message, RawEmail)
    try:
        parsed = handle_raw_email(message, raw)
    except InvalidMessage:
        return
    assert_valid(Topic.EMAIL_PARSED, parsed)
