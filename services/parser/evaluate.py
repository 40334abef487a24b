"""Extraction quality against labels: pure functions over results, no I/O.

Scoring rules (``reqstream eval`` and ``tests/services/parser/test_corpus.py`` use these):

1. Every labelled email needs a prediction and every prediction a label (``ValueError``
   otherwise): a corpus file without a label is a labelling mistake, not a free pass.
2. ``is_job``: precision = TP / (TP + FP), recall = TP / (TP + FN). With nothing predicted as
   a job, precision is 1.0 if there was nothing to find and 0.0 otherwise; with nothing to find,
   recall is 1.0.
3. ``category``: the share of emails whose predicted category equals the label.
4. ``job_count``: the share of emails with exactly as many predicted jobs as labelled ones
   (0 = 0 counts, so look-alikes predicted without jobs are right).
5. Jobs are paired within one email by title similarity: the larger of the
   ``difflib.SequenceMatcher`` ratio and the word-set Jaccard index of the normalised titles
   (rule 7). Pairs are taken greedily from the most similar down (ties: earlier labelled job,
   then earlier predicted job), each job at most once, and only at similarity >= 0.5
   (``MATCH_THRESHOLD``). An unpaired labelled job is a *missing* job, an unpaired predicted one
   an *extra* job; both are failures and lower ``job_recall`` / ``job_precision``, but they do
   not enter the per-field scores.
6. Per-field accuracy counts every paired job once per field (``FIELDS``, the registry in
   ``services.domain.fields``), compared by the field's kind:
   - text (``title``, ``client``, ``location``, ``job_id``): normalised strings equal, null only
     equals null;
   - choice and number (``work_mode``, ``duration_months``, ``experience_years``): values equal,
     null only equals null;
   - choices (``employment_types``, ``visa``): equal as sets (order and duplicates ignored);
   - rate: both null, or both set with equal ``min``, ``max`` (within 0.005; null only
     equals null) and ``unit``; the currency is not compared;
   - names (``skills``): equal as sets of normalised names when either is empty, otherwise a
     Jaccard overlap |A ∩ B| / |A ∪ B| >= 0.7 (``SKILLS_JACCARD``).
7. Normalised string: Unicode casefold, whitespace runs collapsed to one space, leading and
   trailing spaces and ``-–—:;,|*`` removed, and a full stop directly after a word and before a
   space or the end removed ("Sr." = "Sr"); ".NET", "S/4HANA" and "C#" keep their punctuation.
8. Skills F1 (micro, over paired jobs): a skill is a hit when the paired labelled job has it
   (normalised names); precision = hits / predicted skills, recall = hits / labelled skills.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from schemas.contracts.models import Category, ExtractedJob, Rate
from services.domain.fields import FIELD_NAMES, FieldKind, get_field

__all__ = [
    "FIELDS",
    "MATCH_THRESHOLD",
    "SKILLS_JACCARD",
    "EmailResult",
    "Evaluation",
    "Failure",
    "Score",
    "evaluate",
    "field_correct",
    "labels_from_json",
    "match_jobs",
    "normalise",
    "title_similarity",
]

FIELDS = FIELD_NAMES  # every field of the extraction contract (services.domain.fields)
MATCH_THRESHOLD = 0.5  # title similarity below which two jobs are different jobs
SKILLS_JACCARD = 0.7  # skill sets overlapping at least this much count as right
_RATE_TOLERANCE = 0.005  # dollars; labels and extractors both write whole cents at most

_SPACES = re.compile(r"\s+")
_ABBREVIATION_DOT = re.compile(r"(?<=\w)\.(?=\s|$)")
_EDGE = " -–—:;,|*"


class ExtractionLike(Protocol):
    """What every extractor returns (services.parser.rules.extractor.Extraction and its peers)."""

    @property
    def is_job(self) -> bool: ...

    @property
    def category(self) -> Category: ...

    @property
    def jobs(self) -> Sequence[ExtractedJob]: ...


@dataclass(frozen=True)
class EmailResult:
    """One email's answer: a label or a prediction."""

    is_job: bool
    category: Category
    jobs: tuple[ExtractedJob, ...] = ()

    @classmethod
    def of(cls, extraction: ExtractionLike) -> EmailResult:
        return cls(extraction.is_job, Category(extraction.category), tuple(extraction.jobs))


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass(frozen=True)
class Failure:
    """One wrong answer: ``field`` is is_job, category, job_count, jobs[i].<field>,
    jobs[i] (a labelled job nobody predicted) or extra_jobs[j] (a predicted job nobody
    labelled); ``expected``/``got`` are JSON values."""

    file: str
    field: str
    expected: Any
    got: Any

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "field": self.field, "expected": self.expected, "got": self.got}


@dataclass(frozen=True)
class Evaluation:
    emails: int
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    category: Score
    job_count: Score
    labelled_jobs: int
    predicted_jobs: int
    matched_jobs: int
    fields: dict[str, Score]
    per_category: dict[str, Score]  # labelled category → emails classified right
    failures: tuple[Failure, ...] = field(default_factory=tuple)
    # rule 8: skills of paired jobs, labelled and predicted, and those in both
    skills_labelled: int = 0
    skills_predicted: int = 0
    skills_hit: int = 0

    @property
    def is_job_precision(self) -> float:
        claimed = self.true_positives + self.false_positives
        if claimed == 0:
            return 1.0 if self.false_negatives == 0 else 0.0
        return self.true_positives / claimed

    @property
    def is_job_recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def job_recall(self) -> float:
        return self.matched_jobs / self.labelled_jobs if self.labelled_jobs else 1.0

    @property
    def job_precision(self) -> float:
        return self.matched_jobs / self.predicted_jobs if self.predicted_jobs else 1.0

    @property
    def skills_precision(self) -> float:
        return self.skills_hit / self.skills_predicted if self.skills_predicted else 1.0

    @property
    def skills_recall(self) -> float:
        return self.skills_hit / self.skills_labelled if self.skills_labelled else 1.0

    @property
    def skills_f1(self) -> float:
        p, r = self.skills_precision, self.skills_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def overall_field_accuracy(self) -> float:
        total = sum(s.total for s in self.fields.values())
        return sum(s.correct for s in self.fields.values()) / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "emails": self.emails,
            "is_job": {
                "precision": round(self.is_job_precision, 4),
                "recall": round(self.is_job_recall, 4),
                "true_positives": self.true_positives,
                "false_positives": self.false_positives,
                "false_negatives": self.false_negatives,
                "true_negatives": self.true_negatives,
            },
            "category": self.category.to_dict(),
            "job_count": self.job_count.to_dict(),
            "jobs": {
                "labelled": self.labelled_jobs,
                "predicted": self.predicted_jobs,
                "matched": self.matched_jobs,
                "recall": round(self.job_recall, 4),
                "precision": round(self.job_precision, 4),
            },
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "overall_field_accuracy": round(self.overall_field_accuracy, 4),
            "skills": {
                "precision": round(self.skills_precision, 4),
                "recall": round(self.skills_recall, 4),
                "f1": round(self.skills_f1, 4),
            },
            "per_category": {name: s.to_dict() for name, s in self.per_category.items()},
            "failures": [f.to_dict() for f in self.failures],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def summary_lines(self) -> list[str]:
        """The metrics as an aligned plain-text table."""
        lines = [
            f"emails             {self.emails}",
            f"is_job precision   {self.is_job_precision:.3f}   recall {self.is_job_recall:.3f}"
            f"   (TP {self.true_positives}, FP {self.false_positives},"
            f" FN {self.false_negatives}, TN {self.true_negatives})",
            f"category accuracy  {self.category.accuracy:.3f}"
            f"   ({self.category.correct}/{self.category.total})",
            f"job-count accuracy {self.job_count.accuracy:.3f}"
            f"   ({self.job_count.correct}/{self.job_count.total})",
            f"jobs matched       {self.matched_jobs} of {self.labelled_jobs} labelled,"
            f" {self.predicted_jobs} predicted (recall {self.job_recall:.3f},"
            f" precision {self.job_precision:.3f})",
            "",
            f"{'field':<18} {'right':>5} {'of':>4}  accuracy",
        ]
        lines += [
            f"{name:<18} {s.correct:>5} {s.total:>4}  {s.accuracy:.3f}"
            for name, s in self.fields.items()
        ]
        lines.append(f"{'overall':<18} {'':>5} {'':>4}  {self.overall_field_accuracy:.3f}")
        lines.append(
            f"skills F1          {self.skills_f1:.3f}   (precision {self.skills_precision:.3f},"
            f" recall {self.skills_recall:.3f})"
        )
        lines += ["", f"{'category':<18} {'right':>5} {'of':>4}  accuracy"]
        lines += [
            f"{name:<18} {s.correct:>5} {s.total:>4}  {s.accuracy:.3f}"
            for name, s in self.per_category.items()
        ]
        return lines

    def to_markdown(self, title: str = "Evaluation") -> str:
        """Metrics and every failure, for a report file."""
        rows = [
            f"# {title}",
            "",
            "```",
            *self.summary_lines(),
            "```",
            "",
            f"## Failures ({len(self.failures)})",
            "",
            "| file | field | expected | got |",
            "|---|---|---|---|",
        ]
        rows += [
            f"| {f.file} | {f.field} | {_md(f.expected)} | {_md(f.got)} |" for f in self.failures
        ]
        return "\n".join(rows) + "\n"


def _md(value: Any) -> str:
    return "`" + json.dumps(value, ensure_ascii=False).replace("|", "\\|") + "`"


def normalise(value: str) -> str:
    value = _SPACES.sub(" ", value.casefold()).strip(_EDGE)
    return _ABBREVIATION_DOT.sub("", value).strip(_EDGE)


def title_similarity(a: str, b: str) -> float:
    left, right = normalise(a), normalise(b)
    if left == right:
        return 1.0
    ratio = difflib.SequenceMatcher(None, left, right).ratio()
    words_a, words_b = set(left.split()), set(right.split())
    union = words_a | words_b
    jaccard = len(words_a & words_b) / len(union) if union else 0.0
    return max(ratio, jaccard)


def match_jobs(
    labelled: Sequence[ExtractedJob], predicted: Sequence[ExtractedJob]
) -> list[tuple[int, int]]:
    """(labelled index, predicted index) pairs, in labelled order (rule 5)."""
    candidates = sorted(
        (
            (-title_similarity(want.title, got.title), i, j)
            for i, want in enumerate(labelled)
            for j, got in enumerate(predicted)
        ),
    )
    used_labelled: set[int] = set()
    used_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for negative, i, j in candidates:
        if -negative < MATCH_THRESHOLD:
            break
        if i in used_labelled or j in used_predicted:
            continue
        used_labelled.add(i)
        used_predicted.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def _same_text(expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected is got
    return normalise(expected) == normalise(got)


def _same_number(expected: float | None, got: float | None) -> bool:
    if expected is None or got is None:
        return expected is got
    return abs(expected - got) <= _RATE_TOLERANCE


def _same_rate(expected: Rate | None, got: Rate | None) -> bool:
    if expected is None or got is None:
        return expected is got
    return (
        expected.unit == got.unit
        and _same_number(expected.min, got.min)
        and _same_number(expected.max, got.max)
    )


def _same_skills(expected: Sequence[str], got: Sequence[str]) -> bool:
    want = {normalise(s) for s in expected}
    have = {normalise(s) for s in got}
    if not want or not have:
        return want == have
    return len(want & have) / len(want | have) >= SKILLS_JACCARD


# rule 6, by kind of field
_COMPARERS_BY_KIND: dict[FieldKind, Callable[[Any, Any], bool]] = {
    FieldKind.TEXT: _same_text,
    FieldKind.CHOICE: lambda a, b: a == b,
    FieldKind.NUMBER: lambda a, b: a == b,
    FieldKind.CHOICES: lambda a, b: set(a) == set(b),
    FieldKind.RATE: _same_rate,
    FieldKind.NAMES: _same_skills,
}


def field_correct(name: str, expected: ExtractedJob, got: ExtractedJob) -> bool:
    """Whether ``got`` has the labelled value of field ``name`` (rule 6)."""
    compare = _COMPARERS_BY_KIND[get_field(name).kind]
    return compare(getattr(expected, name), getattr(got, name))


def _json_value(job: ExtractedJob, name: str) -> Any:
    return job.model_dump(mode="json")[name]


def evaluate(
    predictions: Mapping[str, EmailResult], labels: Mapping[str, EmailResult]
) -> Evaluation:
    missing = sorted(set(labels) - set(predictions))
    unlabelled = sorted(set(predictions) - set(labels))
    if missing or unlabelled:
        raise ValueError(f"no prediction for {missing}; no label for {unlabelled}")
    tp = fp = fn = tn = 0
    category_right = count_right = 0
    labelled_jobs = predicted_jobs = matched = 0
    right = dict.fromkeys(FIELDS, 0)
    skill_counts = [0, 0, 0]  # labelled, predicted, hit
    per_category: dict[str, list[int]] = {}
    failures: list[Failure] = []
    for name in sorted(labels):
        want, got = labels[name], predictions[name]
        tp += want.is_job and got.is_job
        fp += got.is_job and not want.is_job
        fn += want.is_job and not got.is_job
        tn += not want.is_job and not got.is_job
        if want.is_job != got.is_job:
            failures.append(Failure(name, "is_job", want.is_job, got.is_job))
        tally = per_category.setdefault(want.category.value, [0, 0])
        tally[1] += 1
        if want.category == got.category:
            category_right += 1
            tally[0] += 1
        else:
            failures.append(Failure(name, "category", want.category.value, got.category.value))
        if len(want.jobs) == len(got.jobs):
            count_right += 1
        else:
            failures.append(Failure(name, "job_count", len(want.jobs), len(got.jobs)))
        labelled_jobs += len(want.jobs)
        predicted_jobs += len(got.jobs)
        pairs = match_jobs(want.jobs, got.jobs)
        matched += len(pairs)
        paired_labelled = {i for i, _ in pairs}
        paired_predicted = {j for _, j in pairs}
        for i, j in pairs:
            want_skills = {normalise(x) for x in want.jobs[i].skills}
            got_skills = {normalise(x) for x in got.jobs[j].skills}
            skill_counts[0] += len(want_skills)
            skill_counts[1] += len(got_skills)
            skill_counts[2] += len(want_skills & got_skills)
            for field_name in FIELDS:
                if field_correct(field_name, want.jobs[i], got.jobs[j]):
                    right[field_name] += 1
                else:
                    failures.append(
                        Failure(
                            name,
                            f"jobs[{i}].{field_name}",
                            _json_value(want.jobs[i], field_name),
                            _json_value(got.jobs[j], field_name),
                        )
                    )
        failures += [
            Failure(name, f"jobs[{i}]", job.title, None)
            for i, job in enumerate(want.jobs)
            if i not in paired_labelled
        ]
        failures += [
            Failure(name, f"extra_jobs[{j}]", None, job.title)
            for j, job in enumerate(got.jobs)
            if j not in paired_predicted
        ]
    return Evaluation(
        emails=len(labels),
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        true_negatives=tn,
        category=Score(category_right, len(labels)),
        job_count=Score(count_right, len(labels)),
        labelled_jobs=labelled_jobs,
        predicted_jobs=predicted_jobs,
        matched_jobs=matched,
        fields={name: Score(right[name], matched) for name in FIELDS},
        per_category={k: Score(v[0], v[1]) for k, v in sorted(per_category.items())},
        failures=tuple(failures),
        skills_labelled=skill_counts[0],
        skills_predicted=skill_counts[1],
        skills_hit=skill_counts[2],
    )


def labels_from_json(data: Any) -> dict[str, EmailResult]:
    """``labels.json`` content ({file: {is_job, category, jobs, note}}) → results; every job is
    validated against the ExtractedJob contract. Raises ValueError naming the file."""
    if not isinstance(data, Mapping):
        raise ValueError("labels must be a JSON object keyed by file name")
    results: dict[str, EmailResult] = {}
    for name, label in data.items():
        try:
            if not isinstance(label, Mapping):
                raise ValueError("label must be an object")
            is_job = label["is_job"]
            if not isinstance(is_job, bool):
                raise ValueError("is_job must be a boolean")
            jobs = tuple(ExtractedJob.model_validate(job) for job in label.get("jobs", []))
            results[str(name)] = EmailResult(is_job, Category(label["category"]), jobs)
        except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError included
            raise ValueError(f"{name}: invalid label: {exc}") from exc
    return results
