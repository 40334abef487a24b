"""strip_quoted_history: ">"-quoted history goes line by line, so new text below or between the
quotes stays (bottom-posted and interleaved replies, as mailing lists write them); top-posted
replies, Outlook history and forwards read as before."""

from __future__ import annotations

from services.parser.decoding.quotes import strip_quoted_history

_ON_WROTE = "On Mon, Nov 9, 2026 at 4:15 PM Mark Chen <mark@demo.example.test> wrote:\n"


def test_bottom_posted_reply_keeps_the_new_text_below_the_quote() -> None:
    text = (
        _ON_WROTE + "> Do you have a Java developer for Dallas?\n> Rate is open.\n\n"
        "Yes, Ravi is available from Monday. Resume attached.\n\nThanks,\nLisa\n"
    )
    assert strip_quoted_history(text, forwarded=False) == (
        "\nYes, Ravi is available from Monday. Resume attached.\n\nThanks,\nLisa"
    )


def test_bottom_posted_reply_to_a_thread_keeps_the_new_text() -> None:
    """The quoted headers of earlier messages ("> On … wrote:") are quoted lines, not cuts."""
    text = (
        _ON_WROTE + "> On Sun, Nov 8, 2026 at 5:00 PM Anil <anil@prime.example.net> wrote:\n"
        "> > Need a DevOps engineer in Denver.\n>\n> Which client?\n\n"
        "The client is a bank; the role is onsite in Denver.\n"
    )
    assert strip_quoted_history(text, forwarded=False) == (
        "\nThe client is a bank; the role is onsite in Denver."
    )


def test_interleaved_reply_keeps_every_answer_and_drops_every_quote() -> None:
    text = (
        "Hi Mark,\n\n" + _ON_WROTE + "> What is the rate?\n\n$65/hr on C2C.\n\n"
        "> Is it remote?\n\nHybrid, three days in Plano, TX.\n"
    )
    kept = strip_quoted_history(text, forwarded=False)
    assert kept == "Hi Mark,\n\n\n$65/hr on C2C.\n\n\nHybrid, three days in Plano, TX."


def test_top_posted_reply_is_cut_at_the_reply_header_as_before() -> None:
    text = (
        "Role: Senior Data Engineer\nLocation: Chicago, IL\n\nThanks,\nLisa\n\n"
        + _ON_WROTE
        + "> Role: Data Engineer\n> Location: Remote\n"
    )
    assert strip_quoted_history(text, forwarded=False) == (
        "Role: Senior Data Engineer\nLocation: Chicago, IL\n\nThanks,\nLisa\n"
    )


def test_unquoted_outlook_history_still_runs_to_the_end() -> None:
    text = (
        "Any update on this one?\n\n"
        "From: Anil Varma <anil@primetalent.test>\nSent: Monday, November 9, 2026 9:00 AM\n"
        "To: recruiter@demo.example.test\nSubject: DevOps Engineer - Remote\n\n"
        "Role: DevOps Engineer\n> a quoted line\n\nmore history\n"
    )
    assert strip_quoted_history(text, forwarded=False) == "Any update on this one?\n"


def test_forward_keeps_the_forwarded_body_and_drops_its_own_history() -> None:
    text = (
        "FYI, please check.\n\n"
        "---------- Forwarded message ---------\nFrom: Anil <anil@prime.example.net>\n"
        "Date: Mon, Nov 9, 2026 at 9:02 AM\nSubject: DevOps Engineer - Remote\n"
        "To: <kevin@demo.example.test>\n\nRole: DevOps Engineer\nLocation: Remote\n\n"
        "On Sun, Nov 8, 2026 at 5:00 PM Client <c@client.example.com> wrote:\n> older thread\n"
    )
    assert strip_quoted_history(text, forwarded=True) == (
        "FYI, please check.\n\n"
        "---------- Forwarded message ---------\nFrom: Anil <anil@prime.example.net>\n"
        "Date: Mon, Nov 9, 2026 at 9:02 AM\nSubject: DevOps Engineer - Remote\n"
        "To: <kevin@demo.example.test>\n\nRole: DevOps Engineer\nLocation: Remote\n"
    )


def test_reply_without_new_text_keeps_the_quoted_message() -> None:
    text = _ON_WROTE + "> Role: Data Engineer\n> Location: Remote\n"
    assert strip_quoted_history(text, forwarded=False) == text


def test_top_posted_reply_above_a_quoted_header_is_cut_there_as_before() -> None:
    text = (
        "Thanks, submitted.\n\n"
        "> On Sun, Nov 8, 2026 at 5:00 PM Anil <anil@prime.example.net> wrote:\n"
        "> > Need a DevOps engineer in Denver.\n"
    )
    assert strip_quoted_history(text, forwarded=False) == "Thanks, submitted.\n"


def test_reply_without_new_text_to_a_thread_keeps_the_whole_quoted_thread() -> None:
    text = (
        _ON_WROTE + "> On Sun, Nov 8, 2026 at 5:00 PM Anil <anil@prime.example.net> wrote:\n"
        "> > Need a DevOps engineer in Denver.\n"
    )
    assert strip_quoted_history(text, forwarded=False) == text
