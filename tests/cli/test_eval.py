"""reqstream eval: the offline extractor scored on a labelled directory from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from services.cli import main
from services.cli.eval import eval_command
from tests.providers.openai_server import FakeOpenAI, Reply

DEV = Path(__file__).resolve().parents[2] / "tests" / "corpus" / "dev"
LABELS = DEV / "labels.json"
LUNCH = "p01_lunch_plans.eml"
JAVA = "r01_java_jersey_city_plain.eml"

runner = CliRunner()


def _app() -> typer.Typer:
    """``reqstream`` itself once ``eval`` is registered there; until then the same command in
    an app of its own (a callback keeps the command name on the command line)."""
    if any(c.name == "eval" for c in main.app.registered_commands):
        return main.app
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("eval")(eval_command)
    return app


APP = _app()


def test_table_has_metrics_fields_and_failures() -> None:
    result = runner.invoke(APP, ["eval", str(DEV), "--labels", str(LABELS)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"emails             {len(json.loads(LABELS.read_text()))}\n")
    for heading in ("is_job precision", "category accuracy", "job-count accuracy", "failures ("):
        assert heading in out
    fields = [line.split()[0] for line in out.splitlines() if line[:1].isalpha()]
    for name in ("title", "rate", "skills", "visa", "job_id", "overall"):
        assert name in fields


def test_json_output_is_the_evaluation() -> None:
    result = runner.invoke(APP, ["eval", str(DEV), "--labels", str(LABELS), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["emails"] == len(json.loads(LABELS.read_text()))
    assert set(data["is_job"]) >= {"precision", "recall"}
    assert set(data["fields"]["rate"]) == {"correct", "total", "accuracy"}
    assert data["jobs"]["labelled"] >= 50
    assert all(set(f) == {"file", "field", "expected", "got"} for f in data["failures"])


def test_reports_hybrid_prefilter_calls_and_recall(tmp_path: Path) -> None:
    # a personal mail the rules skip confidently, and a requirement that goes to the model
    for name in (LUNCH, JAVA):
        shutil.copy(DEV / name, tmp_path / name)
    labels = tmp_path / "labels.json"
    all_labels = json.loads(LABELS.read_text())
    labels.write_text(json.dumps({name: all_labels[name] for name in (LUNCH, JAVA)}))
    args = ["eval", str(tmp_path), "--labels", str(labels)]
    data = json.loads(runner.invoke(APP, [*args, "--json"]).stdout)["hybrid_prefilter"]
    assert (data["seed_calls"], data["hybrid_calls"], data["calls_saved"]) == (2, 1, 1)
    assert (data["recall"], data["missed"]) == (1.0, [])
    text = runner.invoke(APP, args).stdout
    assert "hybrid pre-filter  1 of 2 emails sent to the model" in text
    assert "pre-filter recall  1.000" in text


def test_failures_name_file_field_expected_and_got(tmp_path: Path) -> None:
    shutil.copy(DEV / LUNCH, tmp_path / LUNCH)
    wrong = {
        LUNCH: {
            "is_job": True,
            "category": "requirement",
            "jobs": [{"title": "Lunch Coordinator"}],
            "note": "deliberately wrong",
        }
    }
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps(wrong))
    result = runner.invoke(APP, ["eval", str(tmp_path), "--labels", str(labels)])
    assert result.exit_code == 0, result.output
    assert f"  {LUNCH}  is_job  expected true  got false" in result.stdout
    assert f'  {LUNCH}  jobs[0]  expected "Lunch Coordinator"  got null' in result.stdout
    data = json.loads(
        runner.invoke(APP, ["eval", str(tmp_path), "--labels", str(labels), "--json"]).stdout
    )
    assert data["is_job"]["recall"] == 0.0
    assert {"file": LUNCH, "field": "job_count", "expected": 1, "got": 0} in data["failures"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing-labels", "cannot read"),
        ("not-json", "is not JSON"),
        ("invalid-label", "invalid label"),
        ("unlabelled-file", "files without labels: ['p01_lunch_plans.eml']"),
        ("missing-file", "labels without files: ['gone.eml']"),
        ("no-directory", "not a directory"),
        ("unknown-extractor", "unknown extractor 'gpt9'"),
    ],
)
def test_unusable_input_exits_2(tmp_path: Path, case: str, message: str) -> None:
    shutil.copy(DEV / LUNCH, tmp_path / LUNCH)
    labels = tmp_path / "labels.json"
    good = {LUNCH: {"is_job": False, "category": "personal", "jobs": [], "note": ""}}
    contents = {
        "not-json": "{",
        "invalid-label": json.dumps({LUNCH: {"is_job": False, "category": "gossip", "jobs": []}}),
        "unlabelled-file": "{}",
        "missing-file": json.dumps({**good, "gone.eml": good[LUNCH]}),
    }
    if case != "missing-labels":
        labels.write_text(contents.get(case, json.dumps(good)))
    directory = tmp_path / "nowhere" if case == "no-directory" else tmp_path
    extractor = "gpt9" if case == "unknown-extractor" else "offline"
    args = ["eval", str(directory), "--labels", str(labels), "--extractor", extractor]
    result = runner.invoke(APP, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_model_extractor_without_configuration_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PARSER_OPENAI_API_KEY", "PARSER_OPENAI_BASE_URL", "PARSER_EXTRACTOR"):
        monkeypatch.delenv(name, raising=False)
    shutil.copy(DEV / LUNCH, tmp_path / LUNCH)
    labels = tmp_path / "labels.json"
    labels.write_text(
        json.dumps({LUNCH: {"is_job": False, "category": "personal", "jobs": [], "note": ""}})
    )
    args = ["eval", str(tmp_path), "--labels", str(labels), "--extractor", "openai"]
    result = runner.invoke(APP, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_model_extractor_is_scored_on_its_own_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, openai_server: FakeOpenAI
) -> None:
    """--extractor openai runs the service's composition against an OpenAI-compatible server:
    one call per email, and the model's (here deliberately wrong) answers are what is scored."""
    monkeypatch.setenv("PARSER_OPENAI_BASE_URL", openai_server.url)
    monkeypatch.setenv("PARSER_OPENAI_MODEL", "gpt-test")
    monkeypatch.delenv("PARSER_OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("PARSER_EXTRACTOR", raising=False)
    openai_server.default = Reply.answer(
        {"is_job": False, "category": "personal", "confidence": 0.9, "jobs": []}
    )
    all_labels = json.loads(LABELS.read_text())
    for name in (LUNCH, JAVA):
        shutil.copy(DEV / name, tmp_path / name)
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({name: all_labels[name] for name in (LUNCH, JAVA)}))
    args = ["eval", str(tmp_path), "--labels", str(labels), "--extractor", "openai", "--json"]
    result = runner.invoke(APP, args)
    assert result.exit_code == 0, result.output
    assert len(openai_server.requests) == 2
    data = json.loads(result.stdout)
    assert data["is_job"]["recall"] == 0.0  # the model called the Java requirement personal
    assert data["category"] == {"correct": 1, "total": 2, "accuracy": 0.5}
