"""HTML → layout-preserving text (inscriptis), after dropping what a reader never sees.

Hidden text is where mass mailers put preheaders and where spammers stuff keywords ("Rate:
$200/hr" in white on white); a requirement's fields, and their evidence, must come only from what
the recruiter actually reads. Rules, applied from inline styles and from simple ``<style>``
selectors (tag, .class, #id; rules inside @media apply only sometimes and are ignored):

* whole subtree gone: script/style/template/head/noscript, comments, the ``hidden`` attribute,
  display:none, opacity:0, mso-hide:all, zero width/height boxes (style or attribute),
  off-screen positioning (left/top/text-indent at -999px or beyond, clip to nothing);
* own text gone (children may override, as CSS inherits): visibility:hidden, font-size:0 in any
  unit, a text colour equal (or nearly) to the background of the element or its nearest ancestor
  that has one (email canvases are white when nothing says otherwise; a transparent
  background is no background), transparent text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# lxml ships no type information; it is inscriptis' own parser, so no extra dependency.
import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
from inscriptis import Inscriptis
from inscriptis.model.config import ParserConfig

from services.parser.decoding.layout import plain_layout, supports
from services.parser.decoding.tablecells import flatten_data_cells

__all__ = ["LAYOUT", "html_to_text", "visible_tree"]

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
LAYOUT = ParserConfig(table_cell_separator="  ")  # inscriptis' configuration
_PLAIN_LAYOUT = supports(LAYOUT)  # layout.py renders plain trees as inscriptis would, faster
_DROP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
# Every attribute _style, _gone and _ink read: without them (and rules), an element has no style.
_STYLING_ATTRIBUTES = frozenset(
    {"style", "class", "id", "hidden", "width", "height", "color", "bgcolor"}
)
# Whether any element has a styling attribute or a tag that goes by name (what _prune acts on).
_MAY_PRUNE = lxml.etree.XPath(
    "boolean(//*[{}] | {})".format(
        " or ".join(f"@{name}" for name in sorted(_STYLING_ATTRIBUTES)),
        " | ".join(f"//{tag}" for tag in sorted(_DROP_TAGS)),
    )
)
_DECLARATION = re.compile(r"([-\w]+)\s*:\s*([^;]+)")
_IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:[.#][-\w]+)*)$", re.I)
_ZERO = re.compile(r"^[-+]?(?:0+(?:\.0*)?|\.0+)(?:[a-z%]+)?$", re.IGNORECASE)  # 0, 0px, .0em, 0%
_LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(?:px|pt|em|rem|%|vw|vh|cm|mm|in|pc|ch|ex)?$", re.I)
_OFFSCREEN = -999.0  # px; sr-only and preheader hacks use -999 .. -10000
_HEX = re.compile(r"^#([0-9a-f]{3,8})$", re.IGNORECASE)
_RGB = re.compile(
    r"^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)$"
)
_NEAR = 24  # summed channel difference below which text is indistinguishable from its background
_NAMED = {
    "white": (255, 255, 255), "black": (0, 0, 0), "red": (255, 0, 0), "green": (0, 128, 0),
    "blue": (0, 0, 255), "yellow": (255, 255, 0), "gray": (128, 128, 128),
    "grey": (128, 128, 128), "silver": (192, 192, 192), "navy": (0, 0, 128),
    "whitesmoke": (245, 245, 245), "snow": (255, 250, 250), "ivory": (255, 255, 240),
    "ghostwhite": (248, 248, 255), "floralwhite": (255, 250, 240), "azure": (240, 255, 255),
    "aliceblue": (240, 248, 255), "mintcream": (245, 255, 250), "seashell": (255, 245, 238),
    "linen": (250, 240, 230), "lightgray": (211, 211, 211), "lightgrey": (211, 211, 211),
    "gainsboro": (220, 220, 220), "darkgray": (169, 169, 169), "orange": (255, 165, 0),
    "purple": (128, 0, 128), "teal": (0, 128, 128), "maroon": (128, 0, 0),
}  # fmt: skip
_WHITE = (255, 255, 255)
_TRANSPARENT = (-1, -1, -1)  # a sentinel no real colour equals

RGB = tuple[int, int, int]
_Rule = tuple[str | None, frozenset[str], str | None, dict[str, str]]


@dataclass(frozen=True)
class _Ink:
    """What an element inherits: its text colour, the background behind it, hiding flags."""

    color: RGB | None = None  # None: the client's default (dark) text colour
    background: RGB | None = _WHITE  # None: unknown (an image), never "same as the text"
    font_zero: bool = False
    invisible: bool = False  # visibility:hidden


def html_to_text(html: str, defects: list[str]) -> str:
    # Every element held while the tree is read: lxml makes a Python object for an element
    # each time one is reached while none is held (lxml.html's element-class lookup, in
    # Python), and pruning, flattening and the layout each walk the whole tree.
    held: list[lxml.html.HtmlElement] = []
    tree = _visible_tree(html, defects, held)
    if tree is None:
        return ""
    text = plain_layout(tree, LAYOUT) if _PLAIN_LAYOUT else None
    return text if text is not None else str(Inscriptis(tree, LAYOUT).get_text())


def visible_tree(html: str, defects: list[str]) -> lxml.html.HtmlElement | None:
    """The tree html_to_text lays out: what a reader sees, data table cells flattened."""
    return _visible_tree(html, defects, [])


def _visible_tree(
    html: str, defects: list[str], held: list[lxml.html.HtmlElement]
) -> lxml.html.HtmlElement | None:
    """visible_tree, the parsed tree's elements put in ``held``."""
    declaration = _XML_DECLARATION.match(html)  # "^" without MULTILINE: only at the start
    html = (html[declaration.end() :] if declaration else html).strip()
    if not html:
        return None
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        defects.append("html-unparseable")
        return None
    held.extend(tree.iter())
    rules = _stylesheet(tree)
    # the comments and processing instructions in the tree, in document order: what the XPath
    # "//comment() | //processing-instruction()" finds that has a parent, without compiling it
    # on every call (the ones beside the root element have none and stay)
    for node in list(tree.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        if node.getparent() is not None:
            node.drop_tree()
    _prune(tree, rules)
    flatten_data_cells(tree)
    return tree


def _prune(root: lxml.html.HtmlElement, rules: list[_Rule]) -> None:
    if not rules and not _may_prune(root):
        # No rule, no styling attribute: every element inherits the page's ink (text shown)
        # and only the tags gone by name would go, and there are none: nothing to prune.
        return
    # Tags a stylesheet rule may select without a class or id (and more): an element of
    # another tag without a class, id or styling attribute has no style, so it only inherits.
    rule_tags = {tag for tag, _, _, _ in rules}
    # An explicit stack: adversarial nesting must not hit the recursion limit.
    stack: list[tuple[lxml.html.HtmlElement, _Ink, bool]] = [(root, _Ink(), False)]
    while stack:
        node, inherited, hidden_text = stack.pop()
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if tag in rule_tags or not _STYLING_ATTRIBUTES.isdisjoint(node.attrib):
            style = _style(node, rules)
            if node.getparent() is not None and _gone(node, style):
                node.drop_tree()  # keeps the tail, which belongs to the parent
                continue
            ink = _ink(node, style, inherited)
            hidden_text = _hides_text(ink)
        elif tag in _DROP_TAGS and node.getparent() is not None:  # _gone with no style
            node.drop_tree()
            continue
        else:  # _ink with no style: the inherited one, so the parent's verdict on text holds
            ink = inherited
        if hidden_text:
            node.text = None
            for child in node:
                child.tail = None  # a child's tail is its parent's text
        stack.extend((child, ink, hidden_text) for child in node)


def _may_prune(root: lxml.html.HtmlElement) -> bool:
    """Whether, with no stylesheet rule, _prune has anything to act on: an element with a
    styling attribute, or of a tag that goes by name."""
    for node in root.iter(lxml.etree.Element):
        if node.tag in _DROP_TAGS:
            return True
        attrib = node.attrib
        if attrib and not _STYLING_ATTRIBUTES.isdisjoint(attrib):
            return True
    return False


def _hides_text(ink: _Ink) -> bool:
    return ink.font_zero or ink.invisible or _same_colour(ink.color, ink.background)


def _gone(node: lxml.html.HtmlElement, style: dict[str, str]) -> bool:
    if node.tag in _DROP_TAGS or node.get("hidden") is not None:
        return True
    if style.get("display") == "none" or style.get("mso-hide") == "all":
        return True
    if _is_zero(style.get("opacity")) or _is_zero(style.get("width") or node.get("width")):
        return True
    if _is_zero(style.get("height") or node.get("height")):
        return True
    if _is_zero(style.get("max-height")) or _is_zero(style.get("max-width")):
        return True
    if "scale(0)" in style.get("transform", "").replace(" ", ""):
        return True
    return _offscreen(style)


def _offscreen(style: dict[str, str]) -> bool:
    if style.get("position") in ("absolute", "fixed") and any(
        _px(style.get(side)) <= _OFFSCREEN for side in ("left", "top", "right")
    ):
        return True
    clip = style.get("clip", "").replace(" ", "").replace(",", "")
    if clip in ("rect(0000)", "rect(1px1px1px1px)", "rect(0px0px0px0px)"):
        return True
    return _px(style.get("text-indent")) <= _OFFSCREEN


def _ink(node: lxml.html.HtmlElement, style: dict[str, str], inherited: _Ink) -> _Ink:
    ink = inherited
    color = style.get("color") or (node.get("color") if node.tag == "font" else None)
    if color:
        ink = replace(ink, color=_colour(color))
    background = style.get("background-color") or _background_shorthand(style.get("background"))
    background = background or node.get("bgcolor")
    if background and _colour(background) != _TRANSPARENT:
        # transparent (Google Docs and Word wrap every run in it) shows what is behind: the
        # inherited background stays, or black text on it would read as black on black
        ink = replace(ink, background=_colour(background))
    elif "url(" in style.get("background", "") + style.get("background-image", ""):
        ink = replace(ink, background=None)  # text over an image: we cannot tell
    if "font-size" in style:
        ink = replace(ink, font_zero=_is_zero(style["font-size"]))
    if "visibility" in style:
        ink = replace(ink, invisible=style["visibility"] in ("hidden", "collapse"))
    return ink


def _same_colour(color: RGB | None, background: RGB | None) -> bool:
    if color is None or background is None:
        return False
    if color == _TRANSPARENT:
        return True
    return sum(abs(a - b) for a, b in zip(color, background, strict=True)) <= _NEAR


def _background_shorthand(value: str | None) -> str | None:
    for token in (value or "").split():
        if _colour(token) is not None:
            return token
    return None


def _colour(value: str) -> RGB | None:
    value = value.strip().lower()
    if value == "transparent":
        return _TRANSPARENT
    if value in _NAMED:
        return _NAMED[value]
    hex_match = _HEX.match(value)
    if hex_match:
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits[:3]) + (
                "ff" if len(digits) == 3 else digits[3] * 2
            )
        if len(digits) not in (6, 8):
            return None
        if len(digits) == 8 and int(digits[6:8], 16) == 0:
            return _TRANSPARENT
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    rgb = _RGB.match(value)
    if rgb:
        if rgb.group(4) is not None and _channel(rgb.group(4), 1.0) == 0:
            return _TRANSPARENT
        r, g, b = (round(_channel(rgb.group(i), 255.0)) for i in (1, 2, 3))
        return r, g, b
    return None


def _channel(token: str, scale: float) -> float:
    if token.endswith("%"):
        return float(token[:-1]) / 100 * scale
    return float(token)


def _is_zero(value: str | None) -> bool:
    return value is not None and bool(_ZERO.match(value.strip()))


def _px(value: str | None) -> float:
    match = _LENGTH.match((value or "").strip())
    return float(match.group(1)) if match else 0.0


def _declarations(text: str) -> dict[str, str]:
    return {
        name.lower(): _IMPORTANT.sub("", value).strip().lower()
        for name, value in _DECLARATION.findall(text)
    }


def _style(node: lxml.html.HtmlElement, rules: list[_Rule]) -> dict[str, str]:
    """Stylesheet declarations matching the element, then its inline style (which wins)."""
    style: dict[str, str] = {}
    if rules:
        classes = frozenset((node.get("class") or "").lower().split())
        ident = (node.get("id") or "").lower() or None
        for tag, wanted, wanted_id, declarations in rules:
            if (
                (tag is None or tag == node.tag)
                and wanted <= classes
                and wanted_id in (None, ident)
            ):
                style.update(declarations)
    style.update(_declarations(node.get("style") or ""))
    return style


def _stylesheet(tree: lxml.html.HtmlElement) -> list[_Rule]:
    rules: list[_Rule] = []
    for element in tree.iter("style"):
        css = _CSS_COMMENT.sub("", element.text_content())
        for selectors, body in _CSS_RULE.findall(_without_at_blocks(css)):
            declarations = _declarations(body)
            for selector in selectors.split(","):
                parsed = _selector(selector.strip())
                if parsed is not None:
                    rules.append((*parsed, declarations))
    return rules


def _selector(selector: str) -> tuple[str | None, frozenset[str], str | None] | None:
    match = _SIMPLE_SELECTOR.match(selector)
    if match is None or not selector:
        return None  # descendant, attribute and pseudo selectors: not ours to guess
    parts = re.findall(r"([.#])([-\w]+)", match.group("rest"))
    classes = frozenset(name.lower() for kind, name in parts if kind == ".")
    ids = [name.lower() for kind, name in parts if kind == "#"]
    tag = match.group("tag")
    return (tag.lower() if tag else None), classes, (ids[0] if ids else None)


def _without_at_blocks(css: str) -> str:
    """Drop @media/@supports/… blocks (brace-balanced): they apply only on some clients."""
    out: list[str] = []
    i = 0
    while i < len(css):
        at = css.find("@", i)
        if at < 0:
            out.append(css[i:])
            break
        out.append(css[i:at])
        brace, semicolon = css.find("{", at), css.find(";", at)
        if brace < 0 or (0 <= semicolon < brace):  # "@import …;" / "@charset …;"
            i = (semicolon + 1) if semicolon >= 0 else len(css)
            continue
        depth, j = 0, brace
        while j < len(css):
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
            if depth == 0:
                break
        i = j
    return "".join(out)
