"""Header limits applied to raw bytes before the ``email`` package parses them.

The stdlib header parser is superlinear on long headers: a 1.1 MB Subject costs tens of
seconds of CPU. No real header needs more than a few kilobytes (a long thread's References
stays under ``MAX_HEADER_BYTES``), so each header field is cut at that length and the whole
top-level header block at ``MAX_HEADER_BLOCK_BYTES`` before parsing; what was cut is reported.
"""

from __future__ import annotations

import re

MAX_HEADER_BYTES = 16 * 1024  # one header field, folded lines included
MAX_HEADER_BLOCK_BYTES = 128 * 1024  # every top-level header together

_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_LINE = re.compile(rb"[^\n]*(?:\n|$)")


def cap_headers(raw: bytes) -> tuple[bytes, list[str]]:
    """``raw`` with each top-level header field cut to ``MAX_HEADER_BYTES`` and the header
    block to ``MAX_HEADER_BLOCK_BYTES``; the defects saying what was cut (the body is kept)."""
    blank = _BLANK_LINE.search(raw)
    # the block keeps its last line break; the rest starts with the blank line
    end = raw.index(b"\n", blank.start()) + 1 if blank is not None else len(raw)
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
