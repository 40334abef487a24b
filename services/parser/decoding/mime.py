"""Raw RFC 822 bytes → clean body text (notes: mail-providers.md §4).

Contract: ``decode_email`` never raises. Whatever the parser, a header or a charset trips over is
recorded in ``DecodedEmail.defects``; the worst case is an empty ``text``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import NamedTuple

from services.parser.decoding import attachments, headers, parts
from services.parser.decoding.attachments import AttachmentText, decode_bytes
from services.parser.decoding.headercache import CACHING_POLICY
from services.parser.decoding.headerlimit import cap_headers, cap_part_headers
from services.parser.decoding.htmltext import html_to_text
from services.parser.decoding.parts import PARSE_ERRORS, AttachmentInfo, Walk
from services.parser.decoding.plaincss import without_style_rules
from services.parser.decoding.plainmail import PlainMail, read_plain
from services.parser.decoding.quotes import strip_quoted_history
from services.parser.decoding.repair import (
    encoded_message_bytes,
    looks_binary,
    reread_multipart,
)
from services.parser.decoding.singlepart import read_single_part
from services.parser.decoding.tidy import tidy

__all__ = ["AttachmentInfo", "AttachmentText", "DecodedEmail", "decode_email"]

logger = logging.getLogger(__name__)

_ATTACHED_MARKER = "---------- Attached message ----------"  # quotes.py keeps what follows
_MAX_DEPTH = 4  # nested message/rfc822 levels we follow; deeper ones are noted, not decoded
_MAX_REREADS = 8  # broken multiparts re-read per email (each re-read parses its body again)
_REREAD_BYTES_PER_RAW_BYTE = 2  # the bodies re-read add up to at most twice the email
_HTML_PREFERRED_RATIO = 0.6  # plain part with < 60 % of the HTML's words is "much poorer"
# "This message is best viewed in HTML": a plain part that only points at the HTML one.
_HTML_PLACEHOLDER = re.compile(r"\bhtml\b|\bbrowser\b", re.IGNORECASE)
_PLACEHOLDER_WORDS = 30
_FWD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw)\s*:\s*)*(?:fwd?|fw)\s*:", re.IGNORECASE)


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


def decode_email(raw: bytes) -> DecodedEmail:
    walk = Walk()
    try:
        raw, cut = cap_headers(raw)  # before the stdlib parser, superlinear on long headers
        walk.defects.extend(cut)
        raw, cut = cap_part_headers(raw)  # the same parser pass reads every part's headers
        walk.defects.extend(cut)
        walk.reread_budget = _REREAD_BYTES_PER_RAW_BYTE * len(raw)
        plain = read_plain(raw)  # most mail: one text part, read without the stdlib's message
        if plain is not None:
            fields = plain.fields

            def read(name: str) -> str:
                return headers.field_text(fields.get(name.lower()), name, walk, CACHING_POLICY)

            # bulk_headers reads "" for each field the mail lacks (most lack all three)
            may_be_bulk = not fields.keys().isdisjoint(headers.BULK_FIELDS)
            return _decoded(
                read,
                lambda: _plain_text(plain, walk),
                walk,
                bulk=lambda: may_be_bulk and headers.bulk_headers(read),
            )
        msg = _parse(raw, walk)
        return _decoded(
            lambda name: headers.header(msg, name, walk),
            lambda: _message_text(msg, walk, depth=0),
            walk,
            bulk=lambda: headers.is_bulk(msg, walk),
        )
    except Exception:  # the never-raise contract: anything unforeseen becomes a defect
        logger.exception("decode_email failed")
        walk.defects.append("decode-failed")
        return DecodedEmail("", "", "", None, "", False, walk.defects, walk.attachments)


def _decoded(
    read: Callable[[str], str],
    body: Callable[[], str],
    walk: Walk,
    bulk: Callable[[], bool] | None = None,
) -> DecodedEmail:
    """The message's headers (``read``) and body text (``body``), read in this order (their
    defects are listed in it)."""
    subject = read("Subject")
    text = body()
    text = strip_quoted_history(text, forwarded=bool(_FWD_SUBJECT.match(subject)))
    return DecodedEmail(
        subject=subject,
        sender=headers.sender(read("From")),
        message_id=read("Message-ID").strip(),
        date=headers.date(read("Date"), walk),
        text=tidy(text),
        html_used=walk.html_used,
        defects=walk.defects,
        attachments=walk.attachments,
        content_types=walk.content_types,
        is_bulk=bulk() if bulk is not None else headers.bulk_headers(read),
        attachment_texts=_attachment_texts(walk),
    )


def _plain_text(plain: PlainMail, walk: Walk) -> str:
    """_message_text of a one-part text/plain or text/html message (plainmail.read_plain)."""
    walk.content_types.append(plain.content_type)
    text = _text(plain.data, plain.charset, plain.content_type, walk)
    if plain.content_type == "text/plain":
        return text
    if _prefers_html("", text):  # _choose_body with no plain part
        walk.html_used = True
        return text
    return ""


def _parse(raw: bytes, walk: Walk) -> Message:
    try:
        msg: Message | None = read_single_part(raw)  # most mail: the stdlib's reading, faster
        if msg is None:
            msg = BytesParser(policy=CACHING_POLICY).parsebytes(raw)
    except PARSE_ERRORS as exc:
        walk.defects.append(f"parse-fallback-compat32:{type(exc).__name__}")
        msg = BytesParser(policy=policy.compat32).parsebytes(raw)
    walk.defects.extend(type(d).__name__ for d in msg.defects)
    return msg


def _part_text(part: Message, walk: Walk) -> str:
    data = parts.payload_bytes(part, walk)
    return _text(data, parts.charset(part, walk), walk.content_type(part), walk)


def _text(data: bytes, charset: str | None, content_type: str, walk: Walk) -> str:
    if looks_binary(data, charset):  # an image or archive labelled text: not the body
        walk.defects.append("binary-text-part")
        return ""
    text = decode_bytes(data, charset, walk.defects)
    if content_type == "text/html":
        return html_to_text(text, walk.defects)
    return text


def _message_text(msg: Message, walk: Walk, depth: int) -> str:
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
        attached = parts.is_attachment(part)
        if attached or not ctype.startswith("text/") or ctype == "text/calendar":
            walk.attachments.append(
                AttachmentInfo(parts.filename(part), ctype, len(parts.payload_bytes(part, walk)))
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
        inner_subject = headers.header(inner, "Subject", walk)
        inner_text = _message_text(inner, walk, depth + 1)
        body += f"\n\n{_ATTACHED_MARKER}\nSubject: {inner_subject}\n\n{inner_text}"
    return body


def _attachment_texts(walk: Walk) -> list[AttachmentText]:
    found: list[AttachmentText] = []
    budget = attachments.MAX_TOTAL_CHARS
    for number, part in enumerate(walk.readable, start=1):
        data = parts.payload_bytes(part, walk)
        ctype = walk.content_type(part)
        kind = attachments.attachment_kind(parts.filename(part), ctype, data)
        if kind is None or not data:
            continue
        if len(found) >= attachments.MAX_ATTACHMENTS or budget <= 0:
            walk.defects.append("attachments-truncated")
            break
        name = parts.filename(part) or f"attachment-{number}.{kind}"
        charset = parts.charset(part, walk)
        if kind in ("text", "html", "csv") and looks_binary(data, charset):
            walk.defects.append(f"attachment-binary:{name}")
            continue
        text = attachments.attachment_text(
            data, kind, charset=charset, budget=budget, defects=walk.defects, name=name
        )
        if kind == "html":
            text = html_to_text(text, walk.defects)
        text = tidy(text)[:budget]
        if text.strip():
            found.append(AttachmentText(name, ctype, text))
            budget -= len(text)
    return found


def _leaves(msg: Message, embedded: list[Message], walk: Walk) -> list[_Leaf]:
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


def _unwrapped(part: Message, inner: Message, walk: Walk) -> Message:
    """The attached message, decoded first when it came base64/quoted-printable-encoded."""
    raw = encoded_message_bytes(part, inner)
    if raw is None:
        return inner
    walk.defects.append("rfc822-encoded")
    return _parse(raw, walk)  # falls back to compat32 like the outer message


def _reread(part: Message, walk: Walk) -> list[Message] | None:
    """A multipart whose body no delimiter split, re-read (repair.reread_multipart)."""
    body = parts.payload_bytes(part, walk)
    if walk.rereads >= _MAX_REREADS or len(body) > walk.reread_budget:
        walk.defects.append("multipart-reread-limit")
        return None
    walk.rereads += 1
    walk.reread_budget -= len(body)
    try:
        children = reread_multipart(part, body)
    except PARSE_ERRORS:
        children = None
    walk.defects.append("multipart-reread" if children is not None else "multipart-unsplit")
    return children


def _choose_body(msg: Message, plain: list[_Leaf], html: list[_Leaf], walk: Walk) -> str:
    plain_text = "\n\n".join(_part_text(p, walk) for p in _body_parts(msg, "plain", plain))
    html_parts = _body_parts(msg, "html", html)
    if not html_parts:
        return plain_text
    html_text = "\n\n".join(_part_text(p, walk) for p in html_parts)
    if _prefers_html(plain_text, html_text):
        walk.html_used = True
        return html_text
    return plain_text


def _prefers_html(plain_text: str, html_text: str) -> bool:
    """The HTML's text is the body: the plain text only points at it, or is much poorer. A
    plain part's style-sheet rules (a tag-stripped copy of the HTML) are not words of it."""
    plain_words = len(without_style_rules(plain_text).split())
    placeholder = plain_words < _PLACEHOLDER_WORDS and _HTML_PLACEHOLDER.search(plain_text)
    return bool(placeholder) or plain_words < _HTML_PREFERRED_RATIO * len(html_text.split())


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
        except PARSE_ERRORS:
            chosen = None
    if chosen is None or all(leaf.part is not chosen for leaf in walked):
        return [leaf.part for leaf in walked]
    siblings = [leaf.part for leaf in walked if leaf.parent == "multipart/mixed"]
    return [chosen, *(p for p in siblings if p is not chosen)]
