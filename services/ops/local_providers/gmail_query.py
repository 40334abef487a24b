"""The subset of Gmail's search syntax the local Gmail answers: ``subject:`` terms (words,
quoted phrases, ``OR`` and one level of parentheses) and ``after:`` / ``before:`` epoch seconds.

Anything outside the subset raises ``UnsupportedQuery`` (the fake answers 400), so a provider
change the fake cannot judge fails loudly. Subject terms match as case-insensitive substrings of
the decoded, whitespace-collapsed subject (Gmail matches words).
"""

from __future__ import annotations

import re


class UnsupportedQuery(ValueError):
    pass


_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')


def _or_groups(tokens: list[str]) -> list[list[str]]:
    """``a OR "b c" d`` → [["a", "b c"], ["d"]]: OR binds tighter than juxtaposition (AND), as
    in Google search, so the result is an AND of OR-groups of case-folded substrings."""
    groups: list[list[str]] = []
    joined = False
    for token in tokens:
        if token == "OR":
            if not groups or joined:
                raise UnsupportedQuery("dangling OR")
            joined = True
        elif token in ("(", ")"):
            raise UnsupportedQuery("nested parentheses")
        else:
            phrase = " ".join(token.strip('"').lower().split())
            if not phrase:
                raise UnsupportedQuery("empty subject term")
            if joined:
                groups[-1].append(phrase)
            else:
                groups.append([phrase])
            joined = False
    if joined or not groups:
        raise UnsupportedQuery("dangling OR or empty group")
    return groups


def parse_query(q: str) -> tuple[list[list[str]], int | None, int | None]:
    """Subject terms (an AND of OR-groups), ``after:`` and ``before:`` epoch seconds."""
    tokens = _TOKEN.findall(q)
    subject: list[list[str]] = []
    bounds: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        name, _, value = tokens[i].partition(":")
        name = name.lower()
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if name in ("after", "before") and value.isdigit():
            bounds[name] = int(value)  # epoch seconds; Gmail's YYYY/MM/DD form is not imitated
        elif name == "subject" and value:
            subject += _or_groups([value])
        elif name == "subject" and following == "(":
            try:
                end = tokens.index(")", i + 2)
            except ValueError:
                raise UnsupportedQuery("unbalanced parentheses") from None
            subject += _or_groups(tokens[i + 2 : end])
            i = end
        elif name == "subject" and following.startswith('"'):
            subject += _or_groups([following])
            i += 1
        else:
            raise UnsupportedQuery(f"unsupported query term {tokens[i]!r}")
        i += 1
    return subject, bounds.get("after"), bounds.get("before")


def query_matches(q: str, *, subject: str, internal_date_ms: int) -> bool:
    """Whether a message with this (folded) ``subject`` and date answers the query ``q``."""
    terms, after, before = parse_query(q)
    seconds = internal_date_ms // 1000
    if after is not None and seconds < after:
        return False
    if before is not None and seconds >= before:
        return False
    return all(any(phrase in subject for phrase in group) for group in terms)
