"""reqstream eval DIR --labels labels.json [--json] [--extractor offline|hybrid|openai]: score an
extractor on a labelled corpus of .eml files (no Kafka, no DB). Scoring rules:
services/parser/evaluate.py."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer

from schemas.contracts.models import Category
from services.cli.eval_duplicates import score_duplicates, summary
from services.domain.errors import InvalidMessage
from services.domain.requirements import MATCH_THRESHOLD
from services.parser.decoding import decode_email
from services.parser.evaluate import EmailResult, Evaluation, evaluate
from services.parser.evaluate import labels_from_json as parse_labels
from services.parser.evaluate_prefilter import PrefilterSavings, prefilter_savings
from services.parser.hybrid import HybridPolicy, skip_reason
from services.parser.offline import OfflineResult, decode_and_extract
from services.parser.rules import Extraction, extract
from services.parser.settings import ExtractorMode, ExtractorSettings


def eval_command(
    directory: Path,
    labels: Path = typer.Option(..., "--labels", help="labels.json for the directory"),
    json_output: bool = typer.Option(False, "--json", help="print the metrics as JSON"),
    extractor: str = typer.Option(
        "offline",
        "--extractor",
        help="offline (rules only); hybrid or openai call the model configured by PARSER_*",
    ),
    duplicates: bool = typer.Option(
        False, "--duplicates", help="score duplicate-requirement pairs (labels: cluster, split)"
    ),
    split: str | None = typer.Option(None, "--split", help="with --duplicates: one split only"),
    threshold: float = typer.Option(
        MATCH_THRESHOLD, "--threshold", help="with --duplicates: the match threshold to score"
    ),
) -> None:
    """Score an extractor on the labelled .eml files in DIRECTORY (decode, extract, compare).

    Prints is_job precision/recall, category and job-count accuracy, and per-field accuracy,
    and hybrid mode's pre-filter: model calls against the seed's one per keyword match, and the
    labelled jobs in emails it would skip (services/parser/evaluate_prefilter.py).

    Then lists every failure: file, field, expected value, predicted value.

    With --duplicates: pairwise precision and recall of duplicate-requirement grouping
    (services/cli/eval_duplicates.py).

    Exit status 2 on unusable input: missing files, invalid labels, an unknown extractor.
    """
    if duplicates:
        _eval_duplicates(directory, labels, split, threshold, json_output=json_output)
        return
    try:
        evaluation, prefilter = evaluate_with_prefilter(directory, labels, extractor)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if json_output:
        found = {**evaluation.to_dict(), "hybrid_prefilter": prefilter.to_dict()}
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for line in [*evaluation.summary_lines(), "", *prefilter.summary_lines()]:
        typer.echo(line.rstrip())
    typer.echo(f"\nfailures ({len(evaluation.failures)}):")
    for failure in evaluation.failures:
        expected = json.dumps(failure.expected, ensure_ascii=False)
        got = json.dumps(failure.got, ensure_ascii=False)
        typer.echo(f"  {failure.file}  {failure.field}  expected {expected}  got {got}")


def _eval_duplicates(
    directory: Path, labels: Path, split: str | None, threshold: float, *, json_output: bool
) -> None:
    try:
        found = summary(score_duplicates(directory, labels, split, threshold=threshold))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if json_output:
        typer.echo(json.dumps(found))
        return
    for name, value in found.items():
        typer.echo(f"{name:<16} {value}")


def evaluate_directory(directory: Path, labels_path: Path, extractor: str) -> Evaluation:
    """Decode, extract and score every labelled .eml; ValueError on unusable input."""
    return evaluate_with_prefilter(directory, labels_path, extractor)[0]


def evaluate_with_prefilter(
    directory: Path, labels_path: Path, extractor: str
) -> tuple[Evaluation, PrefilterSavings]:
    """The evaluation, and hybrid mode's pre-filter decisions scored against the same labels."""
    try:
        mode = ExtractorMode(extractor)
    except ValueError as exc:
        known = ", ".join(m.value for m in ExtractorMode)
        raise ValueError(f"unknown extractor {extractor!r} (known: {known})") from exc
    if not directory.is_dir():
        raise ValueError(f"not a directory: {directory}")
    try:
        labels = parse_labels(json.loads(labels_path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ValueError(f"cannot read {labels_path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{labels_path} is not JSON: {exc}") from exc
    files = {path.name: path for path in sorted(directory.glob("*.eml"))}
    unlabelled = sorted(set(files) - set(labels))
    missing = sorted(set(labels) - set(files))
    if unlabelled or missing:
        raise ValueError(f"files without labels: {unlabelled}; labels without files: {missing}")
    raw = {name: path.read_bytes() for name, path in files.items()}
    offline = {name: _offline(data) for name, data in raw.items()}
    # the pre-filter hybrid mode would run, whichever extractor is scored (PARSER_ settings)
    skip = ExtractorSettings(extractor=ExtractorMode.OFFLINE).llm_skip_confidence
    policy = HybridPolicy(skip_confidence=skip)
    sent = {
        name: result is not None and skip_reason(result, policy) is None
        for name, result in offline.items()
    }
    prefilter = prefilter_savings(sent, labels, skip_confidence=skip)
    if mode is ExtractorMode.OFFLINE:
        predictions = {
            name: EmailResult.of(_rules(raw[name], result)) for name, result in offline.items()
        }
    else:
        predictions = asyncio.run(_predict_with_model(files, mode))
    return evaluate(predictions, labels), prefilter


def _offline(raw: bytes) -> OfflineResult | None:
    """The service's offline step, or None for an empty file (nothing to parse, no model call)."""
    try:
        return decode_and_extract(raw)
    except InvalidMessage:
        return None


def _rules(raw: bytes, offline: OfflineResult | None) -> Extraction:
    """The rules' own answer, even on an empty body (the service reports that as failed)."""
    if offline is None:
        return extract(decode_email(raw))
    return offline.extraction if offline.error is None else extract(offline.decoded)


async def _predict_with_model(
    files: dict[str, Path], mode: ExtractorMode
) -> dict[str, EmailResult]:
    """The service's own composition: offline rules, then the model unless the policy skips it."""
    # imported here: the offline evaluation needs neither the openai SDK nor its settings
    from services.parser.wiring import build_hybrid

    settings = ExtractorSettings(extractor=mode)  # a ValidationError is a ValueError
    hybrid = build_hybrid(settings)
    if hybrid is None:  # offline mode never gets here
        raise ValueError(f"extractor {mode.value} has no model")

    async def one(path: Path) -> EmailResult:
        try:
            offline = decode_and_extract(path.read_bytes())
        except InvalidMessage:
            return EmailResult(False, Category.OTHER)  # nothing to parse: a failed parse
        outcome = await hybrid.run(offline)
        return EmailResult.of(outcome.extraction)

    try:
        results = await asyncio.gather(*(one(path) for path in files.values()))
    finally:
        await hybrid.close()
    return dict(zip(files, results, strict=True))


def write_failures_markdown(directory: Path, labels_path: Path, out: Path) -> None:
    """The offline extractor's report for a corpus, as markdown (tests/corpus/dev/FAILURES.md)."""
    evaluation = evaluate_directory(directory, labels_path, ExtractorMode.OFFLINE.value)
    title = f"Offline extractor on {directory.name}: metrics and failures"
    note = (
        "Regenerate with `.venv/bin/python tests/corpus/build_dev_corpus.py failures`; the same "
        f"numbers: `reqstream eval {_shown(directory)} --labels {_shown(labels_path)}`.\n"
    )
    head, _, rest = evaluation.to_markdown(title).partition("\n\n")
    out.write_text(f"{head}\n\n{note}\n{rest}", encoding="utf-8")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
