"""inscriptis' text layout of an HTML tree, done faster for the plain trees most mail is made of.

``htmltext.html_to_text`` renders the pruned tree with inscriptis (its relaxed CSS profile, no
links, images or annotations), which spends most of its time on bookkeeping per element and per
character. ``plain_layout`` is the same algorithm, step for step: canvases of lines with block
margins and padding, whitespace collapsed across elements, ``html.unescape`` of each written
piece (inscriptis' own quirk), a trailing space dropped each time a line's content is read, and
tables as rows of cells padded to their column's width and their row's height (centred
vertically). It covers trees whose layout comes from the CSS profile alone: no element with a
``style``, ``align`` or ``valign`` attribute, no list, preformatted or hidden (display:none)
tag, no non-element node and no deeper nesting than ``_MAX_DEPTH``. For any other tree it
returns None and inscriptis renders it (test_layout.py holds the two to the same text).
"""

from __future__ import annotations

from html import unescape
from typing import NamedTuple

# lxml ships no type information.
import lxml.html  # type: ignore[import-untyped]
from inscriptis.html_properties import Display, WhiteSpace
from inscriptis.model.attribute import DEFAULT_ATTRIBUTE_MAP
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import DEFAULT_HTML_ELEMENT

__all__ = ["plain_layout", "supports"]

_LIST_TAGS = frozenset({"ul", "ol", "li"})  # bullets and counters: inscriptis' list handlers
_TABLE_TAGS = frozenset({"table", "tr", "td", "th"})  # inline in the profiles inscriptis ships
# inscriptis recurses per element: a tree deep enough to exhaust the stack is left to it, so
# that it fails (or not) exactly as before.
_MAX_DEPTH = 100


class _NotPlain(Exception):
    """The tree needs inscriptis itself."""


# What inscriptis' tag handlers do with an element. Plain ints, not an Enum: on Python 3.11 each
# lookup of an Enum member costs ~0.2 µs, and element() made several per element.
_OTHER, _TABLE, _ROW, _CELL, _BREAK = range(5)
_KINDS = {"table": _TABLE, "tr": _ROW, "td": _CELL, "th": _CELL, "br": _BREAK}


class _Style(NamedTuple):
    """An element's layout from the CSS profile (inscriptis' ``HtmlElement``, the parts used)."""

    block: bool
    margin_before: int
    margin_after: int
    padding: int
    prefix: str
    suffix: str
    kind: int  # what inscriptis' tag handlers do with it (_OTHER, _TABLE, …)


_UNKNOWN = _Style(False, 0, 0, 0, "", "", _OTHER)  # a tag not looked up yet (an identity sentinel)
_STYLES: dict[int, tuple[object, dict[str, _Style | None]]] = {}


class _Canvas:
    """inscriptis' ``Canvas`` with its current ``Block`` and ``Prefix`` (no bullets) inlined."""

    __slots__ = ("blocks", "collapsable", "consumed", "content", "margin", "padding", "paddings")

    def __init__(self) -> None:
        self.margin = 1000  # lines of margin written since the last text
        self.blocks: list[str] = []
        self.content = ""  # the current line
        self.collapsable = True  # the current line ends with (collapsable) whitespace
        self.padding = 0
        self.paddings: list[int] = []
        self.consumed = False  # the current line's indentation is written

    def _first(self) -> str:
        if self.consumed:
            return ""
        self.consumed = True
        return " " * self.padding

    def write(self, text: str) -> None:
        """Block.merge_normal_text: whitespace runs (also across writes) become one space."""
        words = text.split()  # str.split and str.isspace agree on what whitespace is
        if words:
            lead = " " if not self.collapsable and text[0].isspace() else ""
            self.collapsable = text[-1].isspace()
            normalized = lead + " ".join(words) + (" " if self.collapsable else "")
        elif self.collapsable:
            return
        else:
            normalized, self.collapsable = " ", True
        if not self.content:
            normalized = self._first() + normalized
        # html.unescape returns a text without "&" as it is: asked only of the others
        self.content += unescape(normalized) if "&" in normalized else normalized

    def write_pre(self, text: str) -> None:
        """Block.merge_pre_text: a rendered table, as it is, indented like the line."""
        text = self._first() + text.replace("\n", "\n" + " " * self.padding)
        self.content += unescape(text)
        self.collapsable = False

    def flush_inline(self) -> bool:
        # inscriptis reads Block.content twice here, and each read drops one trailing space
        content = self.content
        if not content:  # most calls: nothing to read, nothing to drop
            return False
        if self.collapsable and content.endswith(" "):
            content = self.content = content[:-1]
            if not content:
                return False
            if content.endswith(" "):
                content = content[:-1]
        self.blocks.append(content)
        self._new_block()
        self.margin = 0
        return True

    def _new_block(self) -> None:
        self.consumed = False
        self.content = ""
        self.collapsable = True

    def open_block(self, padding: int, margin: int) -> None:
        self.flush_inline()
        self.padding += padding
        self.paddings.append(padding)
        if margin > self.margin:
            self.blocks.append("\n" * (margin - self.margin - 1))
            self.margin = margin

    def close_block(self, margin: int) -> None:
        if margin > self.margin:
            self.blocks.append("\n" * (margin - self.margin - 1))
            self.margin = margin

    def remove_last_prefix(self) -> None:
        if self.paddings:
            self.padding -= self.paddings.pop()

    def write_newline(self) -> None:
        if not self.flush_inline():
            self.blocks.append("")
            self._new_block()

    def get_text(self) -> str:
        self.flush_inline()
        return "\n".join(self.blocks)


class _Cell(_Canvas):
    """inscriptis' ``TableCell`` (left-aligned, vertically centred)."""

    __slots__ = ("content_width", "lines")

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []  # one per line, once the cell is complete (normalize)
        self.content_width = 0  # the longest line's

    def normalize(self) -> int:
        self.flush_inline()
        self.lines = "\n".join(self.blocks).split("\n")  # [""] for no block
        self.content_width = max(map(len, self.lines))
        return len(self.lines)

    def rendered(self, height: int, width: int) -> list[str]:
        """The cell's lines in its row of ``height`` lines and its column ``width`` wide."""
        lines = self.lines
        top = (height - len(lines)) // 2
        bottom = height - len(lines) - top
        empty = " " * width
        return [empty] * top + [line.ljust(width) for line in lines] + [empty] * bottom


class _Table:
    __slots__ = ("rows", "separator")

    def __init__(self, separator: str) -> None:
        self.rows: list[list[_Cell]] = []
        self.separator = separator

    def add_cell(self, cell: _Cell) -> None:
        if not self.rows:
            self.rows.append([])
        self.rows[-1].append(cell)

    def get_text(self) -> str:
        """Table.get_text: rows one after the other, cells padded to their row and column."""
        rows = self.rows
        if not rows:
            return "\n"
        heights = [max([cell.normalize() for cell in row]) if row else 0 for row in rows]
        widths = [
            max([row[column].content_width for row in rows if len(row) > column])
            for column in range(max(map(len, rows)))
        ]
        separator = self.separator
        texts = []
        for row, height in zip(rows, heights, strict=True):
            cells = zip(row, widths, strict=False)  # a ragged row is shorter than widths
            if height == 1:  # most rows: every cell one line
                texts.append(separator.join([cell.lines[0].ljust(width) for cell, width in cells]))
            else:
                columns = [cell.rendered(height, width) for cell, width in cells]
                texts.append("\n".join(separator.join(line) for line in zip(*columns, strict=True)))
        return "\n".join(texts) + "\n"


class _Open:
    """An open element: its layout, the canvas it writes to, the margin its block opens with."""

    __slots__ = ("canvas", "opening_margin", "style")

    def __init__(self, style: _Style, canvas: _Canvas, opening_margin: int) -> None:
        self.style = style
        self.canvas = canvas
        self.opening_margin = opening_margin

    def write(self, text: str | None) -> None:
        if text:
            self.canvas.write(self.style.prefix + text + self.style.suffix)

    def write_verbatim(self, text: str) -> None:
        if self.style.block:
            self.canvas.open_block(self.style.padding, self.opening_margin)
        self.canvas.write_pre(text)
        if self.style.block:
            self.canvas.close_block(self.style.margin_after)


def supports(config: ParserConfig) -> bool:
    """The configurations ``plain_layout`` renders as inscriptis would."""
    return (
        not config.parse_a()
        and not config.display_images
        and config.custom_html_tag_handler_mapping is None
        and config.attribute_handler.attribute_mapping is DEFAULT_ATTRIBUTE_MAP
    )


def plain_layout(root: lxml.html.HtmlElement, config: ParserConfig) -> str | None:
    """``Inscriptis(root, config).get_text()`` for a plain tree (module docstring), else None."""
    layout = _Layout(config)
    try:
        layout.element(root, layout.body, 0)
    except _NotPlain:
        return None
    return layout.canvas.get_text()


class _Layout:
    def __init__(self, config: ParserConfig) -> None:
        self.css = config.css
        # each tag's layout, once per profile (the profile is held, so its id stays its own)
        self.styles = _STYLES.setdefault(id(config.css), (config.css, {}))[1]
        self.separator = config.table_cell_separator
        self.canvas = _Canvas()
        body = self._style("body")
        if body is None or body.block:
            raise ValueError("a CSS profile whose body is not plain inline")
        self.body = _Open(body, self.canvas, 0)
        self.tables: list[_Table] = []

    def _style(self, tag: str) -> _Style | None:
        element = self.css.get(tag, DEFAULT_HTML_ELEMENT)
        if (
            element.display is Display.none
            or element.whitespace is not WhiteSpace.normal
            or element.list_bullet
            or tag in _LIST_TAGS
            or (tag in _TABLE_TAGS and element.display is Display.block)
        ):
            return None
        return _Style(
            block=element.display is Display.block,
            margin_before=element.margin_before,
            margin_after=element.margin_after,
            padding=element.padding_inline,
            prefix=element.prefix,
            suffix=element.suffix,
            kind=_KINDS.get(tag, _OTHER),
        )

    def element(self, node: lxml.html.HtmlElement, parent: _Open, depth: int) -> None:
        """Inscriptis._parse_html_tree for one element and what it holds."""
        tag = node.tag
        if not isinstance(tag, str) or depth > _MAX_DEPTH:
            raise _NotPlain
        attrib = node.attrib
        if attrib and ("style" in attrib or "align" in attrib or "valign" in attrib):
            raise _NotPlain
        style = self.styles.get(tag, _UNKNOWN)
        if style is _UNKNOWN:
            style = self.styles[tag] = self._style(tag)
        if style is None:
            raise _NotPlain
        # get_refined_html_element: a block in a block opens with the larger of both margins
        block = style.block
        margin = style.margin_before
        if block and parent.style.block:
            margin = max(parent.style.margin_after, margin)
        canvas = parent.canvas
        kind = style.kind
        if kind:  # a tag with a handler of its own
            if kind == _TABLE:
                canvas = _Canvas()
                self.tables.append(_Table(self.separator))
            elif kind == _ROW:
                if self.tables:
                    self.tables[-1].rows.append([])
            elif kind == _CELL:
                if self.tables:
                    canvas = _Cell()
                    self.tables[-1].add_cell(canvas)
            else:
                canvas.write_newline()
        current = _Open(style, canvas, margin)
        if block:
            canvas.open_block(style.padding, margin)
        text = node.text
        if text:  # current.write(text), inlined: most elements have text or a tail
            canvas.write(style.prefix + text + style.suffix)
        for child in node:
            self.element(child, current, depth + 1)
        if kind == _TABLE:
            self._end_table(current, parent)
        if block:
            canvas.flush_inline()
            canvas.remove_last_prefix()
            canvas.close_block(style.margin_after)
        tail = node.tail
        if tail:  # parent.write(tail)
            parent.canvas.write(parent.style.prefix + tail + parent.style.suffix)

    def _end_table(self, table_element: _Open, parent: _Open) -> None:
        """table_end_handler: text stray in the table first, then the table, in the parent."""
        table = self.tables.pop()
        stray = table_element.canvas.get_text().strip()
        if stray:
            parent.write(stray)
            parent.canvas.write_newline()
        parent.write_verbatim(table.get_text())
        parent.canvas.flush_inline()
        if parent.style.block:
            parent.canvas.remove_last_prefix()
