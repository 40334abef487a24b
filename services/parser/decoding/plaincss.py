"""Style-sheet rules left in a plain-text part. Some bulk mailers make the text/plain
alternative by stripping the HTML's tags, which keeps the <title> and <style> contents as if
they were prose; counted as words, those rules outweigh the HTML's real text."""

from __future__ import annotations

import re

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# A rule starting its own line: a selector list (one line) then "{ name: value; … }" with at
# least one declaration, so prose braces ("{Spring}", JSON's '"a": 1') are not rules.
_RULE = re.compile(
    r"^[ \t]*[-\w.#:*>+~,()\[\]= \t]+\{"
    r"(?=[^{}]*?[-\w]\s*:)[^{}]*\}",
    re.MULTILINE,
)
# What an @media/@supports block leaves once its inner rules are gone.
_EMPTY_AT_BLOCK = re.compile(r"^[ \t]*@[-\w]+[^{}\n]*\{\s*\}", re.MULTILINE)


def without_style_rules(text: str) -> str:
    """``text`` without the CSS rules (and comments, @-blocks) written as lines of it."""
    if "{" not in text:  # the common case: no rule can be there
        return text
    return _EMPTY_AT_BLOCK.sub("", _RULE.sub("", _COMMENT.sub("", text)))
