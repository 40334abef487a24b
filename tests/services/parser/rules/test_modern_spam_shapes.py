"""Kinds of modern spam (rules 1.18.0, issue 13) from the eleventh real corpus pass's two tuning
inboxes: text disguised with mathematical or small-capital letters, struck-through letters or
Greek look-alikes; money per day in any currency; crypto bots and wallets; winners selected;
pills; soldiers' and namesakes' funds; fake antivirus alerts; IDs locked and parcels pending;
Danish prize and parcel notices.
One case per kind, each written here (not copied from a corpus) and each read otherwise by
rules 1.16.0; the guards hold what must keep its category: news naming millions, a developer's
spell-checker, an ID that is a kernel's, a requirement for a crypto exchange."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import extract
from tests.services.parser.rules.test_extractor import email


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # disguised letters: mathematical bold, small capitals, struck through, Greek look-alikes
        ("𝗚𝗥𝗢𝗦𝗦𝗘 𝗔𝗞𝗧𝗜𝗢𝗡", "Nur heute.\n"),
        ("ꜱᴘᴇᴄɪᴀʟ ᴏꜰꜰᴇʀ", "Open the link.\n"),
        ("Notice", "y̾o̾u̾r̾ o̾r̾d̾e̾r̾ is waiting.\n"),
        ("Yοur οrder has shipped", "Track it below.\n"),
        # money per day in euros or dollars, a crypto bot, a wallet to verify
        ("Great news", "Anyone can earn from 600 euros every day with this.\n"),
        ("Traders", "The new autobot trades for you while you sleep.\n"),
        ("Notice", "Your MetaMask wallet must be verified today.\n"),
        # a winner selected, pills
        ("Promo", "The raffle draw has selected you as the winner of our promo.\n"),
        ("Hi there", "A natural fix for erectile trouble, my wife noticed at once.\n"),
        # a soldier's fund, a namesake's estate
        ("Hello", "I am Sergeant Jane Roe and I have funds to move out of the zone.\n"),
        ("Good day", "The late customer had the same surname as you and left a deposit.\n"),
        # an antivirus alert, a locked ID, a pending parcel
        ("Last warning", "Your computer is not protected. Renew now.\n"),
        ("Your iCloud ID has been locked", "Confirm your details to unlock it.\n"),
        ("Did you receive your package?", "Open the link to arrange delivery.\n"),
        # Danish notices: you are the winner, your parcel is waiting
        ("TILLYKKE! Du er vinder", "Klik her.\n"),
        ("Din pakkelevering", "Afventende pakke: bekræft din adresse.\n"),
    ],
)  # fmt: skip
def test_modern_spam_kinds_are_spam(subject: str, text: str) -> None:
    result = extract(email(subject, text, is_bulk=True))
    assert (result.is_job, result.category) == (False, Category.SPAM)


@pytest.mark.parametrize(
    ("subject", "text", "bulk", "category"),
    [
        # news naming sums of millions is no stranger's fortune
        ("Sun buys storage startup",
         "Sun Microsystems agreed to buy Pirus Networks for about $411 million in stock.\n", True,
         Category.OTHER),
        # a developer's spell-checker, not a spell
        ("No more spell-check", "The editor dropped its spell-check plugin. Anyone else?\n", True,
         Category.OTHER),
        # a kernel's "ID locked" is a lock, not an account
        ("Re: [PATCH] fix lock order",
         "The task ID is locked before the queue; see the backtrace in kernel/sched.c.\n", True,
         Category.OTHER),
        # a requirement for a crypto exchange stays a requirement
        ("Blockchain Developer - Austin, TX",
         "Hi,\n\nRole: Blockchain Developer\nLocation: Austin, TX\nDuration: 12 months\n"
         "Client: Coinbase\nSkills: Solidity, Ethereum, Go\nPlease share resumes.\n", False,
         Category.REQUIREMENT),
    ],
)  # fmt: skip
def test_mail_near_the_new_kinds_keeps_its_category(
    subject: str, text: str, bulk: bool, category: Category
) -> None:
    assert extract(email(subject, text, is_bulk=bulk)).category == category
