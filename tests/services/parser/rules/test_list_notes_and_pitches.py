"""Kinds of mail of the seventh real corpus pass (rules 1.10.0, issue 13): cold pitches (a
manufacturer's or service's offer, a pitch in Polish or Czech), strangers' deals and bait (a
business venture "with you", a representative abroad, a pen pal, a previous-mail bait, an order
lure) are spam; farewells, congratulations and thanks between list members, replies included,
are personal; a reply under an announcement's subject is a conversation, not a newsletter. One
case per kind, each written here (not copied from a corpus) and each read otherwise by rules
1.9.0; the guards hold what must keep its category."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # cold pitches: the approach and the offer
        ("Displays", "I would like to reach the person responsible for marketing at your firm.\n"),
        ("Bottles", "We manufacture caps and jars. I'd be happy to present our range.\n"),
        ("Rubber", "Good morning, do you want to know what we can offer you?\n"),
        ("Gas", "With our experience in the gas industry we supply cylinders.\n"),
        ("Subtitles", "We transcribe lectures at a very reasonable cost.\n"),
        # a pitch in Polish or Czech
        ("Oferta", "Czy jest możliwość nawiązania współpracy?\n"),
        ("Nabídka", "Dobrý den, nabízíme podlahy pro výrobní haly.\n"),
        # strangers' deals and bait
        ("Urgent", "I am interested in a business venture with you. Details follow.\n"),
        ("Hello", "Compliments of the season. Kindly contact me back.\n"),
        ("Offer", "Our company needs a representative in the United States.\n"),
        ("Hi", "I am seeking a pen pal like friendship.\n"),
        ("Check", "Please confirm receipt of the previous mail I sent.\n"),
        ("Order", "My customer has a large demand of your product.\n"),
        ("Money", "Ein Restbetrag von 4.000.000,00 £ wartet auf Sie.\n"),
    ],
)
def test_pitches_and_strangers_bait_are_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, Category.SPAM)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # a farewell and its replies (a reply's own lines may follow the quote, unseen)
        ("Farewell & Best Wishes", "All,\nit is time for me to step down as maintainer.\n"),
        ("Re: Farewell", "On Mon, Jan 6, 2020 Maintainer wrote:\n"),
        ("Re: Leaving", "Sad to see you go. Best of luck!\n"),
        # congratulations by name, the replies too
        ("Re: Congrats, Jane!", "On Fri, Feb 5, 2021 Member wrote:\n"),
        ("Great news", "Jane, we are all very proud of you.\n"),
        # thanks addressed to people
        ("Thank you to the planning committee", "Your work made the event.\n"),
        ("Thank you LLVM MC speakers", "The track went well.\n"),
        ("Re: meetup", "Thank you again for attending. I enjoyed meeting many of you.\n"),
    ],
)
def test_notes_between_list_members_are_personal(subject: str, text: str) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == Category.PERSONAL


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # a reply discussing a release: the announcement's subject makes no mailing
        ("Re: [tools] libfoo 2.0.31 released", "On Sat, Aug 28 Dev wrote:\n"),
        ("Re: conference registration open", "Which hotel are people using?\n"),
        # findings shared with a list, with a holiday greeting
        ("SEL vs. watchdog timeouts", "Hi everyone, I hope all had a good holiday season.\n"
         "We raised the timeout; reporting it here might help someone else.\n"),
    ],
)  # fmt: skip
def test_discussion_is_other(subject: str, text: str) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == Category.OTHER


_JOB = (
    "Hi,\n\nRole: Java Developer\nLocation: Dallas, TX\nDuration: 12 months\nType: C2C\n"
    "Please share resumes. I await your response.\n"
)


@pytest.mark.parametrize(
    ("subject", "text", "bulk", "category"),
    [
        # a recruiter's "I await your response" stays a requirement; a reply forwarding a job too
        ("Java Developer - Dallas, TX", _JOB, False, Category.REQUIREMENT),
        ("RE: Java Developer - Dallas, TX", _JOB, False, Category.REQUIREMENT),
        # a mailing that is no reply keeps its newsletter subject
        ("libfoo 2.0.31 released", "Get the tarball below.\n", True, Category.NEWSLETTER),
        # "Thank you for your order" is no note between colleagues
        ("Thank you for your order", "Your order 31947 has shipped.\n", True, Category.OTHER),
    ],
)  # fmt: skip
def test_mail_near_the_new_kinds_keeps_its_category(
    subject: str, text: str, bulk: bool, category: Category
) -> None:
    assert extract(email(subject, text, is_bulk=bulk)).category == category
