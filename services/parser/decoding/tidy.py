"""Body text tidied for the rules: one kind of line break, no invisible characters, no runs of
blank lines, no indentation common to every line."""

from __future__ import annotations

import re
import textwrap

__all__ = ["BLANK_RUNS", "INVISIBLE", "tidy"]

# Zero-width characters and C0 controls (other than newline and tab) only get in the way of regexes.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLANK_RUNS = re.compile(r"\n{3,}")
# Every character the first steps of tidy rewrite: text without one (most) is left as it is.
_REWRITTEN = re.compile("[\r\t\u00a0" + INVISIBLE.pattern[1:])


def tidy(text: str) -> str:
    if _REWRITTEN.search(text) is not None:  # one scan instead of five
        text = INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        text = text.replace("\u00a0", " ").replace("\t", "    ")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    if "\n\n\n" in text:  # what BLANK_RUNS needs to match; most text has no such run
        text = BLANK_RUNS.sub("\n\n", text)
    # HTML layouts indent everything by a container's padding; keep only relative indentation.
    # A line that starts with a character other than a space (tabs are spaces by now) leaves
    # dedent no margin to remove: most text is returned as it is, without its regexes.
    if any(line[:1] not in ("", " ") for line in lines):
        return text.strip("\n")
    return textwrap.dedent(text).strip("\n")
