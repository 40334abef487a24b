"""One decode's running state (``Walk``) and what it reads of a MIME part, never raising.

Parsed header values, payloads and parameters of a stdlib message are read lazily, and a
malformed one raises (cpython#151857, #148518) when it is read: every reader here turns that into
a neutral answer (or a defect), so the walk over the parts goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.errors import MessageError
from email.message import Message
from typing import NamedTuple

from services.parser.decoding.headercache import CACHING_POLICY, content_charset

__all__ = [
    "PARSE_ERRORS",
    "AttachmentInfo",
    "Walk",
    "charset",
    "filename",
    "is_attachment",
    "payload_bytes",
]

# What the stdlib parser and header objects raise on malformed input (cpython#151857, #148518).
PARSE_ERRORS = (MessageError, LookupError, ValueError, TypeError, AttributeError, AssertionError)

# Content-Type values whose charset is cached: real ones are short, and the cache stays small.
_CACHED_CONTENT_TYPE_CHARS = 512


class AttachmentInfo(NamedTuple):
    filename: str | None
    content_type: str
    size: int  # bytes after transfer decoding


@dataclass
class Walk:
    """What one ``decode_email`` has found so far, and what it has read of its parts."""

    defects: list[str] = field(default_factory=list)
    attachments: list[AttachmentInfo] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)
    html_used: bool = False
    readable: list[Message] = field(default_factory=list)  # attachments we can read text from
    rereads: int = 0  # broken multiparts re-read so far (repair.reread_multipart)
    reread_budget: int = 0  # bytes re-reads may still parse
    # Content-Type per part (by id: parts live as long as the walk): policy.default parses the
    # header anew on every get_content_type(), and a body part is asked three times.
    _content_types: dict[int, str] = field(default_factory=dict)

    # Each message's first header of each name (lowercased), unparsed: the headers read per
    # email would each scan the whole list. The message is held so that its id stays its own.
    _first_items: dict[int, tuple[Message, dict[str, tuple[str, str]]]] = field(
        default_factory=dict
    )

    def first_item(self, msg: Message, name: str) -> tuple[str, str] | None:
        """The first header called ``name``, unparsed, as ``msg.get`` finds it."""
        found = self._first_items.get(id(msg))
        if found is None:
            items: dict[str, tuple[str, str]] = {}
            for key, value in msg.raw_items():
                items.setdefault(key.lower(), (key, value))
            found = self._first_items[id(msg)] = (msg, items)
        return found[1].get(name.lower())

    def content_type(self, part: Message) -> str:
        found = self._content_types.get(id(part))
        if found is None:
            found = self._content_types[id(part)] = _content_type(part)
        return found


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except PARSE_ERRORS:
        return "application/octet-stream"


def is_attachment(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
    except PARSE_ERRORS:
        return False
    return disposition == "attachment"


def filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except PARSE_ERRORS:
        return None


def payload_bytes(part: Message, walk: Walk) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except PARSE_ERRORS:
        walk.defects.append("payload-undecodable")
        return b""
    return payload if isinstance(payload, bytes) else b""


def charset(part: Message, walk: Walk) -> str | None:
    try:
        if part.policy is CACHING_POLICY:
            item = walk.first_item(part, "Content-Type")
            if item is not None and len(item[1]) <= _CACHED_CONTENT_TYPE_CHARS:
                return content_charset(*item)
        return part.get_content_charset()
    except PARSE_ERRORS:
        return None
