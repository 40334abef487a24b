"""The matching rules of services.domain.requirements, one behaviour each."""

from __future__ import annotations

import hashlib
import random
import re

from schemas.contracts.models import Rate
from services.domain.duplicate_scores import pair_scores
from services.domain.messages import digest_body, message_key
from services.domain.requirements import (
    LatestByVendor,
    Title,
    best_supported,
    block_key,
    canonical,
    duplicate_groups,
    group_duplicates,
    is_closing_notice,
    match_score,
    normalize_title,
    profile,
    same_requirement,
    vendor_domain,
)
from tests.requirement_samples import java_job as job


def test_abbreviations_and_levels_normalize() -> None:
    assert normalize_title("Sr. Java Dev") == Title("java developer", "senior", None)
    assert normalize_title("Senior Java Developer (W2 only)") == Title(
        "java developer", "senior", None
    )
    assert normalize_title("Jr Data Eng") == Title("data engineer", "junior", None)
    assert normalize_title("Software Engineer II") == Title("software engineer", None, 2)
    assert normalize_title("IT Project Mgr") == Title("it project manager", None, None)


def test_another_vendors_wording_is_the_same_requirement() -> None:
    other = job(
        title="Sr Java Dev",
        client="Wells Fargo Inc.",
        skills=["AWS", "Java", "Kafka"],
        rate=Rate(min=60, max=62, unit="hour"),
    )
    assert same_requirement(profile(job()), profile(other))
    assert block_key(profile(job())) == block_key(profile(other)) == "developer|NC"


def test_a_hidden_client_still_matches() -> None:
    assert same_requirement(profile(job()), profile(job(client=None)))


def test_same_title_in_another_city_stays_apart() -> None:
    assert match_score(profile(job()), profile(job(location="Phoenix, AZ"))) == 0.0


def test_another_seniority_or_level_stays_apart() -> None:
    assert not same_requirement(profile(job()), profile(job(title="Junior Java Developer")))
    assert not same_requirement(
        profile(job(title="Java Developer II")), profile(job(title="Java Developer III"))
    )


def test_same_client_for_another_role_stays_apart() -> None:
    other = job(title="Senior Data Analyst", skills=["sql", "tableau", "excel"])
    assert not same_requirement(profile(job()), profile(other))


def test_another_client_with_the_same_title_stays_apart() -> None:
    assert not same_requirement(profile(job()), profile(job(client="Bank of America")))


def test_a_shared_end_client_job_id_decides() -> None:
    one = profile(job(job_id="WF-88121", title="Java Engineer"))
    two = profile(job(job_id="wf 88121", location="Remote"))
    assert match_score(one, two) == 1.0


def test_groups_follow_the_matches() -> None:
    profiles = [
        profile(job()),
        profile(job(location="Phoenix, AZ")),
        profile(job(title="Sr. Java Dev")),
        profile(job(location="Phoenix, AZ", client=None)),
    ]
    assert group_duplicates(profiles) == [0, 1, 0, 1]


def test_vendor_spellings_normalize() -> None:
    """Dev evidence (tests/corpus/requirements): "Engg", "DOTNET", "SFDC", and "Lead" before
    the role is a seniority while a title's last "Lead" is the role."""
    assert normalize_title("Sr DevOps Engg") == Title("devops engineer", "senior", None)
    assert normalize_title("DOTNET Developer") == normalize_title(".NET Developer")
    assert normalize_title("SFDC Developer") == normalize_title("Salesforce Developer")
    assert normalize_title("Java Lead Developer") == Title("java developer", "lead", None)
    assert normalize_title("Tech Lead") == Title("tech lead", None, None)


def test_glued_words_match() -> None:
    split = profile(job(title="Senior Sales force Developer", skills=[]))
    glued = profile(job(title="Senior Salesforce Developer", skills=[]))
    assert match_score(split, glued) > 0.95


def test_the_same_numbering_with_another_number_is_another_opening() -> None:
    """A vendor's blast for its next opening: one template, the next job id."""
    first = profile(job(job_id="VZ-20411"))
    assert match_score(first, profile(job(job_id="VZ-20412"))) == 0.0
    # two vendors' own ids, or generic prefixes, say nothing
    assert same_requirement(first, profile(job(job_id="TEC-0042")))
    assert same_requirement(profile(job(job_id="REQ-1")), profile(job(job_id="REQ-2")))


def test_titles_naming_other_things_stay_apart() -> None:
    oracle = profile(job(title="Senior Oracle DBA", skills=[]))
    assert not same_requirement(oracle, profile(job(title="Senior SQL Server DBA", skills=[])))
    # one vendor's extra word is wording
    big = profile(job(title="Senior Big Data Engineer", skills=[]))
    assert same_requirement(big, profile(job(title="Sr Data Engineer", skills=[])))


def test_half_the_skills_is_another_role() -> None:
    azure = job(title="Senior Azure Java Developer", skills=["java", "kafka", "azure", "aks"])
    assert not same_requirement(profile(job()), profile(azure))


def test_a_copy_without_the_id_does_not_bridge_two_openings() -> None:
    profiles = [
        profile(job(job_id="VZ-20411")),
        profile(job(job_id=None)),
        profile(job(job_id="VZ-20412")),
    ]
    assert group_duplicates(profiles) == [0, 0, 2]


def test_closing_notices() -> None:
    assert is_closing_notice("Position Filled: Sr Java Developer - Charlotte, NC")
    assert is_closing_notice("Update", "Hi, the requirement is on hold until January.")
    assert is_closing_notice("Closed - Data Engineer req")
    assert not is_closing_notice("Urgent Requirement: Sr. Java Developer", "Please share resumes")


def test_best_supported_is_the_mode_ties_to_the_latest() -> None:
    assert best_supported([65.0, 70.0, 65.0, None]) == 65.0
    assert best_supported([65.0, 70.0]) == 70.0
    assert best_supported([None, None]) is None


def test_canonical_counts_each_vendors_latest_value() -> None:
    # vendor a raised its rate: its earlier 60 no longer counts
    assert canonical([("a", 60.0), ("b", 65.0), ("a", 65.0)]) == 65.0
    assert canonical([("a", 60.0), ("b", 60.0), ("c", 70.0)]) == 60.0
    # one vendor alone: its latest value
    assert canonical([("a", 60.0), ("a", 70.0)]) == 70.0


def test_vendor_domain_comes_from_the_sender() -> None:
    assert vendor_domain("Ravi Kumar <Ravi@TechVendor.com>") == "techvendor.com"
    assert vendor_domain("jobs@apexstaffing.com") == "apexstaffing.com"
    assert vendor_domain("Unknown") is None


def test_message_key_prefers_the_message_id_then_the_body() -> None:
    assert message_key("<A1@Vendor.com> ", digest_body("x")) == "mid:a1@vendor.com"
    assert digest_body("Hello\r\n  World") == digest_body("hello world")
    # the digest of stored bodies must not change: whitespace runs as re's \s reads them
    text = " \u00a0Java\u2003\u2003Developer\t\x1c\n\u3000Dallas \u2028"
    expected = hashlib.sha256(re.sub(r"\s+", " ", text).strip().lower().encode()).hexdigest()
    assert digest_body(text) == expected
    assert message_key(None, digest_body("hello")) == "body:" + digest_body("hello")
    assert message_key("", None) is None


def test_duplicate_groups_name_only_shared_requirements() -> None:
    emails = [[job()], [job(location="Phoenix, AZ")], [], [job(title="Sr Java Dev")]]
    assert duplicate_groups(emails) == ["g1", None, None, "g1"]


def test_pair_scores_count_pairs() -> None:
    # labels: {0,1,2} {3}; predicted: {0,1} {2,3}
    scores = pair_scores(["a", "a", "b", "b"], [1, 1, 1, 2])
    assert (scores.true_pairs, scores.predicted_pairs, scores.correct_pairs) == (3, 2, 1)
    assert (scores.precision, scores.recall) == (0.5, 1 / 3)


def test_a_tally_asked_between_sightings_answers_as_one_built_from_all_of_them() -> None:
    # its best value is kept between sightings: asking after each one must change nothing
    draw = random.Random(7)
    asked: LatestByVendor[str] = LatestByVendor()
    adds: list[tuple[tuple[int], str | None, str | None]] = []
    for when in draw.sample(range(1000), 200):
        vendor = draw.choice(["a.com", "b.com", "c.com", None])
        value = draw.choice(["Java Dev", "Senior Java Developer", None])
        asked.add((when,), vendor, value)
        adds.append(((when,), vendor, value))
        fresh: LatestByVendor[str] = LatestByVendor()
        for entry in adds:
            fresh.add(*entry)
        assert asked.best() == fresh.best()
