"""Rules 1.6.0's look-alike shapes (issue 13): each mail below has a job's words and is not a
requirement."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from tests.services.parser.rules.plain_mail import extract_plain


def _category(subject: str, body: str) -> Category:
    return extract_plain(subject, body).category


@pytest.mark.parametrize(
    ("subject", "body", "category"),
    [
        (
            "【重要】アカウントの確認が必要です",
            "お客様のアカウントで異常なアクティビティが検出されました。以下のリンクから確認してください。\n",
            Category.SPAM,
        ),
        (
            "Remote Data Entry Clerk - $35/hr - no interview",
            "We are hiring remote data entry clerks. Pay: $35/hr. To apply, text your full name "
            "to our hiring manager on WhatsApp.\n",
            Category.SPAM,
        ),
        (
            "[example/parser] Location parsing fails for remote roles (Issue #482)",
            "When a posting says 'Remote (CST hours)' for a Senior Java Developer, the location "
            "is empty.\n\n-- \nReply to this email directly, view it on GitHub: "
            "https://github.com/example/parser/issues/482\nYou are receiving this because you "
            "are subscribed to this thread.\n",
            Category.OTHER,
        ),
        (
            "Hello",
            "Hello dear,\n\nMy name is Sergeant Mary Cole, a US army nurse abroad. I have a "
            "lucrative business deal for us both.\n\nI am awaiting your urgent reply.\n",
            Category.SPAM,
        ),
        (
            "Re: lunch on Friday?",
            "Sounds good, see you at noon. I'll bring the slides from the Java meetup.\n",
            Category.PERSONAL,
        ),
    ],
)
def test_look_alike_shapes(subject: str, body: str, category: Category) -> None:
    assert _category(subject, body) == category


def test_an_interview_mail_stays_one() -> None:
    body = "Consultant B's interview with the hiring manager is confirmed for Tuesday 11 AM.\n"
    assert _category("Interview scheduled - Consultant B", body) == Category.INTERVIEW
