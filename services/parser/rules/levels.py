"""One opening at several levels: "Mid-Level (3+ yrs): …" and "Senior-Level (8+ yrs): …" under
one title are two jobs, the senior one titled "Senior <title>", each with its own years.

Read by the extractor when the body yields a single job: the level lines are not role lines of
their own (no role noun), so segmentation sees one opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.parser.rules.titles import ROLE_NOUN

__all__ = ["Level", "opening_levels", "title_at_level"]

# "- *Mid-Level:* Great for those with ~3 years", "- Senior-Level (9+ yrs): lead the design"
_LEVEL_LINE = re.compile(
    r"^[ \t]*(?:[-*•–]+[ \t]*)?\**[ \t]*(?P<level>junior|jr\.?|entry|mid|intermediate|senior|sr\.?"
    r"|lead|principal|staff)(?:[ \t]*-?[ \t]*level)?[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*\**[ \t]*"
    r"[:–-]\**(?!\S)",
    re.IGNORECASE | re.MULTILINE,
)
_LEVEL_HINT = re.compile(r"levels?\b", re.IGNORECASE)
_YEARS = re.compile(r"(?<![\w.])(\d{1,2})\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)
# what a level adds to the title; a mid level is the title itself
_PREFIX = {"junior": "Junior", "jr": "Junior", "jr.": "Junior", "entry": "Junior",
           "senior": "Senior", "sr": "Senior", "sr.": "Senior", "lead": "Lead",
           "principal": "Principal", "staff": "Staff"}  # fmt: skip
_LEVEL_WORDS = re.compile(
    r"^(?:(?:junior|jr\.?|mid|mid-level|intermediate|senior|sr\.?|lead|principal|staff)\s+)+", re.I
)
_LEVEL_TEXT = 400  # characters after a level line that may still state its years


@dataclass(frozen=True)
class Level:
    prefix: str | None  # "Senior", or None for the title itself
    years: int | None


def opening_levels(text: str) -> list[Level]:
    """The levels of one opening, in order, when two or more distinct ones are laid out."""
    if _LEVEL_HINT.search(text) is None:  # "Mid-Level", "two levels": said in every such post
        return []
    matches = list(_LEVEL_LINE.finditer(text))
    levels: list[Level] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        paragraph = text[match.start() : min(end, match.start() + _LEVEL_TEXT)]
        paragraph = paragraph.split("\n\n", 1)[0]
        years = _YEARS.search(paragraph)
        prefix = _PREFIX.get(match["level"].lower())
        levels.append(Level(prefix, int(years[1]) if years else None))
    if len({level.prefix for level in levels}) != len(levels) or len(levels) < 2:
        return []  # one level, or a level twice: not an opening's levels
    return levels if any(level.years is not None for level in levels) else []


def title_at_level(title: str, level: Level) -> str:
    """ "Firmware Engineers" at the senior level → "Senior Firmware Engineer"."""
    base = _LEVEL_WORDS.sub("", title.strip()) or title.strip()
    words = base.split()
    last = words[-1]
    if last.endswith("s") and not last.endswith("ss") and ROLE_NOUN.fullmatch(last):
        words[-1] = last[:-1]  # "Engineers" → "Engineer"
    base = " ".join(words)
    return f"{level.prefix} {base}" if level.prefix else base
