"""Who a vendor is, for counting and grouping vendors: one key per vendor company.

A vendor with its own mail domain is that domain ("techvendor.com"). Many small vendors write
from free-mail addresses (gmail.com, yahoo.com...): their domain says nothing, so they are the
company their signature names, normalised ("Infinity Systems, LLC" → "infinity-systems", the
same key whichever free-mail domain or address it writes from), else their own address
("ravi@gmail.com": two unknown gmail senders are two vendors). The three forms never collide: a
domain has a dot and no "@", an address an "@", a company key neither.
"""

from __future__ import annotations

import re

from services.domain.requirements import vendor_domain
from services.domain.vendor_companies import FREE_MAIL_DOMAINS

# legal-form words a company name may end with; "Acme Inc" and "Acme, Inc." are one vendor
_LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "llp",
        "lp",
        "pvt",
        "private",
        "gmbh",
    }
)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_MAX_KEY = 255  # characters, the column's width


def vendor_key(sender: str | None, company: str | None) -> str | None:
    """The vendor's identity from a From header and the company its mail names (the
    parser's ``sender_company``); None without a sender address."""
    domain = vendor_domain(sender)
    if domain is None:
        return None
    if domain not in FREE_MAIL_DOMAINS:
        return domain
    named = company_key(company)
    if named:
        return named
    found = _ADDRESS.search(sender or "")
    return found.group(0).lower().rstrip(".")[:_MAX_KEY] if found else domain


def company_key(company: str | None) -> str | None:
    """A company name normalised: lower case, words only, "&" as "and", legal forms dropped
    from the end ("Infinity Systems, L.L.C." → "infinity-systems"); None when nothing is left."""
    if not company:
        return None
    text = company.lower().replace("&", " and ").replace(".", "")
    words = re.findall(r"[a-z0-9]+", text)
    while words and words[-1] in _LEGAL_FORMS:
        words.pop()
    return "-".join(words)[:_MAX_KEY] or None
