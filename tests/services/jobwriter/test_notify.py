"""The notifier built from the jobwriter's settings against a real relay (aiosmtpd) that
requires STARTTLS and AUTH: the TLS, username and password settings are used, and the
password shows up in no log line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from services.domain.errors import RetryableError
from services.jobwriter.settings import JobwriterSettings
from services.jobwriter.wiring import build_notifier
from tests.services.jobwriter.smtp_relays import (
    PASSWORD,
    USERNAME,
    RecordingRelay,
    Relay,
    starttls_auth_relay,
)


def settings_for(relay: Relay, *, password: str = PASSWORD) -> JobwriterSettings:
    return JobwriterSettings(
        kafka_bootstrap_servers="unused:9092",
        database_url="unused",
        smtp_host="127.0.0.1",
        smtp_port=relay.port,
        smtp_from="reqstream@example.test",
        smtp_tls="starttls",
        smtp_username=USERNAME,
        smtp_password=SecretStr(password),
        smtp_ca_file=str(relay.ca_file),
    )


def test_a_relay_requiring_starttls_and_login_gets_one_authenticated_email(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with starttls_auth_relay(RecordingRelay(), tmp_path) as relay:
        notifier = build_notifier(settings_for(relay))
        assert notifier is not None
        notifier.send(to="user@example.test", subject="Reconnect", body="Please reconnect.")
        logging.getLogger("test").info("notifier in use: %r", notifier)

    [delivered] = relay.handler.delivered
    assert delivered.authenticated_as == USERNAME and delivered.tls
    assert delivered.message["To"] == "user@example.test"
    assert delivered.message["Subject"] == "Reconnect"
    assert caplog.records
    assert not [r for r in caplog.records if PASSWORD in r.getMessage()]


def test_a_refused_login_is_retryable_and_names_no_password(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "wrong-" + PASSWORD
    caplog.set_level(logging.DEBUG)
    with starttls_auth_relay(RecordingRelay(), tmp_path) as relay:
        notifier = build_notifier(settings_for(relay, password=wrong))
        assert notifier is not None
        with pytest.raises(RetryableError) as raised:
            notifier.send(to="user@example.test", subject="Reconnect", body="Please reconnect.")

    assert relay.handler.delivered == []
    assert "SMTPAuthenticationError" in str(raised.value) and wrong not in str(raised.value)
    assert not [r for r in caplog.records if wrong in r.getMessage()]


def test_no_smtp_host_builds_no_notifier() -> None:
    settings = JobwriterSettings(kafka_bootstrap_servers="unused:9092", database_url="unused")
    assert build_notifier(settings) is None


def test_a_username_without_password_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="JOBWRITER_SMTP_PASSWORD"):
        JobwriterSettings(
            kafka_bootstrap_servers="unused:9092",
            database_url="unused",
            smtp_host="relay.example.test",
            smtp_username=USERNAME,
        )
