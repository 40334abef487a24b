"""A number rule that re skips to digit by digit: its first digit before the check of the
character in front of the number.

re skips ahead in C only for a pattern that starts with a literal or a character class; one
that starts with a look-behind ("no word character before the number") or with a look-ahead
guard (lead.py) is tried at every position of the text. ``digit_first`` rewrites
``(?<![…])(?P<n>\\d{1,2})…`` (or ``\\b`` before the number) as ``(?P<n>\\d(?<![…]\\d)\\d?)…``: the
same check of the character before the number, made from after its first digit, so the same
matches with the same groups.
"""

from __future__ import annotations

import re

__all__ = ["DIGIT_FIRST", "digit_first"]

# pattern re skips to digit by digit → the pattern as written (tests compare the two)
DIGIT_FIRST: dict[re.Pattern[str], re.Pattern[str]] = {}
_LEADING_NUMBER = re.compile(r"^(?:\\b|\(\?<!(\[[^\]]*\])\))\(\?P<(\w+)>\\d\{1,2\}\)")


def digit_first(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` starting with its number's first digit (module docstring); a pattern that
    does not start with a number fails here, at import."""
    lead = _LEADING_NUMBER.match(pattern.pattern)
    if lead is None:
        raise ValueError(f"no leading number: {pattern.pattern}")
    before = lead.group(1) or r"\w"  # \b before a digit: no word character before it
    number = rf"(?P<{lead.group(2)}>\d(?<!{before}\d)\d?)"
    found = re.compile(number + pattern.pattern[lead.end() :], pattern.flags)
    DIGIT_FIRST[found] = pattern
    return found
