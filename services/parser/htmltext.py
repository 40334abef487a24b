"""HTML → layout-preserving text (inscriptis), after dropping what a reader never sees."""

from __future__ import annotations

import re

# lxml ships no type information; it is inscriptis' own parser, so no extra dependency.
import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
from inscriptis import Inscriptis
from inscriptis.model.config import ParserConfig

__all__ = ["html_to_text"]

# Hidden text is where mass mailers put preheaders and where spammers stuff keywords; a
# requirement's fields must come from what the recruiter actually reads.
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)"
    r"|font-size\s*:\s*0(?:\.0+)?\s*(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|max-height\s*:\s*0(?:px)?\s*(?:;|$)",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONFIG = ParserConfig(table_cell_separator="  ")
_DROP_TAGS = ("script", "style", "head", "title", "noscript", "template")


def html_to_text(html: str, defects: list[str]) -> str:
    html = _XML_DECLARATION.sub("", html).strip()
    if not html:
        return ""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        defects.append("html-unparseable")
        return ""
    for node in tree.xpath("//comment()"):
        node.drop_tree()
    for node in list(tree.iter()):
        if not isinstance(node.tag, str) or node.getparent() is None:
            continue  # comments/PIs, and the root, which cannot be dropped
        style = node.get("style") or ""
        if node.tag in _DROP_TAGS or node.get("hidden") is not None or _HIDDEN_STYLE.search(style):
            node.drop_tree()
    return str(Inscriptis(tree, _CONFIG).get_text())
