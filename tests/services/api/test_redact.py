"""The log filter redacts OAuth codes, tokens, passwords and API keys, the keys however they are
percent-encoded in an access log line."""

from __future__ import annotations

import logging

import pytest

from services.api.redact import RedactSecrets
from tests.services.api.connect_fixtures import (
    GOOGLE_CODE,
    GOOGLE_REFRESH,
    IMAP_PASSWORD,
    assert_no_secrets,
)


def test_the_log_filter_redacts_codes_tokens_and_keys() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        (
            "127.0.0.1:5000",
            "GET",
            f"/oauth/gmail/callback?code={GOOGLE_CODE}&state=s3cr3t",
            "1.1",
            200,
        ),
        None,
    )
    other = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "body %s key %s",
        ({"refresh_token": GOOGLE_REFRESH, "password": IMAP_PASSWORD}, "rqs_abcDEF123_-x"),
        None,
    )

    for item in (record, other):
        assert RedactSecrets().filter(item)
    assert record.getMessage() == (
        '127.0.0.1:5000 - "GET /oauth/gmail/callback?code=[REDACTED]&state=[REDACTED] HTTP/1.1" 200'
    )
    assert_no_secrets(other.getMessage(), "abcDEF123")


@pytest.mark.parametrize(
    "target",
    [
        "/runs?key={key}",
        "/runs?key={encoded}",
        "/runs?%6Bey={encoded}",
        "/runs?x=1&k%65y={double}",
        "/anything/{encoded}",
    ],
)
def test_access_log_lines_never_carry_a_key(target: str) -> None:
    key = "rqs_" + "AbC-dEf_0123456789" * 2
    path = target.format(
        key=key,
        encoded=key.replace("_", "%5F", 1),
        double=key.replace("_", "%255F").replace("-", "%252D"),
    )
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 401),
        None,
    )

    assert RedactSecrets().filter(record)

    line = record.getMessage()
    assert "AbC-dEf" not in line and "0123456789" not in line
    assert "[REDACTED]" in line
