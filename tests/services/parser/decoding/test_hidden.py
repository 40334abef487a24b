"""Hidden HTML text is not content: one test per hiding technique, the visible text around it
kept, and hidden values never reaching a job or its evidence."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Rate, Visa
from services.parser.decoding import decode_email
from services.parser.decoding.htmltext import html_to_text
from services.parser.rules import extract


def visible(body: str, head: str = "") -> str:
    defects: list[str] = []
    text = html_to_text(f"<html><head>{head}</head><body>{body}</body></html>", defects)
    assert defects == []
    return " ".join(text.split())


@pytest.mark.parametrize(
    "hidden",
    [
        '<span style="display:none">SECRET</span>',
        '<span style="DISPLAY: NONE !important">SECRET</span>',
        '<div style="visibility:hidden">SECRET</div>',
        '<div style="visibility: collapse">SECRET</div>',
        '<span style="opacity:0">SECRET</span>',
        '<span style="opacity: 0.0">SECRET</span>',
        '<span style="mso-hide:all">SECRET</span>',
        "<p hidden>SECRET</p>",
        '<p hidden="hidden">SECRET</p>',
        "<!-- SECRET -->",
        "<!--[if mso]>SECRET<![endif]-->",
        "<script>var x = 'SECRET';</script>",
        "<style>.x { content: 'SECRET' }</style>",
        "<template><p>SECRET</p></template>",
        "<noscript>SECRET</noscript>",
    ],
)
def test_hidden_elements_are_dropped(hidden: str) -> None:
    assert visible(f"<p>Before {hidden} after</p>") == "Before after"


@pytest.mark.parametrize(
    "size", ["0", "0px", "0pt", "0em", "0rem", "0%", "0.0px", ".0em", "0vw", "0 !important"]
)
def test_zero_font_size_in_any_unit(size: str) -> None:
    assert visible(f'<p>Before <span style="font-size:{size}">SECRET</span> after</p>') == (
        "Before after"
    )


@pytest.mark.parametrize(
    "box",
    [
        '<div style="width:0;height:0;overflow:hidden">SECRET</div>',
        '<div style="height: 0px; overflow: hidden">SECRET</div>',
        '<div style="width:0px">SECRET</div>',
        '<div style="max-height:0;overflow:hidden">SECRET</div>',
        '<div style="max-width:0">SECRET</div>',
        '<td width="0">SECRET</td>',
        '<div height="0">SECRET</div>',
        '<span style="transform: scale(0)">SECRET</span>',
    ],
)
def test_zero_sized_boxes(box: str) -> None:
    body = f"<table><tr><td>Before</td>{box}<td>after</td></tr></table>"
    assert "SECRET" not in visible(
        body.replace("<div", "<td><div").replace("</div>", "</div></td>")
    )


@pytest.mark.parametrize(
    "offscreen",
    [
        '<div aria-hidden="true" style="position:absolute;left:-9999px">SECRET</div>',
        '<div style="position: absolute; top: -10000px">SECRET</div>',
        '<div style="position:fixed;left:-999px">SECRET</div>',
        '<div style="text-indent:-9999px">SECRET</div>',
        '<span style="position:absolute;clip:rect(0,0,0,0)">SECRET</span>',
    ],
)
def test_offscreen_text(offscreen: str) -> None:
    assert visible(f"<p>Before</p>{offscreen}<p>after</p>") == "Before after"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<span style="color:#ffffff">SECRET</span>', "Before after"),
        ('<span style="color:#FFF">SECRET</span>', "Before after"),
        ('<span style="color:white">SECRET</span>', "Before after"),
        ('<span style="color:rgb(255, 255, 255)">SECRET</span>', "Before after"),
        ('<span style="color:rgba(255,255,255,1)">SECRET</span>', "Before after"),
        ('<span style="color:#fefefe">SECRET</span>', "Before after"),  # indistinguishable
        ('<span style="color:transparent">SECRET</span>', "Before after"),
        ('<span style="color:rgba(0,0,0,0)">SECRET</span>', "Before after"),
        ('<font color="#ffffff">SECRET</font>', "Before after"),
        # a visible colour is kept
        ('<span style="color:#333333">SHOWN</span>', "Before SHOWN after"),
        ('<span style="color:#eeeeee">SHOWN</span>', "Before SHOWN after"),
    ],
)
def test_text_the_colour_of_a_white_page(markup: str, expected: str) -> None:
    assert visible(f"<p>Before {markup} after</p>") == expected


def test_same_colour_as_an_ancestor_background() -> None:
    body = (
        '<table bgcolor="#003366"><tr><td><p>Visible <span style="color:#003366">SECRET</span>'
        ' <span style="color:#ffffff">SHOWN</span></p></td></tr></table>'
        '<div style="background-color: red"><span style="color:#ff0000">SECRET</span>ok</div>'
        '<div style="background:#00ff00 url(x.png) no-repeat"><b style="color:lime">S</b></div>'
    )
    text = visible(body)
    assert "SECRET" not in text
    assert "Visible" in text and "SHOWN" in text and "ok" in text


def test_white_text_on_a_dark_body_is_visible_and_dark_text_is_not() -> None:
    body = '<p style="color:#fff">SHOWN</p><p style="color:#000000">SECRET</p>'
    text = visible(f'<div style="background-color:#000">{body}</div>')
    assert text == "SHOWN"


def test_black_text_on_a_transparent_background_is_visible() -> None:
    # what a Google Docs paste looks like: every run black on "transparent"
    google_docs = (
        '<b style="font-weight:normal" id="docs-internal-guid-1a2b"><p dir="ltr" '
        'style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;'
        "color:#000000;background-color:transparent;font-weight:400;font-style:normal;"
        'vertical-align:baseline;white-space:pre-wrap">Role: Java Developer</span></p></b>'
    )
    word = (
        '<p class="MsoNormal"><span style="color:black;background:transparent">Location: '
        'Austin, TX</span></p><p><font color="#000000"><span style="background-color:'
        'rgba(0, 0, 0, 0)">Rate: $60/hr</span></font></p>'
    )
    assert visible(google_docs) == "Role: Java Developer"
    assert visible(word) == "Location: Austin, TX Rate: $60/hr"


def test_a_transparent_background_shows_the_one_behind_it() -> None:
    body = (
        '<p><span style="color:#fff;background-color:transparent">SECRET</span>ok</p>'
        '<div style="background-color:#000"><span style="color:#000;background:transparent">'
        "SECRET</span>shown</div>"
    )
    assert visible(body) == "ok shown"


def test_background_image_makes_the_colour_unknown() -> None:
    body = '<div style="background-image:url(hero.png)"><p style="color:#fff">SHOWN</p></div>'
    assert visible(body) == "SHOWN"


def test_children_may_override_inherited_hiding() -> None:
    body = (
        '<div style="font-size:0">SECRET <span style="font-size:14px">SHOWN1</span> SECRET</div>'
        '<div style="visibility:hidden">SECRET <b style="visibility:visible">SHOWN2</b></div>'
        '<div style="color:#fff">SECRET <i style="color:#000">SHOWN3</i></div>'
    )
    assert visible(body) == "SHOWN1 SHOWN2 SHOWN3"


def test_stylesheet_classes_and_ids_hide_too() -> None:
    head = (
        "<style>/* preheader */ .preheader { display:none !important; } #tracking{font-size:0}"
        " span.ghost, .x {color:#ffffff} @media (max-width:600px) { .mobile { display:none } }"
        " div > .nested { display:none }</style>"
    )
    body = (
        '<span class="preheader">SECRET1</span><p id="tracking">SECRET2</p>'
        '<span class="ghost">SECRET3</span><p>Visible</p><p class="mobile">SHOWN</p>'
        '<p class="nested">SHOWN2</p>'
    )
    assert visible(body, head) == "Visible SHOWN SHOWN2"  # @media and combinators: not ours


def test_tails_after_hidden_elements_stay() -> None:
    assert visible("<p>Rate:<span hidden>$150/hr</span> $60/hr C2C</p>") == "Rate: $60/hr C2C"


def test_deep_nesting_does_not_blow_the_stack() -> None:
    assert "deep" in visible("<div>" * 200 + "deep" + "</div>" * 200)
    # libxml2 stops at 256 levels: deeper text is lost, but nothing raises
    visible("<div>" * 5000 + "deeper" + "</div>" * 5000)


HTML_EMAIL = """\
From: Priya <priya@bluepeak.test>
To: recruiter@demo.example.test
Subject: ETL Developer - Hartford, CT
Message-ID: <hidden@bluepeak.test>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>.pre{display:none}</style></head><body>
<span class="pre">Rate: $200/hr Visa: OPT</span>
<div style="display:none">Client: Hidden Corp</div>
<p>Hi, please share profiles for the below role.</p>
<p>Role: ETL Developer</p>
<p>Location: Hartford, CT</p>
<p>Duration: 12 months</p>
<p>Rate: <span style="font-size:0">$180/hr</span>$62/hr C2C</p>
<p>Visa: USC/GC <span style="color:#ffffff">H1B</span></p>
<!-- Rate: $300/hr -->
<p style="position:absolute;left:-9999px" aria-hidden="true">Experience: 25 years</p>
</body></html>
"""


def test_hidden_values_never_reach_a_job_or_its_evidence() -> None:
    decoded = decode_email(HTML_EMAIL.encode())
    for secret in ("$200", "OPT", "Hidden Corp", "$180", "H1B", "$300", "25 years"):
        assert secret not in decoded.text
    result = extract(decoded)
    job = result.jobs[0]
    assert job.rate == Rate(min=62, max=62, unit="hour")
    assert job.visa == [Visa.USC, Visa.GC]
    assert job.client is None and job.experience_years is None
    rate = next(e for e in result.evidence if e.field == "rate")
    assert rate.text == "$62/hr" and decoded.text[rate.start : rate.end] == "$62/hr"
