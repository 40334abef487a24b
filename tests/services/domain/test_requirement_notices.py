"""Closing notices: what "position filled / closed / on hold" mail says and which open
requirement of the tenant it names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.contracts.models import Category, RequirementNotice
from services.demo.seed import DemoIds
from services.domain import requirement_notices
from services.domain.requirement_notices import (
    NoticeCandidate,
    match_notice,
    notice_of,
    read_notice,
)
from services.parser.rules.gate import required_clauses
from tests.properties import examples
from tests.requirement_samples import vendor_email

IDS = DemoIds(1, 1, 1, "key")

NOTICES = [
    ("Position Filled: Sr Java Developer - Charlotte, NC", "", "closed", None),
    ("RE: Java Developer (Job ID: WF-88121) - CLOSED", "", "closed", "WF-88121"),
    ("Update", "Hi, the Data Analyst position is now on hold until January.", "on_hold", None),
    (
        "Senior .NET Developer | Alpharetta, GA",
        "We are no longer accepting submissions.",
        "closed",
        None,
    ),
    ("Req# 88123 on hold", "", "on_hold", "88123"),
    ("Requirement cancelled: QA Engineer", "", "closed", None),
]


@pytest.mark.parametrize(("subject", "body", "status", "job_ref"), NOTICES)
def test_a_notice_says_its_status_and_what_it_names(
    subject: str, body: str, status: str, job_ref: str | None
) -> None:
    notice = read_notice(subject, body)
    assert notice is not None
    assert (notice.status, notice.job_ref) == (status, job_ref)
    assert notice.title or notice.job_ref


def test_a_requirement_email_is_no_notice() -> None:
    assert read_notice("Sr Java Developer - Charlotte, NC (C2C)", "Please send resumes.") is None
    assert read_notice(None, "Must have 10 years of Java. Submissions close Friday?") is None


CANDIDATES = [
    NoticeCandidate(
        1, "Senior Java Developer", "Charlotte, NC", frozenset({"wf88121"}), frozenset({"apex.com"})
    ),
    NoticeCandidate(
        2, "Senior Java Developer", "Dallas, TX", frozenset(), frozenset({"techvendor.com"})
    ),
    NoticeCandidate(3, "Java Developer", "Charlotte, NC", frozenset(), frozenset({"apex.com"})),
    NoticeCandidate(4, "Data Analyst", "Charlotte, NC", frozenset(), frozenset({"apex.com"})),
]


def notice(title: str | None = None, job_ref: str | None = None) -> RequirementNotice:
    return RequirementNotice(status="closed", title=title, job_ref=job_ref)


def test_a_job_id_decides() -> None:
    assert (
        match_notice(notice("QA Lead", "WF-88121"), sender_vendor=None, candidates=CANDIDATES) == 1
    )


def test_a_title_must_match_closely_and_not_name_another_city() -> None:
    assert match_notice(notice("Data Analyst"), sender_vendor=None, candidates=CANDIDATES) == 4
    assert (
        match_notice(notice("Sr Java Dev - Dallas, TX"), sender_vendor=None, candidates=CANDIDATES)
        == 2
    )
    # another seniority is another requirement; an unknown role names none
    assert (
        match_notice(notice("Junior Java Developer"), sender_vendor=None, candidates=CANDIDATES)
        is None
    )
    assert match_notice(notice("Scrum Master"), sender_vendor=None, candidates=CANDIDATES) is None


def test_several_fits_go_to_the_senders_own_or_to_none() -> None:
    java = notice("Senior Java Developer")
    assert match_notice(java, sender_vendor="techvendor.com", candidates=CANDIDATES) == 2
    assert match_notice(java, sender_vendor="unknown.com", candidates=CANDIDATES) is None


def test_only_a_parsed_status_about_a_job_is_a_notice() -> None:
    closing = vendor_email(
        IDS,
        "n1",
        "ravi@techvendor.com",
        subject="Position closed: Java Developer",
        is_job=False,
        category=Category.OTHER,
    )
    assert notice_of(closing) == RequirementNotice(status="closed", title="Java Developer")
    hotlist = closing.model_copy(update={"category": Category.HOTLIST})
    assert notice_of(hotlist) is None
    given = closing.model_copy(update={"notice": notice("QA Lead")})
    assert notice_of(given) == notice("QA Lead")


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (requirement_notices._HOLD_CONTEXT, requirement_notices._HOLD_WORD),
        (requirement_notices._CLOSED, requirement_notices._CLOSED_WORDS),
    ],
)
def test_a_notice_pattern_matches_only_text_with_its_words(
    pattern: re.Pattern[str], words: re.Pattern[str]
) -> None:
    """notice_status searches a notice pattern only in text holding one of its words: every
    match of the pattern must contain one (gate.required_clauses reads what every match of a
    pattern contains), or a notice would be missed."""
    clauses = required_clauses(pattern)
    assert any(all(words.search(piece) for piece, _ in clause) for clause in clauses)


@settings(max_examples=examples(1000), deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list(requirement_notices._CLOSED_WORD_LIST)).map(str.upper),
            st.sampled_from(
                ["Filled", "CANCEL", "with drawn", "SUBMISSIO", "\u017fubmission", "HoLd", "hol"]
            ),
            st.text(alphabet="filedcosanwthrgubmKk \u212a\u017f\u0131\n", max_size=8),
        ),
        max_size=8,
    ).map("".join)
)
def test_notice_words_found_as_the_patterns_find_them(text: str) -> None:
    lowered = text.lower() if text.isascii() else None
    for pattern, words in (
        (requirement_notices._CLOSED_WORDS, requirement_notices._CLOSED_WORD_LIST),
        (requirement_notices._HOLD_WORD, requirement_notices._HOLD_WORD_LIST),
    ):
        expected = pattern.search(text) is not None
        assert requirement_notices._has_word(text, lowered, pattern, words) == expected
