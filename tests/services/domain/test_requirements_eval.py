"""Pairwise precision and recall of duplicate-requirement matching on the labelled set
(tests/corpus/requirements: vendor emails written by us from varied templates, with
near-misses), through the offline extractor as the pipeline reads them. The dev split
calibrated MATCH_THRESHOLD; the heldout split is scored separately and never tuned on."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from services.domain.requirements import group_duplicates, profile
from services.parser.offline import decode_and_extract

CORPUS = Path(__file__).parents[2] / "corpus" / "requirements"


def pairwise_scores(split: str) -> tuple[float, float, int]:
    labels: dict[str, dict[str, str]] = json.loads((CORPUS / "labels.json").read_text())
    names = sorted(name for name, label in labels.items() if label["split"] == split)
    profiles = []
    for name in names:
        jobs = decode_and_extract((CORPUS / "emails" / name).read_bytes()).extraction.jobs
        assert len(jobs) == 1, name
        profiles.append(profile(jobs[0]))
    groups = group_duplicates(profiles)
    true_pos = false_pos = false_neg = 0
    for i, j in itertools.combinations(range(len(names)), 2):
        same = labels[names[i]]["cluster"] == labels[names[j]]["cluster"]
        predicted = groups[i] == groups[j]
        true_pos += same and predicted
        false_pos += predicted and not same
        false_neg += same and not predicted
    precision = true_pos / max(true_pos + false_pos, 1)
    recall = true_pos / max(true_pos + false_neg, 1)
    return precision, recall, len(names)


def test_the_labelled_set_is_big_enough() -> None:
    labels: dict[str, dict[str, str]] = json.loads((CORPUS / "labels.json").read_text())
    assert len(labels) >= 80
    assert len({label["cluster"] for label in labels.values()}) >= 25


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_pairwise_precision_and_recall(split: str) -> None:
    precision, recall, _ = pairwise_scores(split)
    assert precision >= 0.95
    assert recall >= 0.90
