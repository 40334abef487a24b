"""User notifications by SMTP (the seed's EmailService.send_email)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Literal

from pydantic import SecretStr

from services.domain.errors import RetryableError
from services.domain.wire_text import control_characters

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 10.0  # seconds
SmtpTls = Literal["none", "starttls", "ssl"]


@dataclass(frozen=True)
class SmtpNotifier:
    host: str
    port: int
    sender: str
    tls: SmtpTls = "none"
    username: str | None = None
    password: SecretStr | None = field(default=None, repr=False)
    # a CA bundle trusted besides the system's (a relay with a private CA)
    ca_file: str | None = None

    def send(self, *, to: str, subject: str, body: str, message_id: str | None = None) -> None:
        """Deliver one email; RetryableError when the relay did not accept it. A stable
        ``message_id`` lets mail clients fold a copy sent twice (a crash after the relay
        accepted it and before it was marked sent) into one."""
        if control_characters(to) or control_characters(subject):
            # a CR LF in a header would add headers (or recipients) of someone else's choosing;
            # such an email can never be sent safely, so it is dropped rather than retried
            log.warning("not emailing: recipient or subject contains control characters")
            return
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        if message_id:
            message["Message-ID"] = message_id
        message.set_content(body)
        try:
            smtp = self._connect()
            try:
                if self.tls == "starttls":
                    smtp.starttls(context=self._tls_context())
                if self.username and self.password:
                    smtp.login(self.username, self.password.get_secret_value())
                smtp.send_message(message)
            except BaseException:
                smtp.close()
                raise
        except (OSError, smtplib.SMTPException) as exc:
            # the text names the server, never the credentials
            raise RetryableError(
                f"SMTP delivery to {self.host}:{self.port} failed: {type(exc).__name__}"
            ) from exc
        self._quit(smtp)

    def _connect(self) -> smtplib.SMTP:
        if self.tls == "ssl":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=SMTP_TIMEOUT, context=self._tls_context()
            )
        return smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT)

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        return context

    def _quit(self, smtp: smtplib.SMTP) -> None:
        """The relay accepted the message: a failing QUIT must not make it look unsent (it
        would be sent again)."""
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException) as exc:
            log.info("SMTP QUIT to %s:%s failed after delivery: %r", self.host, self.port, exc)
        finally:
            smtp.close()
