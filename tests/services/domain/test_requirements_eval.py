"""Pairwise precision and recall of duplicate-requirement matching on the labelled set
(tests/corpus/requirements: vendor emails written by us from varied templates, with
near-misses), through the offline extractor as the pipeline reads them, scored by
``reqstream eval --duplicates``. The dev split calibrated MATCH_THRESHOLD; the heldout split is
scored separately and never tuned on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli.main import app

CORPUS = Path(__file__).parents[2] / "corpus" / "requirements"


def test_the_labelled_set_is_big_enough() -> None:
    labels: dict[str, dict[str, str]] = json.loads((CORPUS / "labels.json").read_text())
    assert len(labels) >= 80
    assert len({label["cluster"] for label in labels.values()}) >= 25


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_pairwise_precision_and_recall(split: str) -> None:
    args = ["eval", str(CORPUS / "emails"), "--labels", str(CORPUS / "labels.json")]
    result = CliRunner().invoke(app, [*args, "--duplicates", "--split", split, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["pair_precision"] >= 0.95
    assert scores["pair_recall"] >= 0.90
