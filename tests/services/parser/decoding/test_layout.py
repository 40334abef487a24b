"""layout.plain_layout lays a tree out exactly as inscriptis does, or leaves it to inscriptis:
random markup (whitespace of every kind, entities inscriptis unescapes once more, blocks in
blocks, nested and ragged tables, stray text in tables), every sample's HTML and the generated
mix's HTML tables (which must take the fast way)."""

from __future__ import annotations

import copy
from email import policy
from email.parser import BytesParser

import lxml.html  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from inscriptis import Inscriptis

from services.ops.mailbox_gen import build_email
from services.parser.decoding.htmltext import LAYOUT, visible_tree
from services.parser.decoding.layout import plain_layout, supports
from tests.properties import examples
from tests.services.parser.decoding.sample_html import sample_htmls

_TAGS = ("p", "div", "span", "b", "font", "a", "img", "h2", "q", "center", "br", "hr", "td", "tr")
_NOT_PLAIN = ("ul", "li", "pre", "meta")  # inscriptis lays these out
_ATTRIBUTES = ("", "", "", "", 'border="1"', 'class="x"')
_NOT_PLAIN_ATTRIBUTES = ('align="right"', 'style="padding-left:16px"')
_TEXTS = (
    "Java", "Dallas, TX", " $60/hr ", " ", "  ", "\n", "\t", "\xa0", "\u2003", "\x1c", "\u3000",
    "a\u200bb", "&amp;amp;", "&amp;lt;b&amp;gt;", "&amp;", "x&amp;", "amp;", ", ", ",",
    "&amp;#32;",  # a space only once unescaped: lines ending in two spaces, each read drops one
)  # fmt: skip


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(("text", "text", "element", "element", "table", "odd")))
        if depth >= 4 or kind == "text":
            pieces.append(draw(st.sampled_from(_TEXTS)))
            continue
        if kind == "table":
            pieces.append(draw(_table(depth + 1)))
            continue
        tag = draw(st.sampled_from(_TAGS))
        attribute = draw(st.sampled_from(_ATTRIBUTES))
        if kind == "odd" and draw(st.integers(0, 9)) == 0:  # now and then, not plain
            tag = draw(st.sampled_from((tag, *_NOT_PLAIN)))
            attribute = draw(st.sampled_from((attribute, *_NOT_PLAIN_ATTRIBUTES)))
        inner = draw(_markup(depth + 1))
        tail = draw(st.sampled_from(("", "", *_TEXTS)))
        pieces.append(f"<{tag} {attribute}>{inner}</{tag}>{tail}")
    return "".join(pieces)


@st.composite
def _table(draw: st.DrawFn, depth: int) -> str:
    """A table of ragged rows whose cells hold markup (lines, blocks, tables), and stray text."""
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        cells = [
            f"<{draw(st.sampled_from(('td', 'th')))}>{draw(_markup(depth + 1))}</td>"
            for _ in range(draw(st.integers(0, 4)))
        ]
        stray = draw(st.sampled_from(("", "", *_TEXTS)))
        rows.append(f"<tr>{stray}{''.join(cells)}</tr>")
    stray = draw(st.sampled_from(("", "", "", *_TEXTS)))
    return f'<table border="1">{stray}{"".join(rows)}</table>'


def _inscriptis(tree: lxml.html.HtmlElement) -> str:
    return str(Inscriptis(tree, LAYOUT).get_text())


def _assert_laid_out_alike(tree: lxml.html.HtmlElement) -> bool:
    """True when the plain layout applied (and agreed)."""
    fast = plain_layout(copy.deepcopy(tree), LAYOUT)
    if fast is not None:
        assert fast == _inscriptis(tree), lxml.html.tostring(tree, encoding="unicode")
    return fast is not None


def test_the_configuration_is_one_the_plain_layout_supports() -> None:
    assert supports(LAYOUT)


@settings(max_examples=examples(1500), deadline=None)
@given(_markup())
def test_plain_layout_lays_out_as_inscriptis_does(body: str) -> None:
    try:
        tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    except Exception:  # noqa: BLE001 - no tree, nothing to lay out
        return
    _assert_laid_out_alike(tree)


def test_what_is_not_plain_is_left_to_inscriptis() -> None:
    for body in (
        '<p style="margin-top:2em">x</p>',
        "<ul><li>x</li></ul>",
        "<pre>a  b</pre>",
        '<table><tr><td valign="top">x<br>y</td><td>z</td></tr></table>',
        "<div>" * 150 + "deep" + "</div>" * 150,
    ):
        tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
        assert plain_layout(tree, LAYOUT) is None, body


def test_every_sample_html_laid_out_as_inscriptis_does() -> None:
    found = plain = 0
    for html in sample_htmls():
        tree = visible_tree(html, [])
        if tree is not None:
            found += 1
            plain += _assert_laid_out_alike(tree)
    assert found > 150 and plain > 80, (found, plain)


def test_the_generated_html_tables_take_the_plain_layout() -> None:
    tables = 0
    for index in range(300):
        described, raw = build_email(index, seed=1, tag="h")
        if described.kind != "html_table":
            continue
        message = BytesParser(policy=policy.default).parsebytes(raw)
        tree = visible_tree(str(message.get_content()), [])
        assert tree is not None and _assert_laid_out_alike(tree)
        tables += 1
    assert tables > 10
