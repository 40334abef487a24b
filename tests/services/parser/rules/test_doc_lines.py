"""The extractor's line split and line offsets give the answers of the long way (regex
substitution, a second split of the text for the offsets)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.rules import extractor

PARTS = [
    "From: a@b.example", " > Sent: Monday", "**Location:** Dallas", "***", "**", "To:", "Cc :",
    "Java Developer", "Thanks", "\n", "\n\n", " ", ":", "Reply-To: x", "Date", "--",
    "You received this message because you are subscribed to",
]  # fmt: skip
_BOLD = re.compile(r"\*\*")


def _long_way(text: str) -> tuple[list[str], list[int]]:
    split = text.split("\n")
    lines = [
        " " * len(line) if extractor._HEADER_LINE.match(line) else _BOLD.sub("  ", line)
        for line in split
    ]
    starts, offset = [], 0
    for line in split:
        starts.append(offset)
        offset += len(line) + 1
    return lines, starts


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PARTS) | st.text(max_size=6), max_size=30))
def test_doc_lines_and_offsets_are_the_long_ways(parts: list[str]) -> None:
    text = "".join(parts)
    lines, starts = _long_way(text)
    doc = extractor._doc("body", text)
    kept = len(doc.lines)
    assert doc.lines == lines[:kept]
    assert doc.starts == starts[:kept]
