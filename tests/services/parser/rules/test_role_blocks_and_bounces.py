"""Rules 1.14.0's two classification fixes (issue 13, clsfix helper): several role blocks, each
with labelled fields of its own, are a requirement even with no call for resumes; a postmaster
or mailer-daemon sender makes a bounce only with a delivery report in the mail. Each mail here
is written for the test, not one of the corpus cases."""

from __future__ import annotations

from schemas.contracts.models import Category
from services.parser.rules.classify import Evidence, classify
from tests.services.parser.rules.plain_mail import extract_plain


def test_role_blocks_with_their_own_fields_are_a_requirement() -> None:
    body = "Hi all,\n\nThree open roles with our clients.\n\n" + "".join(
        f"Opening {n}: {title}\nLocation: {place}\nRate: ${rate}/hr\n\n"
        for n, (title, place, rate) in enumerate(
            (
                ("Golang Developer", "Tampa, FL", 70),
                ("Android Developer", "Miami, FL", 60),
                ("Salesforce Administrator", "Orlando, FL", 55),
            ),
            start=1,
        )
    )
    result = extract_plain("3 open roles", body + "Thanks\n")
    assert result.category == Category.REQUIREMENT
    assert [(j.title, j.location) for j in result.jobs] == [
        ("Golang Developer", "Tampa, FL"),
        ("Android Developer", "Miami, FL"),
        ("Salesforce Administrator", "Orlando, FL"),
    ]


def test_consultant_blocks_stay_a_hotlist() -> None:
    body = (
        "Hi Partners,\n\nOur consultants available for C2C roles:\n\n"
        "Consultant: Ravi K\nTitle: Java Developer\nLocation: Dallas, TX\nVisa: H1B\n"
        "Rate: $60/hr\n\n"
        "Consultant: Meena S\nTitle: Data Analyst\nLocation: Austin, TX\nVisa: GC\n"
        "Rate: $50/hr\n\nPlease share your requirements.\n"
    )
    assert extract_plain("Available consultants", body).category == Category.HOTLIST


def _from(sender: str, subject: str, text: str) -> Category:
    return classify(Evidence(subject=subject, sender=sender, text=text))[0]


def test_a_postmaster_sender_without_a_delivery_report_is_no_bounce() -> None:
    phishing = (
        "Dear user,\n\nYour mailbox is over its quota. Verify your account within 24 hours to "
        "avoid suspension: https://example.org/verify\n"
    )
    sender = "Postmaster <postmaster@example.org>"
    assert _from(sender, "Verify your account", phishing) != Category.BOUNCE


def test_a_mailer_daemon_report_under_a_plain_subject_is_a_bounce() -> None:
    report = (
        "This is the mail system at host mx.example.org.\n\nYour message could not be delivered "
        "to one or more recipients.\n\n<jdoe@example.com>: 550 5.1.1 user unknown\n"
    )
    sender = "MAILER-DAEMON@mx.example.org (Mail Delivery System)"
    assert _from(sender, "Re: Java Developer - Dallas", report) == Category.BOUNCE
