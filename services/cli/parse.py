"""reqstream parse FILE.eml ... [--json] [--extractor offline|openai|hybrid]: run the parser on
.eml files (no Kafka, no DB). The extractor and model come from PARSER_* settings unless given."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from services.domain.errors import InvalidMessage
from services.domain.requirements import duplicate_groups
from services.parser.decoding import decode_email
from services.parser.handler import EMPTY_BODY_ERROR, FAILED_EXTRACTION, decode_and_extract
from services.parser.hybrid import HybridExtractor, Outcome
from services.parser.rules import Extraction, extract
from services.parser.settings import ExtractorMode, ExtractorSettings
from services.parser.wiring import build_hybrid

_TITLE_WIDTH = 60  # characters of the jobs column in the table view


def parse_command(
    files: list[Path],
    json_output: bool = typer.Option(False, "--json"),
    extractor: ExtractorMode | None = typer.Option(
        None, "--extractor", help="default: PARSER_EXTRACTOR, else hybrid with an API key"
    ),
    openai_base_url: str | None = typer.Option(
        None, "--openai-base-url", help="OpenAI, Azure OpenAI or a compatible server"
    ),
    model: str | None = typer.Option(None, "--model", help="default: PARSER_OPENAI_MODEL"),
) -> None:
    """Classify each email and extract its job requirements.

    A directory stands for the .eml files in it. With --json, prints one JSON object per file
    and line: {"file", "is_job", "category", "confidence", "jobs", "duplicate_group"} (files
    whose jobs are one requirement share a group id, null when alone: the jobwriter's matching
    rules, services.domain.requirements), plus {"status", "error",
    "extractor", "llm", "llm_skip_reason"} when a model is configured. The API key is read from
    PARSER_OPENAI_API_KEY only, never from the command line.
    """
    paths = _expand(files)
    hybrid = _build_hybrid(extractor=extractor, base_url=openai_base_url, model=model)
    raws = [_read(path) for path in paths]
    if not json_output:
        typer.echo(f"{'file':<44} {'category':<18} {'job':<5} {'conf':>5}  jobs")
    outcomes: list[Outcome | None]
    if hybrid is None:
        extractions = [extract(decode_email(raw)) for raw in raws]
        outcomes = [None] * len(raws)
    else:
        outcomes = list(asyncio.run(_run_all(hybrid, raws)))
        extractions = [outcome.extraction for outcome in outcomes if outcome is not None]
    groups = duplicate_groups([extraction.jobs for extraction in extractions])
    for path, extraction, outcome, group in zip(paths, extractions, outcomes, groups, strict=True):
        if json_output:
            found = _as_json(path, extraction, outcome)
            found["duplicate_group"] = group
            typer.echo(json.dumps(found, ensure_ascii=False))
        else:
            typer.echo(_as_row(path, extraction, outcome))


def _build_hybrid(
    *, extractor: ExtractorMode | None, base_url: str | None, model: str | None
) -> HybridExtractor | None:
    given = {"extractor": extractor, "openai_base_url": base_url, "openai_model": model}
    overrides: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    try:
        settings = ExtractorSettings(**overrides)  # the options win over PARSER_* variables
    except ValidationError as exc:
        message = "; ".join(str(e["msg"]) for e in exc.errors())
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2) from exc
    return build_hybrid(settings)


async def _run_all(hybrid: HybridExtractor, raws: list[bytes]) -> list[Outcome]:
    # concurrently: the model calls are bounded by PARSER_LLM_MAX_CONCURRENCY
    try:
        return list(await asyncio.gather(*(_run_one(hybrid, raw) for raw in raws)))
    finally:
        await hybrid.close()


async def _run_one(hybrid: HybridExtractor, raw: bytes) -> Outcome:
    try:
        offline = decode_and_extract(raw)
    except InvalidMessage:  # an empty file: nothing to send anywhere
        return Outcome(FAILED_EXTRACTION, error=EMPTY_BODY_ERROR, skip_reason="empty body")
    return await hybrid.run(offline)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read {path}: {exc.strerror}", err=True)
        raise typer.Exit(2) from exc


def _expand(files: list[Path]) -> list[Path]:
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        typer.echo(f"error: no such file: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    paths: list[Path] = []
    for f in files:
        paths.extend(sorted(f.glob("*.eml")) if f.is_dir() else [f])
    return paths


def _as_json(path: Path, extraction: Extraction, outcome: Outcome | None) -> dict[str, object]:
    found: dict[str, object] = {
        "file": str(path),
        "is_job": extraction.is_job,
        "category": extraction.category.value,
        "confidence": extraction.confidence,
        "jobs": [job.model_dump(mode="json") for job in extraction.jobs],
    }
    if outcome is not None:
        found["status"] = "failed" if outcome.error else "ok"
        found["error"] = outcome.error
        found["extractor"] = outcome.extractor.model_dump(mode="json")
        found["llm"] = outcome.llm.model_dump(mode="json") if outcome.llm else None
        found["llm_skip_reason"] = outcome.skip_reason
    return found


def _as_row(path: Path, extraction: Extraction, outcome: Outcome | None) -> str:
    summary = "; ".join(
        " @ ".join(part for part in (job.title, job.location) if part) for job in extraction.jobs
    )
    if outcome is not None and outcome.error:
        summary = outcome.error
    elif outcome is not None and outcome.llm is not None and outcome.llm.fallback:
        summary = f"(offline fallback) {summary}"
    if len(summary) > _TITLE_WIDTH:
        summary = summary[: _TITLE_WIDTH - 1] + "…"
    is_job = "yes" if extraction.is_job else "no"
    row = (
        f"{path.name:<44} {extraction.category.value:<18} {is_job:<5} "
        f"{extraction.confidence:>5.2f}  {summary}"
    )
    return row.rstrip()
