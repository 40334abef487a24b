"""Public spam corpora as the spam model reads them: raw mail from a bare git mirror, decoded
by the parser's own decoder and cut into the words ``spam_model.mail_words`` gives, so training
sees exactly what the parser sees at run time. Tool code (build_spam_model, check_spam_model).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from services.parser.decoding import decode_email
from services.parser.rules.extractor import body_text
from services.parser.rules.spam_model import mail_words

__all__ = ["Mail", "blobs", "is_test_half", "mail", "spam_assassin", "tree"]

# SpamAssassin's public corpus as packaged by stdlib-js (data/README.md); its folders by label
SPAM_ASSASSIN = Path("/work/.mirror/stdlib-js+datasets-spam-assassin/repo")
SPAM_ASSASSIN_FOLDERS = {
    "data/easy-ham-1": False,
    "data/easy-ham-2": False,
    "data/hard-ham-1": False,
    "data/spam-1": True,
    "data/spam-2": True,
}
_TEST_SHARE = 5  # one mail in five, by a hash of its path, is held out of training


@dataclass(frozen=True)
class Mail:
    name: str
    spam: bool
    words: frozenset[str]


def tree(repo: Path, folder: str, suffix: str) -> list[str]:
    """The paths under ``folder`` ending in ``suffix`` at the mirror's HEAD, sorted."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "HEAD", folder],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(p for p in listing.splitlines() if p.endswith(suffix))


def blobs(repo: Path, paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """Each path's bytes at HEAD, through one ``git cat-file --batch``."""
    request = "".join(f"HEAD:{p}\n" for p in paths).encode()
    out = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        input=request,
        check=True,
        capture_output=True,
    ).stdout
    at = 0
    for path in paths:
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        yield path, out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1  # the blob, then a line break


def mail(name: str, raw: bytes, spam: bool) -> Mail:
    decoded = decode_email(raw)
    return Mail(name, spam, frozenset(mail_words(decoded.subject, body_text(decoded))))


def is_test_half(name: str) -> bool:
    """The held-out part: stable across runs and machines (a hash of the name, not a seed)."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % _TEST_SHARE == 0


def spam_assassin(repo: Path = SPAM_ASSASSIN) -> list[Mail]:
    mails = []
    for folder, spam in SPAM_ASSASSIN_FOLDERS.items():
        paths = tree(repo, folder, ".txt")
        mails += [mail(path, raw, spam) for path, raw in blobs(repo, paths)]
    return mails
