"""A plain-text mail (with an HTML alternative when given) through the decoder and the rules:
the helper of the rule tests that need no other MIME structure."""

from __future__ import annotations

from email.message import EmailMessage

from services.parser.decoding import decode_email
from services.parser.rules import Extraction, extract


def extract_plain(subject: str, body: str, html: str | None = None) -> Extraction:
    message = EmailMessage()
    message["From"] = "Sender <sender@example.com>"
    message["To"] = "bench@example.net"
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return extract(decode_email(bytes(message)))
