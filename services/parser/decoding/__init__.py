"""Decoding: raw RFC 5322 bytes → the clean visible text a reader sees (MIME walk, HTML to text,
attachments' text, quoted history cut). ``decode_email`` is the way in; the modules inside are
this package's own business."""

from services.parser.decoding.mime import (
    AttachmentInfo,
    AttachmentText,
    DecodedEmail,
    decode_email,
)

__all__ = ["AttachmentInfo", "AttachmentText", "DecodedEmail", "decode_email"]
