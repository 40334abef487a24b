"""reqstream parse: offline parsing of .eml files from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.cli.main import app

MAILBOX = Path(__file__).resolve().parents[2] / "samples" / "mailbox"
REQUIREMENT = MAILBOX / "05_req_two_jobs.eml"
HOTLIST = MAILBOX / "15_hotlist_multi.eml"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "requirements"

runner = CliRunner()


def test_json_lines_one_object_per_file() -> None:
    result = runner.invoke(app, ["parse", str(REQUIREMENT), str(HOTLIST), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["file"], o["is_job"], o["category"]) for o in lines] == [
        (str(REQUIREMENT), True, "requirement"),
        (str(HOTLIST), False, "hotlist"),
    ]
    assert set(lines[0]) == {
        "file",
        "is_job",
        "category",
        "confidence",
        "jobs",
        "duplicate_group",
    }
    assert 0.0 <= lines[0]["confidence"] <= 1.0
    titles = [job["title"] for job in lines[0]["jobs"]]
    assert titles == ["Python Developer", "Business Analyst"]
    assert lines[0]["jobs"][0]["rate"] == {
        "min": 55.0,
        "max": 60.0,
        "unit": "hour",
        "currency": "USD",
    }
    assert lines[1]["jobs"] == []


def test_files_of_one_requirement_share_a_duplicate_group() -> None:
    """Two vendors' copies of one requirement, and the same title in another city (vendor
    emails written by us, tests/corpus/requirements)."""
    emails = CORPUS / "emails"
    files = [
        emails / "java-wf-charlotte_0_veritek.eml",
        emails / "java-wf-phoenix_0_talentwave.eml",
        emails / "java-wf-charlotte_1_itsdirect.eml",
    ]
    result = runner.invoke(app, ["parse", *map(str, files), "--json"])
    assert result.exit_code == 0, result.output
    groups = [json.loads(line)["duplicate_group"] for line in result.stdout.splitlines()]
    assert groups == ["g1", None, "g1"]


def test_table_output_without_json() -> None:
    result = runner.invoke(app, ["parse", str(REQUIREMENT), str(HOTLIST)])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows[0].split()[:3] == ["file", "category", "job"]
    assert "05_req_two_jobs.eml" in rows[1] and "requirement" in rows[1]
    assert "Python Developer @ Remote" in rows[1]
    assert "15_hotlist_multi.eml" in rows[2] and "hotlist" in rows[2]


def test_directory_means_its_eml_files() -> None:
    result = runner.invoke(app, ["parse", str(MAILBOX), "--json"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(list(MAILBOX.glob("*.eml")))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.eml"
    result = runner.invoke(app, ["parse", str(REQUIREMENT), str(missing), "--json"])
    assert result.exit_code == 2
    assert f"no such file: {missing}" in result.stderr
    assert result.stdout == ""  # nothing parsed before the arguments were checked
