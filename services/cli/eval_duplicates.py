"""reqstream eval DIR --labels labels.json --duplicates [--split NAME]: pairwise precision and
recall of duplicate-requirement grouping on labelled .eml files (no Kafka, no DB).

labels.json maps each file name to {"cluster": id, "split": name} (the file's first job is
the requirement) or {"jobs": [id, ...], "split": name} (one cluster per job, in the order the
extractor finds them). Jobs of one cluster are one requirement. Each file is read by the
offline extractor and its jobs grouped by the jobwriter's matching rules
(services.domain.requirements), in file-name order. A labelled job the extractor does not find
stays alone (a missed pair counts against recall); jobs beyond the labelled ones are not scored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.domain.duplicate_scores import PairScores, pair_scores
from services.domain.requirements import MATCH_THRESHOLD, Profile, group_duplicates, profile
from services.parser.decoding import decode_email
from services.parser.rules import extract


@dataclass(frozen=True)
class DuplicateEval:
    files: int
    scores: PairScores
    missing_jobs: int  # labelled jobs the extractor did not find


def score_duplicates(
    directory: Path,
    labels_path: Path,
    split: str | None,
    *,
    threshold: float = MATCH_THRESHOLD,
) -> DuplicateEval:
    """ValueError on unusable input (unreadable labels, a labelled file missing or jobless)."""
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read labels {labels_path}: {exc}") from exc
    names = sorted(
        name for name, label in labels.items() if split is None or label.get("split") == split
    )
    found: list[Profile] = []
    clusters: list[str] = []
    missing: list[str] = []
    for name in names:
        path = directory / name
        if not path.is_file():
            raise ValueError(f"labelled file missing: {path}")
        jobs = extract(decode_email(path.read_bytes())).jobs
        if not jobs:
            raise ValueError(f"no job extracted from {name}")
        for index, cluster in enumerate(_clusters_of(name, labels[name])):
            if index < len(jobs):
                found.append(profile(jobs[index]))
                clusters.append(cluster)
            else:
                missing.append(cluster)
    groups: list[object] = list(group_duplicates(found, threshold=threshold))
    # a missed job is a group of its own
    groups += [("missing", index) for index in range(len(missing))]
    scores = pair_scores(groups, [*clusters, *missing])
    return DuplicateEval(len(names), scores, len(missing))


def _clusters_of(name: str, label: Any) -> list[str]:
    if isinstance(label, dict) and isinstance(label.get("cluster"), str):
        return [label["cluster"]]
    if isinstance(label, dict) and isinstance(label.get("jobs"), list) and label["jobs"]:
        return [str(cluster) for cluster in label["jobs"]]
    raise ValueError(f"label of {name} has neither a cluster nor a jobs list")


def summary(found: DuplicateEval) -> dict[str, float | int]:
    scores = found.scores
    return {
        "emails": found.files,
        "jobs": scores.emails,
        "missing_jobs": found.missing_jobs,
        "true_pairs": scores.true_pairs,
        "predicted_pairs": scores.predicted_pairs,
        "correct_pairs": scores.correct_pairs,
        "pair_precision": round(scores.precision, 4),
        "pair_recall": round(scores.recall, 4),
    }
