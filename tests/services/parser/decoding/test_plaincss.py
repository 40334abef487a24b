"""without_style_rules: CSS rules written as lines of plain text go; prose braces stay."""

from __future__ import annotations

from services.parser.decoding.plaincss import without_style_rules


def test_rules_comments_and_emptied_at_blocks_go() -> None:
    text = (
        "TITLE\n"
        "/* yahoo */ .a, td.b{ line-height: 100%; }\n"
        "@media screen and (max-width: 600px) {\n  .c{\n    width: 95% !important;\n  }\n}\n"
        "Call me."
    )
    assert without_style_rules(text).split() == ["TITLE", "Call", "me."]


def test_prose_braces_stay() -> None:
    text = 'Skills: Java {Spring, Hibernate}\nPayload: {"rate": 65}\nUse ${HOME} here'
    assert without_style_rules(text) == text
