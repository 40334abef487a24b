"""reqstream eval DIR --labels labels.json --duplicates [--split NAME]: pairwise precision and
recall of duplicate-requirement grouping on labelled .eml files (no Kafka, no DB).

labels.json maps each file name to {"cluster": id, "split": name}; files of one cluster are
one requirement. Each file is read by the offline extractor and grouped by the jobwriter's
matching rules (services.domain.requirements), one file's first job standing for the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from services.domain.duplicate_scores import PairScores, pair_scores
from services.domain.requirements import group_duplicates, profile
from services.parser.decoding import decode_email
from services.parser.rules import extract


def score_duplicates(directory: Path, labels_path: Path, split: str | None) -> PairScores:
    """ValueError on unusable input (unreadable labels, a labelled file missing or jobless)."""
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read labels {labels_path}: {exc}") from exc
    names = sorted(
        name for name, label in labels.items() if split is None or label.get("split") == split
    )
    profiles = []
    for name in names:
        path = directory / name
        if not path.is_file():
            raise ValueError(f"labelled file missing: {path}")
        jobs = extract(decode_email(path.read_bytes())).jobs
        if not jobs:
            raise ValueError(f"no job extracted from {name}")
        profiles.append(profile(jobs[0]))
    return pair_scores(group_duplicates(profiles), [labels[name]["cluster"] for name in names])


def summary(scores: PairScores) -> dict[str, float | int]:
    return {
        "emails": scores.emails,
        "true_pairs": scores.true_pairs,
        "predicted_pairs": scores.predicted_pairs,
        "correct_pairs": scores.correct_pairs,
        "pair_precision": round(scores.precision, 4),
        "pair_recall": round(scores.recall, 4),
    }
