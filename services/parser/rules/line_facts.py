"""What the layout finders of segmentation ask of a document's lines, each worked out once.

About fifteen finders read the same lines of one mail, one after another, and each asked every
line again whether it is blank, whether it opens a paragraph, how many words it has, which lines
are labelled. ``LineFacts`` holds those answers for one document: the ones nearly every finder
reads made at once, the others when first asked. Every fact is the value of the expression its
finders used, so a finder reading it answers as before."""

from __future__ import annotations

import re

from services.parser.rules.labels import LabelHit
from services.parser.rules.titles import has_role_noun

__all__ = ["LineFacts"]

# "***" reaches us as " *" (markdown bold blanked, extractor._content_lines)
_SEPARATOR = re.compile(r"^\s*(?:[-=_*~#]{3,}|\*)\s*$")
_RULE_CHARS = frozenset("-=_*~#")  # what a rule line's text starts with (_SEPARATOR)
_MAX_ROLE_LINES = 3  # the most a finder asks for (three role names in a run)


class LineFacts:
    """One document's lines and label hits, and what the finders ask of them."""

    __slots__ = (
        "_labelled", "_paragraphs", "_role_lines", "_rules", "_text", "_words", "has_title_hit",
        "hits", "label_lines", "lines", "openings", "stripped",
    )  # fmt: skip

    def __init__(self, lines: list[str], hits: list[LabelHit]) -> None:
        self.lines = lines
        self.hits = hits
        stripped = self.stripped = [line.strip() for line in lines]  # "" for a blank line
        # the lines that open a paragraph: not blank, the line above blank (or none above)
        self.openings = [
            i
            for i, (above, text) in enumerate(zip(["", *stripped], stripped, strict=False))
            if text and not above
        ]
        self.label_lines = {h.line for h in hits}
        self.has_title_hit = any(h.field == "title" for h in hits)
        self._words: list[int] | None = None
        self._rules: list[int] | None = None
        self._paragraphs: list[tuple[int, int]] | None = None
        self._labelled: dict[int, set[str]] | None = None
        self._role_lines: int | None = None
        self._text: str | None = None

    @property
    def words(self) -> list[int]:
        """``len(line.split())`` of each line."""
        if self._words is None:
            self._words = [len(line.split()) for line in self.lines]
        return self._words

    @property
    def text(self) -> str:
        """The lines joined by line breaks."""
        if self._text is None:
            self._text = "\n".join(self.lines)
        return self._text

    @property
    def role_lines(self) -> int:
        """How many lines name a role (``has_role_noun``), counted up to three: a layout whose
        every role's line names one needs two of them (three for a run of names), and most mails
        have fewer. ``has_role_noun`` remembers its lines for the finders that ask again."""
        if self._role_lines is None:
            self._role_lines = min(_MAX_ROLE_LINES, sum(map(has_role_noun, self.lines)))
        return self._role_lines

    def may_name_roles(self) -> bool:
        """Whether two lines or more may name a role once their list marker is cut off: a
        "#1Java Developer" item's number runs into the role's word, which then starts a word."""
        return self.role_lines >= 2 or (
            "#" in self.text and any(text[:1] == "#" for text in self.stripped)
        )

    @property
    def labelled(self) -> dict[int, set[str]]:
        """The fields labelled on each labelled line."""
        if self._labelled is None:
            self._labelled = {}
            for hit in self.hits:
                self._labelled.setdefault(hit.line, set()).add(hit.field)
        return self._labelled

    @property
    def rules(self) -> list[int]:
        """The rule lines ("-----", "*****"): ``_SEPARATOR`` asked only of the lines whose text
        opens with a rule character, as every match's does."""
        if self._rules is None:
            lines = self.lines
            self._rules = [
                i
                for i, text in enumerate(self.stripped)
                if text[:1] in _RULE_CHARS and _SEPARATOR.match(lines[i])
            ]
        return self._rules

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """[start, end) runs of lines between blank lines and rule lines ("----", "***")."""
        if self._paragraphs is None:
            self._paragraphs = self._runs()
        return self._paragraphs

    def _runs(self) -> list[tuple[int, int]]:
        stripped = self.stripped
        if not self.rules:  # the runs between blank lines: from each opening to its last line
            below = [*stripped[1:], ""]
            ends = [i + 1 for i, text in enumerate(stripped) if text and not below[i]]
            return list(zip(self.openings, ends, strict=True))
        runs: list[tuple[int, int]] = []
        start: int | None = None
        rules = set(self.rules)
        for i, text in enumerate([*stripped, ""]):
            if text and i not in rules:
                start = i if start is None else start
            elif start is not None:
                runs.append((start, i))
                start = None
        return runs
