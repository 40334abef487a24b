"""Header limits applied to raw bytes before the ``email`` package parses them.

The stdlib header parser is superlinear on long headers: a 1.1 MB Subject costs tens of
seconds of CPU. No real header needs more than a few kilobytes (a long thread's References
stays under ``MAX_HEADER_BYTES``), so each header field is cut at that length and the whole
top-level header block at ``MAX_HEADER_BLOCK_BYTES`` before parsing; what was cut is reported.
The parser reads nested parts' headers in the same pass, so those are cut too: each field at
``MAX_HEADER_BYTES``, each part's block at ``MAX_PART_HEADER_BYTES`` and ``MAX_PART_HEADER_FIELDS``
(a part with a megabyte-long line or a hundred thousand lines costs bounded time).
"""

from __future__ import annotations

import re

MAX_HEADER_BYTES = 16 * 1024  # one header field, folded lines included
MAX_HEADER_BLOCK_BYTES = 128 * 1024  # every top-level header together
MAX_PART_HEADER_BYTES = 64 * 1024  # one nested part's headers together
MAX_PART_HEADER_FIELDS = 500  # one nested part's headers (a forwarded message's Received lines)
MAX_BOUNDARIES = 64  # distinct multipart boundaries looked for; real mail declares a handful

_LINE = re.compile(rb"[^\n]*(?:\n|$)")
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\r\n;]{1,70})', re.IGNORECASE)
_MESSAGE_PART = re.compile(rb"^content-type:\s*message/", re.IGNORECASE | re.MULTILINE)


def header_end(raw: bytes, start: int = 0) -> int:
    """Where the header block starting at ``start`` ends, its last line break included: past the
    first line break from ``start`` on that an empty line (CRLF or LF) follows; -1 when none
    does. Two byte searches, not a regex tried at every byte."""
    lf = raw.find(b"\n\n", start)
    # a CRLF empty line counts only before the first LF one
    crlf = raw.find(b"\n\r\n", start, lf + 2 if lf >= 0 else len(raw))
    found = crlf if crlf >= 0 and (lf < 0 or crlf < lf) else lf
    return found + 1 if found >= 0 else -1


def cap_headers(raw: bytes) -> tuple[bytes, list[str]]:
    """``raw`` with each top-level header field cut to ``MAX_HEADER_BYTES`` and the header
    block to ``MAX_HEADER_BLOCK_BYTES``; the defects saying what was cut (the body is kept)."""
    # the block keeps its last line break; the rest starts with the blank line
    end = header_end(raw)
    end = end if end >= 0 else len(raw)
    if end <= MAX_HEADER_BYTES:
        return raw, []  # the common case: nothing to look at
    block, rest = raw[:end], raw[end:]
    defects: list[str] = []
    kept: list[bytes] = []
    size = 0
    for field in _fields(block):
        name = field.split(b":", 1)[0].strip().decode("ascii", errors="replace")[:64]
        if len(field) > MAX_HEADER_BYTES:
            field = _cut(field, MAX_HEADER_BYTES)
            defects.append(f"header-truncated:{name}")
        if size + len(field) > MAX_HEADER_BLOCK_BYTES:
            defects.append("header-block-truncated")
            break
        kept.append(field)
        size += len(field)
    return b"".join(kept) + rest, defects


def cap_part_headers(raw: bytes) -> tuple[bytes, list[str]]:
    """``raw`` with the headers of every nested part (after a delimiter line of a boundary the
    message declares, and of a message/* part's enclosed message) cut to the part limits; the
    defects saying what was cut. Linear: each byte is looked at a bounded number of times."""
    if b"boundary" not in raw.lower():  # _BOUNDARY (ASCII case-insensitive) cannot match
        return raw, []
    boundaries = list(dict.fromkeys(m.group(1).rstrip() for m in _BOUNDARY.finditer(raw)))
    if not boundaries:
        return raw, []
    alternatives = b"|".join(re.escape(b) for b in boundaries[:MAX_BOUNDARIES])
    delimiter = re.compile(rb"^--(?:" + alternatives + rb")[ \t]*\r?\n", re.MULTILINE)
    pieces: list[bytes] = []
    defects: list[str] = []
    done = 0  # raw[:done] is in pieces
    for match in delimiter.finditer(raw):
        if match.start() < done:
            continue  # inside a header block already cut
        start = match.end()
        while True:  # the part's headers, then those of the message it encloses, if any
            end = _header_block_end(raw, start)
            block = raw[start:end]
            if len(block) > MAX_HEADER_BYTES or block.count(b"\n") > MAX_PART_HEADER_FIELDS:
                pieces += [raw[done:start], _cap_part_block(block, defects)]
                done = end
            if end in (start, len(raw)) or not _MESSAGE_PART.search(block[:MAX_PART_HEADER_BYTES]):
                break
            start = end + (2 if raw.startswith(b"\r\n", end) else 1)  # past the blank line
    if not defects:
        return raw, []
    pieces.append(raw[done:])
    return b"".join(pieces), defects


def _header_block_end(raw: bytes, start: int) -> int:
    """Where the header block starting at ``start`` ends (its last line break included)."""
    if raw.startswith((b"\r\n", b"\n"), start):
        return start  # no headers
    end = header_end(raw, start)
    return end if end >= 0 else len(raw)


def _cap_part_block(block: bytes, defects: list[str]) -> bytes:
    kept: list[bytes] = []
    size = 0
    for field in _fields(block):
        if len(field) > MAX_HEADER_BYTES:
            name = field.split(b":", 1)[0].strip().decode("ascii", errors="replace")[:64]
            field = _cut(field, MAX_HEADER_BYTES)
            defects.append(f"part-header-truncated:{name}")
        if size + len(field) > MAX_PART_HEADER_BYTES or len(kept) == MAX_PART_HEADER_FIELDS:
            defects.append("part-header-block-truncated")
            break
        kept.append(field)
        size += len(field)
    return b"".join(kept)


def _fields(block: bytes) -> list[bytes]:
    """The header block as whole fields: a line and its folded continuation lines."""
    fields: list[list[bytes]] = []  # lines per field, joined once (no quadratic +=)
    for match in _LINE.finditer(block):
        line = match.group()
        if not line:
            continue
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1].append(line)
        else:
            fields.append([line])
    if fields and not fields[-1][-1].endswith(b"\n"):
        fields[-1].append(b"\r\n")
    return [b"".join(lines) for lines in fields]


def _cut(field: bytes, limit: int) -> bytes:
    """A field cut to ``limit`` bytes and ended with a line break (never a dangling fold)."""
    return field[: limit - 2].rstrip(b"\r\n") + b"\r\n"
