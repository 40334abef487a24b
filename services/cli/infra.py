"""reqstream infra up|down|status (placeholder; replaced by the infra work)."""

import typer

app = typer.Typer(help="Start, stop and inspect Kafka and PostgreSQL for tests and demos")
