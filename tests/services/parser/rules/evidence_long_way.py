"""The evidence search as first written, for the tests of its shortcuts: every candidate span of
a region (mentions, then label values, then lines), then the first that supports the value."""

from __future__ import annotations

from services.parser.rules.evidence import Region, _mentions, supports


def long_support(name: str, value: object, region: Region) -> tuple[int, int] | None:
    text = region.text[region.start : region.end]
    candidates: list[tuple[int, int]] = []
    for a, b in _mentions(name, value, text):
        mention = text[a:b]
        lead, trail = len(mention) - len(mention.lstrip()), len(mention) - len(mention.rstrip())
        candidates.append((region.start + a + lead, region.start + b - trail))
    candidates.extend(region.labels)
    offset = region.start
    for line in text.split("\n"):
        candidates.append((offset, offset + len(line)))
        offset += len(line) + 1
    for start, end in candidates:
        span = region.text[start:end]
        if 0 < len(span) <= 500 and span.strip() and supports(name, value, span):
            return start, end
    return None
