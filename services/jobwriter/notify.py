"""User notifications by SMTP (the seed's EmailService.send_email)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from services.domain.errors import RetryableError

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 10.0  # seconds


@dataclass(frozen=True)
class SmtpNotifier:
    host: str | None
    port: int
    sender: str
    tls: str = "none"  # none | starttls | ssl
    username: str | None = None
    password: str | None = None

    def send(self, *, to: str, subject: str, body: str) -> None:
        if not self.host:
            log.warning("no SMTP host configured; not emailing %s: %s", to, subject)
            return
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        context = ssl.create_default_context()
        try:
            smtp: smtplib.SMTP
            if self.tls == "ssl":
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=SMTP_TIMEOUT, context=context)
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)
            with smtp:
                if self.tls == "starttls":
                    smtp.starttls(context=context)
                if self.username and self.password:
                    smtp.login(self.username, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            # the text names the server, never the credentials
            raise RetryableError(
                f"SMTP delivery to {self.host}:{self.port} failed: {type(exc).__name__}"
            ) from exc
