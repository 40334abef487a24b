"""services.parser.evaluate: each scoring rule of the module docstring, one test at a time."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schemas.contracts.models import Category, ExtractedJob
from services.domain.fields import FIELD_NAMES
from services.domain.fields import FIELDS as REGISTRY
from services.parser.evaluate import (
    FIELDS,
    EmailResult,
    Failure,
    Score,
    evaluate,
    field_correct,
    labels_from_json,
    match_jobs,
    normalise,
    title_similarity,
)
from tests.extracted_jobs import FULL_JOB

REQ = Category.REQUIREMENT


def job(title: str = "Java Developer", **fields: Any) -> ExtractedJob:
    return ExtractedJob.model_validate({"title": title, **fields})


def requirement(*jobs: ExtractedJob) -> EmailResult:
    return EmailResult(True, REQ, jobs)


def not_job(category: Category = Category.HOTLIST) -> EmailResult:
    return EmailResult(False, category)


def rate(low: float | None, high: float | None, unit: str = "hour", currency: str = "USD") -> Any:
    return {"min": low, "max": high, "unit": unit, "currency": currency}


# rule 1: labels and predictions must cover the same files


def test_missing_or_unlabelled_predictions_are_errors() -> None:
    with pytest.raises(ValueError, match=r"no prediction for \['b.eml'\]"):
        evaluate({"a.eml": not_job()}, {"a.eml": not_job(), "b.eml": not_job()})
    with pytest.raises(ValueError, match=r"no label for \['c.eml'\]"):
        evaluate({"a.eml": not_job(), "c.eml": not_job()}, {"a.eml": not_job()})


# rule 2: is_job precision and recall


def test_is_job_precision_and_recall() -> None:
    labels = {
        "tp.eml": requirement(job()),
        "fn.eml": requirement(job()),
        "fp.eml": not_job(),
        "tn.eml": not_job(),
    }
    predictions = {
        "tp.eml": requirement(job()),
        "fn.eml": not_job(Category.OTHER),
        "fp.eml": requirement(job()),
        "tn.eml": not_job(),
    }
    result = evaluate(predictions, labels)
    counts = (
        result.true_positives,
        result.false_positives,
        result.false_negatives,
        result.true_negatives,
    )
    assert counts == (1, 1, 1, 1)
    assert result.is_job_precision == 0.5
    assert result.is_job_recall == 0.5
    assert Failure("fn.eml", "is_job", True, False) in result.failures
    assert Failure("fp.eml", "is_job", False, True) in result.failures


def test_precision_with_no_positive_predictions() -> None:
    nothing_to_find = evaluate({"a.eml": not_job()}, {"a.eml": not_job()})
    assert (nothing_to_find.is_job_precision, nothing_to_find.is_job_recall) == (1.0, 1.0)
    missed = evaluate({"a.eml": not_job()}, {"a.eml": requirement(job())})
    assert (missed.is_job_precision, missed.is_job_recall) == (0.0, 0.0)


# rules 3 and 4: category and job-count accuracy over all emails


def test_category_accuracy_and_per_category_scores() -> None:
    labels = {"a.eml": not_job(Category.HOTLIST), "b.eml": not_job(Category.SPAM)}
    predictions = {"a.eml": not_job(Category.HOTLIST), "b.eml": not_job(Category.OTHER)}
    result = evaluate(predictions, labels)
    assert result.category == Score(1, 2)
    assert result.category.accuracy == 0.5
    assert result.per_category == {"hotlist": Score(1, 1), "spam": Score(0, 1)}
    assert Failure("b.eml", "category", "spam", "other") in result.failures


def test_job_count_accuracy_counts_zero_equal_zero() -> None:
    labels = {"a.eml": not_job(), "b.eml": requirement(job("A dev"), job("B analyst"))}
    predictions = {"a.eml": not_job(), "b.eml": requirement(job("A dev"))}
    result = evaluate(predictions, labels)
    assert result.job_count == Score(1, 2)
    assert Failure("b.eml", "job_count", 2, 1) in result.failures


# rule 5: matching by title similarity


def test_titles_match_despite_case_punctuation_and_decoration() -> None:
    assert title_similarity("Sr. Java Developer", "sr java developer") == 1.0
    assert title_similarity("Java Developer", "Sr Java Developer - Dallas, TX") >= 0.5
    assert title_similarity("Java Developer", "Business Analyst") < 0.5


def test_matching_is_greedy_by_similarity_not_by_position() -> None:
    labelled = [job("SAP FICO Consultant"), job("SAP ABAP Developer")]
    predicted = [job("SAP ABAP Developer"), job("SAP FICO Consultant")]
    assert match_jobs(labelled, predicted) == [(0, 1), (1, 0)]


def test_each_job_is_matched_at_most_once() -> None:
    labelled = [job("Java Developer"), job("Java Developer II")]
    predicted = [job("Java Developer")]
    assert match_jobs(labelled, predicted) == [(0, 0)]


def test_unmatched_jobs_are_missing_and_extra_failures() -> None:
    labels = {"a.eml": requirement(job("Data Engineer"))}
    predictions = {"a.eml": requirement(job("Registered Nurse"))}
    result = evaluate(predictions, labels)
    assert result.matched_jobs == 0
    assert (result.job_recall, result.job_precision) == (0.0, 0.0)
    assert Failure("a.eml", "jobs[0]", "Data Engineer", None) in result.failures
    assert Failure("a.eml", "extra_jobs[0]", None, "Registered Nurse") in result.failures
    assert all(score.total == 0 for score in result.fields.values())  # unpaired: no field scores


def test_jobs_on_a_non_job_email_are_extra() -> None:
    result = evaluate({"h.eml": requirement(job("Java Developer"))}, {"h.eml": not_job()})
    assert (result.predicted_jobs, result.labelled_jobs, result.job_precision) == (1, 0, 0.0)
    assert result.job_recall == 1.0


# rule 6: per-field comparison of matched jobs


def test_fields_are_scored_over_matched_jobs_only() -> None:
    labels = {
        "a.eml": requirement(job("Java Developer", location="Dallas, TX"), job("Nurse Manager"))
    }
    predictions = {"a.eml": requirement(job("Java Developer", location="Austin, TX"))}
    result = evaluate(predictions, labels)
    assert set(result.fields) == set(FIELDS)
    assert result.fields["location"] == Score(0, 1)
    assert result.fields["title"] == Score(1, 1)
    assert Failure("a.eml", "jobs[0].location", "Dallas, TX", "Austin, TX") in result.failures


@pytest.mark.parametrize(
    ("name", "expected", "got", "correct"),
    [
        ("title", "Sr. Java Developer", "SR JAVA DEVELOPER", True),
        ("title", "Java Developer", "Java Developer - Dallas", False),
        ("client", None, None, True),
        ("client", "Woodgrove Bank", None, False),
        ("client", None, "Infosys", False),
        ("client", "Woodgrove  Bank", "woodgrove bank", True),
        ("location", "St. Louis, MO", "St Louis, MO", True),
        ("location", "Dallas, TX", "Dallas, Texas", False),
        ("work_mode", "hybrid", "hybrid", True),
        ("work_mode", None, "onsite", False),
        ("duration_months", 6, 6, True),
        ("duration_months", None, 6, False),
        ("experience_years", 8, 10, False),
        ("job_id", "WB-JAVA-2231", "wb-java-2231", True),
        ("job_id", "2231", "WB-2231", False),
    ],
)
def test_scalar_and_text_fields(name: str, expected: Any, got: Any, correct: bool) -> None:
    assert field_correct(name, job(**{name: expected}), job(**{name: got})) is correct


def test_lists_compare_as_sets() -> None:
    assert field_correct("visa", job(visa=["USC", "GC"]), job(visa=["GC", "USC", "GC"]))
    assert not field_correct("visa", job(visa=["USC", "GC"]), job(visa=["USC"]))
    assert field_correct("visa", job(), job())
    assert field_correct(
        "employment_types", job(employment_types=["W2", "C2C"]), job(employment_types=["C2C", "W2"])
    )
    assert not field_correct("employment_types", job(employment_types=["W2"]), job())


@pytest.mark.parametrize(
    ("expected", "got", "correct"),
    [
        (None, None, True),
        (rate(60, 60), None, False),
        (None, rate(60, 60), False),
        (rate(60, 60), rate(60.0, 60.0), True),
        (rate(60, 60), rate(60.004, 60), True),  # within half a cent
        (rate(55, 60), rate(55, 65), False),
        (rate(None, 60), rate(60, 60), False),  # "up to $60" is not "$60"
        (rate(None, 60), rate(None, 60), True),
        (rate(60, 60), rate(60, 60, unit="year"), False),
        (rate(60, 60), rate(60, 60, currency="CAD"), True),  # currency is not compared
    ],
)
def test_rate_compares_min_max_and_unit(expected: Any, got: Any, correct: bool) -> None:
    assert field_correct("rate", job(rate=expected), job(rate=got)) is correct


@pytest.mark.parametrize(
    ("expected", "got", "correct"),
    [
        ([], [], True),
        (["java"], [], False),
        ([], ["java"], False),
        (["java", "spring boot", "kafka"], ["kafka", "java", "spring boot"], True),
        # Jaccard 5/7 = 0.71 passes, 4/6 = 0.67 does not
        (["a", "b", "c", "d", "e", "x"], ["a", "b", "c", "d", "e", "y"], True),
        (["a", "b", "c", "d", "x"], ["a", "b", "c", "d", "y"], False),
        (["java", "kafka"], ["java", "kafka", "aws"], False),
        (["Java", "AWS"], ["java", "aws"], True),
    ],
)
def test_skills_overlap_threshold(expected: list[str], got: list[str], correct: bool) -> None:
    assert field_correct("skills", job(skills=expected), job(skills=got)) is correct


def test_skills_f1_counts_the_skills_of_paired_jobs_only() -> None:
    labels = {
        "a.eml": requirement(job(skills=["java", "Spring Boot", "kafka", "aws"])),
        "b.eml": requirement(job("Data Engineer", skills=["spark"])),
    }
    predictions = {
        "a.eml": requirement(job(skills=["java", "spring boot", "docker"])),
        "b.eml": requirement(job("Nurse", skills=["epic"])),  # unpaired: not counted
    }
    result = evaluate(predictions, labels)
    assert (result.skills_labelled, result.skills_predicted, result.skills_hit) == (4, 3, 2)
    assert result.skills_precision == pytest.approx(2 / 3)
    assert result.skills_recall == pytest.approx(2 / 4)
    assert result.skills_f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert result.to_dict()["skills"]["f1"] == round(result.skills_f1, 4)


def test_normalise() -> None:
    assert normalise("  Sr.   Java Developer - ") == "sr java developer"
    assert normalise(".NET dev") == ".net dev"
    assert normalise("SAP S/4HANA MM") == "sap s/4hana mm"
    assert normalise("C# Developer:") == "c# developer"


# labels.json and the report


def test_labels_from_json_validates_against_the_contract() -> None:
    good = {
        "a.eml": {"is_job": False, "category": "spam", "jobs": [], "note": "x"},
        "b.eml": {"is_job": True, "category": "requirement", "jobs": [{"title": "QA"}]},
    }
    parsed = labels_from_json(good)
    assert parsed["a.eml"] == EmailResult(False, Category.SPAM)
    assert parsed["b.eml"].jobs == (job("QA"),)
    with pytest.raises(ValueError, match="b.eml: invalid label"):
        labels_from_json({"b.eml": {"is_job": True, "category": "requirement", "jobs": [{}]}})
    with pytest.raises(ValueError, match="c.eml: invalid label"):
        labels_from_json({"c.eml": {"is_job": False, "category": "nonsense", "jobs": []}})
    with pytest.raises(ValueError, match="d.eml: invalid label"):
        labels_from_json({"d.eml": {"is_job": "yes", "category": "spam"}})
    with pytest.raises(ValueError, match="JSON object"):
        labels_from_json([])


def test_to_json_and_markdown_carry_every_number_and_failure() -> None:
    labels = {"a.eml": requirement(job("Java Developer", rate=rate(60, 60))), "b.eml": not_job()}
    predictions = {
        "a.eml": requirement(job("Java Developer", rate=rate(None, 60))),
        "b.eml": not_job(),
    }
    result = evaluate(predictions, labels)
    data = json.loads(result.to_json())
    assert data["emails"] == 2
    assert data["is_job"]["precision"] == 1.0 and data["is_job"]["recall"] == 1.0
    assert data["fields"]["rate"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert data["fields"]["title"]["accuracy"] == 1.0
    assert data["failures"] == [
        {
            "file": "a.eml",
            "field": "jobs[0].rate",
            "expected": rate(60.0, 60.0),
            "got": rate(None, 60.0),
        }
    ]
    assert data["overall_field_accuracy"] == round(10 / 11, 4)
    markdown = result.to_markdown("Report")
    assert markdown.startswith("# Report\n")
    assert "| a.eml | jobs[0].rate |" in markdown
    assert "rate                   0    1  0.000" in markdown


def test_every_registry_field_is_scored_by_its_kind() -> None:
    assert FIELDS == FIELD_NAMES
    labelled = FULL_JOB
    bare = ExtractedJob(title="Data Engineer")
    for field in REGISTRY:
        assert field_correct(field.name, labelled, labelled), field.name
        assert not field_correct(field.name, labelled, bare), field.name
