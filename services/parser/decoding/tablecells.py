"""One line per table row: cells of a data table lose their line breaks before rendering.

inscriptis renders a cell's ``<br>`` or paragraphs on several lines and centres the shorter
cells of the row between them, so a row of a jobs table ("Java Developer | Dallas, TX<br>
(Hybrid) | Java<br>Kafka") would be cut over three lines, its title on the middle one. In a
data table (two or more rows of three or more cells) a short cell's breaks become ", ", so each
row stays one line and its cells stay under their header. Layout tables (one or two columns, a
whole mail in one cell) are left alone.
"""

from __future__ import annotations

# lxml ships no type information; it is inscriptis' own parser, so no extra dependency.
import lxml.html  # type: ignore[import-untyped]

__all__ = ["flatten_data_cells"]

_MIN_COLUMNS = 3
_MIN_ROWS = 2
_MAX_CELL = 300  # characters; a longer cell is a description, kept as written
_CELLS = frozenset({"td", "th"})
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol"})


def flatten_data_cells(root: lxml.html.HtmlElement) -> None:
    for table in list(root.iter("table")):
        rows = [row for row in table.iter("tr") if _table_of(row) is table]
        cells = [[c for c in row if c.tag in _CELLS] for row in rows]
        if sum(1 for row in cells if len(row) >= _MIN_COLUMNS) < _MIN_ROWS:
            continue
        for cell in (c for row in cells for c in row):
            if cell.find(".//table") is None and len(cell.text_content()) <= _MAX_CELL:
                _flatten(cell)


def _table_of(row: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    return next(row.iterancestors("table"), None)


def _flatten(cell: lxml.html.HtmlElement) -> None:
    breaks = [n for n in cell.iter() if n is not cell and (n.tag == "br" or n.tag in _BLOCKS)]
    for node in breaks:
        if node.tag == "br":
            node.tail = ", " + (node.tail or "")
            node.drop_tag()
        else:
            node.tag = "span"
            node.tail = ", " + (node.tail or "")
    # a separator after the cell's last piece separates nothing
    text = cell.text_content()
    if breaks and text.rstrip().endswith(","):
        last = breaks[-1]
        if last.tail is not None and last.tail.strip() == ",":
            last.tail = " "
