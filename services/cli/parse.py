"""reqstream parse FILE.eml ... [--json]: run the offline parser on .eml files (no Kafka, no DB)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from services.parser.extractor import Extraction, extract
from services.parser.mime import decode_email

_TITLE_WIDTH = 60  # characters of the jobs column in the table view


def parse_command(files: list[Path], json_output: bool = typer.Option(False, "--json")) -> None:
    """Classify each email and extract its job requirements.

    A directory stands for the .eml files in it. With --json, prints one JSON object per file
    and line: {"file", "is_job", "category", "confidence", "jobs"}.
    """
    paths = _expand(files)
    if not json_output:
        typer.echo(f"{'file':<44} {'category':<18} {'job':<5} {'conf':>5}  jobs")
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            typer.echo(f"error: cannot read {path}: {exc.strerror}", err=True)
            raise typer.Exit(2) from exc
        extraction = extract(decode_email(raw))
        if json_output:
            typer.echo(json.dumps(_as_json(path, extraction), ensure_ascii=False))
        else:
            typer.echo(_as_row(path, extraction))


def _expand(files: list[Path]) -> list[Path]:
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        typer.echo(f"error: no such file: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    paths: list[Path] = []
    for f in files:
        paths.extend(sorted(f.glob("*.eml")) if f.is_dir() else [f])
    return paths


def _as_json(path: Path, extraction: Extraction) -> dict[str, object]:
    return {
        "file": str(path),
        "is_job": extraction.is_job,
        "category": extraction.category.value,
        "confidence": extraction.confidence,
        "jobs": [job.model_dump(mode="json") for job in extraction.jobs],
    }


def _as_row(path: Path, extraction: Extraction) -> str:
    summary = "; ".join(
        " @ ".join(part for part in (job.title, job.location) if part) for job in extraction.jobs
    )
    if len(summary) > _TITLE_WIDTH:
        summary = summary[: _TITLE_WIDTH - 1] + "…"
    is_job = "yes" if extraction.is_job else "no"
    row = (
        f"{path.name:<44} {extraction.category.value:<18} {is_job:<5} "
        f"{extraction.confidence:>5.2f}  {summary}"
    )
    return row.rstrip()
