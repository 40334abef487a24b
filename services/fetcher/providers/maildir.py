"""A local mailbox: a folder of .eml files or a Maildir (cur/, new/); for the demo and tests."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO

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


def header_block(fh: BinaryIO) -> bytes:
    """The file's bytes up to and including its first blank line (all of it when it has
    none). Its headers parse as the whole file's do: the parser ends the headers at the first
    blank line at the latest, and a headers-only parse of the whole file still reads and
    splits every body line, most of the cost of listing a mailbox."""
    data = b""
    while chunk := fh.read(_READ_CHUNK):
        start = max(0, len(data) - 2)  # a blank line may straddle two chunks
        data += chunk
        ends = [i for i in (data.find(b"\n\n", start), data.find(b"\n\r\n", start)) if i >= 0]
        if ends:
            end = min(ends)
            return data[: end + (2 if data[end + 1 : end + 2] == b"\n" else 3)]
    return data


# a header line's field name and colon, as the email parser's header pattern has it (printable
# ASCII but the space and the colon)
_FIELD_NAME = re.compile(r"[\x21-\x39\x3b-\x7e]+:")


def plain_headers(block: bytes) -> dict[str, str] | None:
    """Each header's first value by lower-case name, as the compat32 parser gives it for a
    plain block: ASCII, CRLF or LF line ends, header and continuation lines only, ending in a
    blank line. None for any other block (the parser reads it): the parser's way with the
    rest (bare CRs, envelope lines, stray lines, 8-bit bytes) is not worth repeating."""
    if not block.isascii() or block.count(b"\r") != block.count(b"\r\n"):
        return None
    lines = block.decode("ascii").split("\n")
    # the block ends in its blank line: "...\n\n" or "...\n\r\n"
    if len(lines) < 3 or lines[-1] or lines[-2] not in ("", "\r"):
        return None
    headers: dict[str, str] = {}
    name, value = "", ""
    for line in lines[:-2]:
        if line[:1] in (" ", "\t"):
            if not name:  # a continuation before any header
                return None
            value += "\n" + line  # the parser keeps the fold's line break in the value
            continue
        if name:
            headers.setdefault(name, value.rstrip("\r\n"))
        found = _FIELD_NAME.match(line)  # an envelope line ("From ...") has a space: no match
        if found is None:
            return None
        name, value = found.group()[:-1].lower(), line[found.end() :].lstrip(" \t")
    if name:
        headers.setdefault(name, value.rstrip("\r\n"))
    return headers


def _fields(block: bytes) -> tuple[object, object, object]:
    """The block's Message-ID, Date and Subject as the compat32 parser gives them (None when
    absent); the parser itself only for a block that is not plain."""
    plain = plain_headers(block)
    if plain is not None:
        return plain.get("message-id"), plain.get("date"), plain.get("subject")
    headers = _HEADER_PARSER.parsebytes(block)
    return headers.get("Message-ID"), headers.get("Date"), headers.get("Subject")


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
        self._files: dict[str, Path] = {}

    def _message_files(self) -> list[Path]:
        dirs = [self._root / "cur", self._root / "new"]
        # sorted by their text, the order of the paths themselves (one depth, one root) without
        # PurePath's slower comparison
        if any(d.is_dir() for d in dirs):
            files = (p for d in dirs if d.is_dir() for p in d.iterdir() if p.is_file())
            return sorted(files, key=str)
        return sorted(self._root.glob("*.eml"), key=str)

    def list_matching(
        self, *, keywords: Sequence[str], cursor: dict[str, Any] | None
    ) -> list[MessageRef]:
        refs: list[MessageRef] = []
        try:
            files = self._message_files()
            for path in files:
                with path.open("rb") as fh:
                    message_id_header, date, subject = _fields(header_block(fh))
                message_id = _header(message_id_header).strip().strip("<>")
                if not message_id:
                    message_id = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
                received = _received_at(_header(date))
                self._files[message_id] = path
                refs.append(MessageRef(message_id, None, received, _header(subject)))
        except OSError as exc:
            raise Transient(f"maildir read failed: {exc}") from exc
        return refs

    def fetch_raw(self, ref: MessageRef) -> bytes:
        try:
            return self._files[ref.provider_message_id].read_bytes()
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
