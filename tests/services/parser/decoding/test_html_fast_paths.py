"""Shortcuts in HTML to text give what the long way gives: random markup mixing the hiding
techniques, stylesheet rules and plain elements, and every sample's HTML."""

from __future__ import annotations

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from services.parser.decoding import htmltext
from services.parser.decoding.tablecells import flatten_data_cells
from tests.properties import examples
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


@settings(max_examples=examples(1500), deadline=None)
@given(st.sampled_from(_SHEETS), _markup())
def test_pruning_as_the_long_way_prunes(sheet: str, body: str) -> None:
    _assert_pruned_alike(f"<html><head>{sheet}</head><body>{body}</body></html>")


def test_every_sample_html_pruned_as_the_long_way_prunes() -> None:
    found = 0
    for html in sample_htmls():
        found += 1
        _assert_pruned_alike(html)
    assert found > 100


def _visible_tree_the_long_way(html: str) -> lxml.html.HtmlElement | None:
    """``htmltext.visible_tree`` as first written: the declaration cut by ``re.sub``, the
    comments and processing instructions found by XPath."""
    html = htmltext._XML_DECLARATION.sub("", html).strip()
    if not html:
        return None
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    rules = htmltext._stylesheet(tree)
    for node in tree.xpath("//comment() | //processing-instruction()"):
        if node.getparent() is not None:
            node.drop_tree()
    htmltext._prune(tree, rules)
    flatten_data_cells(tree)
    return tree


def _assert_visible_alike(html: str) -> None:
    trees = [htmltext.visible_tree(html, []), _visible_tree_the_long_way(html)]
    shown = [t if t is None else lxml.html.tostring(t, encoding="unicode") for t in trees]
    assert shown[0] == shown[1], html


_AROUND = ("", " ", "\n", "<!-- before -->", "<?pi before?>", '<?xml version="1.0"?>\n')


@settings(max_examples=examples(1000), deadline=None)
@given(
    st.sampled_from(_AROUND),
    st.sampled_from(_SHEETS),
    _markup(),
    st.lists(st.sampled_from(("<!-- c -->", "<?php x ?>", "<!---->", "text")), max_size=3),
    st.sampled_from(_AROUND),
)
def test_visible_tree_as_the_long_way_reads_it(
    before: str, sheet: str, body: str, extra: list[str], after: str
) -> None:
    inner = "".join(extra) + body
    _assert_visible_alike(f"{before}<html><head>{sheet}</head><body>{inner}</body></html>{after}")
    _assert_visible_alike(before + inner + after)  # a fragment: lxml adds html and body


def test_every_sample_html_visible_as_the_long_way_reads_it() -> None:
    for html in sample_htmls():
        _assert_visible_alike(html)
