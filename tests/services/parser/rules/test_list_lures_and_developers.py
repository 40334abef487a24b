"""Kinds of mail of the eighth real corpus pass (rules 1.12.0, issue 13): a buyer's lure (a
catalogue, a quotation, a WeChat id), a supplier's approach, a contact-list seller, investors'
bait, account and delivery phishing and a stranger's "lucrative proposal" or prize are spam; a
developer's mail (a function or C file, a CVSS score, file-system words, the open-source
community's words in Chinese) is no stranger's offer and no personal note, and a student's
Google Summer of Code mail is list traffic, not a submission. One case per kind, each written
here (not copied from a corpus) and each read otherwise by rules 1.11.0; the guards hold what
must keep its category."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # a buyer's lure
        ("Order", "Dear Supplier, we would like to make a purchase from you.\n"),
        ("Hello", "Please add my WeChat so we can agree the price per unit.\n"),
        ("RFQ", "We are requesting a quotation for the items in the attached file.\n"),
        # a supplier's or service's approach; a contact-list seller
        ("Bikes", "We are happy to introduce our latest collection of city bikes.\n"),
        ("Storage", "Who could we connect with at your company about warehousing?\n"),
        ("Visitors", "The visitor list holds 4,000 contacts at unlimited usage.\n"),
        # investors' bait, a stranger's proposal, a prize
        ("Plan", "I have a client who wants to invest; reply for more info.\n"),
        ("Lucrative Proposal", "Write to me today.\n"),
        ("You're a winner!", "Claim it this week.\n"),
        # account and delivery phishing
        ("Notice", "The password for admin@example.org will expire today.\n"),
        ("Parcel", "Your parcel is held: pay the additional shipping fees today.\n"),
        ("Files", "A colleague sent you some files. Get them before Friday.\n"),
    ],
)
def test_lures_pitches_and_phishing_are_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, Category.SPAM)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # the open-source community's words in Chinese: a developer's question, not Chinese spam
        ("社区交流群", "您好，我对这个开源项目很感兴趣，想为社区做点贡献，请问有交流群吗？\n"),
        # "widow" for "window" in a question about compressors
        ("[question] dictionaries", "Hi, do the compressors keep the history widow?\n"),
        # a report naming a function and a C file, under a "Report" subject
        ("Report two leaks", "Function foo_get_label() in lib/label.c leaks on error.\n"),
        # a student's Google Summer of Code mail
        ("GSoC proposal submission", "Hi all, I am a student and I missed the GSoC deadline.\n"),
    ],
)  # fmt: skip
def test_developers_and_students_mail_is_other(subject: str, text: str) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == Category.OTHER


_KERNEL_JOB = (
    "Hi,\n\nRole: Linux Kernel Engineer\nLocation: Austin, TX\nDuration: 12 months\nType: C2C\n"
    "Skills: kernel 5.10, Ubuntu, file systems, device_tree(), drivers in foo.c\n"
    "Please share resumes.\n"
)


@pytest.mark.parametrize(
    ("subject", "text", "bulk", "category"),
    [
        # a job for a kernel engineer, in a developer's words, stays a requirement
        ("Linux Kernel Engineer - Austin, TX", _KERNEL_JOB, False, Category.REQUIREMENT),
        # an announcement with a repository and distributions stays a newsletter
        ("Announcing UHD 4.1 Release Candidate",
         "Packages for Ubuntu and Fedora: https://github.com/org/repo\n", True,
         Category.NEWSLETTER),
        # Chinese spam without the community's words stays spam
        ("通知", "您的邮箱账户活动异常请立即检查并更新密码信息\n", True, Category.SPAM),
        # a maintainer's farewell that names a distribution stays personal
        ("Farewell & Best Wishes", "It is time for me to step down as Debian maintainer.\n",
         True, Category.PERSONAL),
    ],
)  # fmt: skip
def test_mail_near_the_new_kinds_keeps_its_category(
    subject: str, text: str, bulk: bool, category: Category
) -> None:
    assert extract(email(subject, text, is_bulk=bulk)).category == category
