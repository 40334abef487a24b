"""Which company a vendor email comes from.

A vendor's own mail domain names its company ("ravi@techvendor.com" → "Techvendor"); when its
signature spells the name out ("TechVendor Solutions Inc") that spelling wins. Many small
vendors write from free-mail addresses (gmail.com, yahoo.com, outlook.com...): then only the
signature says who they are, as a company line near the sender's name ("Infinity Systems LLC",
"Acme Technologies"). None when neither says.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from services.domain.requirements import vendor_domain

FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.in",
        "yahoo.co.uk",
        "ymail.com",
        "rocketmail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "protonmail.com",
        "proton.me",
        "zoho.com",
        "zohomail.com",
        "gmx.com",
        "gmx.net",
        "mail.com",
        "yandex.com",
        "rediffmail.com",
    }
)
# the words a company name ends with (or contains) in a signature
_COMPANY_WORDS = (
    r"inc|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|llp|lp|pvt|gmbh|"
    r"technologies|technology|tech|solutions|systems|consulting|consultants|services|group|"
    r"staffing|software|infotech|infosystems|informatics|global|partners|associates|labs|"
    r"resources|enterprises|it"
)
# A company word at the end of the line or before a comma. Written as one word alternation
# (not one per ending), and only tried where a word's first letter stands: the same lines match,
# a few times faster (each position would try every word, case-insensitively).
_FIRST_LETTERS = "".join(sorted({word[0] for word in _COMPANY_WORDS.split("|")}))
_COMPANY_LINE = re.compile(
    rf"\b(?=[{_FIRST_LETTERS}])(?:{_COMPANY_WORDS})\b(?:\.?,?\s*$|\.?,)", re.IGNORECASE
)
_LABELLED = re.compile(r"^\s*(?:company|organization|organisation|firm)\s*[:\-]\s*(.+)$", re.I)
# lines that end a signature's useful part, or are not a company name
_QUOTE_START = re.compile(
    r"^\s*(?:on\s.+wrote:|-+\s*original message\s*-+|from:\s|sent:\s|>)", re.IGNORECASE
)
_SIGN_OFF = re.compile(
    r"^\s*(?:thanks?(?:\s+(?:and|&)\s+regards)?|thank\s+you|(?:best|warm|kind)(?:est)?\s+regards|"
    r"regards|best|sincerely|cheers|--)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"@|https?://|www\.|\d{3}[\s.)-]*\d{3}[\s.-]*\d{4}|\b(?:phone|mobile|cell|tel|fax|email|"
    r"e-mail|direct|office|ext|address|suite|street|avenue|road|blvd)\b|\b(?:this|the)\s+"
    r"(?:e-?mail|message)\b|confidential|unsubscribe|\b(?:developer|engineer|analyst|architect|"
    r"administrator|manager|recruiter|lead|specialist|consultant)s?\s*$",
    re.IGNORECASE,
)
# a word of each _QUOTE_START branch ("on … wrote:", "-- original message --", "from: ",
# "sent: ", ">"), lower case
_QUOTE_WORDS = ("wrote:", "original message", "from:", "sent:", ">")
_PART_SEPARATOR = re.compile(r"\s[|•]\s")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_ALNUM_WORD = re.compile(r"[A-Za-z0-9]+")
_MAX_LINE = 70  # characters: a longer line is prose, not a company name
_SIGNATURE_LINES = 12  # lines after the sign-off (or at the end) that make the signature


def vendor_company(sender: str | None, body: str) -> str | None:
    """The vendor's company name, from the signature or the sender's domain."""
    domain = vendor_domain(sender)
    signed = signature_company(body, sender_name=_display_name(sender))
    if domain is None or domain in FREE_MAIL_DOMAINS:
        return signed
    label = _domain_label(domain)
    if signed and _names_domain(signed, label):
        return signed
    return label.capitalize() if label else signed


def signature_company(body: str, *, sender_name: str | None = None) -> str | None:
    """The company line of the body's signature block: a labelled "Company: X", else the line
    with a company word nearest after the sender's name (else after the sign-off)."""
    lines = _signature(body)
    for line in lines:
        labelled = _LABELLED.match(line)
        if labelled:
            return _clean(labelled.group(1))
    start = _name_line(lines, sender_name)
    ordered = lines[start:] + lines[:start]
    for line in ordered:
        # "Nexgen Technologies Inc. | www.nexgen.example": each part on its own
        for part in _PART_SEPARATOR.split(line):
            if _is_company_line(part):
                return _clean(part)
    return None


def _signature(body: str) -> list[str]:
    """The lines after the last sign-off before any quoted mail; else the last few lines."""
    lines = body.splitlines()
    if _may_quote(body):
        for index, line in enumerate(lines):
            if _QUOTE_START.match(line):
                del lines[index:]
                break
    text = [stripped for line in lines if (stripped := line.strip())]
    # the last sign-off, looked for from the end (it is near it)
    for index in range(len(text) - 1, -1, -1):
        if _SIGN_OFF.match(text[index]):
            return text[index + 1 : index + 1 + _SIGNATURE_LINES]
    return text[-_SIGNATURE_LINES:]


def _may_quote(body: str) -> bool:
    """False when no line can match _QUOTE_START: each of its branches holds one of
    _QUOTE_WORDS, which an ASCII body holds in its lower case (a body with other characters,
    some of which fold onto ASCII letters, is searched line by line)."""
    if not body.isascii():
        return True
    lowered = body.lower()
    return any(word in lowered for word in _QUOTE_WORDS)


def _name_line(lines: list[str], sender_name: str | None) -> int:
    if not sender_name:
        return 0
    name = sender_name.lower()
    for index, line in enumerate(lines):
        # score_cutoff: a lower score reads 0, so the test is the same and the scorer may stop
        if fuzz.token_set_ratio(line.lower(), name, score_cutoff=90) >= 90:
            return index + 1
    return 0


def _is_company_line(line: str) -> bool:
    candidate = line.strip(" |,;")
    # the cheap tests first: all of them are asked only of a line that passes the ones before
    return (
        0 < len(candidate) <= _MAX_LINE
        and candidate[0].isupper()
        and bool(_COMPANY_LINE.search(candidate))
        and not _NOT_A_NAME.search(candidate)
    )


def _clean(name: str) -> str | None:
    text = name.strip(" ,;|-")
    return text[:200] or None


def _display_name(sender: str | None) -> str | None:
    if not sender or "<" not in sender:
        return None
    name = sender.split("<", 1)[0].strip().strip('"').strip()
    return name or None


def _domain_label(domain: str) -> str:
    """The registrable label: "mail.techvendor.co.in" → "techvendor"; under a reserved
    example domain (RFC 2606: scrubbed samples, the demo) the label before it."""
    parts = domain.split(".")
    short_suffix = len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2
    index = len(parts) - (3 if short_suffix else 2 if len(parts) >= 2 else 1)
    if parts[index] == "example" and index > 0:
        index -= 1
    return parts[index]


def _names_domain(name: str, label: str) -> bool:
    """Does the signature's name spell the domain ("TechVendor Solutions" ~ "techvendor")?"""
    squashed = _NOT_ALNUM.sub("", name.lower())
    initials = "".join(word[0] for word in _ALNUM_WORD.findall(name)).lower()
    return (
        label in squashed
        or squashed.startswith(label[: max(4, len(label) - 3)])
        or fuzz.partial_ratio(label, squashed) >= 85
        or initials.startswith(label)
    )
