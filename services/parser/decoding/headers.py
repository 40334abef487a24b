"""A message's headers as one line of text each: Subject, sender, Message-ID, Date, bulk mail.

Header objects of ``policy.default`` are built lazily and can raise on malformed values; the
plainest values (most mail) are read as written, which is what the object would read back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

# the RFC 2047 decoder the stdlib's header parser calls (typeshed leaves private modules out)
from email import _encoded_words as encoded_words  # type: ignore[attr-defined]
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.policy import Policy
from email.utils import parseaddr, parsedate_to_datetime
from functools import lru_cache

from services.parser.decoding.parts import PARSE_ERRORS, Walk
from services.parser.decoding.tidy import INVISIBLE

__all__ = [
    "BULK_FIELDS",
    "PLAIN_MAILBOX",
    "bulk_headers",
    "date",
    "field_text",
    "header",
    "is_bulk",
    "one_line",
    "plain_date",
    "sender",
]

# Headers read as written when plain ASCII (_plain_ascii): building policy.default's header
# object for them is most of the cost of reading them.
_AS_WRITTEN = frozenset({"Subject", "Date"})
# "Priya Sharma <priya@vendor.com>", '"Priya Sharma" <priya@vendor.com>' or "priya@vendor.com":
# a name of single-spaced words (a dot or apostrophe at most), quoted or not, a dot-atom address;
# policy.default's object reads back (quoted at most) to the same name and address.
_ADDR_SPEC = r"[\w%+-]+(?:\.[\w%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_NAME_WORDS = r"[A-Za-z0-9'-]+\.?(?: [A-Za-z0-9'-]+\.?)*"
PLAIN_MAILBOX = re.compile(
    rf"(?:(?P<name>{_NAME_WORDS}) <(?P<addr>{_ADDR_SPEC})>"
    rf'|"(?P<quoted>{_NAME_WORDS})" <(?P<quoted_addr>{_ADDR_SPEC})>|(?P<bare>{_ADDR_SPEC}))\Z',
    re.ASCII,
)
# "Need =?utf-8?q?=E2=80=93_Java?= 12 months": plain words (no "=?") around encoded words, each
# delimited by whitespace; a Q payload escapes "=" as =XX, a B payload is base64 (neither can
# end the word early, or start with what the stdlib reads as an escaped "?=").
_ENCODED_WORD = re.compile(
    r"=\?[A-Za-z0-9_-]+\?(?:[Qq]\?(?:[!-<>@-~]|=[0-9A-Fa-f]{2})+|[Bb]\?[A-Za-z0-9+/]+={0,2})\?="
)
_PLAIN_ENCODED = re.compile(
    rf"(?P<before>(?:(?:(?!=\?)[!-~])+[ \t]+)*)"
    rf"(?P<words>{_ENCODED_WORD.pattern}(?:[ \t]+{_ENCODED_WORD.pattern})*)"
    rf"(?P<after>(?:[ \t]+(?:(?!=\?)[!-~])+)*[ \t]*)"
)
_LINE_BREAKS = re.compile(r"\n|\r")
# "Mon, 2 Nov 2026 08:00:00 +0000": a four-digit year (no two-digit year rules), a numeric zone
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLAIN_DATE = re.compile(
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{{1,2}}) ({'|'.join(_MONTHS)}) ([1-9][0-9]{{3}})"
    r" ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{4})\Z",
    re.ASCII,
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, start=1)}
# "<id@host>" without comments or quoting: policy.default's object reads back as written.
_PLAIN_MESSAGE_ID = re.compile(r"<[\w.+=$%&'*/?^`{|}~#!-]+@[A-Za-z0-9.-]+>\Z", re.ASCII)


def header(msg: Message, name: str, walk: Walk) -> str:
    """Header as one line of text; lazy header parsing under policy.default can raise."""
    if isinstance(msg, EmailMessage):
        return field_text(walk.first_item(msg, name), name, walk, msg.policy)
    try:
        value = msg.get(name)
        if value is None:
            return ""
        return one_line(str(make_header(decode_header(str(value)))))
    except PARSE_ERRORS:
        walk.defects.append(f"header-unreadable:{name}")
    for key, raw_value in msg.raw_items():
        if key.lower() == name.lower():
            return _raw_text(raw_value)
    return ""


def field_text(item: tuple[str, str] | None, name: str, walk: Walk, policy: Policy) -> str:
    """``header`` of a message under ``policy`` (policy.default's kind) whose first field
    called ``name`` is ``item`` (as written), or None."""
    if item is None:
        return ""
    try:
        if _as_written(name, item[1]):  # no invisible character: one_line's words alone
            return " ".join(item[1].split())
        if name == "Subject":
            decoded = _encoded_words(item[1])
            if decoded is not None:
                return one_line(decoded)
        # what msg.get does: policy.default decodes RFC 2047 words
        return one_line(str(policy.header_fetch_parse(*item)))
    except PARSE_ERRORS:
        walk.defects.append(f"header-unreadable:{name}")
    return _raw_text(item[1])  # the first field of that name, as msg.raw_items() lists it


def _raw_text(raw_value: str) -> str:
    try:
        return one_line(str(make_header(decode_header(str(raw_value)))))
    except PARSE_ERRORS:
        return one_line(str(raw_value))


def _encoded_words(value: str) -> str | None:
    """``str(policy.default's header object)`` of an unstructured value made of plain ASCII
    words and whitespace-delimited RFC 2047 encoded words that decode without a defect (most
    non-ASCII subjects); None for any other value."""
    value = _LINE_BREAKS.sub("", value)  # as header_fetch_parse unfolds it
    found = _PLAIN_ENCODED.fullmatch(value)
    if found is None:
        return None
    words = []
    for word in _ENCODED_WORD.findall(found.group("words")):
        text, _, _, defects = encoded_words.decode(word)
        if defects or _has_surrogates(text):  # the object would sanitize or note them
            return None
        words.append(text)
    # whitespace between adjacent encoded words is dropped, the rest kept
    return found.group("before") + "".join(words) + found.group("after")


def _has_surrogates(text: str) -> bool:
    """email.utils._has_surrogates: undecodable bytes the header object would sanitize."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def _as_written(name: str, value: str) -> bool:
    if name == "From":  # only the plainest mailbox: policy.default would re-render the rest
        return PLAIN_MAILBOX.match(value) is not None
    if name == "Message-ID":
        return _PLAIN_MESSAGE_ID.match(value) is not None
    return name in _AS_WRITTEN and _plain_ascii(value)


def _plain_ascii(value: str) -> bool:
    """No encoded words, 8-bit bytes or control characters: policy.default's header object
    would read back as the value itself (Subject), or as a date that parses to the same
    datetime (Date), so the object need not be built."""
    return value.isascii() and "=?" not in value and INVISIBLE.search(value) is None


def one_line(value: str) -> str:
    # NUL and other controls cannot be stored in PostgreSQL text (subject → job title).
    return " ".join(INVISIBLE.sub("", value).split())


def sender(value: str) -> str:
    plain = PLAIN_MAILBOX.match(value)
    if plain is not None:  # what parseaddr reads from it, without its tokenizer
        name = plain.group("name") or plain.group("quoted") or ""
        addr = plain.group("addr") or plain.group("quoted_addr") or plain.group("bare")
    else:
        name, addr = parseaddr(value)
    if not addr:
        return value
    return f"{name} <{addr}>" if name else addr


def date(value: str, walk: Walk) -> datetime | None:
    if not value:
        return None
    try:
        parsed = plain_date(value)
        if parsed is None:
            parsed = parsedate_to_datetime(value)
    except PARSE_ERRORS:
        walk.defects.append("date-unparseable")
        return None
    # "-0000" (unknown zone) yields a naive datetime; RFC 5322 says the time is UTC then.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def plain_date(value: str) -> datetime | None:
    """``parsedate_to_datetime(value)`` of an RFC 5322 date as mail clients write it ("Mon, 2 Nov
    2026 08:00:00 +0530"), read without its general tokenizer; None for any other form. Raises
    ValueError where it does (a day, hour ... out of range)."""
    plain = _PLAIN_DATE.match(value)
    if plain is None:
        return None
    day, month, year, hour, minute, second, sign, zone = plain.groups()
    fields = (int(year), _MONTH_NUMBERS[month], int(day), int(hour), int(minute), int(second))
    if sign == "-" and zone == "0000":  # "-0000": the zone is unknown, the datetime naive
        return datetime(*fields)
    return datetime(*fields, tzinfo=_zone(sign, zone))


@lru_cache(maxsize=256)
def _zone(sign: str, zone: str) -> timezone:
    """The fixed-offset zone of "+0530" ("+", "0530"): built once per offset written (a few
    recur in all mail; timezone objects are immutable and compare by offset)."""
    offset = int(zone)
    seconds = (offset // 100) * 3600 + (offset % 100) * 60
    return timezone(timedelta(seconds=-seconds if sign == "-" else seconds))


def is_bulk(msg: Message, walk: Walk) -> bool:
    return bulk_headers(lambda name: header(msg, name, walk))


# the fields bulk_headers reads (lowercased): a message with none of them is not bulk mail
BULK_FIELDS = frozenset({"precedence", "list-unsubscribe", "list-id"})


def bulk_headers(read: Callable[[str], str]) -> bool:
    """Whether the headers ``read`` gives mark bulk mail (``is_bulk``)."""
    precedence = read("Precedence").lower()
    return bool(
        read("List-Unsubscribe") or read("List-Id") or precedence in {"bulk", "list", "junk"}
    )
