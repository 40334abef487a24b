"""The real-mail corpus (tests/corpus/real): labels, sources and scrubbing are consistent; the
hand-written corpus (tests/corpus/handwritten): every file labelled.

Shape only: scores on this corpus are measured with ``reqstream eval`` and recorded in its
README as a baseline, not asserted here (the held-out split must not become a tuning target).
"""

from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from services.parser.evaluate import FIELDS, labels_from_json

REAL = Path(__file__).resolve().parents[3] / "tests" / "corpus" / "real"
SPLITS = ("dev", "heldout")
SOURCES: list[dict[str, Any]] = json.loads((REAL / "sources.json").read_text("utf-8"))
# the list's own addresses name the list, not a person; everything else must be a placeholder
ALLOWED_ADDRESS = re.compile(r"@(?:example\.com|googlegroups\.com)$", re.IGNORECASE)
ADDRESS = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}")


def _raw_labels(split: str) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = json.loads((REAL / split / "labels.json").read_text())
    return labels


@pytest.mark.parametrize("split", SPLITS)
def test_every_file_has_a_valid_label_and_a_source(split: str) -> None:
    raw = _raw_labels(split)
    labels = labels_from_json(raw)
    assert sorted(p.name for p in (REAL / split).glob("*.eml")) == sorted(labels)
    sourced = {s["file"] for s in SOURCES if s["split"] == split}
    assert sourced == {f"{split}/{name}" for name in labels}
    for name, label in labels.items():
        assert label.is_job == (label.category == "requirement"), name
        assert bool(label.jobs) == label.is_job, name
        assert all(set(job) == set(FIELDS) for job in raw[name]["jobs"]), name


def test_splits_share_no_source_group() -> None:
    groups = {split: {s["group"] for s in SOURCES if s["split"] == split} for split in SPLITS}
    assert groups["dev"].isdisjoint(groups["heldout"])
    assert all(s["source_url"].startswith("https://") and s["licence"] for s in SOURCES)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: str(s["file"]))
def test_personal_addresses_are_placeholders(source: dict[str, Any]) -> None:
    message = message_from_bytes((REAL / source["file"]).read_bytes(), policy=policy.compat32)
    for name in ("From", "To", "Cc", "Reply-To"):
        for address in ADDRESS.findall(str(message.get(name, ""))):
            assert ALLOWED_ADDRESS.search(address), (name, address)
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            text = payload.decode(part.get_content_charset() or "utf-8", "replace")
            # message ids (…@mail.gmail.com) appear url-quoted in list footers: %40, never @
            leaked = [a for a in ADDRESS.findall(text) if not ALLOWED_ADDRESS.search(a)]
            assert leaked == [], leaked


HANDWRITTEN = REAL.parent / "handwritten"


@pytest.mark.parametrize("split", SPLITS)
def test_handwritten_labels_cover_every_file(split: str) -> None:
    raw: dict[str, dict[str, Any]] = json.loads((HANDWRITTEN / split / "labels.json").read_text())
    labels = labels_from_json(raw)
    assert sorted(p.name for p in (HANDWRITTEN / split).glob("*.eml")) == sorted(labels)
    for name, label in labels.items():
        assert label.is_job == (label.category == "requirement"), name
        assert all(set(job) == set(FIELDS) for job in raw[name]["jobs"]), name
