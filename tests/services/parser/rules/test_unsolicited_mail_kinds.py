"""Kinds of unsolicited mail and list traffic of the sixth real corpus pass (rules 1.9.0,
issue 13): document, payroll and account lures, cold pitches that ask for a conversation, shop
mailings, strangers' funds, unfilled merge tokens and official-notice phishing in other
languages are spam; a user's bug report, kernel log or question to a list is "other"; a tagged
announcement or a beta release is a newsletter. One case per rule, each written here (not copied
from a corpus) and each read otherwise by rules 1.8.1; the guards hold what must keep its
category (a recruiter's job that offers a short conversation, a market report)."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # document, signature and payment lures
        ("Payment Advice - Ref 2201", "Dear Vendor, your statements were sent.\n"),
        ("Complete: Document pending review", "Open it below.\n"),
        ("Files", "You have a document to review and sign before the release.\n"),
        # payroll and account lures
        ("Salary Upgrade for Staff", "Open the link below.\n"),
        ("Notice", "A sign-in attempt was blocked. Check what happened.\n"),
        ("Notice", "Your meeting is about to begin: 3 persons are currently connected.\n"),
        # cold pitches asking for a conversation, and what the firm does for a trade
        ("Steel work", "Would you be open to a short conversation this month?\n"),
        ("Bread", "For years we have been supporting bakeries across Europe.\n"),
        # shop mailings and strangers' funds
        ("Watches", "Timeless style from just $99.\n"),
        ("Hello", "My client wishes to place funds with a partner. Reply.\n"),
        ("Hello", "Please share your business plan for our review.\n"),
        # an unfilled merge token of a bulk sender
        ("Ola", "Segue meu arquivo 3935%RND8%%RND9%\n"),
        # official notices in the languages such phishing comes in
        ("Aviso", "Sua encomenda aguarda liberação.\n"),
        ("Aviso", "Estimado contribuyente: documento disponible.\n"),
        ("Herinnering", "Betaal het openstaande bedrag.\n"),
        ("Sicherheit", "Ihre Karte wurde vorsorglich gesperrt.\n"),
        ("Oferta", "Czy mają Państwo chwilę?\n"),
        # a recruitment firm selling its service
        ("Recruitment services 2026", "See our offer.\n"),
    ],
)
def test_unsolicited_mail_is_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, Category.SPAM)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Bug report: off-by-one in the parser", "The loop in parse.c stops one short.\n"),
        ("acminfo report incorrect data", "It prints 0 for a valid module.\n"),
        ("Camera shows a blank screen", "Hi folks,\n[31355.078189] uvcvideo: poll\n"),
        ("Exposure", "Hi cam-devel list,\nIs there anyone on the list who reads it back?\n"),
    ],
)
def test_list_reports_and_questions_are_other(subject: str, text: str) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == Category.OTHER


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("[ANNOUNCE] fstools 0.4", "A new version of the tools.\n"),
        ("libfoo Beta 2.2.0 online", "Take a look at the beta.\n"),
    ],
)
def test_announcements_are_newsletters(subject: str, text: str) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == Category.NEWSLETTER


_JOB_WITH_A_CALL = (
    "Hi,\n\nRole: Java Developer\nLocation: Dallas, TX\nDuration: 12 months\nType: C2C\n"
    "Please share resumes. Would you be open to a short conversation this week?\n"
)


@pytest.mark.parametrize(
    ("subject", "text", "bulk", "category"),
    [
        ("Java Developer - Dallas, TX", _JOB_WITH_A_CALL, False, Category.REQUIREMENT),
        ("Monthly market report", "Rates rose in Q3. Read more on our site.\n", True,
         Category.NEWSLETTER),
    ],
)  # fmt: skip
def test_mail_near_the_new_kinds_keeps_its_category(
    subject: str, text: str, bulk: bool, category: Category
) -> None:
    assert extract(email(subject, text, is_bulk=bulk)).category == category
