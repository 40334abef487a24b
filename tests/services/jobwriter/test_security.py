"""The jobwriter's notifications against hostile values (issue 12, item 7): nothing with a
control character goes into an SMTP header, so no header or recipient can be smuggled in."""

from __future__ import annotations

import pytest

from services.jobwriter.notify import SmtpNotifier
from tests.pipeline_fixtures import RecordingHandler


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("victim@example.com\r\nBcc: attacker@evil.example", "Action Required"),
        ("victim@example.com", "Action Required\r\nBcc: attacker@evil.example"),
        ("victim@example.com\x00", "Action Required"),
    ],
)
def test_headers_with_control_characters_are_not_sent(
    smtp_server: tuple[RecordingHandler, int],
    to: str,
    subject: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler, port = smtp_server
    notifier = SmtpNotifier(host="127.0.0.1", port=port, sender="reqstream@example.com")
    before = len(handler.messages)

    notifier.send(to=to, subject=subject, body="Please reconnect.")
    notifier.send(to="owner@example.com", subject="Action Required", body="Please reconnect.")

    delivered = handler.messages[before:]
    assert [m["To"] for m in delivered] == ["owner@example.com"]
    assert "control characters" in caplog.text
    assert "attacker" not in caplog.text
