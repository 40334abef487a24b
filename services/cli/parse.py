"""reqstream parse FILE.eml ... --json (placeholder; replaced by the parser work)."""

from pathlib import Path

import typer


def parse_command(files: list[Path], json_output: bool = typer.Option(False, "--json")) -> None:
    raise typer.Exit(2)
