"""General shapes of unsolicited mail (rules 1.7.0, issue 13): what a stranger's offer, lure or
plea does, whatever it sells, is spam; a release announcement is a newsletter; a one-to-one note
about family, missing someone or a visit is personal. One case per rule family, each written
here (not copied from a corpus) and each read as "other" by rules 1.6.0; the guards hold what
the rules must not take (list traffic that mentions an attendee list, an aside "off-list", a
requirement that names a website and pricing)."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email

SPAM = Category.SPAM


@pytest.mark.parametrize(
    ("subject", "text", "category"),
    [
        # subject: the recipient's own address, a fake server notice, money, a pitch, loans
        ("Security check for ops@lists.example.org", "Please review.\n", SPAM),
        ("You have 7 pending messages", "Open the portal to release them.\n", SPAM),
        ("Funds !! (Ref: AB/12)", "Please reply.\n", SPAM),
        ("Website design for your company", "Reply for details.\n", SPAM),
        ("Direct lender - approval today", "Reply for details.\n", SPAM),
        ("Photo Editor Pro 9 Serial Key Download", "Works on every system.\n", SPAM),
        # body: a greeting to a mailbox, not a person
        ("Hello", "Hello ops@lists.example.org,\n\nPlease get back to me.\n", SPAM),
        ("Greetings", "Hi tools-devel,\n\nPlease get back to me.\n", SPAM),
        # a cold offer to a business
        (
            "Quick question",
            "We are specialized in localisation and our services include subtitles and "
            "voice-over. Contact us for a quote.\n",
            SPAM,
        ),
        (
            "Quick question",
            "Do you want more customers? We bring visitors to your website and generate leads "
            "for your shop.\n",
            SPAM,
        ),
        # an opt-out line
        ("Following up", "If this email is unwelcome, please accept my apologies.\n", SPAM),
        # money from strangers
        (
            "Good news",
            "Your email address was randomly selected. Contact the office to claim your "
            "winnings.\n",
            SPAM,
        ),
        (
            "Urgent",
            "Please buy two Steam cards of $100 each and send the codes to the agent.\n",
            SPAM,
        ),
        (
            "Hello",
            "I have a fund of Nine Millions Two Hundred Thousand US dollars for you.\n",
            SPAM,
        ),
        # investment, pharmacy, stock tips, brand registration, list sellers
        ("Hello", "Our client wants to invest some amount of money with a partner.\n", SPAM),
        ("Hello", "All medications, no prescription needed, shipped overnight.\n", SPAM),
        (
            "Hello",
            "We can sell you the list of companies using Oracle with their contacts.\n",
            SPAM,
        ),
        # advance-fee opener
        (
            "Hello",
            "This letter may come as a surprise to you since we have never met before.\n",
            SPAM,
        ),
        # credential and document lures
        ("Notice", "Please re-confirm your account today or it will stop working.\n", SPAM),
        ("Notice", "Sign in with your work email to open the shared file.\n", SPAM),
        # a boss's errand, a previous mail, a private address, a friendship
        ("Hello", "My boss has a small task for you, are you available?\n", SPAM),
        ("Hello", "Did you get my previous email? Please answer soon.\n", SPAM),
        ("Hello", "I am Anna and I would like to be your friend, answer me.\n", SPAM),
        # release announcements
        ("Release 3.2.1 available", "Thanks to everyone who tested it.\n", Category.NEWSLETTER),
        ("widgetd 0.9 released", "Bug fixes only.\n", Category.NEWSLETTER),
        # one-to-one personal notes
        (
            "quick note",
            "Hi Tom,\n\nMy sister finally got the job, she is so happy.\n",
            Category.PERSONAL,
        ),
        (
            "saturday",
            "Hi Eva,\n\nSorry I missed your call. Let's catch up tomorrow evening?\n",
            Category.PERSONAL,
        ),
        (
            "next month",
            "Hi Jan,\n\nAre you still coming to Brno? We have a spare room for you.\n",
            Category.PERSONAL,
        ),
    ],
)
def test_unsolicited_and_personal_mail_get_their_category(
    subject: str, text: str, category: Category
) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, category)


@pytest.mark.parametrize(
    ("subject", "text", "category"),
    [
        # an event agenda names its attendee list; nobody sells it (a [Summit] mailing, as before)
        (
            "[Summit] Draft agenda and attendee list",
            "Here is the draft agenda and attendee list for next week.\n",
            Category.NEWSLETTER,
        ),
        # "off-list" and "catch up on this" are asides in technical threads
        (
            "Re: crash in the USB driver",
            "I sent the logs off-list. I will catch up on this thread later.\n",
            Category.OTHER,
        ),
        # an address right after a name starting with "hi" is no greeting
        (
            "[PATCH] fix leak",
            "Reported-by: Hideo Sato <hideo.sato@example.org>\n\nFree the buffer on error.\n",
            Category.OTHER,
        ),
    ],
)
def test_list_traffic_keeps_its_category(subject: str, text: str, category: Category) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == category


def test_requirement_naming_a_website_and_pricing_stays_a_requirement() -> None:
    text = (
        "Hi Partners,\n\nPlease share resumes for the role below.\n\nRole: Web Developer\n"
        "Location: Austin, TX\nDuration: 6 months\nSkills: React, SEO, Google Ads\n"
        "The consultant will improve traffic to your website clients and pricing pages.\n"
    )
    assert extract(email("Need Web Developer - Austin, TX", text)).category == (
        Category.REQUIREMENT
    )
