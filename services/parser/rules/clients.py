"""The end client's name: from a "Client:" label's value, or from prose ("our client Contoso")."""

from __future__ import annotations

import re

from services.parser.rules.lead import guarded
from services.parser.rules.locations import is_place
from services.parser.rules.memo import per_text

__all__ = ["client_from_prose", "client_name"]

# Implementation partners, primes and MSPs: named as "Client" they are not the end client.
_PARTNERS = {
    "infosys", "tcs", "tata consultancy services", "tata consultancy", "wipro", "cognizant",
    "hcl", "hcltech", "hcl technologies", "tech mahindra", "accenture", "capgemini", "deloitte",
    "ibm", "lti", "ltimindtree", "mindtree", "mphasis", "virtusa", "hexaware", "genpact",
    "ntt data", "collabera", "teksystems", "randstad", "insight global", "apex systems",
    "kforce", "robert half", "modis", "akkodis", "persistent", "persistent systems", "birlasoft",
    "cyient", "zensar", "mastech", "igate", "syntel", "epam", "globant", "ust", "ust global",
    "photon", "dxc", "cgi", "kpmg", "ey", "pwc", "slalom", "sogeti", "atos", "nttdata",
    "l&t infotech", "larsen & toubro infotech", "coforge", "niit", "ltts", "yash technologies",
    "sapient", "publicis sapient", "beeline", "fieldglass", "magnit", "allegis", "aerotek",
}  # fmt: skip
_UNDISCLOSED = re.compile(
    r"^(?:n/?a|tbd|tba|none|confidential|undisclosed|not\s+disclosed|will\s+(?:be\s+)?disclose"
    r"|direct(?:\s+client)?|fortune\s*\d+.*|(?:a\s+)?(?:leading|major|large|big|top)\b.*"
    # "A Fortune 500 retailer", "An insurance company": a description, not a name
    r"|an?\s+\S.*"
    # "Healthcare company", "Public sector client", "Telecom major": a kind in lower-case words
    # ("Fifth Third Bank", "Capital One Bank" are names: every word capitalised)
    r"|[\w&-]+(?-i:[ \t]+[a-z][\w&-]*){0,2}[ \t]+(?-i:company|firm|organi[sz]ation|giant|major"
    r"|provider|bank|insurer|retailer|manufacturer|client|customer|agency|enterprise)"
    r"|(?:banking|healthcare|insurance|retail|telecom|financial|state|federal|government"
    r"|pharma|fintech|automotive)\b.*\bclient|client|end\s+client|will\s+share.*|.*\bclient\s+of\s+ours"
    # "Investment Management Domain", "Healthcare domain", "Banking sector": a field, no name
    r"|.*\b(?:domain|industry|sector|vertical|space)"
    r"|(?:confidential|undisclosed|not\s+disclosed|direct|our|an?)\s+(?:end\s+)?client\b.*)$",
    re.IGNORECASE,
)
_CLIENT_CUT = re.compile(r"\s*(?:[(/|;]|\s[-–—]\s|,\s|\bvia\b|\bthrough\b|\bthru\b)")
_NAME = r"[A-Z][\w&.'’-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&.'’-]*){0,4}"  # one line, capitalised words
_CLIENT_PROSE = re.compile(
    rf"\bend[\s-]client\s*(?:is|:|-|=)?\s*(?:the\s+)?(?P<a>{_NAME})"
    r"|\b(?:for|with|at)\s+(?:our|the|a|an|my)\s+(?:direct\s+|end\s+|esteemed\s+)?client,?\s+"
    rf"(?P<b>{_NAME})"
    rf"|\bclient\s+(?:is|:)\s+(?P<c>{_NAME})"
    rf"|\b[Oo]ur\s+(?:direct\s+|end\s+)?client,?\s+(?P<d>{_NAME})"
    # "Direct hire opportunity with Trey Research", "Two openings with Relecloud:"
    r"|\b(?:opportunit(?:y|ies)|openings?|positions?|roles?|requirements?|project|engagement)"
    rf"\s+(?:with|at)\s+(?P<e>{_NAME})"
)
_STATE_AFTER = re.compile(r"\s*,\s*[A-Z]{2}\b")  # "at Plano, TX" is a place
_ABBREVIATION = re.compile(r"^(?:inc|corp|co|ltd|llc|l\.?p|n\.?a|st|bros)\.$", re.IGNORECASE)
_CLIENT_STOP_WORDS = {"in", "is", "at", "for", "the", "and", "located", "based", "on"}


# A "Client:" label's value recurs in a vendor's mail ("Confidential", "State of Texas") and the
# name found in prose is asked once per job: _UNDISCLOSED alone costs ~5 µs a value.
@per_text
def client_name(value: str) -> str | None:
    """A client label's value, or None when it names a partner or nobody."""
    value = value.strip().strip("*:-–. ")
    value = _CLIENT_CUT.split(value, maxsplit=1)[0].strip(" .,*")
    if not value or len(value) > 60 or _UNDISCLOSED.match(value):
        return None
    if value.lower() in _PARTNERS or value.lower().split(" ")[0] in {"infosys", "cognizant"}:
        return None
    return value


@per_text  # a job's block, then the email's intro once per job
def client_from_prose(text: str) -> str | None:
    for match in _CLIENT_PROSE.finditer(text):
        raw = next((g for g in match.groups() if g), "")
        words = []
        for word in raw.split():
            words.append(word)
            if word.endswith(".") and not _ABBREVIATION.match(word):
                break  # "… client Tailspin Toys. Please share" ends at the sentence
        while words and words[-1].lower().strip(".,") in _CLIENT_STOP_WORDS:
            words.pop()
        name = client_name(" ".join(words))
        if name and not is_place(name) and not _STATE_AFTER.match(text, match.end()):
            return name
    return None


# The hot pattern with a first-character look-ahead (lead.py): the same matches, sooner.
_CLIENT_PROSE = guarded(_CLIENT_PROSE)
