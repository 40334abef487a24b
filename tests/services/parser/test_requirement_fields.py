"""The parser's email.parsed carries what the jobwriter cannot read without the body: the
sender's company (its signature, for a free-mail sender) and a closing notice."""

from __future__ import annotations

from schemas.contracts.models import Category, RequirementNotice
from services.parser.handler import handle_raw_email
from tests.services.parser.test_handler import raw_email

FILLED = b"""From: Priya Raman <priya.raman@gmail.com>
To: recruiter@example.com
Subject: Update: Sr Java Developer (Job ID: WF-88121)
Message-ID: <n1@mail.gmail.com>
Date: Wed, 02 Dec 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Hi team,

This position has been filled. Please stop all submissions.

Thanks & Regards,
Priya Raman
Technical Recruiter
Infinity Systems LLC
Ph: 732-555-0199
"""


def test_a_closing_notice_from_a_free_mail_sender() -> None:
    parsed = handle_raw_email(raw_email(), FILLED)
    assert parsed.jobs == [] and parsed.category is Category.OTHER
    assert parsed.notice == RequirementNotice(
        status="closed", job_ref="WF-88121", title="Sr Java Developer"
    )
    assert parsed.sender_company == "Infinity Systems LLC"


def test_a_requirement_email_is_no_notice_and_names_its_domains_company() -> None:
    raw = FILLED.replace(b"priya.raman@gmail.com", b"priya@infinitysys.com")
    raw = raw.replace(
        b"This position has been filled. Please stop all submissions.",
        b"Please share resumes for the role below.",
    ).replace(b"Update: ", b"")
    parsed = handle_raw_email(raw_email(), raw)
    assert parsed.notice is None
    assert parsed.sender_company == "Infinity Systems LLC"
