"""Raw RFC 822 bytes → clean body text (notes: mail-providers.md §4).

Contract: ``decode_email`` never raises. Whatever the parser, a header or a charset trips over is
recorded in ``DecodedEmail.defects``; the worst case is an empty ``text``.
"""

from __future__ import annotations

import logging
import re
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from typing import NamedTuple

from services.parser.decoding import attachments
from services.parser.decoding.attachments import AttachmentText, decode_bytes
from services.parser.decoding.headercache import CACHING_POLICY, content_charset
from services.parser.decoding.headerlimit import cap_headers, cap_part_headers
from services.parser.decoding.htmltext import html_to_text
from services.parser.decoding.quotes import strip_quoted_history
from services.parser.decoding.repair import (
    encoded_message_bytes,
    looks_binary,
    reread_multipart,
)

__all__ = ["AttachmentInfo", "AttachmentText", "DecodedEmail", "decode_email"]

logger = logging.getLogger(__name__)

# What the stdlib parser and header objects raise on malformed input (cpython#151857, #148518).
_PARSE_ERRORS = (MessageError, LookupError, ValueError, TypeError, AttributeError, AssertionError)

_ATTACHED_MARKER = "---------- Attached message ----------"  # quotes.py keeps what follows
_MAX_DEPTH = 4  # nested message/rfc822 levels we follow; deeper ones are noted, not decoded
_MAX_REREADS = 8  # broken multiparts re-read per email (each re-read parses its body again)
_REREAD_BYTES_PER_RAW_BYTE = 2  # the bodies re-read add up to at most twice the email
_HTML_PREFERRED_RATIO = 0.6  # plain part with < 60 % of the HTML's words is "much poorer"
# "This message is best viewed in HTML": a plain part that only points at the HTML one.
_HTML_PLACEHOLDER = re.compile(r"\bhtml\b|\bbrowser\b", re.IGNORECASE)
_PLACEHOLDER_WORDS = 30
# Zero-width characters and C0 controls (other than newline and tab) only get in the way of regexes.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_RUNS = re.compile(r"\n{3,}")
# Headers read as written when plain ASCII (_plain_ascii): building policy.default's header
# object for them is most of the cost of reading them.
_AS_WRITTEN = frozenset({"Subject", "Date"})
# "Priya Sharma <priya@vendor.com>", '"Priya Sharma" <priya@vendor.com>' or "priya@vendor.com":
# a name of single-spaced words (a dot or apostrophe at most), quoted or not, a dot-atom address;
# policy.default's object reads back (quoted at most) to the same name and address.
_ADDR_SPEC = r"[\w%+-]+(?:\.[\w%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_NAME_WORDS = r"[A-Za-z0-9'-]+\.?(?: [A-Za-z0-9'-]+\.?)*"
_PLAIN_MAILBOX = re.compile(
    rf"(?:(?P<name>{_NAME_WORDS}) <(?P<addr>{_ADDR_SPEC})>"
    rf'|"(?P<quoted>{_NAME_WORDS})" <(?P<quoted_addr>{_ADDR_SPEC})>|(?P<bare>{_ADDR_SPEC}))\Z',
    re.ASCII,
)
# "<id@host>" without comments or quoting: policy.default's object reads back as written.
_PLAIN_MESSAGE_ID = re.compile(r"<[\w.+=$%&'*/?^`{|}~#!-]+@[A-Za-z0-9.-]+>\Z", re.ASCII)
# Content-Type values whose charset is cached: real ones are short, and the cache stays small.
_CACHED_CONTENT_TYPE_CHARS = 512
_FWD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw)\s*:\s*)*(?:fwd?|fw)\s*:", re.IGNORECASE)


class AttachmentInfo(NamedTuple):
    filename: str | None
    content_type: str
    size: int  # bytes after transfer decoding


@dataclass(frozen=True)
class DecodedEmail:
    subject: str
    sender: str
    message_id: str
    date: datetime | None
    text: str
    html_used: bool
    defects: list[str] = field(default_factory=list)
    attachments: list[AttachmentInfo] = field(default_factory=list)
    # Every MIME type seen (bounce reports, calendar parts) and bulk-mail headers: cheap,
    # strong hints for the classifier.
    content_types: list[str] = field(default_factory=list)
    is_bulk: bool = False
    # Readable attachments (PDF, DOCX, CSV, text) in order, bounded by attachments.MAX_*.
    attachment_texts: list[AttachmentText] = field(default_factory=list)


class _Leaf(NamedTuple):
    part: Message
    parent: str  # content type of the enclosing multipart ("" for the message itself)


@dataclass
class _Walk:
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


def decode_email(raw: bytes) -> DecodedEmail:
    walk = _Walk()
    try:
        raw, cut = cap_headers(raw)  # before the stdlib parser, superlinear on long headers
        walk.defects.extend(cut)
        raw, cut = cap_part_headers(raw)  # the same parser pass reads every part's headers
        walk.defects.extend(cut)
        walk.reread_budget = _REREAD_BYTES_PER_RAW_BYTE * len(raw)
        msg = _parse(raw, walk)
        subject = _header(msg, "Subject", walk)
        text = _message_text(msg, walk, depth=0)
        text = strip_quoted_history(text, forwarded=bool(_FWD_SUBJECT.match(subject)))
        return DecodedEmail(
            subject=subject,
            sender=_sender(_header(msg, "From", walk)),
            message_id=_header(msg, "Message-ID", walk).strip(),
            date=_date(_header(msg, "Date", walk), walk),
            text=_tidy(text),
            html_used=walk.html_used,
            defects=walk.defects,
            attachments=walk.attachments,
            content_types=walk.content_types,
            is_bulk=_is_bulk(msg, walk),
            attachment_texts=_attachment_texts(walk),
        )
    except Exception:  # the never-raise contract: anything unforeseen becomes a defect
        logger.exception("decode_email failed")
        walk.defects.append("decode-failed")
        return DecodedEmail("", "", "", None, "", False, walk.defects, walk.attachments)


def _parse(raw: bytes, walk: _Walk) -> Message:
    try:
        msg: Message = BytesParser(policy=CACHING_POLICY).parsebytes(raw)
    except _PARSE_ERRORS as exc:
        walk.defects.append(f"parse-fallback-compat32:{type(exc).__name__}")
        msg = BytesParser(policy=policy.compat32).parsebytes(raw)
    walk.defects.extend(type(d).__name__ for d in msg.defects)
    return msg


def _header(msg: Message, name: str, walk: _Walk) -> str:
    """Header as one line of text; lazy header parsing under policy.default can raise."""
    try:
        if isinstance(msg, EmailMessage):
            item = walk.first_item(msg, name)
            if item is None:
                return ""
            if _as_written(name, item[1]):
                return _one_line(item[1])
            # what msg.get does: policy.default decodes RFC 2047 words
            return _one_line(str(msg.policy.header_fetch_parse(*item)))
        value = msg.get(name)
        if value is None:
            return ""
        return _one_line(str(make_header(decode_header(str(value)))))
    except _PARSE_ERRORS:
        walk.defects.append(f"header-unreadable:{name}")
    for key, raw_value in msg.raw_items():
        if key.lower() == name.lower():
            try:
                return _one_line(str(make_header(decode_header(str(raw_value)))))
            except _PARSE_ERRORS:
                return _one_line(str(raw_value))
    return ""


def _as_written(name: str, value: str) -> bool:
    if name == "From":  # only the plainest mailbox: policy.default would re-render the rest
        return _PLAIN_MAILBOX.match(value) is not None
    if name == "Message-ID":
        return _PLAIN_MESSAGE_ID.match(value) is not None
    return name in _AS_WRITTEN and _plain_ascii(value)


def _plain_ascii(value: str) -> bool:
    """No encoded words, 8-bit bytes or control characters: policy.default's header object
    would read back as the value itself (Subject), or as a date that parses to the same
    datetime (Date), so the object need not be built."""
    return value.isascii() and "=?" not in value and _INVISIBLE.search(value) is None


def _one_line(value: str) -> str:
    # NUL and other controls cannot be stored in PostgreSQL text (subject → job title).
    return " ".join(_INVISIBLE.sub("", value).split())


def _sender(value: str) -> str:
    plain = _PLAIN_MAILBOX.match(value)
    if plain is not None:  # what parseaddr reads from it, without its tokenizer
        name = plain.group("name") or plain.group("quoted") or ""
        addr = plain.group("addr") or plain.group("quoted_addr") or plain.group("bare")
    else:
        name, addr = parseaddr(value)
    if not addr:
        return value
    return f"{name} <{addr}>" if name else addr


def _date(value: str, walk: _Walk) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except _PARSE_ERRORS:
        walk.defects.append("date-unparseable")
        return None
    # "-0000" (unknown zone) yields a naive datetime; RFC 5322 says the time is UTC then.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _is_bulk(msg: Message, walk: _Walk) -> bool:
    precedence = _header(msg, "Precedence", walk).lower()
    return bool(
        _header(msg, "List-Unsubscribe", walk)
        or _header(msg, "List-Id", walk)
        or precedence in {"bulk", "list", "junk"}
    )


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except _PARSE_ERRORS:
        return "application/octet-stream"


def _is_attachment(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
    except _PARSE_ERRORS:
        return False
    return disposition == "attachment"


def _filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except _PARSE_ERRORS:
        return None


def _payload_bytes(part: Message, walk: _Walk) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except _PARSE_ERRORS:
        walk.defects.append("payload-undecodable")
        return b""
    return payload if isinstance(payload, bytes) else b""


def _charset(part: Message, walk: _Walk) -> str | None:
    try:
        if part.policy is CACHING_POLICY:
            item = walk.first_item(part, "Content-Type")
            if item is not None and len(item[1]) <= _CACHED_CONTENT_TYPE_CHARS:
                return content_charset(*item)
        return part.get_content_charset()
    except _PARSE_ERRORS:
        return None


def _part_text(part: Message, walk: _Walk) -> str:
    data = _payload_bytes(part, walk)
    charset = _charset(part, walk)
    if looks_binary(data, charset):  # an image or archive labelled text: not the body
        walk.defects.append("binary-text-part")
        return ""
    text = decode_bytes(data, charset, walk.defects)
    if walk.content_type(part) == "text/html":
        return html_to_text(text, walk.defects)
    return text


def _message_text(msg: Message, walk: _Walk, depth: int) -> str:
    """Body text of one message plus the bodies of messages attached to it (message/rfc822)."""
    plain: list[_Leaf] = []
    html: list[_Leaf] = []
    text_attachments: list[Message] = []
    embedded: list[Message] = []
    for leaf in _leaves(msg, embedded, walk):
        part = leaf.part
        ctype = walk.content_type(part)
        walk.content_types.append(ctype)
        if ctype.startswith("multipart/"):  # no delimiter even after a re-read: plain text
            plain.append(leaf)
            continue
        attached = _is_attachment(part)
        if attached or not ctype.startswith("text/") or ctype == "text/calendar":
            walk.attachments.append(
                AttachmentInfo(_filename(part), ctype, len(_payload_bytes(part, walk)))
            )
        if attached and ctype in ("text/plain", "text/html"):
            text_attachments.append(part)
        elif ctype in ("text/plain", "text/html"):
            (plain if ctype == "text/plain" else html).append(leaf)
        elif attached or not ctype.startswith(("text/", "image/", "multipart/")):
            walk.readable.append(part)
    body = _choose_body(msg, plain, html, walk)
    if not body.strip() and text_attachments:
        walk.defects.append("body-from-attachment")
        body = "\n\n".join(_part_text(p, walk) for p in text_attachments)
    else:  # text attachments that are not the body are read like any other attachment
        walk.readable.extend(text_attachments)
    for inner in embedded:
        if depth >= _MAX_DEPTH:
            walk.defects.append("rfc822-too-deep")
            continue
        inner_subject = _header(inner, "Subject", walk)
        inner_text = _message_text(inner, walk, depth + 1)
        body += f"\n\n{_ATTACHED_MARKER}\nSubject: {inner_subject}\n\n{inner_text}"
    return body


def _attachment_texts(walk: _Walk) -> list[AttachmentText]:
    found: list[AttachmentText] = []
    budget = attachments.MAX_TOTAL_CHARS
    for number, part in enumerate(walk.readable, start=1):
        data = _payload_bytes(part, walk)
        ctype = walk.content_type(part)
        kind = attachments.attachment_kind(_filename(part), ctype, data)
        if kind is None or not data:
            continue
        if len(found) >= attachments.MAX_ATTACHMENTS or budget <= 0:
            walk.defects.append("attachments-truncated")
            break
        name = _filename(part) or f"attachment-{number}.{kind}"
        charset = _charset(part, walk)
        if kind in ("text", "html", "csv") and looks_binary(data, charset):
            walk.defects.append(f"attachment-binary:{name}")
            continue
        text = attachments.attachment_text(
            data, kind, charset=charset, budget=budget, defects=walk.defects, name=name
        )
        if kind == "html":
            text = html_to_text(text, walk.defects)
        text = _tidy(text)[:budget]
        if text.strip():
            found.append(AttachmentText(name, ctype, text))
            budget -= len(text)
    return found


def _leaves(msg: Message, embedded: list[Message], walk: _Walk) -> list[_Leaf]:
    """Non-multipart parts in order; message/rfc822 payloads go to ``embedded`` instead."""
    found: list[_Leaf] = []
    stack: list[_Leaf] = [_Leaf(msg, "")]
    while stack:
        part, parent = stack.pop(0)
        ctype = walk.content_type(part)
        if ctype == "message/rfc822" or (ctype.startswith("message/") and part.is_multipart()):
            walk.content_types.append(ctype)
            inner = part.get_payload()
            # message/delivery-status etc. carry header blocks, not body text
            first = inner[0] if isinstance(inner, list) and inner else None
            if ctype == "message/rfc822" and isinstance(first, Message):
                embedded.append(_unwrapped(part, first, walk))
            continue
        if ctype.startswith("multipart/") and not part.is_multipart():
            reread = _reread(part, walk)
            if reread is not None:
                walk.content_types.append(ctype)
                stack[0:0] = [_Leaf(c, ctype) for c in reread]
                continue
        if part.is_multipart():
            walk.content_types.append(ctype)
            children = part.get_payload()
            if isinstance(children, list):
                stack[0:0] = [_Leaf(c, ctype) for c in children if isinstance(c, Message)]
            continue
        found.append(_Leaf(part, parent))
    return found


def _unwrapped(part: Message, inner: Message, walk: _Walk) -> Message:
    """The attached message, decoded first when it came base64/quoted-printable-encoded."""
    raw = encoded_message_bytes(part, inner)
    if raw is None:
        return inner
    walk.defects.append("rfc822-encoded")
    return _parse(raw, walk)  # falls back to compat32 like the outer message


def _reread(part: Message, walk: _Walk) -> list[Message] | None:
    """A multipart whose body no delimiter split, re-read (repair.reread_multipart)."""
    body = _payload_bytes(part, walk)
    if walk.rereads >= _MAX_REREADS or len(body) > walk.reread_budget:
        walk.defects.append("multipart-reread-limit")
        return None
    walk.rereads += 1
    walk.reread_budget -= len(body)
    try:
        children = reread_multipart(part, body)
    except _PARSE_ERRORS:
        children = None
    walk.defects.append("multipart-reread" if children is not None else "multipart-unsplit")
    return children


def _choose_body(msg: Message, plain: list[_Leaf], html: list[_Leaf], walk: _Walk) -> str:
    plain_text = "\n\n".join(_part_text(p, walk) for p in _body_parts(msg, "plain", plain))
    html_parts = _body_parts(msg, "html", html)
    if not html_parts:
        return plain_text
    html_text = "\n\n".join(_part_text(p, walk) for p in html_parts)
    plain_words = len(plain_text.split())
    placeholder = plain_words < _PLACEHOLDER_WORDS and _HTML_PLACEHOLDER.search(plain_text)
    if placeholder or plain_words < _HTML_PREFERRED_RATIO * len(html_text.split()):
        walk.html_used = True
        return html_text
    return plain_text


def _body_parts(msg: Message, subtype: str, walked: list[_Leaf]) -> list[Message]:
    """get_body()'s RFC 2046 choice, plus same-type inline parts next to it in a
    multipart/mixed (Apple Mail splits a body around inline images). get_body() exists only
    under policy.default and skips text that is only an attachment: the walk covers both."""
    chosen: Message | None = None
    # A single-part message: get_body() can only choose the message itself, the one leaf
    # walked (or nothing, which the walk says too), so the answer is the walk's.
    if isinstance(msg, EmailMessage) and msg.is_multipart():
        try:
            chosen = msg.get_body(preferencelist=(subtype,))
        except _PARSE_ERRORS:
            chosen = None
    if chosen is None or all(leaf.part is not chosen for leaf in walked):
        return [leaf.part for leaf in walked]
    siblings = [leaf.part for leaf in walked if leaf.parent == "multipart/mixed"]
    return [chosen, *(p for p in siblings if p is not chosen)]


def _tidy(text: str) -> str:
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\t", "    ")
    lines = [line.rstrip() for line in text.split("\n")]
    text = _BLANK_RUNS.sub("\n\n", "\n".join(lines))
    # HTML layouts indent everything by a container's padding; keep only relative indentation.
    # A line that starts with a character other than a space (tabs are spaces by now) leaves
    # dedent no margin to remove: most text is returned as it is, without its regexes.
    if any(line[:1] not in ("", " ") for line in lines):
        return text.strip("\n")
    return textwrap.dedent(text).strip("\n")
