"""handle_raw_email: the parser's pure step, no broker, no DB."""

from __future__ import annotations

import ast
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest

from schemas.contracts.codec import get_codec
from schemas.contracts.models import Category, ParsedEmail, ParseStatus, Provider, RawEmail
from schemas.contracts.topics import Topic
from services.domain.errors import InvalidMessage
from services.parser import handler, offline
from services.parser.handler import EMPTY_BODY_ERROR, handle_raw_email, handle_raw_emails
from services.parser.rules import EXTRACTOR

MAILBOX = Path(__file__).resolve().parents[3] / "samples" / "mailbox"
FETCHED_AT = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)
MESSAGE_ID = "<CAF4x9k2-req-java-01@mail.acmeitsolutions.example.com>"


def raw_email(**overrides: object) -> RawEmail:
    values: dict[str, object] = {
        "sync_id": uuid.UUID("00000000-0000-4000-8000-000000000001"),
        "integration_id": 3,
        "user_id": 2,
        "tenant_id": 1,
        "provider": Provider.IMAP,
        "provider_message_id": "INBOX:42",
        "thread_id": "t-42",
        "received_at": FETCHED_AT,
        "raw_size": 1,
        "raw_b64": "eA==",
    }
    values.update(overrides)
    return RawEmail.model_validate(values)


def test_requirement_email_becomes_a_parsed_job() -> None:
    raw = (MAILBOX / "01_req_labelled_java.eml").read_bytes()
    parsed = handle_raw_email(raw_email(), raw)
    assert parsed.status == ParseStatus.OK
    assert parsed.error is None
    assert (parsed.is_job, parsed.category) == (True, Category.REQUIREMENT)
    assert [job.title for job in parsed.jobs] == ["Sr Java Developer"]
    assert parsed.extractor == EXTRACTOR
    assert parsed.subject == "Urgent Requirement: Sr Java Developer - Dallas, TX (Hybrid) - C2C"
    assert parsed.sender == "Ravi Kumar <ravi.kumar@acmeitsolutions.example.com>"
    assert parsed.received_at == datetime(
        2026, 11, 9, 9, 14, 22, tzinfo=timezone(timedelta(hours=-6))
    )
    # the envelope is copied from the input message
    assert (parsed.sync_id, parsed.integration_id, parsed.user_id, parsed.tenant_id) == (
        uuid.UUID("00000000-0000-4000-8000-000000000001"),
        3,
        2,
        1,
    )
    assert (parsed.provider, parsed.provider_message_id, parsed.thread_id) == (
        Provider.IMAP,
        "INBOX:42",
        "t-42",
    )
    # what the jobwriter compares across mailboxes of the tenant (services.domain.messages)
    assert parsed.message_id == MESSAGE_ID
    assert parsed.body_digest is not None and len(parsed.body_digest) == 64


def test_lookalike_is_parsed_but_not_a_job() -> None:
    raw = (MAILBOX / "15_hotlist_multi.eml").read_bytes()
    parsed = handle_raw_email(raw_email(), raw)
    assert (parsed.status, parsed.is_job, parsed.category, parsed.jobs) == (
        ParseStatus.OK,
        False,
        Category.HOTLIST,
        [],
    )


def test_received_at_falls_back_to_the_fetch_time() -> None:
    raw = b"From: a@vendor.test\nSubject: Java Developer\n\nNeed Java dev Dallas TX 6m C2C $60/hr\n"
    parsed = handle_raw_email(raw_email(), raw)
    assert parsed.received_at == FETCHED_AT
    assert handle_raw_email(raw_email(received_at=None), raw).received_at is None


def test_empty_body_is_a_failed_parse_not_an_error() -> None:
    raw = (
        b"From: a@vendor.test\nSubject: Java Developer\n"
        b"Date: Mon, 09 Nov 2026 09:00:00 +0000\n\n  \n"
    )
    parsed = handle_raw_email(raw_email(), raw)
    assert parsed.status == ParseStatus.FAILED
    assert parsed.error == EMPTY_BODY_ERROR
    assert (parsed.is_job, parsed.category, parsed.confidence, parsed.jobs) == (
        False,
        Category.OTHER,
        0.0,
        [],
    )
    assert parsed.subject == "Java Developer"


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n"])
def test_unusable_input_is_an_invalid_message(raw: bytes) -> None:
    with pytest.raises(InvalidMessage) as caught:
        handle_raw_email(raw_email(), raw)
    assert "empty" in caught.value.reason


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\xff\xfe\x80 binary junk",
        b"Subject: x\nContent-Type: text/plain; name*\n\nRole: Java Developer\n",
        b"Subject: x\nContent-Type: multipart/mixed; boundary=q\n\n--q\n",
    ],
)
def test_malformed_email_still_yields_a_valid_contract(raw: bytes) -> None:
    parsed = handle_raw_email(raw_email(), raw)
    codec = get_codec(Topic.EMAIL_PARSED)
    assert codec.decode(codec.encode(parsed)) == parsed


@pytest.mark.parametrize("path", sorted(MAILBOX.glob("*.eml")), ids=lambda p: p.name)
def test_every_sample_round_trips_through_the_topic_codec(path: Path) -> None:
    parsed = handle_raw_email(raw_email(), path.read_bytes())
    assert isinstance(parsed, ParsedEmail)
    codec = get_codec(Topic.EMAIL_PARSED)
    assert codec.decode(codec.encode(parsed)) == parsed


def test_a_batch_by_stages_is_each_email_handled_alone() -> None:
    # every sample plus an empty-bodied one (a failed parse), in order
    raws = [path.read_bytes() for path in sorted(MAILBOX.glob("*.eml"))]
    raws.append(b"Subject: nothing\n\n   \n")
    batch = [(raw_email(provider_message_id=f"INBOX:{n}"), raw) for n, raw in enumerate(raws)]
    assert handle_raw_emails(batch) == [handle_raw_email(message, raw) for message, raw in batch]


def test_a_batch_with_nothing_to_parse_raises_as_one_email_does() -> None:
    batch = [(raw_email(), (MAILBOX / "01_req_labelled_java.eml").read_bytes()), (raw_email(), b"")]
    with pytest.raises(InvalidMessage):
        handle_raw_emails(batch)


@pytest.mark.parametrize("module", [handler, offline], ids=lambda m: m.__name__)
def test_handler_module_stays_pure(module: ModuleType) -> None:
    banned = {"confluent_kafka", "sqlalchemy", "httpx", "requests", "os", "time", "psycopg2"}
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & banned
