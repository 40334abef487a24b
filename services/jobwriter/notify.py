"""User notifications by SMTP (the seed's EmailService.send_email)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from services.common.errors import RetryableError

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 10.0  # seconds


class SmtpNotifier:
    def __init__(self, *, host: str | None, port: int, sender: str) -> None:
        self._host = host
        self._port = port
        self._sender = sender

    def send(self, *, to: str, subject: str, body: str) -> None:
        if not self._host:
            log.warning("no SMTP host configured; not emailing %s: %s", to, subject)
            return
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self._host, self._port, timeout=SMTP_TIMEOUT) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise RetryableError(f"SMTP delivery failed: {exc}") from exc
