"""Replace personal data in a real public e-mail by placeholders, keeping its MIME shape.

Used by build_real_corpus.py; README.md lists the replacements. What is replaced:

- e-mail addresses → ``person<N>@example.com`` (N counts distinct addresses per message; the
  mailing list's own ``…@googlegroups.com`` addresses stay, they name the list, not a person);
- phone numbers (US and international forms, extensions included) → ``(555) 010-<NNNN>``;
- person names given by the caller (signatures, display names) → the caller's placeholders;
- LinkedIn profile links → ``https://www.linkedin.com/in/person``;
- trace and authentication headers (Received, DKIM, ARC, Return-Path, X-Google-*, …) are
  dropped; From/To/Cc/Reply-To keep their shape with placeholder names and addresses;
- binary leaf parts (signature images, PDFs, .ics copies, scam attachments) are dropped, the text
  and calendar parts stay, re-encoded with their original transfer encoding;
- a bounce keeps its delivery report (``message/delivery-status`` fields, addresses scrubbed) and
  its returned ``message/rfc822``, scrubbed like a whole message.
"""

from __future__ import annotations

import base64
import quopri
import re
from collections.abc import Sequence
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import formataddr, getaddresses
from typing import cast

__all__ = ["KEPT_HEADERS", "Scrubber"]

KEPT_HEADERS = (
    "Date", "From", "To", "Cc", "Reply-To", "Subject", "Message-Id", "Message-ID",
    "In-Reply-To", "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    "Content-Disposition", "List-ID", "List-Id", "Precedence", "Mailing-list", "Auto-Submitted",
    "X-Mailer",
)  # fmt: skip
_ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To")
_EMAIL = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w/=%.-])(?:\+\d{1,3}\}?[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]?\d{4}"
    r"(?:\s*(?:Ext|ext|x)\.?\s*\d{1,5})?(?![\w%-])"
    r"|(?<![\w/=%.-])00\d{10,13}(?![\w%-])"
    r"|(?<![\w/=%.-])\+\d{2}\s\d{3}\s\d{3}\s\d{3,4}(?![\w%-])"
)
_LINKEDIN = re.compile(r"https?://(?:www\.)?linkedin\.com/in/[\w%-]+/?")
_LIST_DOMAIN = "googlegroups.com"


class Scrubber:
    """One message's replacements; numbering restarts per message."""

    def __init__(self, names: Sequence[tuple[str, str]]) -> None:
        # longest first, so "R Umashankar" is replaced before "Umashankar"
        self._names = sorted(names, key=lambda pair: -len(pair[0]))
        self._emails: dict[str, str] = {}
        self._phones: dict[str, str] = {}

    def _email(self, match: re.Match[str]) -> str:
        address = match.group(0)
        if address.lower().endswith("@" + _LIST_DOMAIN):
            return address
        key = address.lower()
        if key not in self._emails:
            self._emails[key] = f"person{len(self._emails) + 1}@example.com"
        return self._emails[key]

    def _phone(self, match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if digits not in self._phones:
            self._phones[digits] = f"(555) 010-{len(self._phones) + 1:04d}"
        return self._phones[digits]

    def text(self, value: str) -> str:
        for real, placeholder in self._names:
            value = re.sub(rf"(?<!\w){re.escape(real)}(?!\w)", placeholder, value, flags=re.I)
        value = _LINKEDIN.sub("https://www.linkedin.com/in/person", value)
        value = _EMAIL.sub(self._email, value)
        return _PHONE.sub(self._phone, value)

    def message(self, message: Message) -> Message:
        """Scrub ``message`` in place (compat32 Message) and return it."""
        self._headers(message)
        self._parts(message)
        return message

    def _headers(self, message: Message) -> None:
        kept = {name.lower() for name in KEPT_HEADERS}
        for name in list(dict.fromkeys(message.keys())):
            if name.lower() not in kept:
                del message[name]
        for name in _ADDRESS_HEADERS:
            values = message.get_all(name)
            if not values:
                continue
            del message[name]
            # encoded words decoded first, so names written in them are found too
            pairs = getaddresses([str(make_header(decode_header(str(v)))) for v in values])
            message[name] = ", ".join(
                formataddr((self.text(display), self._address(address)))
                for display, address in pairs
            )
        if message["Subject"] is not None:
            subject = self.text(str(message["Subject"]))
            del message["Subject"]
            # a decoded non-ASCII subject goes back as an encoded word (compat32 writes ASCII)
            # (raw 8-bit bytes in it, read as surrogates, are decoded as UTF-8 first)
            if subject.isascii():
                message["Subject"] = subject
            else:
                text = subject.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                message["Subject"] = Header(text, "utf-8")  # type: ignore[assignment]

    def _address(self, address: str) -> str:
        # a whole address is replaced as one, before any name inside it could split it
        if _EMAIL.fullmatch(address):
            return _EMAIL.sub(self._email, address)
        return self.text(address)

    def _parts(self, part: Message) -> None:
        if part.get_content_type() == "message/rfc822":
            # a bounced or forwarded message: scrub it like a whole message, keeping its headers
            for inner in part.get_payload():
                if isinstance(inner, Message):
                    self.message(inner)
            return
        if part.get_content_type() == "message/delivery-status":
            # a bounce's per-recipient fields (Final-Recipient, Status, …) stay, addresses scrubbed
            for block in part.get_payload():
                if isinstance(block, Message):
                    fields = list(block.items())
                    for name in {name for name, _ in fields}:
                        del block[name]
                    for name, value in fields:
                        block[name] = self.text(str(value))
            return
        if part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            keep = [c for c in children if c.is_multipart() or c.get_content_maintype() == "text"]
            part.set_payload(cast("list[Message[str, str] | str]", keep))
            for child in keep:
                for name in list(child.keys()):
                    if name.lower() not in {
                        "content-type",
                        "content-transfer-encoding",
                        "content-disposition",
                        "content-id",
                    }:
                        del child[name]
                self._parts(child)
            return
        if part.get_content_maintype() != "text":
            return
        charset = part.get_content_charset() or "utf-8"
        raw = part.get_payload(decode=True)
        assert isinstance(raw, bytes)
        text = self.text(raw.decode(charset, "replace"))
        encoding = (part.get("Content-Transfer-Encoding") or "7bit").lower()
        data = text.encode(charset, "replace")
        if encoding == "base64":
            part.set_payload(base64.encodebytes(data).decode("ascii"))
        elif encoding == "quoted-printable" or not data.isascii():
            del part["Content-Transfer-Encoding"]
            part["Content-Transfer-Encoding"] = "quoted-printable"
            part.set_payload(quopri.encodestring(data).decode("ascii"))
        else:
            # the text as re-encoded: characters its charset lacks became "?"
            part.set_payload(data.decode("ascii"))
