"""Look-alike classes the real dev corpus showed misread (issue 13): job scams, shipping-document
phishing under a CV subject, a candidate's CV mail with its attachment stripped, a job platform's
recruiting pitch, a product update with a hiring line, and an organiser asking colleagues under
an event tag. Each case failed on rules 1.4.0; the guards hold what the new rules must not
break (requirements that say "weekly pay", "CV required")."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("subject", "text", "category"),
    [
        (
            "new account executive",
            "Named a Top Place to Work! Two new clients mean several open positions. All "
            "applicants must be 21+ years old. Weekly pay. Guaranteed base pay: $60,000 - "
            "$80,000/year.\n",
            Category.SPAM,
        ),
        (
            "CV for your consideration",
            "Dear sir,\n\nThe waybill and invoice of your consignment are attached. Kindly "
            "acknowledge receipt, then sign and stamp the invoice and send it back.\n",
            Category.SPAM,
        ),
        ("CV Maria Lopez", "Sent from my phone\n", Category.SUBMISSION),
        ("RESUME", "\n", Category.SUBMISSION),
        (
            "Remote U.S. jobs waiting for engineers like you",
            "I saw your profile online. Find jobs across levels and get hired for React, Node "
            "or Python roles.\n\nSTART YOUR APPLICATION\n",
            Category.JOB_ALERT_DIGEST,
        ),
        (
            "[List] Fwd: Update | Orbit Internet Beta",
            "Send a resume to: person6@example.com\n\nIf anyone here would like to apply.\n\n"
            "Orbit update email\n",
            Category.NEWSLETTER,
        ),
        (
            "[Meetup] T-Shirt Sizes",
            "Howdy, gang!\n\nI'm organizing some swag for the meetup. Could you please send me "
            "your t-shirt size?\n",
            Category.PERSONAL,
        ),
    ],
)
def test_look_alikes_get_their_category(subject: str, text: str, category: Category) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, category)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Need Java Developer - Dallas, TX",
            "Please share resumes.\n\nRole: Java Developer\nLocation: Dallas, TX\nDuration: 12 "
            "months\nType: W2 with weekly pay\nSkills: Java, Spring Boot\n",
        ),
        (
            "CV required - Python Developer - Austin, TX",
            "Hi Partners,\n\nPlease send CVs for the role below.\n\nRole: Python Developer\n"
            "Location: Austin, TX\nDuration: 6 months\nSkills: Python, Django\n",
        ),
    ],
)
def test_requirements_with_look_alike_words_stay_requirements(subject: str, text: str) -> None:
    assert extract(email(subject, text)).category == Category.REQUIREMENT
