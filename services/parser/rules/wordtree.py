"""A set of words as one regex prefix tree: the same matches as the words tried longest first.

``re`` tries an alternation's branches one after the other at every position it tries, so a
few hundred words cost a few hundred comparisons each time. As a tree ("java(?: ee|script)?")
it compares each character once. The words a text matches at one position are prefixes of one
another (case-sensitive, or IGNORECASE over lower-case ASCII words), so they lie on one path
of the tree, which is tried deepest (longest) first: the order the longest-first alternation
tries them in, backtracking included.
"""

from __future__ import annotations

import re

__all__ = ["alternation"]

_Tree = dict[str, "_Tree"]


def alternation(words: list[str]) -> str:
    """The words as one regex (no group of its own around it)."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _tree_pattern(tree)


def _tree_pattern(node: _Tree) -> str:
    branches = [re.escape(char) + _tree_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
