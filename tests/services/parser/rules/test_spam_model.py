"""The spam word model: the shipped artefact loads at its documented size, reads made-up mail
the way its training corpus taught it, and classify asks it only about mail no rule explains."""

from __future__ import annotations

import pytest

from schemas.contracts.models import Category
from services.parser.rules import classify
from services.parser.rules.spam_model import (
    ARTEFACT,
    SPAM_LOG_ODDS,
    SPAM_MODEL,
    SpamModel,
    load_model,
    mail_words,
)

_DOCUMENTED_WORDS = 8732  # data/README.md and the artefact's own header


def test_artefact_loads_at_its_documented_size() -> None:
    model = load_model(ARTEFACT)
    assert len(model.weights) == _DOCUMENTED_WORDS
    assert f"{_DOCUMENTED_WORDS} words" in ARTEFACT.read_text(encoding="utf-8").split("\n")[1]
    assert ARTEFACT.stat().st_size < 200_000  # bytes: a small table, not a corpus
    assert model.bias != 0.0


def test_words_are_distinct_lower_case_letters_and_money_signs() -> None:
    assert mail_words("FREE Offer!!", "Only $5 for 100 pills, free") == {
        "free", "offer", "!", "only", "$", "for", "pills",
    }  # fmt: skip


def test_log_odds_sums_the_weights_of_the_words_present() -> None:
    model = SpamModel(bias=-1.0, weights={"cash": 2.5, "patch": -3.0})
    assert model.log_odds("Cash cash CASH", "") == pytest.approx(1.5)  # each word once
    assert model.log_odds("Re: patch", "cash") == pytest.approx(-1.5)
    assert model.probability("", "") == pytest.approx(1 / (1 + 2.718281828**1.0))


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        (
            "Lower your mortgage rate",
            "Dear homeowner,\nRates have dropped again. Refinance today and save thousands on "
            "your monthly payments. Our lenders compete for your business.",
        ),
        (
            "Herbal supplement",
            "Our herbal supplement helps you lose weight fast. Thousands of satisfied "
            "customers. Visit our website and see for yourself.",
        ),
        (
            "Increase your sales",
            "Our marketing software sends millions of emails per hour. Increase your sales "
            "today. Reply to get more information.",
        ),
    ],
)
def test_spam_no_rule_knows_is_spam_by_the_model(subject: str, text: str) -> None:
    assert SPAM_MODEL.log_odds(subject, text) >= SPAM_LOG_ODDS
    evidence = classify.Evidence(subject=subject, sender="offers@example.com", text=text)
    assert classify.classify(evidence)[0] is Category.SPAM


def test_a_developer_question_stays_other() -> None:
    subject = "Re: build fails on arm64"
    text = (
        "On Tue, Alex wrote:\n> the build fails with gcc 13\n\nI can reproduce it; the attached "
        "patch fixes the include order. Can you test it?\n\nThanks,\nSam"
    )
    assert SPAM_MODEL.log_odds(subject, text) < SPAM_LOG_ODDS
    evidence = classify.Evidence(subject=subject, sender="sam@example.org", text=text)
    assert classify.classify(evidence) == (Category.OTHER, 0.45)


def test_a_few_words_say_too_little() -> None:
    # the bias and two unknown words reach the log-odds, but the model knows too few of them
    subject, text = "Message Subject", "Message Body"
    assert SPAM_MODEL.log_odds(subject, text) >= SPAM_LOG_ODDS
    assert not SPAM_MODEL.says_spam(subject, text)
    evidence = classify.Evidence(subject=subject, sender="a@example.com", text=text)
    assert classify.classify(evidence) == (Category.OTHER, 0.45)


def test_the_model_never_overrules_a_category_a_rule_chose() -> None:
    # the model reads this as spam; a rule reads a newsletter (its subject, its sender)
    subject = "Our monthly newsletter"
    text = (
        "Our marketing software sends millions of emails per hour. Increase your sales today. "
        "Reply to get more information."
    )
    assert SPAM_MODEL.log_odds(subject, text) >= SPAM_LOG_ODDS
    evidence = classify.Evidence(subject=subject, sender="news@example.com", text=text)
    assert classify.classify(evidence)[0] is Category.NEWSLETTER
