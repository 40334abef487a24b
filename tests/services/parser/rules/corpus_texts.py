"""Every corpus mail's decoded body and subject, for the tests that hold a shortcut to the
pattern or scan it replaces on real text. Decoded once per test session: six test modules ask."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from services.parser.decoding import decode_email

CORPUS = Path(__file__).parents[3] / "corpus"


@cache
def corpus_texts() -> tuple[tuple[Path, str], ...]:
    """(mail, text) for the body and then the subject of every .eml under tests/corpus."""
    emails = sorted(CORPUS.rglob("*.eml"))
    assert emails
    texts: list[tuple[Path, str]] = []
    for path in emails:
        decoded = decode_email(path.read_bytes())
        texts += [(path, decoded.text), (path, decoded.subject)]
    return tuple(texts)
