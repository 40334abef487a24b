"""A one-part text message read without building its ``EmailMessage``.

Most mail to a recruiter is one text/plain or text/html part. ``read_single_part`` builds the
stdlib's message for it; the walk then asks that message for its type, disposition, charset and
transfer-decoded payload, each going through the header objects of ``policy.default``.
``read_plain`` answers the same questions from the header block directly:

* the first field of each name, as ``Walk.first_item`` finds it;
* type, disposition, charset and transfer encoding from a probe message holding only the first
  Content-Type, Content-Disposition and Content-Transfer-Encoding fields (what the stdlib's
  readers of each look at), once per distinct set of values;
* the payload as ``get_payload(decode=True)`` decodes it: the body's bytes (read as ASCII with
  surrogate escapes and encoded back, they are the same bytes), quoted-printable or base64
  decoded as the stdlib does.

It answers only for a message ``read_single_part`` reads, of type text/plain or text/html, not
an attachment, structure values of at most ``_CACHED_VALUE_CHARS`` characters, not uuencoded,
and whose questions raise nothing; otherwise None, and the message goes the long way
(test_plainmail.py holds the two to the same ``DecodedEmail``).
"""

from __future__ import annotations

import quopri
from collections.abc import Callable
from email.message import EmailMessage
from functools import lru_cache
from importlib import import_module
from typing import NamedTuple

from services.parser.decoding.headercache import CACHING_POLICY, content_charset
from services.parser.decoding.parts import PARSE_ERRORS
from services.parser.decoding.singlepart import header_block

__all__ = ["PlainMail", "read_plain"]

# the base64 decoder get_payload calls (typeshed leaves private modules out)
_decode_b: Callable[[bytes], tuple[bytes, list[object]]] = import_module(
    "email._encoded_words"
).decode_b
_BODY_TYPES = ("text/plain", "text/html")
_UUENCODED = ("x-uuencode", "uuencode", "uue", "x-uue")  # get_payload decodes these its own way
_CACHED_VALUE_CHARS = 512  # structure values read through the cache; real ones are short
Field = tuple[str, str]


class PlainMail(NamedTuple):
    fields: dict[str, Field]  # lowercased name → the first field of that name, as written
    content_type: str
    charset: str | None
    data: bytes  # the payload, transfer-decoded


class _Structure(NamedTuple):
    content_type: str
    charset: str | None
    encoding: str  # the Content-Transfer-Encoding as get_payload compares it


def read_plain(raw: bytes) -> PlainMail | None:
    """What the walk reads of ``read_single_part(raw)``, for a one-part text body (module doc)."""
    block = header_block(raw)
    if block is None:
        return None
    found, end = block
    fields: dict[str, Field] = {}
    for name, value in found:
        fields.setdefault(name.lower(), (name, value))
    structure = _structure(
        fields.get("content-type"),
        fields.get("content-disposition"),
        fields.get("content-transfer-encoding"),
    )
    if structure is None:
        return None
    data = raw[end:]
    try:
        if structure.encoding == "quoted-printable":
            data = quopri.decodestring(data)
        elif structure.encoding == "base64":
            data = _decode_b(b"".join(data.splitlines()))[0]
    except PARSE_ERRORS:
        return None
    return PlainMail(fields, structure.content_type, structure.charset, data)


def _structure(
    content_type: Field | None, disposition: Field | None, encoding: Field | None
) -> _Structure | None:
    given = [item for item in (content_type, disposition, encoding) if item is not None]
    if any(len(value) > _CACHED_VALUE_CHARS for _, value in given):
        return None
    return _probed(content_type, disposition, encoding)


@lru_cache(maxsize=1024)
def _probed(
    content_type: Field | None, disposition: Field | None, encoding: Field | None
) -> _Structure | None:
    probe = EmailMessage(policy=CACHING_POLICY)
    for item in (content_type, disposition, encoding):
        if item is not None:
            probe.set_raw(*item)  # as the parser stores it
    try:
        kind = probe.get_content_type()
        if kind not in _BODY_TYPES or probe.get_content_disposition() == "attachment":
            return None
        # what parts.charset reads: the cached parameter parse of the first Content-Type
        charset = content_charset(*content_type) if content_type else probe.get_content_charset()
        cte = str(probe.get("content-transfer-encoding", "")).lower()
    except PARSE_ERRORS:
        return None
    if cte in _UUENCODED:
        return None
    return _Structure(kind, charset, cte)
