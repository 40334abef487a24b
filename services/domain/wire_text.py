"""Text that reaches a wire protocol (IMAP, SMTP, HTTP query strings) carries no control
characters: a CR or LF inside a username would end the command line and start another one."""

from __future__ import annotations

import unicodedata

# beyond C0/C1 (category Cc): Unicode line and paragraph separators end lines in some parsers
_LINE_BREAKING = frozenset({"Zl", "Zp"})


def control_characters(text: str) -> list[str]:
    """The control characters in ``text`` (C0, DEL, C1, U+2028/U+2029), as escapes like ``\\r``."""
    found = [
        c
        for c in text
        if unicodedata.category(c) == "Cc" or unicodedata.category(c) in _LINE_BREAKING
    ]
    return sorted({c.encode("unicode_escape").decode("ascii") for c in found})


def require_wire_safe(field: str, text: str) -> str:
    """``text`` unchanged, or ValueError naming the field (never echoing the value)."""
    bad = control_characters(text)
    if bad:
        raise ValueError(f"{field} contains control characters ({', '.join(bad)})")
    return text
