"""Attachment bytes → plain text (PDF, DOCX, CSV, plain text, HTML), bounded and never raising.

Vendors often put the job description in an attached PDF or Word file and write only "see
attached JD" in the body. The extractor fills fields the body lacks from this text. Attachments
are untrusted input: every reader is size-, page- and character-bounded, and whatever a broken
file raises becomes a defect, never an exception.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass

import charset_normalizer

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_BYTES",
    "MAX_PAGES",
    "MAX_TOTAL_CHARS",
    "AttachmentText",
    "attachment_text",
    "decode_bytes",
]

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024  # per attachment; a JD is a few pages, larger files are brochures
MAX_PAGES = 20  # PDF pages read
MAX_TOTAL_CHARS = 50_000  # text kept across all of an email's attachments
MAX_ATTACHMENTS = 5  # attachments read per email
# A DOCX is a zip: refuse a document.xml that inflates past this (zip bombs).
_MAX_DOCX_XML = 20 * 1024 * 1024
_CSV_ROWS = 500
# A declared charset that fails on at most this share of characters (at least _FEW_BAD_MIN) is
# still the right one: one stray byte in a UTF-8 part must not hand the whole part to a guess
# (which reads such a part as gb18030 or Latin-10 mojibake).
_FEW_BAD_SHARE = 0.01
_FEW_BAD_MIN = 3

# WHATWG practice: Latin-1 labels mean cp1252; some labels Python does not know or decodes too
# narrowly get the superset codec.
_CHARSET_MAP = {
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "iso-8859-8-i": "iso-8859-8",
    "utf8": "utf-8",
}
_PDF_TYPES = {"application/pdf", "application/x-pdf"}
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CSV_TYPES = {"text/csv", "application/csv", "text/comma-separated-values"}
_TEXT_TYPES = {"text/plain", "text/tab-separated-values"}
_EXTENSION = re.compile(r"\.(pdf|docx|csv|txt|text|tsv|html?)$", re.IGNORECASE)


@dataclass(frozen=True)
class AttachmentText:
    filename: str  # as attached, or "attachment-<n>.<ext>" when the part has no name
    content_type: str
    text: str

    @property
    def source(self) -> str:
        """FieldEvidence.source for values read from this attachment."""
        return f"attachment:{self.filename}"


def attachment_kind(filename: str | None, content_type: str, data: bytes) -> str | None:
    """ "pdf", "docx", "csv", "text", "html" or None (not a format we read)."""
    ext = _EXTENSION.search(filename or "")
    suffix = ext.group(1).lower() if ext else ""
    if data.startswith(b"%PDF-") or suffix == "pdf" or content_type in _PDF_TYPES:
        return "pdf"
    if suffix == "docx" or content_type == _DOCX_TYPE:
        return "docx"
    if suffix == "csv" or content_type in _CSV_TYPES:
        return "csv"
    if suffix.startswith("htm") or content_type == "text/html":
        return "html"
    if suffix in ("txt", "text", "tsv") or content_type in _TEXT_TYPES:
        return "text"
    return None


def attachment_text(
    data: bytes, kind: str, *, charset: str | None, budget: int, defects: list[str], name: str
) -> str:
    """Text of one attachment, at most ``budget`` characters; "" when unreadable."""
    if len(data) > MAX_BYTES:
        defects.append(f"attachment-too-large:{name}")
        return ""
    try:
        if kind == "pdf":
            text = _pdf_text(data, budget, defects, name)
        elif kind == "docx":
            text = _docx_text(data, defects, name)
        elif kind == "csv":
            text = _csv_text(decode_bytes(data, charset, defects))
        else:
            text = decode_bytes(data, charset, defects)
    except Exception:  # the never-raise contract: a broken file is a defect, not a crash
        # debug: broken attachments are everyday mail, not an operator's problem
        logger.debug("attachment %s unreadable", name, exc_info=True)
        defects.append(f"attachment-unreadable:{name}")
        return ""
    return text[:budget]


def _pdf_text(data: bytes, budget: int, defects: list[str], name: str) -> str:
    from pypdf import PdfReader  # imported lazily: only emails with PDFs pay for it

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        defects.append(f"attachment-encrypted:{name}")
        return ""
    pages: list[str] = []
    size = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES:
            defects.append(f"attachment-pages-truncated:{name}")
            break
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page (bad font, bad stream) must not lose the others
            logger.debug("attachment %s page %d unreadable", name, number + 1, exc_info=True)
            defects.append(f"attachment-page-unreadable:{name}:{number + 1}")
            continue
        pages.append(text)
        size += len(text)
        if size >= budget:
            break
    return "\n\n".join(pages)


def _docx_text(data: bytes, defects: list[str], name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > _MAX_DOCX_XML:
            defects.append(f"attachment-too-large:{name}")
            return ""
    import docx  # imported lazily: only emails with Word files pay for it
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            # " | " between cells: labels.py reads "Rate | $60/hr" as a label line and a row of
            # field names as a jobs-table header.
            blocks.extend(" | ".join(c.text.strip() for c in row.cells) for row in item.rows)
        else:
            blocks.append(item.text)
    return "\n".join(blocks)


def _csv_text(text: str) -> str:
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text))):
        if number >= _CSV_ROWS:
            break
        rows.append(" | ".join(cell.strip() for cell in row))
    return "\n".join(rows)


def decode_bytes(data: bytes, charset: str | None, defects: list[str]) -> str:
    """Decode a part's bytes; never call part.get_content() (unknown charsets raise)."""
    label = (charset or "").strip().strip('"').lower()
    codec = _CHARSET_MAP.get(label, label)
    if codec == "cp1252" or not codec:
        # Mislabelled raw UTF-8 under an ASCII/Latin-1 label is common; valid UTF-8 with
        # non-ASCII bytes is almost never genuine cp1252.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        # UTF-8 with a stray byte, when the rest holds real UTF-8 sequences (cp1252 text
        # almost never does)
        mostly = _mostly(data, "utf-8")
        if mostly is not None and not mostly.replace("\ufffd", "").isascii():
            defects.append("charset-replaced:utf-8")
            return mostly
        if codec:
            return data.decode("cp1252", errors="replace")
    else:
        try:
            codecs.lookup(codec)
            return data.decode(codec)
        except LookupError:
            defects.append(f"charset-unknown:{label}")
        except UnicodeDecodeError:
            mostly = _mostly(data, codec)
            if mostly is not None:
                defects.append(f"charset-replaced:{label}")
                return mostly
            defects.append(f"charset-mismatch:{label}")
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        defects.append(f"charset-guessed:{best.encoding}")
        return str(best)
    return data.decode("utf-8", errors="replace")


def _mostly(data: bytes, codec: str) -> str | None:
    """``data`` decoded with bad bytes replaced, when they are few; None when they are many."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(_FEW_BAD_MIN, _FEW_BAD_SHARE * len(text)) else None
