"""Eleventh collection pass (2026-12-08): modern spam (2017-2025) that three people published from
their own inboxes, under licences that let scrubbed copies ship, split by source.

Why: the held-back split's spam is where category accuracy fails (0.855 against 0.90) while dev
reads 0.995, so the rules were tuned on too few spam sources. These three inboxes are new
sources; two of them tuned rules 1.18.0 (``dev``), the third is held back whole
(``heldout``) and was never read while the rules were changed, so it measures them on spam of a
source they were not tuned on.

- ``gz``: GlitchyZorua/E-mail-SPAM-Archive (2023-2025 .eml files, the owner's scrubbed
  ``…_modified.eml`` copies; "Permission is hereby granted to use this archive without
  restriction") → ``dev``, 40 messages;
- ``tds``: DesignerMadsenDataset/tds (2022-2023 spam pasted as Markdown or text, mostly Danish
  and German; CC BY 4.0, attribution below) → ``dev``, 30 messages;
- ``tm``: trevor229/spammail (2017-2020 spam pasted as text; WTFPL) → ``heldout``, 40 messages.

Selection, decided before labels: each source's files in the order of the SHA-256 of their
path, skipping second copies (same subject and first 300 characters of body) and bodies under
five words; in ``tds`` at most three of one campaign (the "earn N euros a day" crypto-bot mails
and the Danish parcel notices come in dozens). ``dev`` messages were read and labelled (all
spam: advance-fee and inheritance letters, loans, investors, prizes, crypto bots, parcel,
account and antivirus phishing, pills, dating, a game's cold pitch); two were left out (a meal
kit's and a payment service's own marketing, which a user may have asked for). The held-back
source was not read: its messages are labelled ``spam`` because their owner filed them as spam.

Pasted mails (``tds``, ``tm``) have no headers of their own: From, To and Subject are built
from the paste's "From:", "To:" and "Subject:" lines or its Markdown heading (listed per file in
``sources.json`` ``built_headers``). Scrubbing as scrub.py, plus: the sender's display name in
From → ``Sender Eleventh``, the owners' names and handles, and the name scammers were given
(``Carrie J. Troy``) → ``Owner``, ``Recipient Eleventh``, international phone numbers
written without separators ("+2349056769869") → ``(555) 010-NNNN``. The personas the scams sign
with ("Mr. David Baco, Jr", "Sergeant …") stay: invented or impersonated, not the recipients'.
"""

# ruff: noqa: E501  (labels and notes are data)

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from services.parser.decoding import decode_email
from services.parser.rules.extractor import body_text
from tests.corpus.real.scrub import Scrubber

__all__ = ["INBOXES", "NAMES", "Inbox", "InboxScrubber", "Picked", "picked", "pasted_mail"]


@dataclass(frozen=True)
class Inbox:
    key: str
    repository: str  # owner/name on GitHub
    commit: str
    folders: tuple[str, ...]
    suffix: str
    split: str
    count: int
    licence: str


INBOXES = (
    Inbox("gz", "GlitchyZorua/E-mail-SPAM-Archive", "28f21168b606baa15e9d1f09c6d8973cbd76bb57",
          ("2023", "2024", "2025"), "_modified.eml", "dev", 40,
          "GlitchyZorua/E-mail-SPAM-Archive README: 'Permission is hereby granted to use this archive without restriction.' Scrubbed of personal addresses, phone numbers and names."),
    Inbox("tds", "DesignerMadsenDataset/tds", "2a99c3ea3c3c6ed9ffc9d83ebc1a05a5e1329372",
          ("dataset/md", "dataset/txt"), "", "dev", 30,
          "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), DesignerMadsenDataset/tds by Kent Vejrup Madsen; changed: pasted mail turned into a message (headers built from the paste), scrubbed of personal addresses, phone numbers and names."),
    Inbox("tm", "trevor229/spammail", "c4ad40294cba7f5badcd8f23bb5c96494a5a605e",
          ("txt",), ".txt", "heldout", 40,
          "WTFPL v2 (trevor229/spammail LICENSE); pasted mail turned into a message (headers built from the paste), scrubbed of personal addresses, phone numbers and names."),
)  # fmt: skip

# the inboxes' owners, as their mail names them (their addresses are scrubbed as addresses)
NAMES = [("Kent Vejrup Madsen", "Owner"), ("Kent vejrup Madsen", "Owner"),
         ("fracturer", "owner"), ("mailmanthingwhatever", "owner"),
         ("Carrie J. Troy", "Recipient Eleventh"), ("Carrie", "Recipient")]  # fmt: skip

# the dev messages left out after reading: a company's own marketing, not spam to label as such
LEFT_OUT = {
    "2023/10_Say hello to fresh meals with 18 free meals when you join HelloFresh!_modified.eml",
    "dataset/md/050.md",
}
_CAMPAIGNS = (
    re.compile(r"earn|make \d|bot\b|invest", re.I),
    re.compile(r"pakke|levering|dhl", re.I),
)
_PER_CAMPAIGN = 3
_DEFAULT_HEADERS = {"From": "unknown@example.com", "To": "owner@example.com"}
_PASTED_HEADER = re.compile(
    r"^[*_ ]*(from|to|cc|date|subject|reply-to|security|mailed-by|signed-by)[*_ ]*:\s*(.*)$", re.I
)
# "+2349056769869", "+234 807 644 8550", "+225 0503 4010 24", "234-810334084"
_INTERNATIONAL_PHONE = re.compile(
    r"(?<![\w/=%.#-])(?:\+\d{1,3}[\s-]{0,2}(?:\d[\s-]{0,2}){7,12}\d|\d{3}-\d{9,10})(?!\d)"
)


@dataclass(frozen=True)
class Picked:
    inbox: Inbox
    path: str
    raw: bytes  # a message: the .eml as published, or the paste turned into one
    built_headers: tuple[str, ...]

    @property
    def name(self) -> str:
        digest = hashlib.sha256(self.path.encode()).hexdigest()[:10]
        stem = Path(self.path).name.removesuffix(self.inbox.suffix or ".md").removesuffix(".txt")
        slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")[:40] or "untitled"
        return f"{self.inbox.key}_{digest}_{slug}.eml"

    @property
    def source_url(self) -> str:
        return f"https://github.com/{self.inbox.repository}/blob/{self.inbox.commit}/{self.path}"


def pasted_mail(text: str) -> tuple[bytes, tuple[str, ...]]:
    """A pasted mail as a message: From, To and Subject from the paste's header lines (before
    its body) or its first Markdown heading; the rest is the text/plain body."""
    values: dict[str, str] = {}
    body: list[str] = []
    for line in text.replace("\r", "").split("\n"):
        field = _PASTED_HEADER.match(line)
        started = any(b.strip() for b in body)
        if field and not started:
            values.setdefault(field.group(1).capitalize(), field.group(2).strip(" *_\t"))
        elif line.startswith("# ") and not started and "Subject" not in values:
            values["Subject"] = line[2:].strip()
        else:
            body.append(line)
    message = EmailMessage(policy=SMTP)
    built = []
    for name in ("From", "To", "Subject"):
        value = values.get(name) or _DEFAULT_HEADERS.get(name, "")
        try:
            message[name] = value
        except (ValueError, IndexError, AttributeError):  # a display name the parser rejects
            del message[name]
            address = re.search(r"[\w.+-]+@[\w.-]+", value)
            message[name] = address.group(0) if address else "unknown@example.com"
        built.append(name)
    message.set_content("\n".join(body).strip("\n") + "\n")
    return bytes(message), (*built, "MIME-Version", "Content-Type", "Content-Transfer-Encoding")


def picked(mirrors: Path) -> Iterator[Picked]:
    """Each inbox's messages of this pass, in selection order (module docstring)."""
    for inbox in INBOXES:
        repo = mirrors / inbox.repository.replace("/", "+") / "repo"
        paths = _tree(repo, inbox)
        paths.sort(key=lambda p: hashlib.sha256(p.encode()).hexdigest())
        seen: set[tuple[str, str]] = set()
        per_campaign = [0] * len(_CAMPAIGNS)
        taken = 0
        for path, data in _blobs(repo, inbox.commit, paths):
            if taken == inbox.count:
                break
            if path in LEFT_OUT:
                continue
            built: tuple[str, ...] = ()
            if path.endswith(".eml"):
                raw = data
            else:
                raw, built = pasted_mail(data.decode("utf-8", "replace").lstrip("\ufeff"))
            decoded = decode_email(raw)
            subject, body = decoded.subject, body_text(decoded)
            key = (subject.strip().lower(), body[:300])
            if key in seen or len(body.split()) < 5:
                continue
            seen.add(key)
            if inbox.key == "tds":
                campaign = next((i for i, c in enumerate(_CAMPAIGNS) if c.search(subject)), None)
                if campaign is not None:
                    if per_campaign[campaign] == _PER_CAMPAIGN:
                        continue
                    per_campaign[campaign] += 1
            taken += 1
            yield Picked(inbox, path, raw, built)


class InboxScrubber(Scrubber):
    """scrub.py's replacements, plus international numbers written without separators."""

    def __init__(self) -> None:
        super().__init__(NAMES)
        self._numbers: dict[str, str] = {}

    def _number(self, match: re.Match[str]) -> str:
        placeholder = f"(555) 010-{9001 + len(self._numbers):04d}"
        return self._numbers.setdefault(match.group(0), placeholder)

    def text(self, value: str) -> str:
        return super().text(_INTERNATIONAL_PHONE.sub(self._number, value))

    def _address(self, address: str) -> str:
        # a spammer's address with letters outside ASCII ("månedlig@…") is no address scrub.py
        # knows: a placeholder too
        scrubbed = super()._address(address)
        return scrubbed if scrubbed.isascii() else "sender@example.com"


def _tree(repo: Path, inbox: Inbox) -> list[str]:
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", inbox.commit, *inbox.folders],
        check=True, capture_output=True, text=True).stdout  # fmt: skip
    return [p for p in listing.splitlines() if p.endswith(inbox.suffix)]


def _blobs(repo: Path, commit: str, paths: list[str]) -> Iterator[tuple[str, bytes]]:
    request = "".join(f"{commit}:{p}\n" for p in paths).encode()
    out = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], input=request,
                         check=True, capture_output=True).stdout  # fmt: skip
    at = 0
    for path in paths:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        yield path, out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
