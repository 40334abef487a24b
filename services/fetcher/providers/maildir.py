"""A local mailbox: a folder of .eml files or a Maildir (cur/, new/); for the demo and tests."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

from services.fetcher.handler import MessageRef
from services.fetcher.providers.base import Cursor, ProviderConfigError, Transient

_HEADER_PARSER = BytesHeaderParser(policy=compat32)
_READ_CHUNK = 8192  # bytes read at a time while looking for the end of the header block


def _header(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if "=?" not in text:  # no encoded word: decoding would give the text back, at a cost
        return text
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        return text


def header_block(read: Callable[[int], bytes]) -> bytes:
    """The file's bytes up to and including its first blank line (all of it when it has
    none), ``read`` giving the next bytes at most so many at a time. Its headers parse as the
    whole file's do: the parser ends the headers at the first blank line at the latest, and a
    headers-only parse of the whole file still reads and splits every body line, most of the
    cost of listing a mailbox."""
    data = b""
    while chunk := read(_READ_CHUNK):
        start = max(0, len(data) - 2)  # a blank line may straddle two chunks
        data += chunk
        ends = [i for i in (data.find(b"\n\n", start), data.find(b"\n\r\n", start)) if i >= 0]
        if ends:
            end = min(ends)
            return data[: end + (2 if data[end + 1 : end + 2] == b"\n" else 3)]
    return data


# A plain block, checked in one match: header lines (a field name and its colon, as the email
# parser's header pattern has it: printable ASCII but the space and the colon) and their
# continuation lines, ASCII, each ending in LF or CRLF (no other CR), then the blank line.
_LINE_REST = rb"[\x00-\x09\x0b\x0c\x0e-\x7f]*\r?\n"
_PLAIN_BLOCK = re.compile(
    rb"(?:[\x21-\x39\x3b-\x7e]+:" + _LINE_REST + rb"(?:[ \t]" + _LINE_REST + rb")*)+\r?\n"
)
# one of the three listed fields, first line (after the colon's blanks) and continuation lines
_LISTED_FIELD = re.compile(
    rb"^(message-id|date|subject):[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)", re.IGNORECASE | re.MULTILINE
)
_NAMES = {b"message-id": 0, b"date": 1, b"subject": 2}


def plain_fields(block: bytes) -> tuple[str | None, str | None, str | None] | None:
    """The block's first Message-ID, Date and Subject values (None when absent) as the compat32
    parser gives them for a plain block: ASCII, CRLF or LF line ends, header and continuation
    lines only, ending in a blank line (a folded value keeps its line breaks). None for any
    other block (the parser reads it): the parser's way with the rest (bare CRs, envelope
    lines, stray lines, 8-bit bytes) is not worth repeating. Only these three fields are
    looked at: listing a mailbox needs no other."""
    if _PLAIN_BLOCK.fullmatch(block) is None:
        return None
    values: list[str | None] = [None, None, None]
    for found in _LISTED_FIELD.finditer(block):
        index = _NAMES[found.group(1).lower()]
        if values[index] is None:  # the first of a repeated field, as the parser's get()
            values[index] = found.group(2).rstrip(b"\r\n").decode("ascii")
    return values[0], values[1], values[2]


def _fields(block: bytes) -> tuple[object, object, object]:
    """The block's Message-ID, Date and Subject as the compat32 parser gives them (None when
    absent); the parser itself only for a block that is not plain."""
    plain = plain_fields(block)
    if plain is not None:
        return plain
    headers = _HEADER_PARSER.parsebytes(block)
    return headers.get("Message-ID"), headers.get("Date"), headers.get("Subject")


def _read_header_block(path: str) -> bytes:
    # the file descriptor read directly: a buffered file object cost as much as the parse
    fd = os.open(path, os.O_RDONLY)
    try:
        return header_block(partial(os.read, fd))
    finally:
        os.close(fd)


def _read_file(path: str) -> bytes:
    with open(path, "rb", buffering=0) as fh:
        return fh.readall()


def _received_at(date_header: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return None
    # "-0000" means "zone unknown" (RFC 5322): read it as UTC rather than a naive time
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class MaildirProvider:
    def __init__(self, path: str | Path) -> None:
        self._root = Path(path)
        if not self._root.is_dir():
            raise ProviderConfigError(f"maildir path is not a directory: {self._root}")
        self._files: dict[str, str] = {}  # message id: file path

    def _message_files(self) -> list[str]:
        dirs = [self._root / "cur", self._root / "new"]
        # sorted by their text, the order of the paths themselves (one depth, one root);
        # scandir's entries know their type, where Path.is_file stats each file
        if any(d.is_dir() for d in dirs):
            return sorted(
                entry.path for d in dirs if d.is_dir() for entry in os.scandir(d) if entry.is_file()
            )
        return sorted(str(p) for p in self._root.glob("*.eml"))

    def list_matching(
        self, *, keywords: Sequence[str], cursor: dict[str, Any] | None
    ) -> list[MessageRef]:
        refs: list[MessageRef] = []
        try:
            files = self._message_files()
            for path in files:
                message_id_header, date, subject = _fields(_read_header_block(path))
                message_id = _header(message_id_header).strip().strip("<>")
                if not message_id:
                    message_id = "sha256:" + hashlib.sha256(_read_file(path)).hexdigest()
                received = _received_at(_header(date))
                self._files[message_id] = path
                refs.append(MessageRef(message_id, None, received, _header(subject)))
        except OSError as exc:
            raise Transient(f"maildir read failed: {exc}") from exc
        return refs

    def fetch_raw(self, ref: MessageRef) -> bytes:
        try:
            return _read_file(self._files[ref.provider_message_id])
        except OSError as exc:
            raise Transient(f"maildir read failed: {exc}") from exc

    def next_cursor(
        self, *, cursor: Cursor | None, published: Sequence[MessageRef], backlog: bool
    ) -> Cursor | None:
        return None  # a local folder is re-listed whole; the ledger skips what was processed

    def updated_credentials(self) -> dict[str, Any] | None:
        return None

    def close(self) -> None:
        self._files.clear()
