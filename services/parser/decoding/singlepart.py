"""The stdlib parser's reading of a plain single-part message, without its line-by-line feed.

Most mail to a recruiter is one text part: a block of well-formed header fields, a blank line,
the body. ``BytesParser(policy=CACHING_POLICY)`` reads such a message line by line through its
feed machinery; ``read_single_part`` builds the same ``EmailMessage`` directly: each field as
``policy.header_source_parse`` gives it to ``set_raw``, the rest of the text as the payload. It
answers only when the whole header block is such fields (a name of printable characters and a
colon; continuation lines starting with a space or tab; lines ending in LF or CRLF, no bare CR,
no Unix "From " line) followed by an empty line, and the message is not multipart/* or
message/* (the stdlib reads those on as a tree). Otherwise it returns None and the stdlib
parser reads the message (test_singlepart.py holds the two to the same message).
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from services.parser.decoding.headercache import CACHING_POLICY
from services.parser.decoding.parts import PARSE_ERRORS

__all__ = ["header_block", "read_single_part"]

_FIELD = r"[\041-\071\073-\176]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*"
# the header block, up to the empty line that ends it (a header line is never empty)
_HEADER_BLOCK = re.compile(rf"(?:{_FIELD})+(?=\r?\n)")
_FIELDS = re.compile(r"([\041-\071\073-\176]+):([^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)")
_TREE_TYPES = ("multipart", "message")


def read_single_part(raw: bytes) -> EmailMessage | None:
    """``BytesParser(policy=CACHING_POLICY).parsebytes(raw)`` of a plain single-part message."""
    block = header_block(raw)
    if block is None:
        return None
    fields, start = block
    msg = EmailMessage(policy=CACHING_POLICY)
    for name, value in fields:
        msg.set_raw(name, value)
    try:
        if msg.get_content_maintype() in _TREE_TYPES:
            return None
    except PARSE_ERRORS:  # the stdlib parser raises too, and the caller falls back
        return None
    msg.set_payload(raw[start:].decode("ascii", "surrogateescape"))  # as BytesParser reads bytes
    return msg


def header_block(raw: bytes) -> tuple[list[tuple[str, str]], int] | None:
    """The header fields of a message whose header block is plain (module doc), each as
    ``policy.header_source_parse`` gives it to ``set_raw``, and where its body starts; None
    for any other message."""
    text = raw.decode("ascii", "surrogateescape")  # as BytesParser reads bytes
    block = _HEADER_BLOCK.match(text)
    if block is None:
        return None
    # policy.header_source_parse of each field's lines
    fields = [
        (name, value.lstrip(" \t").rstrip("\r\n")) for name, value in _FIELDS.findall(block.group())
    ]
    end = block.end()
    # one character per byte: the offset in the text is the offset in ``raw``
    return fields, end + (2 if text.startswith("\r\n", end) else 1)
