"""Repairs for MIME structure the stdlib parser (``policy.default``) reads wrongly in real mail.

Each repair runs only when the parse already went wrong, so well-formed mail pays nothing:

* a multipart whose declared boundary never delimits its body (an unquoted boundary holding
  ``=``, which ``policy.default`` cuts at the ``=`` while compat32 reads it whole; or a body
  written with other delimiter lines, its declared closing line never appearing) is re-read
  with the boundary as written, else with the delimiter lines the body actually uses, else
  taken as plain text;
* an attached ``message/rfc822`` sent base64-encoded (RFC 2046 forbids it; mailers do it) is
  decoded and parsed, instead of being read as a headerless message whose body is the encoded
  text (quoted-printable likewise, when its first line did not already read as a header);
* a text part whose bytes are binary (an image or an archive labelled ``text/html``) is not
  text: pasting it would put noise where the requirement's text goes.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from email.errors import MissingHeaderBodySeparatorDefect
from email.message import Message
from email.parser import BytesParser

from services.parser.decoding.headercache import CACHING_POLICY

__all__ = ["encoded_message_bytes", "looks_binary", "reread_multipart"]

# RFC 2046 bchars, the boundary as written in the header: quoted, or up to ';' or a space
_DECLARED = re.compile(
    r'boundary\s*=\s*(?:"([\x20\x21\x23-\x7e]{1,200})"|([\x21\x23-\x3a\x3c-\x7e]{1,200}))',
    re.IGNORECASE,
)
# a delimiter line followed by a header field: the first part of a body (never a closing
# line); printable ASCII but quotes and backslashes, as mailers go beyond RFC 2046's bchars
_DELIMITER_THEN_HEADER = re.compile(
    rb"^--([\x21\x23-\x5b\x5d-\x7e]{1,200})[ \t]*\r?\n[A-Za-z][A-Za-z0-9-]*[ \t]*:", re.MULTILINE
)
_ENCODED_MESSAGE = frozenset({"base64", "quoted-printable"})
_SNIFF_BYTES = 4096  # a text part's first bytes are enough to tell text from binary
_BINARY_SHARE = 0.1  # control bytes above this share of the sample: not text
# C0 controls text never holds; TAB LF VT FF CR, SO/SI and ESC (ISO-2022 shifts) are left out
_CONTROL = bytes([*range(0x00, 0x09), 0x7F, *range(0x10, 0x1B), *range(0x1C, 0x20)])
_WIDE_CHARSETS = ("utf-16", "utf-32", "ucs-2", "ucs2", "utf16", "utf32")


def reread_multipart(part: Message, body: bytes) -> list[Message] | None:
    """The children of a multipart ``part`` whose parse found no delimiter (its payload is
    still text, ``body`` its bytes): re-read with the boundary as written in the raw header,
    else with the first delimiter line the body uses. None: no boundary delimits anything."""
    subtype = _subtype(part)
    for boundary in _candidate_boundaries(part, body):
        head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'
        cleaned = _without_trailing_words(body, boundary)
        reread = BytesParser(policy=CACHING_POLICY).parsebytes(head.encode("ascii") + cleaned)
        children = reread.get_payload()
        if reread.is_multipart() and isinstance(children, list) and children:
            return [child for child in children if isinstance(child, Message)]
    return None


def _candidate_boundaries(part: Message, body: bytes) -> list[str]:
    found: list[str] = []
    for name, value in part.raw_items():
        if name.lower() == "content-type":
            declared = _DECLARED.search(str(value))
            if declared is not None:
                found.append((declared.group(1) or declared.group(2)).strip())
            break
    used = _DELIMITER_THEN_HEADER.search(body)
    if used is not None:
        found.append(used.group(1).decode("ascii"))
    # a boundary is only worth a parse when its delimiter line is in the body
    return [b for i, b in enumerate(found) if b not in found[:i] and b"--" + b.encode() in body]


def _without_trailing_words(body: bytes, boundary: str) -> bytes:
    """Delimiter lines cut after the boundary: "--b This should be ignored" is a delimiter
    (mime4j reads it so), the stdlib wants nothing but white space after it."""
    delimiter = re.escape(b"--" + boundary.encode("ascii"))
    return re.sub(rb"(?m)^(" + delimiter + rb"(?:--)?)[ \t]+[^\r\n]*", rb"\1", body)


def _subtype(part: Message) -> str:
    subtype = part.get_content_subtype()
    return subtype if re.fullmatch(r"[a-z0-9.+-]{1,40}", subtype) else "mixed"


def encoded_message_bytes(part: Message, inner: Message) -> bytes | None:
    """The raw message inside a ``message/rfc822`` ``part`` sent with a base64 or
    quoted-printable transfer encoding, decoded; None when the part is not encoded that way or
    will not decode. ``inner`` is what the stdlib made of the encoded text."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding not in _ENCODED_MESSAGE:
        return None
    text = _as_written(inner) if encoding == "quoted-printable" else _headerless_body(inner)
    if text is None:
        return None
    encoded = text.encode("ascii", errors="surrogateescape")
    try:
        if encoding == "base64":
            raw = base64.b64decode(b"".join(encoded.split()), validate=False)
        else:
            raw = quopri.decodestring(encoded)
    except (binascii.Error, ValueError):
        return None
    return raw if raw.strip() else None


def _headerless_body(inner: Message) -> str | None:
    """Base64 text never reads as a header line: the stdlib made it all body."""
    body = inner.get_payload()
    return body if isinstance(body, str) and not inner.keys() else None


def _as_written(inner: Message) -> str | None:
    """The quoted-printable text back as it came: its first lines may have read as headers
    (plain ASCII stays as is in quoted-printable), the rest as body."""
    body = inner.get_payload()
    if not isinstance(body, str):
        return None
    head = "".join(f"{name}: {value}\n" for name, value in inner.raw_items())
    # with no blank line after them, the stdlib took header-like lines up to the first other one
    glued = not head or any(isinstance(d, MissingHeaderBodySeparatorDefect) for d in inner.defects)
    return head + ("" if glued else "\n") + body


def looks_binary(data: bytes, charset: str | None) -> bool:
    """True when a text part's bytes are not text: NUL bytes (outside UTF-16/32) or many
    control bytes in the first ``_SNIFF_BYTES``."""
    sample = data[:_SNIFF_BYTES]
    if not sample:
        return False
    if (charset or "").lower().startswith(_WIDE_CHARSETS):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls > _BINARY_SHARE * len(sample)
