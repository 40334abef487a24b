"""Shortcuts in HTML to text give what the long way gives: random markup mixing the hiding
techniques, stylesheet rules and plain elements, and every sample's HTML."""

from __future__ import annotations

import lxml.html  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.decoding import htmltext
from tests.services.parser.decoding.sample_html import sample_htmls

_TAGS = ("p", "div", "span", "b", "td", "font", "table", "tr", "br", "style", "script", "a")
_ATTRIBUTES = (
    'style="display:none"',
    'style="color:#fff"',
    'style="color:white;background:#000"',
    'style="font-size:0"',
    'style="visibility:hidden"',
    'style="visibility:visible;font-size:12px"',
    'style="background-color:transparent"',
    'style="position:absolute;left:-9999px"',
    'class="x"',
    'class="pre y"',
    'id="z"',
    "hidden",
    'width="0"',
    'height="1"',
    'color="#ffffff"',
    'bgcolor="white"',
    'bgcolor="#000000"',
    'border="1"',
    'href="https://x.example"',
    'align="right"',
)
_SHEETS = (
    "",
    "<style>.x{display:none}</style>",
    "<style>p{color:#fff} #z{font-size:0}</style>",
    "<style>span{color:black} .y{visibility:hidden} td.x{width:0}</style>",
    "<style>@media screen{.x{display:none}} div{background:#000;color:#fff}</style>",
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 3))):
        if depth >= 4 or draw(st.booleans()):
            pieces.append(draw(st.sampled_from(("Java", "Dallas, TX", " $60/hr ", "<!-- c -->"))))
            continue
        tag = draw(st.sampled_from(_TAGS))
        attributes = draw(st.lists(st.sampled_from(_ATTRIBUTES), max_size=2))
        inner = draw(_markup(depth + 1))
        pieces.append(f"<{tag} {' '.join(attributes)}>{inner}</{tag}>tail")
    return "".join(pieces)


def _prune_the_long_way(root: lxml.html.HtmlElement, rules: list[htmltext._Rule]) -> None:
    """``htmltext._prune`` as first written: every element's style read and applied."""
    stack = [(root, htmltext._Ink())]
    while stack:
        node, inherited = stack.pop()
        if not isinstance(node.tag, str):
            continue
        style = htmltext._style(node, rules)
        if node.getparent() is not None and htmltext._gone(node, style):
            node.drop_tree()
            continue
        ink = htmltext._ink(node, style, inherited)
        if ink.font_zero or ink.invisible or htmltext._same_colour(ink.color, ink.background):
            node.text = None
            for child in node:
                child.tail = None
        stack.extend((child, ink) for child in node)


def _assert_pruned_alike(html: str) -> None:
    trees = []
    for prune in (htmltext._prune, _prune_the_long_way):
        try:
            tree = lxml.html.document_fromstring(html)
        except Exception:  # noqa: BLE001 - nothing to prune (html_to_text reports it)
            return
        prune(tree, htmltext._stylesheet(tree))
        trees.append(lxml.html.tostring(tree, encoding="unicode"))
    assert trees[0] == trees[1], html


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(_SHEETS), _markup())
def test_pruning_as_the_long_way_prunes(sheet: str, body: str) -> None:
    _assert_pruned_alike(f"<html><head>{sheet}</head><body>{body}</body></html>")


def test_every_sample_html_pruned_as_the_long_way_prunes() -> None:
    found = 0
    for html in sample_htmls():
        found += 1
        _assert_pruned_alike(html)
    assert found > 100
