"""More general shapes of unsolicited mail (rules 1.8.0, issue 13, fifth corpus pass): strangers'
money in any language, bait, mail-server and payment lures, look-alike letters, cold pitches and
list sellers are spam; a developer's report or call for help is "other" whatever greeting or
word it holds. One case per rule family, each written here (not copied from a corpus) and each
read otherwise by rules 1.7.0; the guards hold what the rules must not take (kernel mail naming
libcrypto, a salary, a newsletter's e-mail preferences, a Chinese-speaking user's question)."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email

SPAM = Category.SPAM
OTHER = Category.OTHER


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # look-alike letters of another script inside a word ("pass" + Cyrillic "о", "г")
        ("Notice", "Your passw\u043e\u0433d expires today. Keep it with the button below.\n"),
        # a large sum from a stranger, in any currency or language
        ("Hello", "I wish to offer you 4 250 000 \u20ac from my estate.\n"),
        ("Guten Tag", "Ich m\u00f6chte Ihnen meine Spende geben. Bitte antworten Sie.\n"),
        # advance fees and strangers' deals
        ("Proposal", "I need a trustworthy person to receive the transfer of funds.\n"),
        ("Proposal", "My client wants to invest in viable projects abroad. Reply.\n"),
        ("Hello", "Sir/Madam, please reply so we can proceed.\n"),
        ("Hello", "Hello Beneficiary, please send your details.\n"),
        # bait
        ("Hi", "I got your email from a directory. I have an urgent matter with you.\n"),
        ("Hi", "Hello my dear, I want to discuss an important project with you.\n"),
        # mail-server, voice-mail and payment lures, an unfilled merge field
        ("Notice", "You have (4) messages pending on the server. Release them here.\n"),
        ("Notice", "Upgrade your webmail now or you will lose your email access.\n"),
        ("Notice", "A caller left you a voice message. Listen here.\n"),
        ("Shipment", "Please confirm payment of the small fee to receive your parcel.\n"),
        ("Document", "A file was shared with you on [-emaildomain-] storage.\n"),
        # cold pitches and list sellers
        ("Offer", "We manufacture a wide range of steel tanks for industry.\n"),
        ("Offer", "We are looking for partners for our furniture. Does this sound interesting?\n"),
        ("Enquiry", "Please send the prices of your best selling products.\n"),
        ("Data", "We have Oracle users records with emails and phone numbers.\n"),
        ("Data", "To opt out, reply with \u201cleave out\u201d in the subject.\n"),
        # subject shapes: parcel, crypto giveaway, exam dumps, adult links
        ("Your package cannot be delivered", "Track it here.\n"),
        ("Claim your free tokens: airdrop live", "Connect your wallet.\n"),
        ("Best exam dumps to pass on the first try", "Study smarter this month.\n"),
    ],
)
def test_unsolicited_mail_is_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, SPAM)


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # kernel mail naming libcrypto, a crypto/ path or a researcher called "Strforexc": words
        # inside other words are no spam words
        (
            "[linux-next] BUILD REGRESSION",
            "git tree: next\nMerge tag 'libcrypto-fixes' of git://example.org\n",
        ),
        ("KASAN: slab-out-of-bounds in diWrite", "Reported by Strforexc.\nCall Trace:\n"),
        # a list moderator about held messages
        (
            "Heads up: held messages from the moderation queue follow",
            "Most of the queue was spam; sorry for the burst.\n",
        ),
        # a user's call for help opening "Hello everyone"
        (
            "Restricting ports with profiles",
            "Hello everyone,\n\nI keep getting syntax errors when loading my profile. I would "
            "appreciate any help or examples.\n",
        ),
        # "I have a profile" is a security profile in a regression report
        (
            "Kernel-regression?",
            "Hi,\n\nI have a profile for my editor and hit a kernel regression; where is the "
            "bug tracker?\n",
        ),
        # a Chinese-speaking user's question: CJK punctuation does not make a long CJK run
        (
            "Why can my script not override the permission?",
            "\u76ee\u5f55\u7684\u57fa\u7840\u64cd\u4f5c\uff08\u5220\u9664\u3001\u5224\u65ad"
            "\uff09\u5931\u8d25\u3002\n",
        ),
    ],
)
def test_list_traffic_stays_other(subject: str, text: str) -> None:
    assert extract(email(subject, text, is_bulk=True)).category == OTHER


# a newsletter's "update your email preferences" is no webmail lure; a salary is no large sum
_NEWSLETTER = (
    "In this issue: three new auction lots.\n\nRead more on our site.\n"
    "Update your email preferences or unsubscribe.\n"
)
_SALARIED_JOB = (
    "Hi Partners,\n\nPlease share resumes for the role below.\n\nRole: Data Engineer\n"
    "Location: Dallas, TX\nType: Full time\nSalary: $120,000 - $140,000 per year\n"
    "Skills: Python, Spark, AWS\n"
)


@pytest.mark.parametrize(
    ("subject", "text", "bulk", "category"),
    [
        ("Weekly newsletter", _NEWSLETTER, True, Category.NEWSLETTER),
        ("Need Data Engineer - Dallas, TX", _SALARIED_JOB, False, Category.REQUIREMENT),
    ],
)
def test_mail_naming_money_or_email_settings_keeps_its_category(
    subject: str, text: str, bulk: bool, category: Category
) -> None:
    assert extract(email(subject, text, is_bulk=bulk)).category == category
