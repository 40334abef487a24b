"""The HTML parts of every sample mail under tests/, for tests that hold a fast path to the
long way on real markup."""

from __future__ import annotations

from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

__all__ = ["sample_htmls"]

_EMLS = sorted(Path(__file__).parents[3].rglob("*.eml"))


def sample_htmls() -> Iterator[str]:
    for path in _EMLS:
        try:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
            htmls = [str(p.get_content()) for p in parts]
        except Exception:  # noqa: BLE001 - malformed samples: decode_email's business
            continue
        yield from htmls
