"""The generated mailboxes: deterministic, realistic, readable by the maildir provider."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from services.fetcher.handler import search_keywords, subject_matches
from services.fetcher.providers.maildir import MaildirProvider
from services.ops.mailbox_gen import (
    KINDS,
    REQUIREMENT_KINDS,
    ROLE_KEYWORDS,
    build_email,
    generate_mailbox,
)
from services.parser.handler import decode_and_extract

KEYWORDS = search_keywords([ROLE_KEYWORDS])


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate_mailbox(tmp_path / "a", count=30, seed=7, tag="x")
    second = generate_mailbox(tmp_path / "b", count=30, seed=7, tag="x")
    assert first == second
    for email in first:
        assert (tmp_path / "a" / email.filename).read_bytes() == (
            tmp_path / "b" / email.filename
        ).read_bytes()


def test_other_seed_or_tag_other_mailbox() -> None:
    base = [build_email(i, seed=1, tag="x")[1] for i in range(20)]
    assert base != [build_email(i, seed=2, tag="x")[1] for i in range(20)]
    assert base != [build_email(i, seed=1, tag="y")[1] for i in range(20)]


def test_mix_of_formats_and_look_alikes(tmp_path: Path) -> None:
    emails = generate_mailbox(tmp_path, count=200, seed=1, tag="m")
    kinds = Counter(e.kind for e in emails)
    assert set(kinds) == set(KINDS)
    matching = [e for e in emails if e.matching]
    assert len(matching) > 50  # more than one sync's worth
    assert any(e.kind not in REQUIREMENT_KINDS for e in matching)  # look-alikes match too
    assert all(e.matching for e in emails if e.kind in REQUIREMENT_KINDS)
    assert not any(e.matching for e in emails if e.kind == "unrelated")
    assert len({e.message_id for e in emails}) == len(emails)
    assert any(role in e.subject for e in emails for role in ("Java Developer", "Data Engineer"))


def test_matching_flag_is_the_fetchers_rule(tmp_path: Path) -> None:
    emails = generate_mailbox(tmp_path, count=80, seed=3, tag="f")
    refs = MaildirProvider(tmp_path).list_matching(keywords=KEYWORDS, cursor=None)
    by_id = {r.provider_message_id: r for r in refs}
    assert set(by_id) == {e.message_id for e in emails}
    for email in emails:
        ref = by_id[email.message_id]
        assert " ".join(ref.subject.split()) == email.subject
        assert subject_matches(ref.subject, KEYWORDS) == email.matching
    dates = [by_id[e.message_id].received_at for e in emails]
    assert dates == sorted(d for d in dates if d is not None)  # oldest first by index


def test_the_extractor_tells_requirements_from_look_alikes(tmp_path: Path) -> None:
    emails = generate_mailbox(tmp_path, count=120, seed=5, tag="e")
    jobs = {e.message_id: decode_and_extract((tmp_path / e.filename).read_bytes()) for e in emails}
    requirements = [e for e in emails if e.kind in REQUIREMENT_KINDS]
    found = sum(1 for e in requirements if jobs[e.message_id].extraction.jobs)
    assert found >= 0.8 * len(requirements)
    two = [e for e in emails if e.kind == "two_jobs"]
    assert any(len(jobs[e.message_id].extraction.jobs) == 2 for e in two)
