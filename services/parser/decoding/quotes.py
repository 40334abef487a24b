"""Quoted reply history out, forwarded content in.

mail-parser-reply finds the reply headers ("On … wrote:", Outlook "From:/Sent:" blocks). It would
also treat a forwarded message's header block as history, and its own fragments have every line
stripped (which breaks table layout), so it is only used to *locate* headers; the cut is made on
the original lines. History marked with ">" is dropped line by line, so what a bottom-posted or
interleaved reply says below or between the quotes stays.
"""

from __future__ import annotations

import re
from itertools import chain

from mailparser_reply import EmailMessage, EmailReplyParser

__all__ = ["strip_quoted_history"]

_REPLY_PARSER = EmailReplyParser(languages=["en"])
_MAX_SCAN = 60_000  # characters handed to mail-parser-reply; its signature regex is super-linear
# Gmail / Apple / Thunderbird forward separators always introduce forwarded content.
_FORWARD_MARKER = re.compile(
    r"^[ >]*(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:"
    r"|-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Attached message\s*-{2,})\s*$",
    re.IGNORECASE,
)
# Outlook's "-----Original Message-----" separates replies too; it counts as a forward marker
# only when the subject says Fwd/FW.
_ORIGINAL_MESSAGE = re.compile(r"original message", re.IGNORECASE)
_BEGIN_FORWARDED = re.compile(r"begin forwarded message:", re.IGNORECASE)
_HEADER_LINE = re.compile(
    r"^[ >*]*(?:From|Sent|Date|To|Cc|Bcc|Subject|Reply-To)\s*:\s*\**", re.IGNORECASE
)
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_QUOTED_LINE = re.compile(r"^\s*>")
# What every reply header mail-parser-reply's HEADER_REGEX (English) finds contains: "… wrote:",
# "From:"-style lines, "Original Message". Most mail has none, and that regex is slow.
_HEADER_WORDS = re.compile(
    r"wrote:|(?:from|sent|to|subject|date|cc|organization):|original message", re.IGNORECASE
)
# _HEADER_WORDS in two cheaper steps (an IGNORECASE alternation is tried at every position): the
# literal, then a word ending right before each colon. A case-insensitive match is one character
# per character, so a word ends in the 12 characters ("organization") before its colon.
_COLON_WORDS = ("wrote", "from", "sent", "to", "subject", "date", "cc", "organization")
_WORD_BEFORE_COLON = re.compile(rf"(?:{'|'.join(_COLON_WORDS)})\Z", re.IGNORECASE)
_LONGEST_WORD = len("organization")
# A colon right after one of the words, in lower-case text: re jumps from colon to colon (the
# pattern starts with one) and asks the look-behinds there, not the alternation everywhere.
_COLON_AFTER_WORD = re.compile(":(?:{})".format("|".join(f"(?<={w}:)" for w in _COLON_WORDS)))
# What HEADER_REGEX needs beyond a header word: "… wrote:", "Original Message", or a "From:"-style
# word at the start of a line of the normalised text, after ">", "*" and spaces. Normalising
# strips each line and drops an underscore rule before it, so in the text as given the word may
# follow whitespace and rule characters too (possessive: one pass over a line's prefix).
_WROTE_OR_ORIGINAL = re.compile(r"wrote:|original message", re.IGNORECASE)
_WORD_STARTS_LINE = re.compile(
    r"^(?:[^\S\n]|[>*_-])*+(?:{}):".format("|".join(_COLON_WORDS[1:])),
    re.IGNORECASE | re.MULTILINE,
)


def strip_quoted_history(text: str, *, forwarded: bool) -> str:
    """Keep what the sender wrote plus, for forwards, the forwarded message's body."""
    if not forwarded and not _may_have_forward_marker(text):
        return _strip_replies(text)  # what a search of every line would come to
    lines = text.split("\n")
    marker = _forward_marker(lines, forwarded=forwarded)
    if marker is None:
        return _strip_replies(text)
    header_end = _skip_header_block(lines, marker + 1)
    kept = "\n".join(lines[:header_end])
    # The forwarded message may carry its own reply chain: strip that one.
    return kept + "\n" + _strip_replies("\n".join(lines[header_end:]))


def _forward_marker(lines: list[str], *, forwarded: bool) -> int | None:
    for i, line in enumerate(lines):
        if _FORWARD_MARKER.match(line):
            if _ORIGINAL_MESSAGE.search(line) and not forwarded:
                return None
            return i
        if forwarded and _starts_header_block(lines, i):
            return i - 1  # Outlook forwards have no separator line, only the header block
    return None


def _may_have_forward_marker(text: str) -> bool:
    """False when no line can match _FORWARD_MARKER: each of its separators holds "--" or
    "Begin forwarded message:" (neither spans a line break)."""
    if "--" in text:
        return True
    if text.isascii():  # a case-insensitive match is one of the lowercased text
        return "begin forwarded message:" in text.lower()
    return _BEGIN_FORWARDED.search(text) is not None


def _starts_header_block(lines: list[str], i: int) -> bool:
    line = lines[i]
    if not re.match(r"^[ >*]*From\s*:", line, re.IGNORECASE):
        return False
    following = [candidate for candidate in lines[i + 1 : i + 4] if candidate.strip()]
    return bool(following) and _HEADER_LINE.match(following[0]) is not None


def _skip_header_block(lines: list[str], start: int) -> int:
    i = start
    while i < len(lines) and (not lines[i].strip() or _OUTLOOK_RULE.match(lines[i])):
        i += 1
    seen_header = False
    while i < len(lines):
        line = lines[i]
        if _HEADER_LINE.match(line):
            seen_header = True
        elif not (seen_header and line.strip() and line[:1] in " \t"):
            break  # continuation lines of a folded header are indented
        i += 1
    return i if seen_header else start


def _reply_headers(text: str) -> list[str]:
    """``_REPLY_PARSER.read(text)``'s reply headers. read() first finds the headers, then
    looks for signatures and disclaimers in every piece (most of its cost, and unused here):
    without a header there is one piece and no header, so the search alone answers."""
    # Searched in the text as given: EmailMessage's normalising (lines stripped, an underscore
    # rule turned into a line break) neither makes nor breaks a match, which spans no line
    # break and neither starts nor ends with whitespace.
    if not _has_header_word(text) or not _may_start_header(text):
        return []
    message = EmailMessage(text=text, languages=_REPLY_PARSER.languages)  # as read() builds it
    found = message.HEADER_REGEX.findall(message.text)  # read()'s first step
    if not any(header for header in chain.from_iterable(found)):
        return []
    return [reply.headers for reply in message.read().replies if reply.headers]


def _may_start_header(text: str) -> bool:
    """False when HEADER_REGEX cannot match ``text`` once normalised (_WORD_STARTS_LINE): most
    header words in mail are mid-line ("Resume to be sent: ...")."""
    return _WROTE_OR_ORIGINAL.search(text) is not None or _WORD_STARTS_LINE.search(text) is not None


def _has_header_word(text: str) -> bool:
    """``_HEADER_WORDS.search(text) is not None``, faster."""
    if text.isascii():  # most mail: a case-insensitive match is one of the lowercased text
        lowered = text.lower()
        return "original message" in lowered or _COLON_AFTER_WORD.search(lowered) is not None
    if _ORIGINAL_MESSAGE.search(text):  # characters that fold onto ASCII letters (long s ...)
        return True
    colon = text.find(":")
    while colon >= 0:
        if _WORD_BEFORE_COLON.search(text, max(0, colon - _LONGEST_WORD), colon):
            return True
        colon = text.find(":", colon + 1)
    return False


def _strip_replies(text: str) -> str:
    headers = _reply_headers(text[:_MAX_SCAN])
    if not headers:
        return text
    lines = text.split("\n")
    header_lines: dict[int, int] = {}  # start line -> how many lines the header spans
    for header in headers:
        start = _locate(lines, header)
        if start is not None:
            header_lines.setdefault(start, header.strip().count("\n") + 1)
    if not header_lines:
        return text
    kept = _new_text(lines, header_lines)
    if any(line.strip() for line in kept):
        return "\n".join(kept)
    # Nothing but history (an empty reply): the newest quoted message, with the older ones it
    # quotes, is the content.
    starts = sorted(i for i in header_lines if not _QUOTED_LINE.match(lines[i])) or [
        min(header_lines)
    ]
    end = starts[1] if len(starts) > 1 else len(lines)
    return "\n".join(lines[starts[0] : end])


def _new_text(lines: list[str], header_lines: dict[int, int]) -> list[str]:
    """The lines the sender wrote. History marked with ">" (bottom-posted and interleaved
    replies) is dropped line by line, so new text below or between quotes stays; unmarked
    history (Outlook blocks, top-posting) runs to the end of the message."""
    kept: list[str] = []
    blanks: list[str] = []  # blank lines after a quote, kept only when new text follows them
    quoting = False  # a ">"-quoted reply header was seen: ">" lines from here on are history
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in header_lines:
            end = i + header_lines[i]
            if not _QUOTED_LINE.match(line) and not _quote_follows(lines, end):
                break
            quoting = True
            i = end
        elif quoting and _QUOTED_LINE.match(line):
            i += 1
        elif quoting and not line.strip():
            blanks.append(line)
            i += 1
        else:
            kept += blanks
            kept.append(line)
            blanks = []
            i += 1
    return kept


def _quote_follows(lines: list[str], i: int) -> bool:
    """Whether the first non-blank line from ``i`` on is ">"-quoted."""
    for line in lines[i:]:
        if line.strip():
            return _QUOTED_LINE.match(line) is not None
    return False


def _locate(lines: list[str], header: str) -> int | None:
    first = header.strip().split("\n", 1)[0].strip()
    if not first:
        return None
    for i, line in enumerate(lines):
        if line.strip() == first:
            return i
    return None
